"""Bulk work: `bulk_insert` writes many rows of one model quickly, for the hot paths of bulk
imports; `fewer_collections` keeps the garbage collector from walking their caches over and over.

`QuerySet.bulk_create` prepares every value through the query compiler (pre_save, get_prep_value,
get_db_prep_save, a placeholder per field): about 60 values a notification row, and at 100,000
rows that preparation costs more than the database. `bulk_insert` writes the same rows (same
columns, same values, ids set on the instances from RETURNING) and prepares only the values that
need it: text, numbers, booleans and foreign keys go to the driver as they are; dates, times,
JSON, UUIDs and anything else go through the field's own `get_db_prep_save`, as Django does.

For plain models (no multi-table inheritance, an auto-increment primary key, no database
defaults); anything else is refused rather than written wrongly. The caller owns the transaction.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)

# Fields whose values the driver takes as they are, when they hold the plain Python type.
PLAIN_TYPES: dict[type[models.Field], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.IntegerField: (int,),
    models.BigIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.PositiveBigIntegerField: (int,),
    models.BooleanField: (bool,),
    models.FloatField: (float, int),
}


Prepare = Callable[[models.Model], Any]


def _plain(field: models.Field) -> tuple[type, ...] | None:
    """The Python types the driver takes as they are for this field, or None."""
    if isinstance(field, models.ForeignKey):
        return _plain(field.target_field)
    for kind, types in PLAIN_TYPES.items():
        # Exact classes only: a subclass may prepare its values its own way.
        if type(field) is kind or (
            type(field) in (models.EmailField, models.SlugField, models.URLField)
            and kind is models.CharField
        ):
            return types
    return None


def _preparer(field: models.Field, alias: str) -> Prepare:
    attname, connection = field.attname, connections[alias]
    plain = _plain(field)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):

        def prepared(obj: models.Model) -> Any:
            return field.get_db_prep_save(field.pre_save(obj, True), connection)

        return prepared
    if isinstance(field, models.ForeignKey):

        def related(obj: models.Model) -> Any:
            value = obj.__dict__[attname]
            if value is None and field.is_cached(obj):
                # Assigned before it was saved: its id now (as bulk_create does).
                other = field.get_cached_value(obj)
                if other is not None:
                    if other.pk is None:
                        raise ValueError(f"{field.name} of {obj!r} is not saved yet")
                    value = other.pk
                    setattr(obj, attname, value)
            if value is None or (plain is not None and type(value) in plain):
                return value
            return field.get_db_prep_save(value, connection)

        return related

    def prepare(obj: models.Model) -> Any:
        value = obj.__dict__[attname]
        if value is None or (plain is not None and type(value) in plain):
            return value
        return field.get_db_prep_save(value, connection)

    return prepare


def _column(field: models.Field[Any, Any]) -> str:
    """The column of a concrete field (the stubs allow None, for fields that have no column)."""
    assert field.column is not None
    return field.column


@cache
def _plan(model: type[models.Model], alias: str, with_pk: bool) -> tuple[str, list[Prepare], str]:
    """(INSERT … VALUES prefix, a preparer per column, the primary key's column); the primary key
    among the columns when the rows come with their ids (`allocate_ids`)."""
    meta = model._meta
    if meta.parents or not isinstance(meta.pk, models.AutoField | models.BigAutoField):
        raise TypeError(f"bulk_insert cannot write {meta.label}: not a plain model")
    fields = [f for f in meta.concrete_fields if with_pk or f is not meta.pk]
    if any(f.db_default is not models.NOT_PROVIDED for f in fields):
        raise TypeError(f"bulk_insert cannot write {meta.label}: it has database defaults")
    quote = connections[alias].ops.quote_name
    columns = ", ".join(quote(_column(f)) for f in fields)
    # Table and column names come from the model, quoted; every value is a parameter.
    return (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ",  # noqa: S608
        [_preparer(f, alias) for f in fields],
        quote(_column(meta.pk)),
    )


def bulk_insert(
    objs: Sequence[M], *, rows_per_statement: int = 500, ids: bool = True
) -> Sequence[M]:
    """Insert these new instances of one model, setting each one's primary key; returns them.

    The same rows `Model.objects.bulk_create(objs)` writes, in the caller's transaction. With
    `ids=False` the caller does not need their primary keys, and on PostgreSQL the rows go in by
    COPY (four times faster than INSERT for audit rows, measured): their `pk` stays None. Rows
    that come with their ids (from `allocate_ids`; all or none of them) keep them, and go in by
    COPY on PostgreSQL too.
    """
    if not objs:
        return objs
    model = type(objs[0])
    with_pk = objs[0].pk is not None
    if any((obj.pk is not None) is not with_pk for obj in objs):
        raise ValueError("bulk_insert: either every row comes with its id or none does")
    alias = router.db_for_write(model)
    # COPY on PostgreSQL unless the ids are to be read back.
    read_ids = ids and not with_pk
    _write(
        model,
        alias,
        objs,
        with_pk=with_pk,
        read_ids=read_ids,
        rows_per_statement=rows_per_statement,
    )
    if read_ids or with_pk or connections[alias].vendor != "postgresql":
        _saved(objs, alias)
    return objs


def _write(
    model: type[models.Model],
    alias: str,
    objs: Sequence[Any],
    *,
    with_pk: bool,
    read_ids: bool,
    rows_per_statement: int = 500,
) -> None:
    """Write the rows (objects whose `__dict__` holds each field's value by attname); set each
    one's `pk` from RETURNING when `read_ids` (or on SQLite, where it costs nothing more)."""
    prefix, preparers, pk_column = _plan(model, alias, with_pk)
    connection = connections[alias]
    if not read_ids and connection.vendor == "postgresql":
        # The driver's own cursor (COPY is not in Django's), its errors raised as Django's.
        with (
            connection.cursor() as cursor,
            connection.wrap_database_errors,
            cursor.cursor.copy(_copy_sql(model, alias, with_pk)) as copy,
        ):
            for obj in objs:
                copy.write_row([prepare(obj) for prepare in preparers])
        return
    # SQLite allows at most 32,766 parameters a statement.
    per_statement = max(1, min(rows_per_statement, 32_000 // max(1, len(preparers))))
    row = "(" + ", ".join(["%s"] * len(preparers)) + ")"
    returning = "" if with_pk else f" RETURNING {pk_column}"
    with connection.cursor() as cursor:
        for start in range(0, len(objs), per_statement):
            batch = objs[start : start + per_statement]
            params = [prepare(obj) for obj in batch for prepare in preparers]
            cursor.execute(f"{prefix}{', '.join([row] * len(batch))}{returning}", params)
            if not with_pk:
                for obj, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                    obj.pk = pk


class _NoCache:
    fields_cache: dict[str, Any] = {}  # read only: nothing is ever cached


class _Values:
    """A row for `_write` without a model instance: its values by attname."""

    _state = _NoCache()

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__ = values


def bulk_insert_values(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, rows_per_statement: int = 500
) -> int:
    """Insert rows of `model` given as {attname: value} ("contact_id", not "contact"), each field
    left out taking its default, without building a model instance for each (a bulk import
    writes hundreds of thousands of rows nobody reads back, and `Model.__init__` cost more than
    writing them). The same rows `bulk_insert(ids=False)` writes for the same instances; COPY on
    PostgreSQL. Returns how many were written."""
    alias = router.db_for_write(model)
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    defaults = [(f.attname, f.get_default) for f in fields]
    known = {f.attname for f in fields}
    objs = []
    for row in rows:
        if not row.keys() <= known:
            raise TypeError(f"{meta.label} has no field {sorted(row.keys() - known)}")
        objs.append(
            _Values({name: row[name] if name in row else default() for name, default in defaults})
        )
    if objs:
        _write(
            model,
            alias,
            objs,
            with_pk=False,
            read_ids=False,
            rows_per_statement=rows_per_statement,
        )
    return len(objs)


def _saved(objs: Sequence[models.Model], alias: str) -> None:
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for rows of `model`, in increasing order, that no other insert
    will take: rows given them can go in without reading their ids back (`bulk_insert` then
    writes them by COPY on PostgreSQL), and whatever refers to them can be built before they
    are written. Ids not used in the end leave a gap, as a rolled-back insert does.

    PostgreSQL: the column's own sequence. SQLite: the table's AUTOINCREMENT counter
    (`sqlite_sequence`), moved on in the caller's transaction, which then holds the database's
    write lock, so no other connection inserts in between.
    """
    if count <= 0:
        return []
    alias = router.db_for_write(model)
    connection = connections[alias]
    meta, quote = model._meta, connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(meta.db_table), meta.pk.column, count],
            )
            return sorted(pk for (pk,) in cursor.fetchall())
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"allocate_ids on {connection.vendor}")
        # The counter starts at the highest id when the table has none yet (never inserted into).
        cursor.execute(
            "INSERT INTO sqlite_sequence (name, seq) "  # noqa: S608 (names from the model)
            f"SELECT %s, COALESCE(MAX({quote(_column(meta.pk))}), 0) FROM {quote(meta.db_table)} "
            "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
            [meta.db_table, meta.db_table],
        )
        cursor.execute(
            "UPDATE sqlite_sequence SET seq = seq + %s WHERE name = %s RETURNING seq",
            [count, meta.db_table],
        )
        (last,) = cursor.fetchone()
    return list(range(last - count + 1, last + 1))


class IdSource:
    """New primary keys for one model one at a time, allocated a block at a time, for rows
    created as work goes on (`allocate_ids`). `close()` hands back on SQLite what was not used
    (while the transaction still holds the write lock), so ids run on without a gap there."""

    def __init__(self, model: type[models.Model], block: int = 64) -> None:
        self.model, self.block = model, block
        self._ids: list[int] = []

    def __call__(self) -> int:
        if not self._ids:
            self._ids = allocate_ids(self.model, self.block)[::-1]
        return self._ids.pop()

    def close(self) -> None:
        """Give back the ids not used (SQLite; on PostgreSQL they are a gap)."""
        ids, self._ids = self._ids, []
        alias = router.db_for_write(self.model)
        connection = connections[alias]
        if not ids or connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s AND seq = %s",
                [min(ids) - 1, self.model._meta.db_table, max(ids)],
            )


@cache
def _copy_sql(model: type[models.Model], alias: str, with_pk: bool) -> str:
    meta, quote = model._meta, connections[alias].ops.quote_name
    columns = ", ".join(
        quote(_column(f)) for f in meta.concrete_fields if with_pk or f is not meta.pk
    )
    return f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"


@contextmanager
def fewer_collections(young: int = 100_000, older: int = 100) -> Iterator[None]:
    """Run bulk work with the cyclic garbage collector running less often (a `with` block, or
    `@fewer_collections()` on a function).

    A bulk import makes millions of short-lived objects beside caches of hundreds of thousands
    of long-lived ones, and at the default thresholds (700, 10, 10) the collector runs so often,
    walking those caches, that it took a third of a 30,000-row import's time. Reference counting
    still frees nearly everything at once; only cycles wait longer. The thresholds are the
    process's, and are put back afterwards.
    """
    before = gc.get_threshold()
    gc.set_threshold(young, older, older)
    try:
        yield
    finally:
        gc.set_threshold(*before)
