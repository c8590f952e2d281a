"""Bulk police notifications (ViST, CARA and other systems): read a CSV file, record each contact.

- parsing.py: the layouts (mappings), reading the file as a stream, each row's checks, grouping
  consecutive rows with the same agency, source system and reference into one notification;
- recording.py: `import_notifications`, a chunk of rows per transaction with the batch's counters;
- batched.py: recording a chunk in bulk, with the same result as `contact_create` for each
  notification (sequential.py, the reference and fallback), subjects matched by linking.py;
- batches.py: uploads (`import_batch_create`), a failed import (`import_batch_fail`) and the
  contacts a batch made;
- forms.py, views.py, urls.py: the import pages (upload, progress and result, past imports).

The access gate for batches is in `contacts/permissions.py`.

docs/imports.md describes the format, the mappings and how the batched import works.
"""

from openmash.contacts.imports.batches import (
    import_batch_contacts_logged,
    import_batch_create,
    import_batch_fail,
    stored_path,
    upload_dir,
)
from openmash.contacts.imports.outcome import (
    MAX_ERRORS_KEPT,
    ImportResult,
    contact_input_for,
)
from openmash.contacts.imports.parsing import (
    FIELDS,
    MAPPINGS,
    SOURCE_SYSTEMS,
    ImportFileError,
    Mapping,
    ParsedRow,
    RowError,
    Vocabulary,
    count_rows,
    notifications,
    parse_row,
    read_notifications,
    text_stream,
)
from openmash.contacts.imports.recording import CHUNK_ROWS, import_notifications

__all__ = [
    "CHUNK_ROWS",
    "FIELDS",
    "MAPPINGS",
    "MAX_ERRORS_KEPT",
    "SOURCE_SYSTEMS",
    "ImportFileError",
    "ImportResult",
    "Mapping",
    "ParsedRow",
    "RowError",
    "Vocabulary",
    "contact_input_for",
    "count_rows",
    "import_batch_contacts_logged",
    "import_batch_create",
    "import_batch_fail",
    "import_notifications",
    "notifications",
    "parse_row",
    "read_notifications",
    "stored_path",
    "text_stream",
    "upload_dir",
]
