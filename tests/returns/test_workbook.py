"""The Annex A workbook, from the command line: lists 1-7 with their rows, and the writing
audited."""

from __future__ import annotations

from datetime import date

from django.core.management import call_command

from openmash.core.models import AuditEvent
from openmash.returns.annex_a import LIST_HEADERS
from openmash.returns.xlsx import read_workbook
from tests.returns.helpers import contact, person, referral


def test_annex_a_command_writes_the_workbook(world, tmp_path) -> None:
    child = person()
    contact(world, date(2026, 6, 1), child)
    referral(world, child, date(2026, 7, 1))
    out = tmp_path / "annex-a.xlsx"

    call_command(
        "returns", "annex-a", "--inspection-date", "2026-11-18", "--out", str(out),
        "--user", world.auditor.email,
    )  # fmt: skip

    book = read_workbook(out)
    assert list(book) == [f"List {n}" for n in range(1, 8)] + ["About"]
    assert book["List 1"][0] == LIST_HEADERS[1]
    assert [row[5] for row in book["List 1"][1:]] == ["01/06/2026", "01/07/2026"]
    assert book["List 2"] == [LIST_HEADERS[2]]  # headers only: no early help in the period
    assert book["List 3"][1][:6] == [
        str(child.pk), "a) Male", "l) ABAN", "14/03/2016", "10", "01/07/2026",
    ]  # fmt: skip
    for n in (4, 5, 6, 7):
        assert book[f"List {n}"] == [LIST_HEADERS[n]]  # built: no protection records here
    assert book["About"][1:4] == [
        ["Inspection date", "18/11/2026"],
        ["Period from", "18/05/2026"],
        ["Period to", "17/11/2026"],
    ]
    event = AuditEvent.objects.get(verb="returns.annex_a_written")
    assert event.actor == world.auditor
    assert event.summary["rows"] == {"1": 2, "2": 0, "3": 1, "4": 0, "5": 0, "6": 0, "7": 0}


def test_cells_escape_and_columns_past_z(tmp_path) -> None:
    from openmash.returns.xlsx import write_workbook

    row = [f"c{i}" for i in range(30)]
    row[0] = 'Smith & <Sons> "x"'
    write_workbook(tmp_path / "x.xlsx", [("Sheet", [row, [1, None, "", 3]])])
    assert read_workbook(tmp_path / "x.xlsx")["Sheet"] == [row, ["1", "", "", "3"]]
