"""The Python examples of the docs pages, run against the bundled fakes.

``tests/test_docs_snippets.py`` checks every block's calls against the signatures,
type-checks every block and runs the README's tour. This module runs the blocks of
``docs/*.md`` too, the way a reader would: one page's blocks in order in one session
(a name one block binds is there for the next), in a fresh directory, with every HTTP
client they make (beatkit's own or a plain ``httpx`` one) answered by the fake of the
host it calls, and the credentials and values the prose leaves to the reader
(``CLIENT_ID``, ``token_from_the_mail``, a stream URL) bound to ones the fakes accept.
A request to a host no fake serves fails the block, so nothing here reaches the
network.

A block that cannot run offline is listed in ``CANNOT_RUN`` with the reason; every
other block must run as written. What a reader does between the blocks is spelled out
here: ``BEFORE`` a block (log in as an editor for the editorial section), ``BETWEEN``
two lines (confirm a card in the browser), ``LATE`` (a value the block's own earlier
line made, such as the mailed sign-up token) and ``AFTER`` the page (what the prose
says the examples did: the stream decrypts to the track, a confirm answers ``True``).

The blocks that are whole pytest modules are saved and run by
``test_docs_snippets.test_the_test_examples_pass_as_written``; here they are only
executed (defining their tests).
"""

from __future__ import annotations

import ast
import asyncio
import builtins
import getpass
import re
import textwrap
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

import beatkit
import beatkit.testing
from beatkit.hls import encrypt_segment
from tests.test_docs_snippets import bound_names

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
# README.md is run by test_docs_snippets (its tour); changelog.md only includes CHANGELOG.md.
PAGES = sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "changelog.md")

# Blocks that cannot run here, by page and a line of the block, with the reason. Their
# calls are still bound to the signatures and type-checked by test_docs_snippets.
CANNOT_RUN: dict[tuple[str, str], str] = {
    ("beatconnect-webhooks.md", "app = Flask(__name__)"): (
        "the reader's Flask app: flask is no dependency of beatkit or of its tests"
    ),
    ("beatconnect-webhooks.md", "from flask.testing import FlaskClient"): (
        "a test of the reader's own Flask app, through its FlaskClient (flask is not installed)"
    ),
}


@dataclass(frozen=True)
class Block:
    """One ```` ```python ```` block of a page."""

    page: str
    line: int
    source: str

    def where(self) -> str:
        return f"docs/{self.page}:{self.line}"

    def cannot_run(self) -> str | None:
        """Why the block is not run, or None."""
        for (page, marker), reason in CANNOT_RUN.items():
            if page == self.page and marker in self.source:
                return reason
        return None


def blocks_of(page: Path) -> list[Block]:
    text = page.read_text()
    return [
        Block(page.name, text.count("\n", 0, match.start(1)) + 1, match[1])
        for match in BLOCK.finditer(text)
    ]


def top_level_await(tree: ast.Module) -> bool:
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


# --- the world the blocks run in ---------------------------------------------------------

HLS_KEY = bytes(range(16))
HLS_CLEAR = b"clear audio, one segment " * 40
HLS_PLAYLIST = (
    "#EXTM3U\n#EXT-X-TARGETDURATION:4\n"
    '#EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x' + "00" * 16 + "\n"
    "#EXTINF:4,\ns0.ts\n#EXT-X-ENDLIST\n"
)


def cdn(request: httpx.Request) -> httpx.Response:
    """``https://cdn.example``: one AES-128 segment, its key and its playlist."""
    name = request.url.path.rsplit("/", 1)[-1]
    if name.endswith(".m3u8"):
        return httpx.Response(200, text=HLS_PLAYLIST)
    if name == "k.key":
        return httpx.Response(200, content=HLS_KEY)
    if name == "s0.ts":
        return httpx.Response(200, content=encrypt_segment(HLS_CLEAR, HLS_KEY, bytes(16)))
    return httpx.Response(404)


@dataclass
class World:
    """The fakes of one page's run, and the HTTP router in front of them."""

    beatconnect: Any
    beatpass: Any
    beatport: Any
    beattech: Any
    hosts: dict[str, Callable[[httpx.Request], httpx.Response]] = field(default_factory=dict)
    unserved: list[str] = field(default_factory=list)

    def answer(self, request: httpx.Request) -> httpx.Response:
        handler = self.hosts.get(request.url.host)
        if handler is None:
            self.unserved.append(str(request.url.copy_with(query=None)))
            raise httpx.ConnectError(f"no fake serves {request.url.host}", request=request)
        return handler(request)


def make_world() -> World:
    fakes = beatkit.testing
    # The pages write "..." where the reader's key, token or client id goes: the fakes
    # accept exactly that, so the blocks run as written.
    world = World(
        beatconnect=fakes.FakeBeatConnect(api_key="..."),
        beatpass=fakes.FakeBeatPass(token="1|abc..."),
        beatport=fakes.FakeBeatport(client_id="..."),
        beattech=fakes.FakeBeatTech(),
    )
    world.beattech.add_client("...", "...", user_admin=True)
    internal = fakes.FakeBeatport(
        base_url="https://api-internal.beatportprod.com/v4", require_auth=False
    )
    world.hosts.update({"cdn.example": cdn, "cdn.example.com": cdn})
    for fake in (world.beatconnect, world.beatpass, world.beatport, world.beattech, internal):
        urls = [fake.base_url, getattr(fake, "cdn_url", None), getattr(fake, "stream_url", None)]
        for url in filter(None, urls):
            # The internal Beatport fake's stream host is the public one's: first wins.
            world.hosts.setdefault(httpx.URL(url).host, fake.handle)
    return world


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> World:
    made = make_world()
    router = httpx.MockTransport(made.answer)
    for cls in (httpx.Client, httpx.AsyncClient):
        original = cls.__init__

        def init(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> None:
            # A client given a transport (a block's own fake) keeps it.
            _original(self, *args, **{"transport": router, **kwargs})

        monkeypatch.setattr(cls, "__init__", init)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("BEATCONNECT_API_KEY", made.beatconnect.api_key)
    monkeypatch.setenv("BEATPASS_TOKEN", made.beatpass.token)
    monkeypatch.setenv("BEATPORT_CLIENT_ID", made.beatport.client_id)
    monkeypatch.setenv("BEATTECH_CLIENT_ID", made.beattech.client_id)
    monkeypatch.setenv("BEATTECH_CLIENT_SECRET", made.beattech.client_secret)
    monkeypatch.chdir(tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setattr(builtins, "input", beatport_browser(made, opened))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": made.beatport.password)
    prepare(made)
    # The files the pages upload: the reader's own.
    (tmp_path / "night-drive.mp3").write_bytes(b"ID3\x04\0\0\0\0\0\0" + bytes(2000))
    (tmp_path / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200) + b"\xff\xd9")
    return made


def given(page: str, world: World) -> dict[str, Any]:
    """The names a page's prose leaves to the reader, bound to values the fakes accept."""
    now = datetime.now(UTC)
    names: dict[str, Any] = {"now": now, "when": now}
    names |= PAGE_NAMES.get(page, lambda w: {})(world)
    return names


def beatport_browser(world: World, opened: list[str]) -> Callable[[str], str]:
    """``input()`` of the PKCE example: the browser's login, and the address it landed on.

    The user logs in at Beatport in the browser ``webbrowser.open`` was given, and
    Beatport sends it to the redirect URI with a code; the reader pastes that address.
    """

    def paste(prompt: str = "") -> str:
        fake = world.beatport
        with httpx.Client(base_url=fake.base_url) as browser:
            login = {"username": fake.username, "password": fake.password}
            browser.post("/auth/login/", json=login).raise_for_status()
            answer = browser.get(opened[-1])
        assert answer.status_code == 302, answer.text
        return answer.headers["location"]

    return paste


PAGE_NAMES: dict[str, Callable[[World], dict[str, Any]]] = {
    "auth.md": lambda w: {  # one client id for Beatport and Beat Technology: "..."
        "api_key": w.beatconnect.api_key,
        "client_id": "...",
        "client_secret": "...",
        "redirect_uri": "http://127.0.0.1:8765/callback",
    },
    "beatpass.md": lambda w: {
        "password": w.beatpass.password,
        "save_somewhere_safe": lambda token: None,
    },
    "beattech.md": lambda w: beattech_names(w),
    "concepts.md": lambda w: {"bc": beatkit.BeatConnect()},  # its pagination section's client
    "hls.md": lambda w: {
        "stream_url": "https://cdn.example/track/stream.m3u8",
        "token": "cdn-token",
        "text": HLS_PLAYLIST,
    },
}


def beattech_names(world: World) -> dict[str, Any]:
    """What the Beat Technology page's readers bring: their app's credentials, the
    mails and SMS the walkthrough and the password reset wait for, a partner's
    activation, and the storage of their own app (the sync base, the pending edits,
    the saved report queue)."""
    fake = world.beattech
    activation = fake._activate(fake.user_id, "201", "1", "partner-user-1", confirm=False)
    storage: dict[str, Any] = {}

    class Store:  # the page's store of pending edits: an app's own
        def pending(self) -> list[Any]:
            return []

        def remove(self, change: Any) -> None:
            pass

        def save(self) -> None:
            pass

    return {
        "CLIENT_ID": "...",
        "CLIENT_SECRET": "...",  # the client registered in make_world
        "password": "a-new-password",
        "confirmation_code": activation["confirmation_code"],
        "code": fake.add_coupon("201", owner=fake.user_id)["code"],
        "load_base": lambda: storage.get("base"),
        "save_base": lambda base: storage.__setitem__("base", base),
        "store": Store(),
        "saved": None,
        "save": lambda text: storage.__setitem__("queue", text),
        "t": "10001",
    }


# Names a block reads after an earlier line of the same block made them (the mail its
# request_verification sends): each use is replaced by a call made at that moment.
LATE: dict[str, dict[str, Callable[[World, dict[str, Any]], Any]]] = {
    "auth.md": {"code": lambda w, ns: beatport_code(w, ns["request"].url)},
    "beattech.md": {
        "token_from_the_mail": lambda w, ns: w.beattech.email_token("reader@example.com"),
        "code_from_the_mail": lambda w, ns: w.beattech.password_reset_code(
            email="reader@example.com"
        ),
    },
}


def beatport_code(world: World, url: str) -> str:
    """The ``code`` of the redirect after the user approved ``url`` in a browser."""
    location = httpx.URL(beatport_browser(world, [url])())
    return location.params["code"]


class Late(ast.NodeTransformer):
    """``name`` -> ``__late__["name"]()`` for each late name a block reads."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id not in self.names or not isinstance(node.ctx, ast.Load):
            return node
        call = ast.parse(f"__late__[{node.id!r}]()", mode="eval").body
        return ast.copy_location(call, node)


# What the reader does out of band between two lines of a block (confirming a card in
# the browser), by page and the line it comes before: run there, in the block.
BETWEEN: dict[tuple[str, str], Callable[[World, dict[str, Any]], None]] = {
    ("beattech.md", "(method,) = bt.billing.payment_methods("): (
        lambda w, ns: w.beattech.complete_setup_intent(ns["intent"].client_secret) and None
    ),
}


class Between(ast.NodeTransformer):
    """Insert ``__between__[i]()`` before each statement whose first line holds marker ``i``."""

    def __init__(self, lines: list[str], markers: list[str]) -> None:
        self.lines, self.markers = lines, markers

    def generic_visit(self, node: ast.AST) -> ast.AST:
        super().generic_visit(node)
        for name in ("body", "orelse", "finalbody"):
            statements = getattr(node, name, None)
            if not isinstance(statements, list) or not all(
                isinstance(s, ast.stmt) for s in statements
            ):
                continue
            new: list[ast.stmt] = []
            for statement in statements:
                line = self.lines[statement.lineno - 1]
                for i, marker in enumerate(self.markers):
                    if marker in line:
                        call = ast.parse(f"__between__[{i}]()").body[0]
                        new.append(ast.copy_location(call, statement))
                new.append(statement)
            setattr(node, name, new)
        return node


# The ``except`` clauses whose exception the page says the ``try`` raises: each must
# have caught it in the run (a handler that never runs proves nothing).
MUST_CATCH: dict[str, list[str]] = {
    "beatpass.md": [
        "except ValueError:",  # "caught before sending: name is blank"
        "except UnprocessableEntityError as exc:",  # the 422's field_errors
        "except BackstageRequestPendingError as exc:",  # a pending request: 409
    ],
    "beattech.md": ["except ExportLimitReachedError:"],  # "the export window is used up"
}


class Caught(ast.NodeTransformer):
    """Make each ``except`` clause record its own line in ``__caught__`` when it runs."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.AST:
        self.generic_visit(node)
        line = self.lines[node.lineno - 1].strip()
        record = ast.parse(f"__caught__.add({line!r})").body[0]
        node.body.insert(0, ast.copy_location(record, node))
        return node


def logged_in_beattech(world: World, user: str = "reader") -> Any:
    fake = world.beattech
    bt = beatkit.BeatTech("fabel")
    record = fake.users[fake.editor_user_id if user == "editor" else fake.user_id]
    bt.auth.login(record["username"], record["password"])
    return bt


def buy(world: World, track_id: int) -> None:
    """The reader's license for ``track_id``: a purchase the payment provider settled."""
    with beatkit.BeatPass() as bp:
        intent = bp.purchases.initiate(track_id)
    world.beatpass.complete_purchase(intent.purchase_id)


# What the reader did before a block, by page and a line of the block.
BEFORE: dict[tuple[str, str], Callable[[World, dict[str, Any]], None]] = {
    # The walkthrough's ``with`` closed its client; the next sections call a logged-in one.
    # The catalogue section edits an artist's bio: "editors".
    ("beattech.md", "for track in bt.tracks.search"): (
        lambda w, ns: ns.__setitem__("bt", logged_in_beattech(w, "editor"))
    ),
    ("beattech.md", "stream = bt.streams.online("): (
        lambda w, ns: ns.__setitem__("bt", logged_in_beattech(w))
    ),
    ("beattech.md", "bt.banners.list("): (  # "editors create and change banners"
        lambda w, ns: ns.__setitem__("bt", logged_in_beattech(w, "editor"))
    ),
    ("beattech.md", "me = bt.users.get("): (
        lambda w, ns: ns.__setitem__("bt", logged_in_beattech(w))
    ),
    # The users section deleted user 28392, the walkthrough's reader@example.com (GDPR):
    # the password reset is for an account of that address.
    ("beattech.md", "bt.passwords.request_reset("): (
        lambda w, ns: w.beattech.add_user(email="reader@example.com") and None
    ),
    ("beatpass.md", "saved = bp.tracks.download(1234"): lambda w, ns: buy(w, 1234),
    # The backstage example's first case: a request of the user's is under review.
    ("beatpass.md", "status = bp.backstage.submission_status()"): (
        lambda w, ns: w.beatpass.add_backstage_request(w.beatpass.user_id) and None
    ),
    # The LCP example's except: the reader's export window is used up.
    ("beattech.md", "bt.lcp.generate_license("): (
        lambda w, ns: setattr(w.beattech, "lcp_export_limit", 0)
    ),
}


def prepare(world: World) -> None:
    """The data the pages' examples name, added to the fakes.

    The pages use example ids (BeatPass track 1234 and artist 42, a Beat Technology
    ISBN and UPC) that the seeded catalogues do not hold: each is added as a copy of
    a seeded record, under the page's id.
    """
    db = world.beatpass.db
    db.tracks[1234] = {**db.tracks[world.beatpass.purchasable_track_id], "id": 1234}
    db.artists[42] = {**db.artists[world.beatpass.artist_id], "id": 42}
    catalog = world.beattech.catalog
    catalog.releases["1031"]["isbn"] = "9788242180711"
    catalog.releases["1002"]["upc"] = "0724382304258"
    for track_id in ("8", "9", "10", "123", "456"):
        catalog.tracks[track_id] = {**catalog.tracks["10001"], "id": track_id}
    # The walkthrough signs up reader@example.com, the seeded user's address: the
    # seeded user (the later sections' logged-in reader) moves aside.
    reader = world.beattech.users[world.beattech.user_id]
    reader["username"] = reader["email"] = "seeded-reader@example.com"


# --- the run ------------------------------------------------------------------------------

ALL_BLOCKS = [block for page in PAGES for block in blocks_of(page)]


def test_the_run_sees_the_blocks() -> None:
    assert len(ALL_BLOCKS) >= 50
    assert len([b for b in ALL_BLOCKS if b.cannot_run() is None]) >= 45
    # Every allow-list entry still names a block.
    for page, marker in CANNOT_RUN:
        assert any(b.page == page and marker in b.source for b in ALL_BLOCKS), (page, marker)


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_the_page_runs_against_the_fakes(page: Path, world: World) -> None:
    caught: set[str] = set()
    namespace: dict[str, Any] = {"__name__": "docs_page", "__caught__": caught}
    namespace |= given(page.name, world)
    failures = []
    for block in blocks_of(page):
        if block.cannot_run():
            continue
        for (page_name, marker), step in BEFORE.items():
            if page_name == block.page and marker in block.source:
                step(world, namespace)
        late = LATE.get(page.name, {})
        namespace["__late__"] = {name: lambda f=f: f(world, namespace) for name, f in late.items()}
        between = [(m, f) for (p, m), f in BETWEEN.items() if p == block.page]
        namespace["__between__"] = [lambda f=f: f(world, namespace) for _, f in between]
        lines = block.source.splitlines()
        tree = Between(lines, [m for m, _ in between]).visit(
            Late(set(late)).visit(ast.parse(block.source))
        )
        tree = Caught(lines).visit(tree)
        tree = ast.fix_missing_locations(tree)
        code: Any = ast.increment_lineno(tree, block.line - 1)  # tracebacks name page lines
        if top_level_await(tree):  # a notebook cell: run as a coroutine, its names kept
            source = textwrap.indent(ast.unparse(tree), "    ")
            code = f"async def _cell():\n{source}\n    globals().update(locals())\n"
        try:
            exec(compile(code, f"docs/{block.page}", "exec"), namespace)  # noqa: S102
            if "_cell" in namespace:
                asyncio.run(namespace.pop("_cell")())
        except Exception as exc:  # every failure is reported, page by page
            failures.append(f"{block.where()}: {type(exc).__name__}: {exc}")
    assert not world.unserved, world.unserved
    assert not failures, "\n".join(failures)
    uncaught = [line for line in MUST_CATCH.get(page.name, []) if line not in caught]
    assert not uncaught, f"handlers that caught nothing: {uncaught}"
    AFTER.get(page.name, lambda w, ns: None)(world, namespace)


def thing_answers(world: World, namespace: dict[str, Any]) -> None:
    fake = namespace["FakeThing"]()
    response = fake.handle(httpx.Request("GET", f"{fake.base_url}/things/7"))
    assert response.json() == {"thing": {"id": "7"}}


def beattech_claims(world: World, namespace: dict[str, Any]) -> None:
    """What docs/beattech.md's comments say its calls return."""
    bt = namespace["bt"]
    assert namespace["first_time"] is True  # "False if already confirmed (208)"
    assert bt.activations.confirm(namespace["activation"].id) is False
    assert type(namespace["campaign"]).__name__ == "Campaign"  # "Campaign | None"
    features = bt.features.list(entity_type="device", entity_ids="phone-1")
    assert [feature.name for feature in features] == ["can_stream"]
    assert list(bt.actors.list("no-such-role")) == []  # "unknown role -> empty"
    message = bt.app.users.gdpr_delete("28392")  # "idempotent; returns the message"
    assert isinstance(message, str) and message


# What the pages say their examples did, checked once the page has run.
AFTER: dict[str, Callable[[World, dict[str, Any]], None]] = {
    "auth.md": lambda w, ns: assert_(ns["auth"].token is not None),  # the code's token
    "beatpass.md": lambda w, ns: assert_(
        Path("beat.mp3").read_bytes() == w.beatpass.audio_bytes(1234)
        and Path("license.pdf").read_bytes()[:5] == b"%PDF-"
    ),
    "beattech.md": beattech_claims,
    "beatport.md": lambda w, ns: assert_(
        Path("track.aac").read_bytes() == w.beatport.stream_plaintext(8291700)
        and w.beatport.leaked_authorization == []
    ),
    "hls.md": lambda w, ns: assert_(Path("track.aac").read_bytes() == HLS_CLEAR),
    "testing.md": thing_answers,
}


def assert_(claim: bool) -> None:
    assert claim


def loaded_names(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_name_a_block_uses_is_defined(page: Path, world: World) -> None:
    # The run above misses a name only read on a path the fakes do not take (the
    # ``except`` of an error that did not happen): every name a block reads must be
    # bound by the page's blocks so far, be a builtin, or be one the prose leaves to
    # the reader (bound in ``given``/``LATE``). A class used without its import fails.
    known = set(dir(builtins)) | set(given(page.name, world)) | set(LATE.get(page.name, {}))
    missing = []
    for block in blocks_of(page):
        tree = ast.parse(block.source)
        known |= bound_names(tree)
        if block.cannot_run() is None:
            missing += [f"{block.where()}: {name}" for name in sorted(loaded_names(tree) - known)]
    assert not missing, "names used but never imported or bound:\n" + "\n".join(missing)
