"""Every docstring of beatkit renders in the Sphinx reference as its author meant.

The reference is built by ``sphinx.ext.napoleon`` from Google-style docstrings, and
napoleon reads a colon as a separator wherever its rules expect ``type: description``:

* the first line of a ``Returns:`` or ``Yields:`` section (``The stream: its URL ...``
  renders "The stream" as the return *type*);
* the first line of a property's or an attribute's docstring (``The records: ...``
  renders "The records" as the attribute's type);
* each entry of ``Args:`` / ``Attributes:`` (``name (type): description``) and of
  ``Raises:`` (``ExceptionName: when``).

This module reads the docstrings with napoleon's own rules, copied below so the test
needs no Sphinx (the test extra does not install it), and fails on any split that
gives a type that is not a type, an argument name that is not a parameter, or an
exception that does not exist. ``test_the_copied_rules_are_napoleons`` checks the copy
against napoleon itself wherever Sphinx is installed.
"""

from __future__ import annotations

import ast
import builtins
import collections.abc
import functools
import importlib
import inspect
import pkgutil
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import beatkit
import beatkit.errors
import beatkit.hls.errors

# --- napoleon's rules (sphinx/ext/napoleon/docstring.py, Sphinx 7.2-9.0) -----------------------

_SINGLE_COLON = re.compile(r"(?<!:):(?!:)")
_XREF_OR_CODE = re.compile(
    r"((?::(?:[a-zA-Z0-9]+[\-_+:.])*[a-zA-Z0-9]+:`.+?`)|"
    r"(?:``.+?``)|"
    r"(?::meta .+:.*)|"
    r"(?:`.+?\s*(?<!\x00)<.*?>`))"
)
_GOOGLE_SECTION = re.compile(r"^(\s|\w)+:\s*$")
_GOOGLE_TYPED_ARG = re.compile(r"(.+?)\(\s*(.*[^\s]+)\s*\)")
_RETURNS = {"returns", "return", "yields", "yield"}
_FIELDS = {
    "args",
    "arguments",
    "parameters",
    "keyword args",
    "keyword arguments",
    "other parameters",
    "receives",
    "receive",
    "attributes",
}
_RAISES = {"raises", "raise"}
_OTHER_SECTIONS = {
    *("attention", "caution", "danger", "error", "example", "examples", "hint", "important"),
    *("methods", "note", "notes", "references", "see also", "tip", "todo", "warning"),
    *("warnings", "warn", "warns"),
}
_SECTIONS = _RETURNS | _FIELDS | _RAISES | _OTHER_SECTIONS


def partition_on_colon(line: str) -> tuple[str, str, str]:
    """``(before, colon, after)`` at the first single colon outside code and roles."""
    before: list[str] = []
    after: list[str] = []
    colon = ""
    for i, source in enumerate(_XREF_OR_CODE.split(line)):
        if colon:
            after.append(source)
            continue
        found = _SINGLE_COLON.search(source)
        if i % 2 == 0 and found:
            colon = found.group()
            before.append(source[: found.start()])
            after.append(source[found.end() :])
        else:
            before.append(source)
    return "".join(before).strip(), colon, "".join(after).strip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def sections(doc: str) -> Iterator[tuple[str, list[str]]]:
    """Each Google section of a cleaned docstring: its lower-case name and dedented body.

    A header is a known name alone on a line at the docstring's margin, followed by
    more indented lines; the body runs to the next header or to a less indented line.
    """
    lines = [line.rstrip() for line in doc.splitlines()]

    def is_header(i: int) -> bool:
        low = lines[i].lower()
        if not _GOOGLE_SECTION.match(low) or low.strip(":") not in _SECTIONS:
            return False
        following = next((line for line in lines[i + 1 :] if line), None)
        return following is not None and _indent(following) > _indent(lines[i])

    i = 0
    while i < len(lines):
        if not is_header(i):
            i += 1
            continue
        name = lines[i].lower().strip(":")
        i += 1
        body: list[str] = []
        margin: int | None = None
        while i < len(lines) and not is_header(i):
            if lines[i]:
                margin = _indent(lines[i]) if margin is None else margin
                if _indent(lines[i]) < margin:
                    break
            body.append(lines[i])
            i += 1
        yield name, [line[margin or 0 :] for line in body]


def entries(body: list[str]) -> list[str]:
    """The first line of each entry of a field section (the lines at its margin)."""
    return [line for line in body if line and not line[0].isspace()]


def returns_type(body: list[str]) -> str | None:
    """The type napoleon takes from a Returns/Yields section, or None when it takes none."""
    first = next((line for line in body if line), None)
    if first is None:
        return None
    before, colon, _ = partition_on_colon(first)
    return before if colon else None


def inline_attribute_type(doc: str) -> str | None:
    """The type napoleon takes from a property's or attribute's docstring, or None."""
    before, colon, after = partition_on_colon(doc.splitlines()[0] if doc else "")
    return before if colon and after else None


def field(line: str) -> tuple[str, str, bool]:
    """``(name, type, has_colon)`` of an Args-like entry's first line."""
    before, colon, _ = partition_on_colon(line)
    typed = _GOOGLE_TYPED_ARG.match(before)
    if typed:
        return typed.group(1).strip(), typed.group(2), bool(colon)
    return before, "", bool(colon)


# --- what counts as a type, a parameter, an exception -----------------------------------------

_ROLE = re.compile(r":(?:[a-zA-Z0-9]+[\-_+:.])*[a-zA-Z0-9]+:`~?([^`]+)`")
_TYPE_NODES = (
    ast.Name,
    ast.Attribute,
    ast.Subscript,
    ast.Tuple,
    ast.List,
    ast.BinOp,
    ast.BitOr,
    ast.Load,
)


@dataclass
class Namespace:
    """The names a module's docstrings may use: its globals and every name it imports."""

    module: ModuleType
    imported: dict[str, str]  # name -> "module.attribute" or "module", TYPE_CHECKING included

    def resolve(self, dotted: str) -> object:
        root, _, rest = dotted.partition(".")
        found: object = None
        if root in vars(self.module):
            found = vars(self.module)[root]
        elif root in self.imported:
            found = _import(self.imported[root])
        elif hasattr(builtins, root):
            found = getattr(builtins, root)
        elif hasattr(beatkit.errors, root):
            found = getattr(beatkit.errors, root)
        elif hasattr(beatkit.hls.errors, root):
            found = getattr(beatkit.hls.errors, root)
        for name in rest.split(".") if rest else []:
            found = getattr(found, name, None)
        if found is None and "." in dotted:
            found = _import(dotted)
        return found


def _import(dotted: str) -> object:
    try:
        return importlib.import_module(dotted)
    except ImportError:
        module, _, name = dotted.rpartition(".")
        try:
            return getattr(importlib.import_module(module), name, None) if module else None
        except ImportError:
            return None


def _plain(text: str) -> str:
    """A type or name without reST markup: roles, backticks and ``~``."""
    return _ROLE.sub(r"\1", text).replace("`", "").replace("~", "").strip()


def is_type(text: str, names: Namespace) -> bool:
    """Whether ``text`` is a type expression whose names resolve (``list[Track] | None``)."""
    try:
        tree = ast.parse(_plain(text), mode="eval").body
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            if node.value is not None and node.value is not Ellipsis:
                return False
        elif not isinstance(node, _TYPE_NODES) or (
            isinstance(node, ast.BinOp) and not isinstance(node.op, ast.BitOr)
        ):
            return False
    roots = [n for n in ast.walk(tree) if isinstance(n, ast.Name)]
    return all(
        names.resolve(n.id) is not None or hasattr(typing, n.id) or hasattr(collections.abc, n.id)
        for n in roots
    )


def is_exception(text: str, names: Namespace) -> bool:
    found = names.resolve(_plain(text)) if re.fullmatch(r"[\w.]+", _plain(text)) else None
    return inspect.isclass(found) and issubclass(found, BaseException)


def _parameters(obj: Any) -> set[str] | None:
    """The names an Args section may list, or None when they cannot be known."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    star = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}
    found = set()
    for p in signature.parameters.values():
        found |= {p.name, star.get(p.kind, "") + p.name}
    return found


# --- the checks -------------------------------------------------------------------------------


def section_problems(where: str, doc: str, names: Namespace, obj: Any = None) -> Iterator[str]:
    """What napoleon would render wrongly in a function's, class's or module's docstring."""
    for section, body in sections(doc):
        if section in _RETURNS:
            found = returns_type(body)
            if found is not None and not is_type(found, names):
                yield f"{where}: {section.title()} renders {found!r} as a type"
        elif section in _FIELDS:
            params = _parameters(obj) if section != "attributes" and callable(obj) else None
            for line in entries(body):
                name, type_, colon = field(line)
                if not colon:
                    yield f"{where}: {section.title()} entry {line!r} has no ':'"
                    continue
                for one in name.split(","):
                    one = one.strip()
                    if not re.fullmatch(r"\*{0,2}[A-Za-z_]\w*", one):
                        yield f"{where}: {section.title()} renders {one!r} as a name"
                    elif params is not None and one not in params:
                        yield f"{where}: {section.title()} names {one!r}, not a parameter"
                plain_type = re.sub(r",\s*optional$", "", type_.strip())
                if type_ and not is_type(plain_type, names):
                    yield f"{where}: {section.title()} renders {type_!r} as a type"
        elif section in _RAISES:
            for line in entries(body):
                before, _, _ = partition_on_colon(line)
                if not is_exception(before, names):
                    yield f"{where}: Raises renders {before!r} as an exception"


def attribute_problems(where: str, doc: str, names: Namespace) -> Iterator[str]:
    """What napoleon would render wrongly in a property's or attribute's docstring."""
    found = inline_attribute_type(doc)
    if found is not None and not is_type(found, names):
        yield f"{where}: the first line renders {found!r} as a type"


# --- the walk ---------------------------------------------------------------------------------


def _module_names() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(beatkit.__path__, "beatkit.")
        if not info.name.endswith("__main__")
    )


def _namespace(module: ModuleType, tree: ast.Module) -> Namespace:
    imported: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imported[(alias.asname or alias.name).split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return Namespace(module, imported)


def _attribute_docstrings(tree: ast.Module, source: str) -> Iterator[tuple[str, str]]:
    """``(qualified name, docstring)`` of each attribute documented in the source.

    autodoc takes an attribute's documentation from a string right after its assignment
    or from ``#:`` comments right above it; names starting with ``_`` are not rendered.
    """
    lines = source.splitlines()

    def walk(body: list[ast.stmt], prefix: str, self_: str = "") -> Iterator[tuple[str, str]]:
        for node, following in zip(body, [*body[1:], None], strict=False):
            if isinstance(node, ast.ClassDef):
                yield from walk(node.body, f"{prefix}{node.name}.")
                continue
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                # ``self.name = ...`` in a method, documented like a class attribute.
                if prefix and node.args.args:
                    yield from walk(node.body, prefix, node.args.args[0].arg)
                continue
            if isinstance(node, ast.If | ast.With | ast.AsyncWith | ast.Try):
                yield from walk(node.body, prefix, self_)
                continue
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign):
                targets = [node.target]
            if self_:
                names = [
                    t.attr
                    for t in targets
                    if isinstance(t, ast.Attribute)
                    and isinstance(t.value, ast.Name)
                    and t.value.id == self_
                    and t.attr[0] != "_"
                ]
            else:
                names = [t.id for t in targets if isinstance(t, ast.Name) and t.id[0] != "_"]
            if not names:
                continue
            if (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                yield f"{prefix}{names[0]}", inspect.cleandoc(following.value.value)
            comments: list[str] = []
            row = node.lineno - 2
            while row >= 0 and lines[row].lstrip().startswith("#:"):
                comments.insert(0, lines[row].lstrip()[2:].strip())
                row -= 1
            if comments:
                yield f"{prefix}{names[0]}", "\n".join(comments)

    yield from walk(tree.body, "")


def _members(cls: type) -> Iterator[tuple[str, Any]]:
    for name, value in vars(cls).items():
        if name.startswith("_") and name not in ("__init__", "__call__"):
            continue
        if isinstance(value, staticmethod | classmethod):
            value = value.__func__
        yield name, value


@dataclass
class Docstring:
    where: str
    doc: str
    names: Namespace
    obj: Any
    attribute: bool  # a property or an attribute: the first line may be "type: text"


def documented() -> Iterator[Docstring]:
    """Every docstring of every beatkit module that autodoc could render."""
    seen: set[int] = set()
    for module_name in _module_names():
        module = importlib.import_module(module_name)
        source = Path(inspect.getfile(module)).read_text("utf-8")
        tree = ast.parse(source)
        names = _namespace(module, tree)
        short = module_name.removeprefix("beatkit.")
        if module.__doc__:
            yield Docstring(short, inspect.cleandoc(module.__doc__), names, None, False)
        for where, doc in _attribute_docstrings(tree, source):
            yield Docstring(f"{short}.{where}", doc, names, None, True)
        for name, value in vars(module).items():
            if getattr(value, "__module__", None) != module_name or id(value) in seen:
                continue
            seen.add(id(value))
            # A private class's public members still render through :inherited-members:.
            if not name.startswith("_") and isinstance(getattr(value, "__doc__", None), str):
                yield Docstring(
                    f"{short}.{name}", inspect.cleandoc(value.__doc__), names, value, False
                )
            if not inspect.isclass(value):
                continue
            for member, item in _members(value):
                is_property = isinstance(item, property)
                func = item.fget if is_property else item
                doc = getattr(func, "__doc__", None)
                if not isinstance(doc, str) or id(func) in seen:
                    continue
                seen.add(id(func))
                if not is_property and not callable(func):
                    continue
                obj = value if member == "__init__" else func
                yield Docstring(
                    f"{short}.{name}.{member}", inspect.cleandoc(doc), names, obj, is_property
                )


def problems(docstring: Docstring) -> Iterator[str]:
    if docstring.attribute:
        yield from attribute_problems(docstring.where, docstring.doc, docstring.names)
    # A property's docstring may carry sections too (a Raises of its getter).
    yield from section_problems(docstring.where, docstring.doc, docstring.names, docstring.obj)


@functools.cache
def all_docstrings() -> list[Docstring]:
    # Walked once, when a test first asks (not at collection).
    return list(documented())


def test_the_walk_finds_the_reference() -> None:
    wheres = {d.where for d in all_docstrings()}
    assert len(all_docstrings()) > 1500
    assert "auth._manager._TokenAuth.hosts" in wheres  # a private base's property
    assert "beattech._async.streams.AsyncStreams.online" in wheres
    assert "testing._crud.Collection.view" in wheres  # an attribute's docstring
    assert "testing.beattech._base.Base.users" in wheres  # a self.users docstring
    assert "auth.pkce.VERIFIER_ALPHABET" in wheres  # a #: comment


def test_no_docstring_renders_a_sentence_as_a_type_name_or_exception() -> None:
    found = [p for d in all_docstrings() for p in problems(d)]
    assert found == [], "\n".join(found)


# --- the checks see what they are for ---------------------------------------------------------

_HERE = Namespace(
    importlib.import_module(__name__), {"httpx": "httpx", "Token": "beatkit.auth.token.Token"}
)


@pytest.mark.parametrize(
    ("first_line", "wrong"),
    [
        ("The stream: its URL and type.", True),
        ("``True``: the record is always kept.", True),
        ("The features (one request: the page pages nothing here).", True),
        ("Something: more text", True),
        ("``(body, headers)``: the bytes and the headers.", True),
        ("The stream, with its URL (not in its ``repr``) and type.", False),
        ("``{1: 'a'}`` when found.", False),
        ("dict: the body.", False),
        ("list[Token] | None: the tokens.", False),
        (":class:`~beatkit.auth.Token`: the token.", False),
        ("httpx.Response: the answer.", False),
    ],
)
def test_a_returns_line_is_judged_as_napoleon_splits_it(first_line: str, wrong: bool) -> None:
    doc = f"Do it.\n\nReturns:\n    {first_line}\n    More.\n"
    assert bool(list(section_problems("f", doc, _HERE))) is wrong
    yields = doc.replace("Returns:", "Yields:")
    assert bool(list(section_problems("f", yields, _HERE))) is wrong


@pytest.mark.parametrize(
    ("first_line", "wrong"),
    [
        ("Where the token is sent (lower case): host names.", True),
        ("``view(fake, record)``: what a read shows.", True),
        ("The records: ``fake.<name>``.", True),
        ("The current token, or ``None``.", False),
        ("The hosts, in this order:", False),  # nothing after the colon: no type
        ("int: The count.", False),
    ],
)
def test_an_attribute_line_is_judged_as_napoleon_splits_it(first_line: str, wrong: bool) -> None:
    assert bool(list(attribute_problems("a", f"{first_line}\nMore.", _HERE))) is wrong


def test_args_and_raises_entries_are_checked() -> None:
    def fetch(track_id: int, *, limit: int = 5, **extra: object) -> int:
        """Fetch.

        Args:
            track_id (int): The track:
                its id.
            limit (the most): How many.
            the rest of a sentence wrapped badly: Oops.
            id: Stale.
            **extra: More.

        Raises:
            ValueError: Bad input.
            beatkit.errors.NotFoundError: Gone.
            httpx.HTTPError: Transport.
            When it fails: Never.
            beatkit.errors.NoSuchError: Stale.
        """
        return track_id

    assert list(section_problems("fetch", inspect.cleandoc(fetch.__doc__ or ""), _HERE, fetch)) == [
        "fetch: Args renders 'the most' as a type",
        "fetch: Args renders 'the rest of a sentence wrapped badly' as a name",
        "fetch: Args names 'id', not a parameter",
        "fetch: Raises renders 'When it fails' as an exception",
        "fetch: Raises renders 'beatkit.errors.NoSuchError' as an exception",
    ]


# --- the copy is napoleon's rule --------------------------------------------------------------


def _napoleon_types(doc: str, what: str) -> list[str]:
    """The types napoleon itself renders for a docstring (``:rtype:``, ``:type:``...)."""
    napoleon = pytest.importorskip("sphinx.ext.napoleon")
    config = napoleon.Config(napoleon_use_rtype=True, napoleon_use_param=True)
    parsed = str(
        napoleon.docstring.GoogleDocstring(doc, config, what=what, name="x" if what else "")
    )
    return re.findall(r"^\s*:(?:rtype|type):\s*(.*)$|^\s*:raises (\S+?):", parsed, re.M)


def test_the_copied_rules_are_napoleons() -> None:
    # On every real docstring, napoleon's own reading gives the types the copy finds.
    pytest.importorskip("sphinx.ext.napoleon")
    checked = 0
    for d in all_docstrings():
        what = "property" if d.attribute else "function"
        found = [t or r for t, r in _napoleon_types(d.doc, what)]
        mine: list[str] = []
        if d.attribute and (attribute_type := inline_attribute_type(d.doc)) is not None:
            mine.append(attribute_type)
        elif not d.attribute:
            for section, body in sections(d.doc):
                if section in _RETURNS and section.startswith("return"):
                    mine += [t for t in [returns_type(body)] if t]
                elif section in _FIELDS and section != "attributes":
                    mine += [field(line)[1] for line in entries(body) if field(line)[1]]
                elif section in _RAISES:
                    mine += [partition_on_colon(line)[0] for line in entries(body)]
        if not mine and not found:
            continue
        checked += 1
        assert sorted(_plain(t) for t in found) == sorted(_plain(t) for t in mine), d.where
    assert checked > 100
