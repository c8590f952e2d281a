"""The upload form for a file of police notifications."""

from __future__ import annotations

from django import forms

from openmash.contacts.imports import MAPPINGS, SOURCE_SYSTEMS
from openmash.core.govuk_forms import GovukRadioSelect

MAX_UPLOAD_MB = 200


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file saved as UTF-8, one row per person (see the format guide)",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "The selected file must be a CSV",
        },
    )
    source_system = forms.ChoiceField(
        label="Which system are the notifications from?",
        choices=SOURCE_SYSTEMS,
        widget=GovukRadioSelect(),
        help_text="Used for rows where the file does not say",
        error_messages={"required": "Select the system the notifications came from"},
    )
    mapping = forms.ChoiceField(
        label="What is the layout of the file?",
        choices=[(m.name, m.label) for m in MAPPINGS.values()],
        widget=GovukRadioSelect(),
        error_messages={"required": "Select the layout of the file"},
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The selected file must be smaller than {MAX_UPLOAD_MB}MB")
        return upload
