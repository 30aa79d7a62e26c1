"""Tests of ``beatkit._core``."""
