"""Tests of ``beatkit.beattech``."""
