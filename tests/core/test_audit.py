from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from openmash.contacts.verbs import ContactsVerb
from openmash.core.audit import (
    VERB_LABELS,
    AuditVerb,
    UnknownAuditVerbError,
    Verb,
    audit_record,
    audit_record_each,
    audit_seal,
    audit_verbs_register,
    audit_verify,
    verb_label,
)
from openmash.core.models import AuditChainHead, AuditEvent
from openmash.frontdoor.verbs import FrontdoorVerb
from openmash.people.verbs import PeopleVerb
from openmash.synthetic.verbs import SyntheticVerb

# A superuser can switch triggers off for their session; the hash chain must still catch them.
GUARD_OFF = "SET session_replication_role = replica"
GUARD_ON = "SET session_replication_role = origin"


def _write_rows(n: int) -> list[AuditEvent]:
    return [
        audit_record(
            actor=None,
            verb=AuditVerb.RECORD_VIEWED,
            target_type="contact",
            target_id=str(i),
            summary={"i": i},
        )
        for i in range(n)
    ]


def test_rows_are_written_unsealed_and_sealed_in_insertion_order(db: None) -> None:
    rows = _write_rows(5)
    assert all(r.seq is None and r.hash == "" for r in rows)

    assert audit_seal() == 5

    sealed = list(AuditEvent.objects.order_by("seq"))
    assert [e.pk for e in sealed] == [r.pk for r in rows]
    assert [e.seq for e in sealed] == [1, 2, 3, 4, 5]
    assert sealed[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(sealed))
    assert AuditChainHead.objects.get(pk=1).last_hash == sealed[-1].hash


def test_sealing_twice_extends_the_chain_without_resealing(db: None) -> None:
    _write_rows(3)
    audit_seal()
    first_hashes = list(AuditEvent.objects.order_by("seq").values_list("hash", flat=True))
    _write_rows(2)

    assert audit_seal() == 2
    hashes = list(AuditEvent.objects.order_by("seq").values_list("hash", flat=True))
    assert hashes[:3] == first_hashes
    assert audit_verify().ok


def test_verify_passes_on_an_untouched_chain(db: None) -> None:
    _write_rows(10)
    audit_seal()
    result = audit_verify()
    assert result.ok
    assert result.checked == 10
    assert result.unsealed == 0


def _raw_update_summary(event_id: int) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE core_auditevent SET summary = %s::jsonb WHERE id = %s",
                ['{"i": 999}', event_id],
            )
        else:
            cursor.execute(
                "UPDATE core_auditevent SET summary = %s WHERE id = %s", ['{"i": 999}', event_id]
            )


def test_a_row_edited_in_the_database_is_refused_or_reported(db: None) -> None:
    """PostgreSQL refuses the edit itself; SQLite allows it and the chain reports it."""
    rows = _write_rows(6)
    audit_seal()
    target = rows[3]

    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _raw_update_summary(target.pk)
        # Even someone able to switch the guard off is caught by the chain.
        with connection.cursor() as cursor:
            cursor.execute(GUARD_OFF)
            _raw_update_summary(target.pk)
            cursor.execute(GUARD_ON)
    else:
        _raw_update_summary(target.pk)

    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == 4
    assert result.broken_id == target.pk
    assert "changed after sealing" in result.reason
    with pytest.raises(CommandError, match=r"broken at sequence 4 \(audit row id"):
        call_command("audit_verify", "--no-seal")


def test_a_deleted_row_is_refused_or_reported(db: None) -> None:
    rows = _write_rows(4)
    audit_seal()

    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=rows[1].pk).delete()
        with connection.cursor() as cursor:
            cursor.execute(GUARD_OFF)
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [rows[1].pk])
            cursor.execute(GUARD_ON)
    else:
        AuditEvent.objects.filter(pk=rows[1].pk).delete()

    result = audit_verify()
    assert result.broken_seq == 3
    assert "rows deleted" in result.reason


def test_deleting_the_newest_rows_is_reported(db: None) -> None:
    rows = _write_rows(3)
    audit_seal()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(GUARD_OFF)
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [rows[-1].pk])
        if connection.vendor == "postgresql":
            cursor.execute(GUARD_ON)
    result = audit_verify()
    assert not result.ok
    assert "missing from the end" in result.reason


def test_sealing_is_the_only_update_postgresql_allows(db: None) -> None:
    (row,) = _write_rows(1)
    audit_seal()
    row.refresh_from_db()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=row.pk).update(hash="f" * 64)
    assert audit_verify().ok


def test_audit_verify_command_reports_an_intact_chain(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_rows(2)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "Sealed 2 waiting row(s) first." in out
    assert "Audit chain intact: 2 sealed row(s) checked" in out


def test_audit_record_refuses_a_verb_that_is_not_a_registered_constant(db: None) -> None:
    class Unregistered(Verb):
        TYPO = "contact.creatd"

    for verb in ("contact.creatd", "contact.created", Unregistered.TYPO):
        with pytest.raises(UnknownAuditVerbError, match="not a registered audit verb"):
            audit_record(actor=None, verb=verb, target_type="contact", target_id="1")  # type: ignore[arg-type]
    with pytest.raises(UnknownAuditVerbError):
        audit_record_each(actor=None, rows=[("contact.created", None, {})])  # type: ignore[list-item]
    assert not AuditEvent.objects.exists()


def test_every_app_verb_is_registered_with_a_label(db: None) -> None:
    for verbs in (ContactsVerb, FrontdoorVerb, PeopleVerb, SyntheticVerb):
        for verb in verbs:
            assert verb_label(verb) == VERB_LABELS[verb]
            audit_record(actor=None, verb=verb, target_type="contact", target_id="1")
    assert AuditEvent.objects.filter(verb="contact.created").exists()


def test_two_verb_classes_cannot_claim_the_same_verb() -> None:
    class Clash(Verb):
        CREATED = "contact.created"

    with pytest.raises(ImproperlyConfigured, match=r"'contact\.created' is both"):
        audit_verbs_register(Clash, {})
