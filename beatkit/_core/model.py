"""The base class of every beatkit API model: plain frozen data that keeps unknown keys."""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

__all__ = ["Model"]


@frozen(kw_only=True)
class Model:
    """Base class of every API model.

    A model is plain, immutable data (an attrs ``@frozen`` slots class); renames and
    odd shapes live in the service's converter module, never in the model. Declare
    subclasses the same way, with optional fields defaulting to ``None``::

        @frozen(kw_only=True)
        class Beat(Model):
            id: int
            \"\"\"The beat's id.\"\"\"
            title: str
            \"\"\"The beat's title.\"\"\"
            bpm: int | None = None
            \"\"\"Tempo in beats per minute, when the producer gave one.\"\"\"

    ``kw_only`` lets subclasses declare required fields after the inherited
    ``extra`` (which has a default), and keeps constructor calls readable. Declare
    models at module level: with ``from __future__ import annotations`` their
    annotations are strings, which cattrs resolves (``attrs.resolve_types``) against
    the module's globals, forward references included.

    Structuring with a converter from :func:`beatkit._core.converter.make_converter`
    puts every key of the API's response that the model does not declare into
    :attr:`extra`, and unstructuring merges them back, so a response round-trips
    without losing a key even when the API grows new fields.
    """

    extra: dict[str, Any] = field(factory=dict, repr=False, hash=False)
    """Keys the API sent that this model does not declare, with their raw JSON values.

    APIs add fields over the years; they land here instead of being dropped, and are
    written back at the top level when the model is unstructured. Empty when the
    model knows every key. Left out of ``repr`` (noise) and of ``hash`` (a dict is
    not hashable), but part of equality. Treat it as read-only.
    """
