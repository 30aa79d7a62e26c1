# GENERATED from tests/beattech/_async/__init__.py by scripts/unasync.py: edit the async source.
"""Tests of the I/O layer, written once (``scripts/unasync.py`` makes the other twin)."""
