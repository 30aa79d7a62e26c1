"""The recipe of ``docs/testing.md`` for writing a fake runs as a reader copies it.

``test_docs_examples_run`` runs the page with the names its prose leaves to the reader
bound; this section's ``SPEC`` was bound to a ``ServiceSpec`` from the private
``beatkit._core.http``, which a reader has no public way to make (``operations`` takes
parsed operations, not ``"GET /things/{id}"`` text: it failed with ``AttributeError:
'str' object has no attribute 'method'``). Here each block of the section runs alone,
with nothing bound, and each fake it defines answers a request of its own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from beatkit.testing import FakeService

PAGE = Path(__file__).resolve().parent.parent / "docs" / "testing.md"
SECTION = "## Writing a fake for another service"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def section_blocks() -> list[str]:
    text = PAGE.read_text()
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return BLOCK.findall(text[start : end if end != -1 else None])


def test_the_section_has_examples() -> None:
    assert section_blocks()


def test_each_block_runs_with_nothing_bound() -> None:
    for source in section_blocks():
        namespace: dict[str, Any] = {"__name__": "reader"}
        exec(compile(source, str(PAGE), "exec"), namespace)  # noqa: S102 - the page's own code
        fakes = [
            value
            for value in namespace.values()
            if isinstance(value, type) and issubclass(value, FakeService)
        ]
        fakes.remove(FakeService)  # imported by the block
        assert fakes, source
        for cls in fakes:
            fake = cls()
            assert fake.routes, f"{cls.__name__} answers nothing"
            route = fake.routes[0]
            path = re.sub(r"\{[^}]+\}", "7", route.template)
            with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
                answer = http.request(route.method, path)
            assert answer.status_code < 400, (cls.__name__, route.template, answer.text)
