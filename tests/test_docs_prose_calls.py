"""The calls the docs write in their prose and tables, checked against the code.

``tests/test_docs_snippets.py`` and ``tests/test_docs_examples_run.py`` check the
Python blocks. The pages also name calls outside them: the operation tables
(`` `bc.beats.list(genre=, producer=, ...)` `` with its return type `` `Pager[Beat]` ``),
inline code in sentences (`` `bp.search(types=[])` ``), and the fakes' signatures in
docs/testing.md (`` `fake.add_coupon(product_id="201", *, interval=30, ...)` ``). A
parameter renamed, a keyword that does not exist, a return type changed or a default
moved makes such a line wrong while every block still passes: these tests read them.
"""

from __future__ import annotations

import ast
import inspect
import re
import types
import typing
from pathlib import Path
from typing import Any

import pytest

import beatkit
import beatkit.testing as fakes
from tests.test_docs_snippets import CLIENT_OPTIONS, bind, chain

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = {name: getattr(beatkit, name)(**options) for name, options in CLIENT_OPTIONS.items()}
# What each page's prose calls its client and fake.
ROOTS: dict[str, dict[str, Any]] = {
    "beatconnect.md": {"bc": CLIENTS["BeatConnect"], "fake": fakes.FakeBeatConnect()},
    "beatpass.md": {"bp": CLIENTS["BeatPass"], "fake": fakes.FakeBeatPass()},
    "beatport.md": {"bp": CLIENTS["Beatport"], "fake": fakes.FakeBeatport()},
    "beattech.md": {"bt": CLIENTS["BeatTech"], "fake": fakes.FakeBeatTech()},
    "concepts.md": {"bc": CLIENTS["BeatConnect"]},
    "quickstart.md": {"bc": CLIENTS["BeatConnect"]},
}
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def prose(page: str) -> str:
    """The page without its fenced blocks (checked elsewhere), line count kept."""
    text = (ROOT / "docs" / page).read_text()
    return FENCE.sub(lambda m: "\n" * m[0].count("\n"), text)


def as_call(code: str) -> ast.expr | None:
    """An inline span as an expression, ``name=`` (a table's "this keyword") as ``name=None``."""
    code = re.sub(r"(\w+)=(?=\s*[,)])", r"\1=None", code.replace("(...)", "()"))
    try:
        return ast.parse(code, mode="eval").body
    except SyntaxError:
        return None


def resolve(roots: dict[str, Any], func: ast.expr) -> tuple[Any, str | None]:
    """``(object, None)`` for ``bt.users.get``, ``(None, why)`` when it does not resolve."""
    found = chain(func)
    if found is None or found[0] not in roots:
        return None, None
    target = roots[found[0]]
    for attribute in found[1]:
        if not hasattr(target, attribute):
            return None, f"{type(target).__name__} has no attribute {attribute!r}"
        target = getattr(target, attribute)
    return target, None


def inline_call_problems(page: str) -> tuple[list[str], int]:
    text, roots = prose(page), ROOTS[page]
    problems, checked = [], 0
    for match in INLINE.finditer(text):
        where = f"docs/{page}:{text.count(chr(10), 0, match.start()) + 1}: `{match[1]}`"
        expression = as_call(match[1])
        for node in ast.walk(expression) if expression is not None else ():
            if not isinstance(node, ast.Call):
                continue
            target, why = resolve(roots, node.func)
            if why:
                problems.append(f"{where}: {why}")
            if target is None:
                continue
            checked += 1
            problem = bind(node, target)
            # Prose shortens calls (``bt.users.get()``, ``create(name, ...)``): only the
            # names it does write must be right.
            if problem and "missing a required" not in problem and "..." not in match[1]:
                problems.append(f"{where}: {problem}")
    return problems, checked


@pytest.mark.parametrize("page", sorted(ROOTS))
def test_calls_in_the_prose_fit_the_signatures(page: str) -> None:
    problems, _ = inline_call_problems(page)
    assert not problems, "\n".join(problems)


def test_the_prose_check_sees_the_calls() -> None:
    assert sum(inline_call_problems(page)[1] for page in ROOTS) >= 250


# --- the operation tables' return types ---------------------------------------------------


def type_text(hint: Any) -> str:
    """A return annotation as the tables write it: ``Pager[Beat]``, ``list[Credit]``."""
    if hint is None or hint is type(None):
        return "None"
    origin = typing.get_origin(hint)
    if origin is None:
        return str(getattr(hint, "__name__", hint))
    arguments = ", ".join(type_text(a) for a in typing.get_args(hint))
    if origin in (typing.Union, types.UnionType):
        return arguments.replace(", ", " | ")
    return f"{getattr(origin, '__name__', origin)}[{arguments}]"


def return_hint(target: Any) -> Any:
    function = target if inspect.ismethod(target) else type(target).__call__
    return typing.get_type_hints(function)["return"]


def table_rows(page: str) -> list[tuple[str, list[ast.Call], list[str]]]:
    """``(where, calls, return types)`` of each row whose last cell names types."""
    rows = []
    for number, line in enumerate((ROOT / "docs" / page).read_text().splitlines(), 1):
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        calls, resource = [], ""
        for span in INLINE.findall(cells[1]):
            if span.startswith(".") and resource:  # `.update(album_id, ...)`: the same resource
                span = resource + span
            expression = as_call(span)
            if isinstance(expression, ast.Call):
                calls.append(expression)
                resource = ast.unparse(expression.func).rpartition(".")[0]
        rows.append((f"docs/{page}:{number}", calls, INLINE.findall(cells[-1])))
    return rows


@pytest.mark.parametrize("page", ["beatconnect.md", "beatpass.md"])
def test_the_operation_tables_return_what_the_methods_do(page: str) -> None:
    problems, checked = [], 0
    for where, calls, said_types in table_rows(page):
        # One type for all the row's calls, or one per call; else ("pagers") prose.
        if len(said_types) not in (1, len(calls)):
            continue
        for call, said in zip(calls, said_types * (len(calls) // len(said_types)), strict=True):
            target, why = resolve(ROOTS[page], call.func)
            if target is None:
                problems.append(f"{where}: {ast.unparse(call.func)}: {why}")
                continue
            checked += 1
            actual = type_text(return_hint(target))
            if actual != said:
                problems.append(f"{where}: {ast.unparse(call.func)} returns {actual}, not {said}")
    assert not problems, "\n".join(problems)
    assert checked >= (9 if page == "beatconnect.md" else 90)


# --- docs/testing.md's signatures of the fakes --------------------------------------------

SIGNATURE = re.compile(r"`((?:fake\.)?(?:Fake\w+|\w+))\(([^`]*)\)`")


def fake_signatures() -> list[tuple[str, str, Any, str]]:
    """``(where, name, object, written parameters)`` of each fake signature of testing.md."""
    text = prose("testing.md")
    classes = [fakes.FakeBeatTech, fakes.FakeBeatConnect, fakes.FakeBeatPass, fakes.FakeBeatport]
    found = []
    for match in SIGNATURE.finditer(text.replace("\n", " ")):
        name, written = match[1], match[2]
        if name.startswith("Fake"):
            target = getattr(fakes, name, None)
        else:
            method = name.removeprefix("fake.")
            owner = next((c for c in classes if hasattr(c, method)), None)
            target = getattr(owner, method, None) if owner else None
            if target is None and not name.startswith("fake."):
                continue  # a plain function named in passing (``serve()``)
        if written.strip() in ("", "...") or (target is None and name.startswith("Fake")):
            continue
        where = f"docs/testing.md:{text.count(chr(10), 0, match.start()) + 1}"
        found.append((where, name, target, written))
    return found


def signature_problems(name: str, target: Any, written: str) -> list[str]:
    if target is None:
        return [f"{name}: no such method on any fake"]
    try:
        parsed = ast.parse(f"def f({written.replace('...', 'None')}): pass").body[0]
    except SyntaxError:
        return []  # a call with values (``add_client("integration", ...)``): not a signature
    assert isinstance(parsed, ast.FunctionDef)
    args = parsed.args
    shown = [(a.arg, "positional") for a in args.args] + [
        (a.arg, "keyword") for a in args.kwonlyargs
    ]
    real = [
        (p.name, "keyword" if p.kind is p.KEYWORD_ONLY else "positional")
        for p in inspect.signature(target).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    if args.vararg is None and args.kwarg is None and shown != real[: len(shown)]:
        return [f"{name}: the page shows {shown}, the code has {real}"]
    problems = []
    defaults = dict(
        zip(
            [a.arg for a in args.args][len(args.args) - len(args.defaults) :],
            args.defaults,
            strict=True,
        )
    )
    defaults |= {
        a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None
    }
    parameters = inspect.signature(target).parameters
    for parameter, node in defaults.items():
        try:
            value = ast.literal_eval(node)
        except ValueError:
            continue  # ``clock=time.time``: an expression, not checked
        if value is None and f"{parameter}=..." in written:
            continue  # "a default the page does not spell out"
        actual = parameters[parameter].default
        if actual is inspect.Parameter.empty or actual != value:
            problems.append(f"{name}: {parameter} defaults to {actual!r}, the page says {value!r}")
    return problems


def test_the_fakes_signatures_in_testing_md_are_the_codes() -> None:
    found = fake_signatures()
    assert len(found) >= 25
    problems = [f"{w}: {p}" for w, n, t, s in found for p in signature_problems(n, t, s)]
    assert not problems, "\n".join(problems)


def test_a_signature_that_drifted_is_seen() -> None:
    def add_coupon(product_id: str = "201", *, interval: int = 30) -> None: ...

    assert signature_problems("add_coupon", add_coupon, 'product_id="201", *, interval=30') == []
    assert signature_problems("add_coupon", add_coupon, 'product_id="202", *, interval=30') == [
        "add_coupon: product_id defaults to '201', the page says '202'"
    ]
    assert signature_problems("add_coupon", add_coupon, "product_id, interval=30") == [
        "add_coupon: the page shows [('product_id', 'positional'), ('interval', 'positional')], "
        "the code has [('product_id', 'positional'), ('interval', 'keyword')]"
    ]


# --- docs/beattech.md's operations table: the call column ---------------------------------

BEATTECH_ROW = re.compile(r"^\| `([a-z_.]+)` \| `[A-Z]+ [^`]+`[^|]* \| [a-z]+ \| (.*)\|$", re.M)


def test_each_beattech_operation_is_made_by_the_call_the_table_names() -> None:
    # tests/beattech/test_wire.py checks the table's request and access columns; here
    # the call column: the method it names (on the async client, whose source the
    # sync one is generated from) sends that operation, its body naming the PATHS key.
    from tests.beattech.test_docstrings import methods_by_key

    senders = {
        key: {where.split(":")[1] for where, _ in found} for key, found in methods_by_key().items()
    }
    bt = beatkit.AsyncBeatTech(**CLIENT_OPTIONS["BeatTech"])
    problems, checked = [], 0
    for row in BEATTECH_ROW.finditer((ROOT / "docs" / "beattech.md").read_text()):
        key = row[1]
        for call in re.findall(r"`bt\.((?:\w+\.)*\w+)\(", row[2]):
            *path, name = call.split(".")
            resource = bt
            for attribute in path:
                resource = getattr(resource, attribute)
            method = getattr(type(resource), name).__qualname__
            checked += 1
            if method not in senders.get(key, set()):
                problems.append(f"{key}: bt.{call}() is {method}, which does not send it")
    assert not problems, "\n".join(problems)
    assert checked >= 136  # every row but auth.token, whose cell is `bt.auth.login*()`


# --- the BeatConnect and BeatPass tables: the API column ----------------------------------


def sent_keys(package: str, paths: typing.Mapping[str, str]) -> dict[str, set[str]]:
    """``{"AsyncTracks.get": {"tracks.get"}}``: the PATHS keys each async method names."""
    found: dict[str, set[str]] = {}
    for source in sorted((ROOT / "beatkit" / package / "_async").glob("*.py")):
        tree = ast.parse(source.read_text("utf-8"))
        for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
            for method in cls.body:
                if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(method):
                    if isinstance(node, ast.Constant) and node.value in paths:
                        found.setdefault(f"{cls.name}.{method.name}", set()).add(node.value)
    return found


def placeholders_blank(route: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", route.partition("?")[0])


@pytest.mark.parametrize(
    ("page", "package", "client"),
    [("beatconnect.md", "beatconnect", "BeatConnect"), ("beatpass.md", "beatpass", "BeatPass")],
)
def test_each_table_row_calls_the_api_it_names(page: str, package: str, client: str) -> None:
    # A row "`GET /tracks/{track}` | `bp.tracks.get(...)`" says that method sends that
    # request: the method's body names the PATHS key of that route. Rows that name
    # several routes or shorten one (`DELETE /albums...`) are prose, not checked.
    import importlib

    paths = importlib.import_module(f"beatkit.{package}.wire").PATHS
    by_route = {placeholders_blank(route): key for key, route in paths.items()}
    senders = sent_keys(package, paths)
    root = getattr(beatkit, f"Async{client}")(**CLIENT_OPTIONS[client])
    variable = next(iter(ROOTS[page]))
    problems, checked = [], 0
    for number, line in enumerate((ROOT / "docs" / page).read_text().splitlines(), 1):
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        routes = re.findall(r"`([A-Z]+ /[^`]+)`", cells[0])
        calls = re.findall(rf"`{variable}\.((?:\w+\.)*\w+)\(", cells[1])
        shortened = "..." in cells[0] or "[" in cells[0] or "`, `" in cells[0]
        if len(routes) != 1 or len(calls) != 1 or shortened:
            continue
        *path, name = calls[0].split(".")
        resource = root
        for attribute in path:
            resource = getattr(resource, attribute)
        function = getattr(type(resource), name, None)
        method = (
            function.__qualname__
            if function
            else f"{type(getattr(resource, name)).__name__}.__call__"
        )
        key = by_route.get(placeholders_blank(routes[0]))
        checked += 1
        if key is None or key not in senders.get(method, set()):
            problems.append(f"docs/{page}:{number}: {routes[0]} is {key}, not sent by {method}")
    assert not problems, "\n".join(problems)
    assert checked >= (9 if page == "beatconnect.md" else 50)
