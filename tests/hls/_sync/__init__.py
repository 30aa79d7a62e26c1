# GENERATED from tests/hls/_async/__init__.py by scripts/unasync.py: edit the async source.
