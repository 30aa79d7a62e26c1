"""The async I/O layer of ``beatkit.beatport``."""
