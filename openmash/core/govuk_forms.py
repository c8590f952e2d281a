"""GOV.UK Design System rendering for Django forms.

Set ``FORM_RENDERER = "openmash.core.govuk_forms.GovukFormRenderer"`` and ``{{ form }}`` renders
GOV.UK Frontend markup (templates under ``templates/govuk/forms/``):

* every field in a ``govuk-form-group``, with a label (or a ``<legend>`` in a fieldset for radios,
  checkboxes and dates), a hint from ``help_text``, the error message with its visually hidden
  "Error:" prefix, ``govuk-form-group--error`` / ``govuk-input--error`` classes and
  ``aria-describedby`` pointing at the hint and the error;
* text-like inputs, password (with GOV.UK's show/hide button), textarea, select, radios,
  checkboxes, a single checkbox, file upload, hidden fields, and :class:`GovukDateField`
  (day/month/year boxes with GOV.UK's date error messages).

GOV.UK conventions applied to every form:

* no browser validation: the ``required`` attribute is never rendered, so every error comes
  from the server and appears in the error summary;
* no placeholder text (GOV.UK: placeholders are not a substitute for labels and hints);
* optional fields get " (optional)" after the label (turn off per field with
  ``govuk_options(field, optional_suffix=False)``);
* ``spellcheck="false"`` on email and password inputs.

Every page with a form follows the same two-line pattern (the error summary renders nothing
when the form is valid or unbound)::

    {% block page_title %}{% if form.errors %}Error: {% endif %}Find a person{% endblock %}
    {% block content %}
      {% include "govuk/includes/error_summary.html" with form=form %}
      <h1 class="govuk-heading-l">Find a person</h1>
      <form method="post" novalidate>{% csrf_token %}{{ form }}
        <button type="submit" class="govuk-button" data-module="govuk-button">Search</button>
      </form>
    {% endblock %}

The django-allauth pages (templates/allauth/) do this for their forms already.

Per-field presentation options (all optional), set in the form::

    govuk_options(self.fields["first_name"], label_class="govuk-label--l", is_page_heading=True)
    self.fields["postcode"].widget.attrs["class"] = "govuk-input--width-10"

Options: ``label_class`` (``govuk-label--s/m/l/xl``; for fieldsets use
``govuk-fieldset__legend--s/m/l/xl``), ``is_page_heading`` (wrap the label or legend in the
page's ``<h1>``), ``optional_suffix`` (default True), ``prefix`` / ``suffix`` (text before or after
an input, such as "£"), ``form_group_class`` (extra classes on the form group).
Radios and checkboxes accept ``GovukRadioSelect(inline=True, small=True, hints={value: "..."})``
and ``GovukCheckboxSelectMultiple(small=True, hints={...})``.
"""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.forms.widgets import ChoiceWidget
from django.template import TemplateDoesNotExist
from django.template.base import Template
from django.utils import timezone
from django.utils.functional import cached_property

if TYPE_CHECKING:
    from django.utils.choices import _Choices

__all__ = [
    "GovukBoundField",
    "GovukCheckboxSelectMultiple",
    "GovukDateField",
    "GovukDateInput",
    "GovukFormRenderer",
    "GovukRadioSelect",
    "govuk_options",
]

# Widget attribute used to tell GovukDateInput which of day/month/year to highlight. It is removed
# before rendering, so it never reaches the HTML.
_ERROR_PARTS_ATTR = "_govuk_error_parts"

DATE_PARTS = ("day", "month", "year")


def govuk_options(field: forms.Field, **options: Any) -> forms.Field:
    """Set GOV.UK presentation options on a form field (see the module docstring); returns it."""
    current = dict(getattr(field, "govuk", None) or {})
    current.update(options)
    # Field declares no such attribute; templates read it back through GovukBoundField.
    setattr(field, "govuk", current)  # noqa: B010
    return field


def widget_kind(widget: forms.Widget) -> str:
    """Classify a widget into the GOV.UK component that renders it."""
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.MultiWidget):
        return "multi"
    if isinstance(widget, forms.widgets.Input):
        return "input"
    return "other"


# Base class and error class added to the form control, by widget kind.
_CONTROL_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "password": (
        "govuk-input govuk-password-input__input govuk-js-password-input-input",
        "govuk-input--error",
    ),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "radios": ("govuk-radios__input", ""),
    "checkboxes": ("govuk-checkboxes__input", ""),
    "checkbox": ("govuk-checkboxes__input", ""),
}

_FIELDSET_KINDS = {"radios", "checkboxes", "date", "multi"}


def _join_classes(*class_strings: str | None) -> str:
    seen: list[str] = []
    for class_string in class_strings:
        for name in (class_string or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


class GovukBoundField(BoundField):
    """A BoundField that adds GOV.UK classes and attributes and exposes what the templates need."""

    @cached_property
    def govuk_kind(self) -> str:
        return widget_kind(self.field.widget)

    @property
    def govuk_options(self) -> dict[str, Any]:
        return getattr(self.field, "govuk", None) or {}

    @property
    def govuk_uses_fieldset(self) -> bool:
        return self.govuk_kind in _FIELDSET_KINDS

    @property
    def govuk_label(self) -> str:
        """The label text, with " (optional)" for optional questions."""
        label = str(self.label or "")
        if (
            not self.field.required
            and self.govuk_kind not in {"checkbox", "hidden"}
            and self.govuk_options.get("optional_suffix", True)
            and "(optional)" not in label.lower()  # never "(optional) (optional)"
        ):
            label = f"{label} (optional)"
        return label

    @property
    def govuk_hint_id(self) -> str:
        return f"{self.auto_id}_helptext" if self.auto_id else ""

    @property
    def govuk_error_id(self) -> str:
        return f"{self.auto_id}_error" if self.auto_id else ""

    @property
    def govuk_first_input_id(self) -> str:
        """The id of the control an error summary link should move focus to."""
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        if not id_:
            return ""
        kind = self.govuk_kind
        if kind in {"radios", "checkboxes", "multi"}:
            return f"{id_}_0"
        if kind == "date":
            parts = getattr(self.field, "govuk_error_parts", None) or DATE_PARTS
            return f"{id_}_{DATE_PARTS.index(parts[0])}"
        return self.id_for_label or id_

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        widget = widget or self.field.widget
        # Values are str or bool, but for a date the error parts travel as a tuple until the
        # widget's get_context takes them out again.
        built: dict[str, Any] = super().build_widget_attrs(attrs, widget)
        kind = widget_kind(widget)
        # GOV.UK forms are validated on the server only (and use <form novalidate>).
        built["required"] = False
        if widget.attrs.get("placeholder") or built.get("placeholder"):
            built["placeholder"] = False
        base_class, error_class = _CONTROL_CLASSES.get(kind, ("", ""))
        if base_class or built.get("class"):
            built["class"] = _join_classes(
                base_class,
                widget.attrs.get("class"),
                built.get("class"),
                error_class if self.errors else "",
            )
        if kind in {"input", "password"} and isinstance(
            widget, forms.EmailInput | forms.PasswordInput
        ):
            built.setdefault("spellcheck", "false")
        if kind == "password":
            built.setdefault("autocapitalize", "none")
        if kind == "input" and widget.attrs.get("autocomplete") == "one-time-code":
            # Security codes (TOTP or recovery codes) are short and must not be "corrected".
            built["class"] = _join_classes(built.get("class"), "govuk-input--width-10")
            built.setdefault("spellcheck", "false")
            built.setdefault("autocapitalize", "none")
        if kind == "date":
            built[_ERROR_PARTS_ATTR] = (
                (getattr(self.field, "govuk_error_parts", None) or DATE_PARTS)
                if self.errors
                else ()
            )
        return built


class GovukFormRenderer(TemplatesSetting):
    """Render forms, fields and widgets with GOV.UK Frontend markup.

    Templates come from the project's template engine (so ``templates/govuk/forms/`` can be
    overridden like any other template). Django's own widget templates are used where GOV.UK's
    markup is the same; they are found even when ``django.forms`` is not in INSTALLED_APPS.

    Error lists (``{{ field.errors }}``, ``{{ form.non_field_errors }}``) and ``label_tag`` keep
    Django's markup, because the Django admin renders them too: GOV.UK pages show errors through
    the field template and the error summary instead, never by printing an ErrorList.
    """

    form_template_name = "govuk/forms/form.html"
    formset_template_name = "govuk/forms/formset.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField

    template_overrides = {
        "django/forms/div.html": "govuk/forms/form.html",
        "django/forms/p.html": "govuk/forms/form.html",
        "django/forms/table.html": "govuk/forms/form.html",
        "django/forms/ul.html": "govuk/forms/form.html",
        "django/forms/field.html": "govuk/forms/field.html",
        "django/forms/widgets/radio.html": "govuk/forms/widgets/radios.html",
        "django/forms/widgets/checkbox_select.html": "govuk/forms/widgets/checkboxes.html",
        "django/forms/widgets/clearable_file_input.html": "govuk/forms/widgets/file.html",
        "django/forms/widgets/file.html": "govuk/forms/widgets/file.html",
    }

    @cached_property
    def _django_forms_renderer(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name: str) -> Template | None:
        template_name = self.template_overrides.get(template_name, template_name)
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            if template_name.startswith("django/forms/"):
                template: Template = self._django_forms_renderer.get_template(template_name)
                return template
            raise


class _OptionHintsMixin(ChoiceWidget):
    """Adds GOV.UK per-option hints and layout flags to radios and checkboxes."""

    govuk_component = ""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: _Choices = (),
        *,
        hints: dict[Any, str] | None = None,
        small: bool = False,
        **kwargs: Any,
    ) -> None:
        self.hints = {str(key): value for key, value in (hints or {}).items()}
        self.small = small
        super().__init__(attrs, choices, **kwargs)

    def create_option(
        self,
        name: str,
        value: Any,
        label: int | str,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        hint = self.hints.get(str(value))
        option["hint"] = hint
        if hint and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-item-hint"
        return option

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["govuk_small"] = self.small
        return context


class GovukRadioSelect(_OptionHintsMixin, forms.RadioSelect):
    """GOV.UK radios with optional per-option hints, inline layout and small size."""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: _Choices = (),
        *,
        inline: bool = False,
        **kwargs: Any,
    ) -> None:
        self.inline = inline
        super().__init__(attrs, choices, **kwargs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["govuk_inline"] = self.inline
        return context


class GovukCheckboxSelectMultiple(_OptionHintsMixin, forms.CheckboxSelectMultiple):
    """GOV.UK checkboxes with optional per-option hints and small size."""


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: separate Day, Month and Year boxes in a fieldset.

    ``bday=True`` adds the ``bday-day`` / ``bday-month`` / ``bday-year`` autocomplete tokens for a
    user's own date of birth (not for someone else's, such as a child's).
    Submitted names are ``<name>_day``, ``<name>_month`` and ``<name>_year``; ids are
    ``<id>_0``, ``<id>_1`` and ``<id>_2``.
    """

    template_name = "govuk/forms/widgets/date_input.html"
    labels = {"day": "Day", "month": "Month", "year": "Year"}

    def __init__(self, attrs: dict[str, Any] | None = None, *, bday: bool = False) -> None:
        self.bday = bday
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[int | None]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        error_parts = attrs.pop(_ERROR_PARTS_ATTR, ())
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop(_ERROR_PARTS_ATTR, None)
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            # The fieldset carries aria-describedby; each box has its own label.
            sub_attrs.pop("aria-describedby", None)
            sub_attrs.pop(_ERROR_PARTS_ATTR, None)
            sub_attrs["required"] = False
            if part in error_parts:
                sub_attrs["aria-invalid"] = "true"
            else:
                sub_attrs.pop("aria-invalid", None)
            sub_attrs["class"] = _join_classes(
                "govuk-input govuk-date-input__input",
                "govuk-input--width-4" if part == "year" else "govuk-input--width-2",
                "govuk-input--error" if part in error_parts else "",
            )
            if self.bday:
                sub_attrs["autocomplete"] = f"bday-{part}"
            subwidget["govuk_label"] = self.labels[part]
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else ""


_MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTH_NAMES["sept"] = 9


def _lower_first(text: str) -> str:
    """'Date of birth' -> 'date of birth', but 'NHS number' stays as it is."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


class GovukDateField(forms.MultiValueField):
    """A date entered in GOV.UK's day/month/year boxes, with GOV.UK's error messages.

    ``GovukDateField(label="Date of birth", past_only=True)`` gives, for example:
    "Enter date of birth", "Date of birth must include a month", "Date of birth must be a real
    date", "Year must include 4 numbers", "Date of birth must be in the past".

    Options: ``past_only`` / ``future_only`` (``allow_today=True`` lets today through, and the
    messages become "... must be today or in the past/future"), ``min_date`` / ``max_date``, and
    ``error_label`` when the messages should name the date differently from its label. Messages
    can be overridden with ``error_messages``; they may use ``%(label)s``, ``%(label_lower)s``,
    ``%(parts)s`` and ``%(date)s``.
    Months may be typed as numbers or as names ("3", "Mar", "March").
    """

    # A class here; Field.__init__ gives each field an instance (django-stubs types it as Any).
    widget: Any = GovukDateInput
    default_error_messages = {
        "required": "Enter %(label_lower)s",
        "incomplete": "%(label)s must include a %(parts)s",
        "invalid": "%(label)s must be a real date",
        "year_digits": "Year must include 4 numbers",
        "past": "%(label)s must be in the past",
        "today_or_past": "%(label)s must be today or in the past",
        "future": "%(label)s must be in the future",
        "today_or_future": "%(label)s must be today or in the future",
        "min_date": "%(label)s must be the same as or after %(date)s",
        "max_date": "%(label)s must be the same as or before %(date)s",
    }

    def __init__(
        self,
        *,
        past_only: bool = False,
        future_only: bool = False,
        allow_today: bool = False,
        min_date: datetime.date | None = None,
        max_date: datetime.date | None = None,
        error_label: str | None = None,
        bday: bool = False,
        **kwargs: Any,
    ) -> None:
        if past_only and future_only:
            raise ValueError("A date cannot be both past_only and future_only.")
        self.past_only = past_only
        self.future_only = future_only
        self.allow_today = allow_today
        self.min_date = min_date
        self.max_date = max_date
        self.error_label = error_label
        self.govuk_error_parts: tuple[str, ...] = ()
        kwargs.setdefault("widget", GovukDateInput(bday=bday))
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> datetime.date | None:
        # Not used by clean() below; kept so MultiValueField's API still works.
        if not data_list:
            return None
        day, month, year = data_list
        return datetime.date(int(year), int(month), int(day))

    def _label(self) -> str:
        return str(self.error_label or self.label or "Date")

    def _error(
        self, code: str, error_parts: tuple[str, ...] = DATE_PARTS, **params: Any
    ) -> ValidationError:
        self.govuk_error_parts = error_parts
        label = self._label()
        params = {"label": label, "label_lower": _lower_first(label), **params}
        return ValidationError(self.error_messages[code], code=code, params=params)

    def clean(self, value: Any) -> datetime.date | None:
        self.govuk_error_parts = ()
        if not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        raw = {
            part: ("" if item is None else str(item).strip())
            for part, item in zip(DATE_PARTS, list(value) + [None] * 3, strict=False)
        }
        missing = tuple(part for part in DATE_PARTS if not raw[part])
        if len(missing) == len(DATE_PARTS):
            if self.required:
                raise self._error("required")
            return None
        if missing:
            names = list(missing)
            # GOV.UK: "must include a day and month", "must include a month and year".
            parts_text = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}"
            raise self._error("incomplete", missing, parts=parts_text)

        day = self._to_int(raw["day"])
        month = self._to_int(raw["month"])
        if month is None:
            month = _MONTH_NAMES.get(raw["month"].lower().rstrip("."))
        year = self._to_int(raw["year"])

        if year is not None and not 1000 <= year <= 9999:
            raise self._error("year_digits", ("year",))
        bad = []
        if day is None or not 1 <= day <= 31:
            bad.append("day")
        if month is None or not 1 <= month <= 12:
            bad.append("month")
        if year is None:
            bad.append("year")
        if bad:
            raise self._error("invalid", tuple(bad))
        # Each was checked just above.
        assert day is not None
        assert month is not None
        assert year is not None
        if day > calendar.monthrange(year, month)[1]:
            raise self._error("invalid", ("day",))
        result = datetime.date(year, month, day)

        today = timezone.localdate()
        if self.past_only and (result > today or (result == today and not self.allow_today)):
            raise self._error("today_or_past" if self.allow_today else "past")
        if self.future_only and (result < today or (result == today and not self.allow_today)):
            raise self._error("today_or_future" if self.allow_today else "future")
        if self.min_date and result < self.min_date:
            raise self._error("min_date", date=_format_date(self.min_date))
        if self.max_date and result > self.max_date:
            raise self._error("max_date", date=_format_date(self.max_date))
        self.run_validators(result)
        return result

    @staticmethod
    def _to_int(text: str) -> int | None:
        return int(text) if text.isdigit() else None

    def has_changed(self, initial: Any, data: Any) -> bool:
        initial_parts = (
            self.widget.decompress(initial) if not isinstance(initial, list) else initial
        )
        data_parts = data if isinstance(data, list | tuple) else self.widget.decompress(data)
        normalise = [
            ("" if item is None else str(item).strip().lstrip("0")) for item in initial_parts
        ]
        return normalise != [
            ("" if item is None else str(item).strip().lstrip("0")) for item in data_parts
        ]


def _format_date(value: datetime.date) -> str:
    """GOV.UK date style: 5 January 2026."""
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"
