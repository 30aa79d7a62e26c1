"""A small OpenAPI 3.0 checker for the BeatPass conformance tests.

``tests/fixtures/beatpass/openapi.json`` is a verbatim copy of the vendor's OpenAPI file
(``shared/specs/beatpass-openapi.json``). This module finds the operation a request
went to, and checks a request's path, query and body, or a response's body, against
that operation's schemas. It knows the keywords the file uses: ``type``, ``format``
(``int64``, ``date``, ``binary``), ``nullable``, ``enum``, ``maxLength``,
``properties``, ``required``, ``items``, ``allOf`` and ``$ref``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import httpx

SPEC_FILE = Path(__file__).parent.parent / "fixtures" / "beatpass" / "openapi.json"
BASE_PATH = "/api/v1"
METHODS = ("get", "post", "put", "delete", "patch")
INT64 = (-(2**63), 2**63 - 1)


@cache
def document() -> Mapping[str, Any]:
    """The OpenAPI document."""
    loaded: Mapping[str, Any] = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    return loaded


def operations() -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """Every ``(METHOD, path template, operation)`` of the document."""
    for template, item in document()["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield method.upper(), template, op


def shape(template: str) -> str:
    """A path template with its parameter names dropped: ``/tracks/{}``."""
    return re.sub(r"\{[^}]+\}", "{}", template)


def find(method: str, template: str) -> tuple[str, Mapping[str, Any]] | None:
    """The OpenAPI ``(template, operation)`` with ``template``'s method and shape."""
    for m, t, op in operations():
        if m == method and shape(t) == shape(template):
            return t, op
    return None


def resolve(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$ref`` followed and its ``allOf`` merged into one object."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        merged = resolve(document()["components"]["schemas"][name])
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        return {**merged, **rest}
    out = dict(schema)
    if "allOf" in out:
        parts = [resolve(part) for part in out.pop("allOf")]
        properties: dict[str, Any] = {}
        required: list[str] = []
        for part in parts:
            properties.update(part.get("properties", {}))
            required += part.get("required", [])
        out.setdefault("type", "object")
        out["properties"] = {**properties, **out.get("properties", {})}
        if required:
            out["required"] = required
    return out


def _is_date(value: str) -> bool:
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def check(
    schema: Mapping[str, Any], value: Any, where: str = "$", *, closed: bool = False
) -> list[str]:
    """What is wrong with ``value`` against ``schema`` (empty when it conforms).

    Args:
        schema: An OpenAPI schema object.
        value: A decoded JSON value.
        where: The value's place, for the messages.
        closed: Also report an object key the schema does not declare (for what the
            client sends: a key the API does not document).
    """
    s = resolve(schema)
    if value is None:
        return [] if s.get("nullable") or not s else [f"{where}: null, not nullable"]
    problems: list[str] = []
    kind = s.get("type")
    ok = {
        None: True,
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
    }[kind]
    if not ok:
        return [f"{where}: {type(value).__name__} {value!r:.60}, not {kind}"]
    if "enum" in s and value not in s["enum"]:
        problems.append(f"{where}: {value!r} not in {s['enum']}")
    fmt = s.get("format")
    if fmt == "int64" and isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
        problems.append(f"{where}: {value} outside int64")
    if fmt == "date" and isinstance(value, str) and not _is_date(value):
        problems.append(f"{where}: {value!r} not a date")
    if "maxLength" in s and isinstance(value, str) and len(value) > s["maxLength"]:
        problems.append(f"{where}: longer than {s['maxLength']}")
    if kind == "array" and "items" in s:
        for i, item in enumerate(value):
            problems += check(s["items"], item, f"{where}[{i}]", closed=closed)
    if isinstance(value, dict):
        properties = s.get("properties", {})
        for key in s.get("required", []):
            if key not in value:
                problems.append(f"{where}: required {key!r} missing")
        for key, item in value.items():
            if key in properties:
                problems += check(properties[key], item, f"{where}.{key}", closed=closed)
            elif closed and properties:
                problems.append(f"{where}: {key!r} not declared")
    return problems


def _query_value(schema: Mapping[str, Any], text: str) -> bool:
    """Whether the query text ``text`` is a value of ``schema``."""
    kind = resolve(schema).get("type")
    if kind == "integer":
        return re.fullmatch(r"-?[0-9]+", text) is not None
    if kind == "number":
        return re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text) is not None
    if kind == "boolean":
        return text in ("0", "1", "true", "false")
    return True


def check_request(request: httpx.Request, template: str, op: Mapping[str, Any]) -> list[str]:
    """What in ``request`` the OpenAPI operation ``op`` at ``template`` does not allow."""
    problems: list[str] = []
    params = list(op.get("parameters", [])) + list(
        document()["paths"][template].get("parameters", [])
    )
    # The raw path: an escaped "/" inside a value stays inside its segment.
    path = request.url.raw_path.decode("ascii").split("?")[0].removeprefix(BASE_PATH)
    pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template)) + "$"
    found = re.match(pattern, path)
    if found is None:
        return [f"path {path} does not fit {template}"]
    in_path = [p for p in params if p["in"] == "path"]
    for param, text in zip(in_path, found.groups(), strict=False):
        if not _query_value(param.get("schema", {}), text):
            problems.append(f"path parameter {param['name']}={text!r} not {param['schema']}")
    declared = {p["name"]: p for p in params if p["in"] == "query"}
    for name, text in request.url.params.multi_items():
        if name not in declared:
            problems.append(f"query {name!r} not declared")
        elif not _query_value(declared[name].get("schema", {}), text):
            problems.append(f"query {name}={text!r} not {declared[name]['schema']}")
    for name, param in declared.items():
        if param.get("required") and name not in request.url.params:
            problems.append(f"required query {name!r} missing")
    content = request.content
    body = op.get("requestBody")
    if body is None:
        if content:
            problems.append(f"a body sent, none declared: {content[:80]!r}")
        return problems
    media = body.get("content", {})
    sent_type = request.headers.get("content-type", "").split(";")[0].strip()
    if not content:
        if body.get("required"):
            problems.append("required body missing")
        return problems
    if sent_type not in media:
        problems.append(f"content type {sent_type!r}, not one of {list(media)}")
        return problems
    if sent_type == "application/json":
        problems += check(media[sent_type]["schema"], json.loads(content), "body", closed=True)
    return problems


def response_schema(op: Mapping[str, Any], status: int) -> tuple[str, Mapping[str, Any]] | None:
    """The documented ``(media type, schema)`` of ``op``'s answer with ``status``."""
    answer = op.get("responses", {}).get(str(status))
    if answer is None or "content" not in answer:
        return None
    media, entry = next(iter(answer["content"].items()))
    return media, entry.get("schema", {})


def instance(schema: Mapping[str, Any], depth: int = 0, *, nulls: bool = False) -> Any:
    """A value of ``schema``, from its ``example``s where it gives them.

    Every documented property is present (an array has one item), so a decoder meets
    each field the file names; an object with no properties is ``{}``. An envelope's
    ``status`` with no example is ``"success"``, as every example of it is. With
    ``nulls``, every ``nullable`` property is ``null`` instead.
    """
    assert depth < 12, "a schema that refers to itself"
    s = resolve(schema)
    if nulls and s.get("nullable"):
        return None
    if "example" in s:
        return s["example"]
    kind = s.get("type")
    if kind == "object" or "properties" in s:
        return {
            k: "success"
            if k == "status" and "example" not in v
            else instance(v, depth + 1, nulls=nulls)
            for k, v in s.get("properties", {}).items()
        }
    if kind == "array":
        return [instance(s.get("items", {}), depth + 1, nulls=nulls)]
    if s.get("format") == "date":
        return "2024-01-01"
    return {"integer": 7, "number": 1.5, "string": "text", "boolean": True}.get(str(kind))
