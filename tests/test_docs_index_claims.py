"""docs/index.md's claims: the four services' sync and async clients, the HLS module on
its own, and a table of contents that lists every page of the guide."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import beatkit

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGE = (DOCS / "index.md").read_text()


def test_the_toctrees_list_every_page_once_and_only_pages_that_exist() -> None:
    entries = [
        line.strip()
        for tree in re.findall(r"```\{toctree\}\n(.*?)```", PAGE, re.S)
        for line in tree.splitlines()
        if line.strip() and not line.startswith(":")
    ]
    pages = sorted(path.stem for path in DOCS.glob("*.md") if path.stem != "index")
    assert sorted(entries) == pages
    assert len(entries) == len(set(entries))


def test_each_of_the_four_services_has_a_sync_and_an_async_client_with_the_same_resources() -> None:
    # "Typed Python clients for Beatport, BeatPass, BeatConnect and the Beat Technology Core
    # API, each with a sync and an async facade on one shared transport"
    for name in ("Beatport", "BeatPass", "BeatConnect", "BeatTech"):
        sync, async_ = getattr(beatkit, name), getattr(beatkit, f"Async{name}")
        assert inspect.isclass(sync) and inspect.isclass(async_)
        sync_resources = {n for n in vars(sync) if not n.startswith("_")}
        async_resources = {n for n in vars(async_) if not n.startswith("_")}
        assert sync_resources == async_resources, name


def test_the_hls_decryptor_stands_alone() -> None:
    # "and a standalone HLS AES-128 decryptor": it decrypts and downloads without any of
    # the four clients.
    from beatkit.hls import HLSDownloader, decrypt_segment, encrypt_segment

    key, iv = bytes(range(16)), bytes(16)
    assert decrypt_segment(encrypt_segment(b"clear", key, iv), key, iv) == b"clear"
    assert "beatport" not in HLSDownloader.__module__
