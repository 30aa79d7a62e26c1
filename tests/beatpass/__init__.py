"""Tests of ``beatkit.beatpass``."""
