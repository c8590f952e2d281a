"""Blocking: the people who might be a subject, from indexed look-ups only, for any number of
subjects in one query."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from typing import Any

from django.db import connection
from django.db.models import BooleanField, DateField, QuerySet
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL

from openmash.people.matching.details import (
    SubjectDetails,
    identifier_values,
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


def _block_keys(details: SubjectDetails) -> list[tuple[BlockKey, tuple[str, ...]]]:
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


def _block_part(key: BlockKey, rows: list[list[object]], vendor: str) -> tuple[str, list[object]]:
    """One look-up of many values at once: a join of the table to a JSON list of
    [subject index, value, ...] rows, so any number of subjects costs one parameter."""
    table, columns, priority = key
    model, person_column = BLOCK_TABLES[table]
    conditions = []
    for position, name in enumerate(columns, start=1):
        column = model._meta.get_field(name).column
        value = f"k.value ->> {position}"
        if vendor == "postgresql" and name == "date_of_birth":
            value = f"({value})::date"
        conditions.append(f't."{column}" = ({value})')
    if vendor == "postgresql":
        # The LIMIT tells the planner how many rows the list holds (it would guess 100, and
        # plan a parallel query whose start-up costs more than the look-ups).
        source = f"(SELECT value FROM jsonb_array_elements(%s::jsonb) LIMIT {len(rows)}) AS k"  # noqa: S608
        index = "(k.value ->> 0)::integer"
    else:
        source = "json_each(%s) AS k"
        index = "k.value ->> 0"
    # Table and column names come from the models; every value is a parameter.
    sql = (
        f'SELECT {index} AS i, t."{person_column}" AS pid, {priority} AS prio '  # noqa: S608
        f'FROM {source} JOIN "{model._meta.db_table}" AS t ON {" AND ".join(conditions)}'
    )
    return sql, [json.dumps(rows)]


def _single_part(key: BlockKey, rows: list[list[object]]) -> tuple[str, list[object]]:
    """The same look-ups for one subject, as plain conditions: the planner sees the values."""
    table, columns, priority = key
    model, person_column = BLOCK_TABLES[table]
    condition = " AND ".join(f't."{model._meta.get_field(c).column}" = %s' for c in columns)
    select = (
        f'SELECT 0 AS i, t."{person_column}" AS pid, {priority} AS prio '  # noqa: S608
        f'FROM "{model._meta.db_table}" AS t WHERE {condition}'
    )
    return " UNION ALL ".join([select] * len(rows)), [v for row in rows for v in row[1:]]


def _blocked_sql(subjects: Sequence[SubjectDetails], limit: int) -> tuple[str, list[object]] | None:
    """The blocking query: for each subject (by index `i`), the ids of people its look-ups
    find, numbered `rn`. At most `limit` each: those found by the most look-ups first, then by
    the surest look-up."""
    rows: dict[BlockKey, list[list[object]]] = {}
    for index, details in enumerate(subjects):
        for key, values in _block_keys(details):
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


def _people_sql(blocked: str, vendor: str) -> str:
    """Each blocked person's details, with their other names and identifiers as JSON lists,
    so blocking and everything scoring needs come back in one query."""
    fields = [f for f in Person._meta.concrete_fields if f.attname in PERSON_FIELDS]
    columns = ", ".join(f'p."{f.column}"' for f in fields)
    name_columns = ", ".join(f'n."{PersonName._meta.get_field(f).column}"' for f in KEY_FIELDS)
    agg, row = (
        ("json_agg", "json_build_array")
        if vendor == "postgresql"
        else ("json_group_array", "json_array")
    )
    names = (
        f"SELECT {agg}({row}({name_columns})) "  # noqa: S608
        f'FROM "{PersonName._meta.db_table}" AS n WHERE n.person_id = p.id'
    )
    ids = (
        f"SELECT {agg}({row}(d.kind, d.value)) "  # noqa: S608
        f'FROM "{PersonIdentifier._meta.db_table}" AS d WHERE d.person_id = p.id'
    )
    # The first field is the id; the pair rows leave the rest empty.
    padding = ", ".join(["NULL"] * (len(fields) - 1 + 2))
    # Each (subject, person) pair, then each person once (subject -1) with the details.
    return (
        f"WITH b AS ({blocked}) SELECT b.i, b.rn, b.pid, {padding} FROM b UNION ALL "  # noqa: S608
        f"SELECT -1, 0, {columns}, ({names}), ({ids}) "
        f'FROM "{Person._meta.db_table}" AS p WHERE p.id IN (SELECT pid FROM b)'
    )


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


def candidate_people_many(
    subjects: Sequence[SubjectDetails],
    *,
    within: QuerySet[Person] | None = None,
    limit: int = CANDIDATE_LIMIT,
) -> list[list[Person]]:
    """For each subject, the people who might be them, from index look-ups only (merged people
    excluded), with their other names and identifiers attached for scoring. One query whatever
    the number of subjects (two when `within` narrows the people); a person found for several
    subjects is the same instance in each list."""
    found: list[list[Person]] = [[] for _ in subjects]
    blocked = _blocked_sql(subjects, limit)
    if blocked is None or (within is not None and within.query.is_empty()):
        return found
    sql, params = blocked
    fields, alias = _person_fields(), connection.alias
    by_id: dict[int, Person] = {}
    pairs: list[tuple[int, int, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(_people_sql(sql, connection.vendor), params)
        for index, rank, *values, names, identifiers in cursor.fetchall():
            if index == -1:
                by_id[values[0]] = _person(fields, values, names, identifiers, alias)
            else:
                pairs.append((index, rank, values[0]))
    for index, _, person_id in sorted(pairs):
        person = by_id[person_id]
        # Merged people are dropped here rather than in SQL, so the planner keeps to the keys.
        if person.merged_into_id is None:
            found[index].append(person)
    if within is not None and within.query.where and by_id:
        visible = set(within.filter(pk__in=ids_in(by_id)).values_list("pk", flat=True))
        found = [[p for p in people if p.pk in visible] for people in found]
    return found


def _person_fields() -> list[tuple[str, Callable[[Any], Any] | None]]:
    """(attribute name, converter) of each selected field, in the query's order: dates and
    booleans may come back as text and integers (SQLite)."""
    return [
        (f.attname, f.to_python if isinstance(f, DateField | BooleanField) else None)
        for f in Person._meta.concrete_fields
        if f.attname in PERSON_FIELDS
    ]


def _person(
    fields: list[tuple[str, Callable[[Any], Any] | None]],
    values: list[Any],
    names: Any,
    ids: Any,
    alias: str,
) -> Person:
    """A Person from a row of the query, its other fields deferred (as `.only()` gives), with
    its other names and identifiers in the shapes scoring reads.

    Built without Model.__init__: a search builds hundreds, and that costs more than scoring
    them. Only the values the query selected are set; any other field loads on first use.
    """
    person = Person.__new__(Person)
    person._state = ModelState()
    person._state.adding, person._state.db = False, alias
    # Scoring may keep what it works out about this person on it: nothing changes it meanwhile.
    person.match_cacheable = True  # type: ignore[attr-defined]
    for (name, convert), value in zip(fields, values, strict=True):
        person.__dict__[name] = convert(value) if convert and value is not None else value
    person.match_name_variants = [  # type: ignore[attr-defined]
        dict(zip(KEY_FIELDS, row, strict=True)) for row in _json_list(names)
    ]
    person.match_identifiers = {  # type: ignore[attr-defined]
        (kind, value.upper()) for kind, value in _json_list(ids)
    }
    return person


def _json_list(value: Any) -> list[Any]:
    """A JSON aggregate as a list: text from SQLite, parsed or NULL from PostgreSQL."""
    if not value or value == "[]":
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


def candidate_people(
    details: SubjectDetails,
    *,
    within: QuerySet[Person] | None = None,
    limit: int = CANDIDATE_LIMIT,
) -> list[Person]:
    """People who might be this subject, from index look-ups only (merged people excluded)."""
    return candidate_people_many([details], within=within, limit=limit)[0]
