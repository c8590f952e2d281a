"""Blocking: the people who might be a subject, from indexed look-ups only, for any number of
subjects in three queries (the candidates; their details; their other names and identifiers)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import BooleanField, DateField, Field, Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL

from openmash.people.matching.details import (
    MatchRecord,
    SubjectDetails,
    identifier_values,
    identifiers_by_kind,
    subject_postcode,
)
from openmash.people.matching.keys import (
    KEY_FIELDS,
    birth_dates,
    family_keys,
    match_keys,
)
from openmash.people.models import Person, PersonIdentifier, PersonName
from openmash.people.nicknames import nickname_root

CANDIDATE_LIMIT = 300


PERSON_FIELDS = (
    "id",
    "given_name",
    "family_name",
    "date_of_birth",
    "is_unborn",
    "expected_delivery_date",
    "sex",
    "nhs_number",
    "upn",
    "postcode",
    "given_norm",
    "family_norm",
    "given_root",
    "given_phonetic",
    "family_phonetic",
    "family_phonetic_alt",
    "family_first_phonetic",
    "family_last_phonetic",
    "is_restricted",
    "merged_into_id",
)


# What a match reads of each candidate (MatchRecord), in this order.
RECORD_FIELDS = (
    "id",
    "date_of_birth",
    "sex",
    "postcode",
    "nhs_number",
    "upn",
    "merged_into_id",
    *KEY_FIELDS,
)


# A look-up: (table, columns, priority), with the values to look up. When a subject has more
# candidates than the limit, those found by more look-ups are kept first, then those found by
# a look-up of lower priority (the surer kinds).
BlockKey = tuple[str, tuple[str, ...], int]


def _name_keys(keys: dict[str, str], *, on_person: bool) -> list[tuple[BlockKey, tuple[str, ...]]]:
    """The name look-ups, as (key, values) pairs: a part of the surname with the first name's
    nickname root or sound; the whole surname's NYSIIS with the first name's sound; the two the
    wrong way round; a surname or first name alone when the other is missing. On the person
    (`on_person`) or on the other names people are known by."""
    table = "person" if on_person else "name"
    found: list[tuple[BlockKey, tuple[str, ...]]] = []
    families = sorted(family_keys(keys))
    givens = [(c, keys[c]) for c in ("given_root", "given_phonetic") if keys[c]]
    for column in ("family_first_phonetic", "family_last_phonetic"):
        for family in families:
            if givens:
                found += [((table, (column, g), 1), (family, value)) for g, value in givens]
            else:
                found.append(((table, (column,), 3), (family,)))
    alt, given_phonetic = keys["family_phonetic_alt"], keys["given_phonetic"]
    if alt and given_phonetic:
        found.append(
            (
                (table, ("family_phonetic_alt", "given_phonetic"), 1),
                (alt, given_phonetic),
            )
        )
    elif alt and not givens:
        found.append(((table, ("family_phonetic_alt",), 3), (alt,)))
    # First name and surname the wrong way round.
    if given_phonetic and keys["family_first_phonetic"]:
        swapped_root = nickname_root(keys["family_norm"].split(" ")[0])
        for column, value in (
            ("given_root", swapped_root),
            ("given_phonetic", keys["family_first_phonetic"]),
        ):
            found.append(((table, ("family_first_phonetic", column), 2), (given_phonetic, value)))
    if not families and given_phonetic and on_person:
        found += [((table, (g,), 4), (value,)) for g, value in givens]
    return found


def block_keys(details: SubjectDetails) -> list[tuple[BlockKey, tuple[str, ...]]]:
    """Every indexed look-up that may find this subject: identifiers, dates, postcode, names."""
    found: list[tuple[BlockKey, tuple[str, ...]]] = []
    for kind, value in identifier_values(details):
        if kind == "nhs":
            found.append((("person", ("nhs_number",), 0), (value,)))
        elif kind == "upn":
            found.append((("person", ("upn",), 0), (value,)))
        else:
            found.append((("identifier", ("kind", "value"), 0), (kind, value)))
    dob = details.date_of_birth
    if dob:
        found += [(("person", ("date_of_birth",), 2), (d.isoformat(),)) for d in birth_dates(dob)]
    postcode = subject_postcode(details)
    if postcode:
        found.append((("person", ("postcode",), 3), (postcode,)))
    keys = match_keys(details.given_name, details.family_name)
    if keys["family_norm"] or keys["given_norm"]:
        found += _name_keys(keys, on_person=True) + _name_keys(keys, on_person=False)
    return found


BLOCK_TABLES = {
    "person": (Person, "id"),
    "name": (PersonName, "person_id"),
    "identifier": (PersonIdentifier, "person_id"),
}


def _block_part(
    key: BlockKey, rows: list[list[int | str]], vendor: str
) -> tuple[str, list[int | str]]:
    """One look-up of many values at once: a join of the table to a JSON list of
    [subject index, value, ...] rows, so any number of subjects costs one parameter."""
    table, columns, priority = key
    model, person_column = BLOCK_TABLES[table]
    conditions = []
    for position, name in enumerate(columns, start=1):
        value = f"(k.value ->> {position})"
        if vendor == "postgresql" and name == "date_of_birth":
            value = f"{value}::date"
        conditions.append(f't."{_column(model, name)}" = {value}')
    if vendor == "postgresql":
        # A look-up per row: the lateral subquery (kept apart by OFFSET 0) makes each row an
        # index look-up whatever the planner guesses of the list's length or of the table
        # (without statistics it guesses that hash-joining the whole table is cheapest, and
        # scans every person for each kind of look-up).
        sql = (
            f"SELECT (k.value ->> 0)::integer AS i, t.pid AS pid, {priority} AS prio "  # noqa: S608
            "FROM jsonb_array_elements(%s::jsonb) AS k CROSS JOIN LATERAL "
            f'(SELECT t."{person_column}" AS pid FROM "{model._meta.db_table}" AS t '
            f"WHERE {' AND '.join(conditions)} OFFSET 0) AS t"
        )
    else:
        # Table and column names come from the models; every value is a parameter.
        sql = (
            f'SELECT k.value ->> 0 AS i, t."{person_column}" AS pid, {priority} AS prio '  # noqa: S608
            f'FROM json_each(%s) AS k JOIN "{model._meta.db_table}" AS t '
            f"ON {' AND '.join(conditions)}"
        )
    params: list[int | str] = [json.dumps(rows)]
    return sql, params


def _single_part(key: BlockKey, rows: list[list[int | str]]) -> tuple[str, list[int | str]]:
    """The same look-ups for one subject, as plain conditions: the planner sees the values."""
    table, columns, priority = key
    model, person_column = BLOCK_TABLES[table]
    condition = " AND ".join(f't."{_column(model, c)}" = %s' for c in columns)
    select = (
        f'SELECT 0 AS i, t."{person_column}" AS pid, {priority} AS prio '  # noqa: S608
        f'FROM "{model._meta.db_table}" AS t WHERE {condition}'
    )
    return " UNION ALL ".join([select] * len(rows)), [v for row in rows for v in row[1:]]


def _blocked_sql(
    subjects: Sequence[SubjectDetails], limit: int
) -> tuple[str, list[int | str]] | None:
    """The blocking query: for each subject (by index `i`), the ids of people its look-ups
    find, numbered `rn`. At most `limit` each: those found by the most look-ups first, then by
    the surest look-up."""
    rows: dict[BlockKey, list[list[int | str]]] = {}
    for index, details in enumerate(subjects):
        for key, values in block_keys(details):
            rows.setdefault(key, []).append([index, *values])
    if not rows:
        return None
    vendor = connection.vendor
    parts = [
        _single_part(key, rows[key]) if len(subjects) == 1 else _block_part(key, rows[key], vendor)
        for key in sorted(rows)
    ]
    union = " UNION ALL ".join(sql for sql, _ in parts)
    sql = (
        "SELECT i, pid, rn FROM (SELECT i, pid, ROW_NUMBER() OVER "  # noqa: S608
        "(PARTITION BY i ORDER BY COUNT(*) DESC, MIN(prio), pid) AS rn "
        f"FROM ({union}) AS u GROUP BY i, pid) AS r WHERE rn <= %s"
    )
    return sql, [p for _, params in parts for p in params] + [limit]


def ids_in(ids: Collection[int]) -> list[int] | RawSQL:
    """`pk__in` values: a list, or for very many ids a JSON list the database unpacks (SQLite
    caps the number of parameters in one query)."""
    if len(ids) <= 2000:
        return sorted(ids)
    if connection.vendor == "postgresql":
        return RawSQL(
            "SELECT (jsonb_array_elements_text(%s::jsonb))::bigint",
            [json.dumps(sorted(ids))],
        )
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(sorted(ids))])


def _column(model: type[Model], name: str) -> str:
    """The column of one of the model's own fields (get_field may also return a relation)."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    assert field.column is not None
    return field.column


def _columns(model: type[Model], fields: Sequence[str], alias: str) -> str:
    return ", ".join(f'{alias}."{_column(model, f)}"' for f in fields)


def _for_ids(model: type[Model], alias: str, id_field: str, columns: str) -> str:
    """SELECT `columns` of the rows of `model` (as `alias`) whose `id_field` is in a JSON list
    of ids (the one parameter): a look-up per id, whatever the planner knows of the table (on
    PostgreSQL the lateral subquery, kept apart by OFFSET 0, makes sure of it)."""
    table = model._meta.db_table
    column = _column(model, id_field)
    if connection.vendor == "postgresql":
        return (
            f"SELECT {columns} FROM jsonb_array_elements_text(%s::jsonb) AS k "  # noqa: S608
            f'CROSS JOIN LATERAL (SELECT * FROM "{table}" AS t '
            f'WHERE t."{column}" = k.value::bigint OFFSET 0) AS {alias}'
        )
    return f'SELECT {columns} FROM json_each(%s) AS k JOIN "{table}" AS {alias} ON {alias}."{column}" = k.value'  # noqa: S608, E501


def _blocked_ids(subjects: Sequence[SubjectDetails], limit: int) -> list[list[int]]:
    """For each subject, the ids of the people its look-ups find, best first (one query)."""
    found: list[list[int]] = [[] for _ in subjects]
    blocked = _blocked_sql(subjects, limit)
    if blocked is not None:
        sql, params = blocked
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} ORDER BY i, rn", params)
            for index, person_id, _ in cursor.fetchall():
                found[int(index)].append(person_id)
    return found


def _other_names_and_identifiers(
    ids: Collection[int],
) -> dict[int, tuple[list[tuple[str, ...]], list[tuple[str, str]]]]:
    """Each person's other names (their match keys) and identifiers (kind, value), for a list
    of people in one query: two flat look-ups of the whole list."""
    listed = json.dumps(sorted(ids))
    padding = ", ".join(["NULL"] * (len(KEY_FIELDS) - 2))
    names = _for_ids(
        PersonName, "n", "person", f"n.person_id, 0, {_columns(PersonName, KEY_FIELDS, 'n')}"
    )
    identifiers = _for_ids(
        PersonIdentifier, "d", "person", f"d.person_id, 1, d.kind, d.value, {padding}"
    )
    sql = f"{names} UNION ALL {identifiers}"
    found: dict[int, tuple[list[tuple[str, ...]], list[tuple[str, str]]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [listed, listed])
        for person_id, kind, *values in cursor.fetchall():
            other_names, other_identifiers = found.setdefault(person_id, ([], []))
            if kind == 0:
                other_names.append(tuple(values))
            else:
                other_identifiers.append((values[0], values[1].upper()))
    return found


@lru_cache(maxsize=16384)
def match_record(
    row: tuple[Any, ...],
    names: tuple[tuple[str, ...], ...],
    identifiers: tuple[tuple[str, str], ...],
) -> MatchRecord:
    """A MatchRecord from a row of RECORD_FIELDS and the other names and identifiers.

    Cached by content, so always what the database holds: a bulk import meets the same people
    again and again (as candidates of many subjects), and builds each once.
    """
    pk, dob, sex, postcode, nhs_number, upn, merged_into_id, *keys = row
    return MatchRecord(
        pk=pk,
        date_of_birth=date.fromisoformat(dob) if isinstance(dob, str) else dob,
        sex=sex,
        postcode=postcode,
        names=(tuple(keys), *names),
        identifiers=identifiers_by_kind([*identifiers, ("nhs", nhs_number), ("upn", upn)]),
        merged_into_id=merged_into_id,
    )


def _records_sql() -> str:
    """Each person of a JSON list of ids as three JSON texts: RECORD_FIELDS, their other names'
    match keys, their identifiers (kind, value). Text, so it serves as the cache's key as it
    comes, and is parsed only for a person not met before (or changed since)."""
    if connection.vendor == "postgresql":
        array, aggregate, text = "json_build_array", "json_agg", "::text"
    else:
        array, aggregate, text = "json_array", "json_group_array", ""
    row = f"{array}({_columns(Person, RECORD_FIELDS, 'p')}){text}"
    names = (
        f"(SELECT {aggregate}({array}({_columns(PersonName, KEY_FIELDS, 'n')})){text} "  # noqa: S608
        f'FROM "{PersonName._meta.db_table}" AS n WHERE n.person_id = p.id)'
    )
    identifiers = (
        f"(SELECT {aggregate}({array}(d.kind, d.value)){text} "  # noqa: S608
        f'FROM "{PersonIdentifier._meta.db_table}" AS d WHERE d.person_id = p.id)'
    )
    return _for_ids(Person, "p", "id", f"p.id, {row}, {names}, {identifiers}")


@lru_cache(maxsize=131072)
def _record_from_text(row: str, names: str | None, identifiers: str | None) -> MatchRecord:
    """A MatchRecord from the JSON texts of `_records_sql`, cached by them (so always what the
    database holds): a bulk import meets the same people again and again, and builds each once."""
    return match_record(
        tuple(json.loads(row)),
        tuple(tuple(variant) for variant in json.loads(names or "[]")),
        tuple((kind, value.upper()) for kind, value in json.loads(identifiers or "[]")),
    )


def _records(ids: Collection[int]) -> dict[int, MatchRecord]:
    """What scoring reads of each of these people (one query)."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_records_sql(), [json.dumps(sorted(ids))])
        return {pk: _record_from_text(*texts) for pk, *texts in cursor.fetchall()}


def candidate_records_counted(
    subjects: Sequence[SubjectDetails], *, limit: int = CANDIDATE_LIMIT
) -> tuple[list[list[MatchRecord]], list[int]]:
    """For each subject, what scoring reads of the people who might be them (merged people
    excluded), without building a Person for each (a bulk match scores hundreds of thousands,
    and only the few it links need their whole record); and how many people blocking found
    (when that is the limit, others may have been left out). Two queries whatever the number of
    subjects."""
    found = _blocked_ids(subjects, limit)
    records = _records({pk for ids in found for pk in ids})
    live = {pk: r for pk, r in records.items() if r.merged_into_id is None}
    return [[live[pk] for pk in ids if pk in live] for ids in found], [len(ids) for ids in found]


def candidate_people_many(
    subjects: Sequence[SubjectDetails],
    *,
    within: QuerySet[Person] | None = None,
    limit: int = CANDIDATE_LIMIT,
) -> list[list[Person]]:
    """For each subject, the people who might be them, from index look-ups only (merged people
    excluded), with what scoring reads of them attached. Three queries whatever the number of
    subjects (four when `within` narrows the people); a person found for several subjects is
    the same instance in each list."""
    found: list[list[Person]] = [[] for _ in subjects]
    if within is not None and within.query.is_empty():
        return found
    ids = _blocked_ids(subjects, limit)
    wanted = {pk for found_ids in ids for pk in found_ids}
    if not wanted:
        return found
    if within is not None and within.query.where:
        wanted = set(within.filter(pk__in=ids_in(wanted)).values_list("pk", flat=True))
    people = _people(wanted)
    return [[people[pk] for pk in found_ids if pk in people] for found_ids in ids]


def _people(ids: Collection[int]) -> dict[int, Person]:
    """These people (merged people left out), their fields beyond PERSON_FIELDS deferred, each
    with what scoring reads of them attached.

    Built without Model.__init__: a search builds hundreds, and that costs more than scoring
    them. Only the values the query selected are set; any other field loads on first use.
    """
    fields = [f for f in Person._meta.concrete_fields if f.attname in PERSON_FIELDS]
    converters = [f.to_python if isinstance(f, DateField | BooleanField) else None for f in fields]
    sql = _for_ids(Person, "p", "id", _columns(Person, [f.attname for f in fields], "p"))
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(sorted(ids))])
        rows = cursor.fetchall()
    extras = _other_names_and_identifiers(ids)
    none: tuple[list[tuple[str, ...]], list[tuple[str, str]]] = ([], [])
    people: dict[int, Person] = {}
    for row in rows:
        person = Person.__new__(Person)
        person._state = ModelState()
        person._state.adding, person._state.db = False, connection.alias
        for field, convert, value in zip(fields, converters, row, strict=True):
            person.__dict__[field.attname] = (
                convert(value) if convert and value is not None else value
            )
        if person.merged_into_id is not None:
            continue
        names, identifiers = extras.get(person.pk, none)
        # What scoring reads of this person, kept on it: nothing changes it meanwhile.
        row = tuple(person.__dict__[f] for f in RECORD_FIELDS)
        person.match_record = match_record(row, tuple(names), tuple(sorted(identifiers)))  # type: ignore[attr-defined]
        people[person.pk] = person
    return people


def candidate_people(
    details: SubjectDetails,
    *,
    within: QuerySet[Person] | None = None,
    limit: int = CANDIDATE_LIMIT,
) -> list[Person]:
    """People who might be this subject, from index look-ups only (merged people excluded)."""
    return candidate_people_many([details], within=within, limit=limit)[0]
