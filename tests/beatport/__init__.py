"""Tests of the Beatport client."""
