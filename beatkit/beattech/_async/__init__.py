"""The async I/O layer of ``beatkit.beattech``."""
