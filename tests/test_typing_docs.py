"""The README's and the docs' Python examples, type-checked as a user's ``mypy --strict`` would.

``test_docs_snippets.py`` binds each example's calls to the real signatures; this
module checks the types: a result used as if it could not be ``None``, a ``list``
passed where a ``Sequence`` was declared, a union used without narrowing, a pytest
example whose fixtures are not annotated. Each ```` ```python ```` block becomes one
module. The examples are fragments, so each is preceded by what a reader carries over
from the earlier blocks of its page (their imports, and the clients and fakes they
bound to a name), and a name that no block defines (``CLIENT_ID``, ``password``)
stays unchecked (``name-defined`` is off). A block with a top-level ``await``
(a notebook cell) is wrapped in an ``async def``.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md"] + [
    page for page in sorted((ROOT / "docs").glob("*.md")) if page.name != "changelog.md"
]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)

# Classes whose instances an example binds to a name that later blocks use.
CLIENTS = {
    name: f"beatkit.{name}"
    for base in ("BeatConnect", "BeatPass", "Beatport", "BeatTech")
    for name in (base, f"Async{base}")
}
FAKES = {
    name: f"beatkit.testing.{name}"
    for name in ("FakeBeatConnect", "FakeBeatPass", "FakeBeatTech", "FakeBeatport")
}
# The pytest plugin's fixtures, which examples take as parameters or use as names.
FIXTURES = {
    "beatconnect_fake": "beatkit.testing.FakeBeatConnect",
    "beatport_fake": "beatkit.testing.FakeBeatport",
    "beatpass_fake": "beatkit.testing.FakeBeatPass",
    "beattech_fake": "beatkit.testing.FakeBeatTech",
}
# Names a page uses without binding them in any block, because the prose says what
# they are (kept in step with test_docs_snippets.DEFAULT_VARIABLES).
DEFAULT_VARIABLES = {"docs/concepts.md": {"bc": "beatkit.BeatConnect"}}

# Third-party packages an example imports that are not installed with beatkit's extras:
# they are Any here, so their decorators (``@app.post``) are untyped too.
# flask: not installed; authlib: no stubs, as in the project's own mypy overrides
# (beatkit is checked from this checkout, so its imports are checked too).
UNTYPED_IMPORTS = ["flask", "authlib"]


@dataclass(frozen=True)
class Example:
    """One block as a module: where it came from and the code mypy checks.

    Attributes:
        page: The page's path relative to the repository root.
        line: The page's line of the block's first line of code.
        first: The module's line that holds the block's first line of code.
        module: The module's code.
    """

    page: str
    line: int
    first: int
    module: str

    def page_line(self, module_line: int) -> int:
        """The page's line for a line of the module (the preamble maps to the block's start)."""
        return self.line + max(0, module_line - self.first)


def bound_names(tree: ast.AST) -> set[str]:
    """Every name a block binds: assignments, loop and ``with`` targets, defs, imports."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def instance_bindings(tree: ast.Module, known: dict[str, str]) -> dict[str, str]:
    """Names a block binds to a client or fake: ``v = X(...)``, ``[async] with X(...) as v``.

    ``v = w`` binds ``v`` to the class ``w`` is known to hold.
    """
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        pairs: list[tuple[ast.expr | None, ast.expr]] = []
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            pairs.append((node.targets[0], node.value))
        elif isinstance(node, ast.With | ast.AsyncWith):
            pairs.extend((item.optional_vars, item.context_expr) for item in node.items)
        for target, value in pairs:
            if not isinstance(target, ast.Name):
                continue
            if isinstance(value, ast.Name) and value.id in known:
                bound[target.id] = known[value.id]
            elif isinstance(value, ast.Call):
                func = value.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in CLIENTS:
                    bound[target.id] = CLIENTS[name]
                elif name in FAKES:
                    bound[target.id] = FAKES[name]
    return bound


def has_top_level_await(tree: ast.Module) -> bool:
    """Whether an ``await``, ``async for`` or ``async with`` sits outside any function."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if isinstance(node, ast.Await | ast.AsyncFor | ast.AsyncWith):
            return True
        stack.extend(ast.iter_child_nodes(node))
    return False


def examples_of(page: Path) -> list[Example]:
    """The page's blocks as modules, each with what the earlier blocks carry over."""
    relative = str(page.relative_to(ROOT))
    text = page.read_text()
    imports: list[tuple[set[str], str]] = []  # (names an import binds, its source)
    instances: dict[str, str] = {**FIXTURES, **DEFAULT_VARIABLES.get(relative, {})}
    examples = []
    for match in BLOCK.finditer(text):
        source = match[1]
        tree = ast.parse(source)
        own = bound_names(tree)
        preamble = ["import beatkit", "import beatkit.testing"]
        preamble += [line for names, line in imports if not names & own]
        preamble += [
            f"{name}: {cls}"
            for name, cls in instances.items()
            if name not in own and name in source
        ]
        if has_top_level_await(tree):
            preamble.append("async def _cell() -> None:")
            source = textwrap.indent(source, "    ")
        line = text.count("\n", 0, match.start(1)) + 1
        module = "\n".join(preamble) + "\n" + source
        examples.append(Example(relative, line, len(preamble) + 1, module))
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                imports.append((bound_names(node), ast.unparse(node)))
        instances.update(instance_bindings(tree, instances))
    return examples


ALL_EXAMPLES = [example for page in PAGES for example in examples_of(page)]
ERROR = re.compile(
    r"^(?:.*/)?(?P<module>ex_\d+)\.py:(?P<line>\d+): (?P<rest>error: .*)$", re.MULTILINE
)


def test_the_examples_type_check_under_mypy_strict(tmp_path: Path) -> None:
    for number, example in enumerate(ALL_EXAMPLES):
        (tmp_path / f"ex_{number:03d}.py").write_text(example.module)
    config = tmp_path / "mypy.ini"
    config.write_text(
        f"[mypy]\nstrict = True\npython_version = 3.11\nmypy_path = {ROOT}\n"
        + "".join(f"[mypy-{name}.*]\nignore_missing_imports = True\n" for name in UNTYPED_IMPORTS)
    )
    out, err, status = mypy_api.run(
        [
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--disable-error-code",
            "name-defined",
            "--disable-error-code",
            "untyped-decorator",
            "--no-error-summary",
            "--show-error-codes",
            "--explicit-package-bases",
            str(tmp_path),
        ]
    )
    problems = []
    for found in ERROR.finditer(out):
        example = ALL_EXAMPLES[int(found["module"][3:])]
        problems.append(f"{example.page}:{example.page_line(int(found['line']))}: {found['rest']}")
    assert status in (0, 1), err or out  # 2: mypy itself failed (a crash, a bad option)
    assert not problems, "\n".join(["examples that do not type-check:", *problems])
    assert status == 0, out


def test_the_check_sees_the_examples() -> None:
    # Guards the extraction: a broken regex would otherwise pass by checking nothing.
    assert len(ALL_EXAMPLES) >= 60
    assert sum("from beatkit" in example.module for example in ALL_EXAMPLES) >= 30
