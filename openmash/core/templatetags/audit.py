from django import template

from openmash.core.audit import verb_label

register = template.Library()


@register.filter(name="audit_verb")
def audit_verb(verb: str) -> str:
    return verb_label(verb)
