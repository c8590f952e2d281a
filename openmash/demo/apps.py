from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo accounts and demo work, and `openmash load_demo` (OPENMASH_DEMO=1 only).

    The top floor: it may use every app, and no app imports it (docs/architecture.md)."""

    name = "openmash.demo"
    label = "demo"
    verbose_name = "Demo data"
