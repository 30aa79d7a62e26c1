"""The async I/O layer of ``beatkit._core``."""
