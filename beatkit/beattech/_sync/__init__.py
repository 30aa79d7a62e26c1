# GENERATED from beatkit/beattech/_async/__init__.py by scripts/unasync.py: edit the async source.
"""The I/O layer of ``beatkit.beattech``."""
