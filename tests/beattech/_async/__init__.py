"""Tests of the I/O layer, written once (``scripts/unasync.py`` makes the other twin)."""
