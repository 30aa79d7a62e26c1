"""The lists of redacted names the docs give are the lists the code masks.

docs/auth.md's "What is redacted" names every key whose value is masked in a body and
every secret query parameter of a URL; docs/beattech.md names Beat Technology's own
secret fields (masked where a server quotes them back) and its personal fields. A key
added to the code and not to the page, or the other way round, tells a reader that a
value is safe (or exposed) when it is not.
"""

from __future__ import annotations

import re
from pathlib import Path

from beatkit._core.redact import SECRET_KEYS, SECRET_PARAMS
from beatkit.beattech.wire import SPEC

DOCS = Path(__file__).resolve().parent.parent / "docs"
AUTH = (DOCS / "auth.md").read_text()
SECTION = AUTH[AUTH.index("### What is redacted") : AUTH.index("## Single-flight refresh")]


def names(text: str) -> set[str]:
    return set(re.findall(r"`([a-z][a-z0-9_-]*)`", text))


def test_the_keys_masked_in_bodies_are_the_pages() -> None:
    listed = SECTION[SECTION.index("JSON quoted inside text:") : SECTION.index("(the header")]
    assert names(listed) == set(SECRET_KEYS)


def test_the_secret_query_parameters_are_the_pages() -> None:
    # "the keys above and `code`, `confirmation_code`, ...": the keys, plus these.
    start = SECTION.index("the values of secret query and fragment parameters")
    listed = SECTION[start : SECTION.index("spelling, as in a JSON body", start)]
    assert names(listed) | set(SECRET_KEYS) == set(SECRET_PARAMS)


def test_beat_technologys_secret_and_personal_fields_are_the_pages() -> None:
    beattech = (DOCS / "beattech.md").read_text()
    secret = re.search(r"Beat Technology's (`\w+`, `\w+` and `\w+`): reset", AUTH)
    assert secret is not None
    assert names(secret[1]) == set(SPEC.secret_fields)
    personal = re.search(r"shows the values of fields named ([^.]*?) as\n?\s*`REDACTED`", beattech)
    assert personal is not None
    assert names(personal[1]) == set(SPEC.personal_fields)
