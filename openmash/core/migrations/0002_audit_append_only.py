"""On PostgreSQL the database itself refuses to change or delete audit rows.

The only UPDATE allowed is the one that seals a row: setting seq, prev_hash and hash once, with
every other column unchanged. SQLite (the embedded demo database) has no such guard; there the
hash chain shows tampering (`openmash audit_verify`).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = """
CREATE OR REPLACE FUNCTION openmash_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'core_auditevent is append-only: DELETE is not allowed';
  END IF;
  IF OLD.hash <> '' OR NEW.hash = '' OR NEW.seq IS NULL THEN
    RAISE EXCEPTION 'core_auditevent is append-only: UPDATE is not allowed';
  END IF;
  IF (NEW.id, NEW.occurred_at, NEW.actor_id, NEW.actor_label, NEW.verb, NEW.target_type,
      NEW.target_id, NEW.target_label, NEW.summary, NEW.ip_address, NEW.user_agent, NEW.via)
     IS DISTINCT FROM
     (OLD.id, OLD.occurred_at, OLD.actor_id, OLD.actor_label, OLD.verb, OLD.target_type,
      OLD.target_id, OLD.target_label, OLD.summary, OLD.ip_address, OLD.user_agent, OLD.via) THEN
    RAISE EXCEPTION 'core_auditevent is append-only: only sealing may update a row';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS openmash_audit_append_only ON core_auditevent;
CREATE TRIGGER openmash_audit_append_only BEFORE UPDATE OR DELETE ON core_auditevent
  FOR EACH ROW EXECUTE FUNCTION openmash_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS openmash_audit_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS openmash_audit_append_only();
"""


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
