"""One declarative helper for the fakes' plain CRUD collections."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from typing import Any, Generic, TypeVar

import attrs
import httpx

from beatkit.testing._app import FakeService, Handler, Operations
from beatkit.testing._wire import to_int

__all__ = ["Collection", "Record", "issue_id"]

Record = dict[str, Any]
"""One stored record, as the fake keeps it (JSON-ready values, internal fields included)."""

S = TypeVar("S", bound=FakeService)

OPS = ("list", "get", "create", "update", "delete")

# The fake's attribute holding the last id each of its collections issued.
_ISSUED = "_crud_issued_ids"


def issue_id(fake: object, table: object, records: Mapping[int, Any], after: int = 0) -> int:
    """The id of a new record of ``table`` on ``fake``, as an auto-increment column gives
    it: above every id ``records`` holds (and ``after``) and every id it has issued, so a
    deleted record's id is never issued again. Counted per fake, per ``table`` key.
    """
    issued: dict[object, int] = vars(fake).setdefault(_ISSUED, {})
    record_id = max(max(records, default=after), issued.get(table, 0)) + 1
    issued[table] = record_id
    return record_id


@attrs.frozen(kw_only=True)
class Collection(Operations, Generic[S]):
    """List, get, create, update and delete over one id-keyed store, declared once.

    A class attribute of a fake; the fake routes ``<name>.list``, ``<name>.get``,
    ``<name>.create``, ``<name>.update`` and ``<name>.delete`` (those named in ``ops``)
    to it. The store is a dict by id (every operation) or a list of records with an
    ``id`` (reads). Each fake subclasses it once for the API's dialect: how an id is
    read and refused (:meth:`find`), and how answers are wrapped (:meth:`reply`).
    The hooks take the fake first, so they may be the fake's own methods.

    The flows: *list* answers :attr:`select`'s records; *get* finds one; *create*
    validates the body (:attr:`changes`), builds the record with the next id (above
    every id the store holds or has issued, so a deleted id is never reused)
    (:attr:`new`) and stores it; *update* finds, checks :attr:`may_write`, validates
    and applies (:attr:`apply`); *delete* reads comma-separated ids, checks every
    one, then removes each (:attr:`on_delete` cleans up after it).
    """

    name: str
    """The ``PATHS`` key prefix and (by default) the store's attribute name."""
    model: str
    """The record's name in the API's not-found answers."""
    ops: str = " ".join(OPS)
    """The operations served, space-separated."""
    keys: Mapping[str, str] = attrs.field(factory=dict)
    """``PATHS`` keys of operations not named ``<name>.<op>``, by operation."""
    view: Callable[..., Any] | None = None
    """What a read shows of a record, as ``view(fake, record, *extra)`` (by default, itself)."""
    select: Callable[[S, httpx.Request], Iterable[Record]] | None = None
    """The records ``list`` answers (by default, all of them)."""
    changes: Callable[[S, httpx.Request, Record | None], Record] | None = None
    """Validate a create (record ``None``) or update body; the fields to set."""
    new: Callable[[S, int, Record], Record] | None = None
    """The new record with this id, the validated changes applied."""
    apply: Callable[[S, Record, Record], None] | None = None
    """Apply an update's changes (by default, ``record.update(changes)``)."""
    may_write: Callable[[S, Record], bool] | None = None
    """Whether the caller may update or delete the record (by default, yes)."""
    on_delete: Callable[[S, int], None] | None = None
    """Clean up after a record is deleted (drop references to it)."""

    def handlers(self, fake: Any) -> Iterator[tuple[str, Handler]]:
        """Each served operation's ``PATHS`` key and handler."""
        for op in self.ops.split():
            if op not in OPS:
                raise ValueError(f"unknown collection operation {op!r}")
            key = self.keys.get(op, f"{self.name}.{op}")
            yield key, functools.partial(getattr(self, op), fake)

    # -- the dialect: override per fake ------------------------------------------------

    def store(self, fake: S) -> Any:
        """The records: ``fake.<name>``."""
        return getattr(fake, self.name)

    def find(self, fake: S, request: httpx.Request, raw: str) -> Record:
        """The record a path segment names; raises :meth:`missing` when there is none."""
        record = self.lookup(fake, to_int(raw)) if raw.isdigit() and raw.isascii() else None
        if record is None:
            raise self.missing(fake, raw)
        return record

    def missing(self, fake: S, raw: str) -> Exception:
        """What to raise for an id that names no record (an ``Abort``)."""
        raise NotImplementedError

    def forbidden(self, fake: S) -> Exception:
        """What to raise when :attr:`may_write` says no (an ``Abort``)."""
        raise NotImplementedError

    def reply(self, fake: S, request: httpx.Request, op: str, found: Any) -> Any:
        """The answer of ``op``: ``found`` is the records (list), the record or ``None``."""
        raise NotImplementedError

    # -- the flows ---------------------------------------------------------------------

    def lookup(self, fake: S, record_id: int) -> Record | None:
        """The record with this id, or ``None``."""
        records = self.store(fake)
        if isinstance(records, MutableMapping):
            found: Record | None = records.get(record_id)
            return found
        return next((r for r in records if r["id"] == record_id), None)

    def show(self, fake: S, record: Record, *extra: Any) -> Any:
        """A record as reads show it."""
        return record if self.view is None else self.view(fake, record, *extra)

    def list(self, fake: S, request: httpx.Request) -> Any:
        """Answer ``<name>.list``: the selected records."""
        records = self.store(fake) if self.select is None else self.select(fake, request)
        found = [*(records.values() if isinstance(records, Mapping) else records)]
        return self.reply(fake, request, "list", found)

    def get(self, fake: S, request: httpx.Request, raw: str) -> Any:
        """Answer ``<name>.get``: the record the path names."""
        return self.reply(fake, request, "get", self.find(fake, request, raw))

    def create(self, fake: S, request: httpx.Request) -> Any:
        """Answer ``<name>.create``: validate, build with the next id, store."""
        assert self.changes is not None
        assert self.new is not None
        changes = self.changes(fake, request, None)
        records = self.store(fake)
        record_id = self._next_id(fake, records)
        records[record_id] = self.new(fake, record_id, changes)
        return self.reply(fake, request, "create", records[record_id])

    def _next_id(self, fake: S, records: Mapping[int, Record]) -> int:
        """The id of a new record: above every id this store holds or has issued.

        As a database's auto-increment counter: an id whose record was deleted is not
        issued again (the largest id left plus one gave a new record the id of the
        newest one deleted). The counter is the fake's own, per collection.
        """
        return issue_id(fake, self.name, records)

    def _writable(self, fake: S, record: Record) -> Record:
        if self.may_write is not None and not self.may_write(fake, record):
            raise self.forbidden(fake)
        return record

    def update(self, fake: S, request: httpx.Request, raw: str) -> Any:
        """Answer ``<name>.update``: find, check the caller may, validate, apply."""
        assert self.changes is not None
        record = self._writable(fake, self.find(fake, request, raw))
        changes = self.changes(fake, request, record)
        if self.apply is None:
            record.update(changes)
        else:
            self.apply(fake, record, changes)
        return self.reply(fake, request, "update", record)

    def delete(self, fake: S, request: httpx.Request, raw: str) -> Any:
        """Answer ``<name>.delete``: every comma-separated id is checked before any goes."""
        found = (self.find(fake, request, part.strip()) for part in raw.split(","))
        ids = list(dict.fromkeys(record["id"] for record in found))
        records = self.store(fake)
        for record_id in ids:
            self._writable(fake, records[record_id])
        for record_id in ids:
            del records[record_id]
            if self.on_delete is not None:
                self.on_delete(fake, record_id)
        return self.reply(fake, request, "delete", None)
