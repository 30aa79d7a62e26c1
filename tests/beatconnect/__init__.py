"""Tests of ``beatkit.beatconnect``."""
