"""GOV.UK form labels: an optional question says so once (issue 13 item 10, "no doubled
'(optional)'")."""

from __future__ import annotations

from django import forms


class _Form(forms.Form):
    plain = forms.CharField(label="Comment", required=False)
    already = forms.CharField(label="Reference (optional)", required=False)
    needed = forms.CharField(label="Reason")


def test_an_optional_question_says_optional_once() -> None:
    form = _Form()
    assert form["plain"].govuk_label == "Comment (optional)"  # type: ignore[attr-defined]
    assert form["already"].govuk_label == "Reference (optional)"  # type: ignore[attr-defined]
    assert form["needed"].govuk_label == "Reason"  # type: ignore[attr-defined]
