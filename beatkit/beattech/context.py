"""What every Beat Technology resource shares besides the transport: the token router
(for the logged-in user's id) and the client's default headers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from attrs import field, frozen

from beatkit._core.params import check_sequence
from beatkit._core.validate import check_text, writable_int
from beatkit.beattech.auth import TokenRouter
from beatkit.beattech.headers import (
    ImageKind,
    ImageSizes,
    image_size_headers,
    stream_context,
    stream_formats,
)
from beatkit.errors import ConfigurationError

__all__ = ["ClientContext", "json_object", "text_id", "text_ids", "text_list"]


def text_id(name: str, value: Any) -> str:
    """An id argument as the text a path or body takes: ``"123"`` or ``123`` -> ``"123"``.

    Raises:
        TypeError: Neither text nor an int (``bool`` refused).
        ValueError: Blank text, text holding a lone surrogate (see
            :func:`~beatkit._core.validate.check_text`), a negative int, or one too
            long to write out (see :func:`~beatkit._core.validate.writable_int`).
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"{name} must be a str or an int, got {type(value).__name__}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{name} must not be negative")
        return str(writable_int(name, value))
    return check_text(name, value).strip()


@frozen(kw_only=True)
class ClientContext:
    """The client-wide state a resource method reads (never the client itself)."""

    tokens: TokenRouter = field(repr=False)
    """Which auth signs an operation; holds the user token and so the user's id."""
    image_sizes: Mapping[ImageKind, str] = field(factory=dict)
    """The client's default image sizes, checked (kind -> comma list)."""
    stream_formats: str | None = None
    """The client's default ``X-Stream-Formats``."""

    def user_id(self, given: str | int | None, name: str = "user_id") -> str:
        """``given`` as text, else the logged-in user's id.

        Raises:
            TypeError: ``given`` is neither text nor an int.
            ValueError: ``given`` is blank or negative.
            ConfigurationError: Nothing given and no user logged in (or the login
                answer carried no ``user_id``, or one that is not an id).
        """
        if given is not None:
            return text_id(name, given)
        if self.tokens.user.token is None:
            self.tokens.user._held_or_stored()  # a login another process saved since
        current = self.tokens.user_id
        token = self.tokens.user.token
        sent = None if token is None else token.extra.get("user_id")
        if current is None and sent is not None:
            # Not "no user id": the login answered one that is not an id (true, 5.5...).
            raise ConfigurationError(
                f"{name} is needed: the login answer's user_id is not an id "
                f"({type(sent).__name__}); pass the id"
            )
        if current is None:
            raise ConfigurationError(
                f"{name} is needed: no logged-in user whose id beatkit knows "
                "(log in with bt.auth, or pass the id)"
            )
        return current

    def image_headers(self, per_call: ImageSizes | None) -> dict[str, str | None]:
        """The image-size headers of one call: the defaults merged with ``per_call``.

        Raises:
            TypeError: ``per_call`` is not a mapping of text.
            ValueError: An unknown kind or a bad size token.
        """
        return image_size_headers(self.image_sizes, per_call)

    def stream_headers(
        self,
        formats: str | Iterable[str] | None,
        context: str | tuple[str, str | int] | None,
    ) -> dict[str, str | None]:
        """The stream headers of one call: ``formats`` (else the client's default
        ``X-Stream-Formats``) and ``context`` as ``X-Stream-Context``.

        Raises:
            TypeError: A value of the wrong type.
            ValueError: A format that is not ``codec/quality``, or a context that is not
                ``<entity_type>/<entity_id>``.
        """
        return {
            "X-Stream-Formats": stream_formats(formats) or self.stream_formats,
            "X-Stream-Context": stream_context(context),
        }


def text_ids(name: str, values: Any, *, maximum: int | None = None) -> str:
    """One id or several as the comma list a query takes: ``["1", 2]`` -> ``"1,2"``.

    Args:
        name: The argument's name, for errors.
        values: A ``str`` or ``int`` id, or an iterable of them.
        maximum: The most ids the API takes in one call, if it names a limit.

    Raises:
        TypeError: Neither an id nor a sequence of ids (a mapping, a set or bytes
            is refused: see :func:`~beatkit._core.params.check_sequence`).
        ValueError: No id, a blank or negative one, one containing a comma, or more
            than ``maximum``.
    """
    if isinstance(values, str | int):
        values = [values]
    ids = [
        text_id(name, item) for item in check_sequence(name, values, "an id or a sequence of ids")
    ]
    if not ids:
        raise ValueError(f"{name} must name at least one id")
    if any("," in item for item in ids):
        raise ValueError(f"{name}: an id cannot contain a comma")
    if maximum is not None and len(ids) > maximum:
        raise ValueError(f"{name} takes at most {maximum} ids, got {len(ids)}")
    return ",".join(ids)


def text_list(name: str, values: Any) -> str | None:
    """A filter of names as the comma list a query takes: ``["album", " single"]`` or
    ``"album, single"`` -> ``"album,single"``; ``None`` stays ``None`` (no filter).

    An empty collection is refused, not dropped: the API reads a missing filter as
    "all of them", the opposite of what an empty list asks for.

    Raises:
        TypeError: Neither text nor a sequence or set of text (a mapping or bytes is
            refused).
        ValueError: No name, or a blank one.
    """
    if values is None:
        return None
    items = values.split(",") if isinstance(values, str) else values
    if not isinstance(items, AbstractSet):  # a filter is a set of names: order is moot
        items = check_sequence(name, items, "a str or a sequence of str")
    names = [check_text(name, item).strip() for item in items]
    if not names:
        raise ValueError(f"{name} must name at least one value (None filters nothing)")
    if not all(names):
        raise ValueError(f"{name} has a blank value: {values!r}")
    return ",".join(names)


def json_object(name: str, value: Any) -> dict[str, Any] | None:
    """A JSON object argument (``metadata=``, ``user=``) as the dict a body takes.

    Raises:
        TypeError: Not a mapping with text keys.
    """
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise TypeError(f"{name} must be a mapping with text keys")
    return dict(value)
