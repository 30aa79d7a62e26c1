"""beatkit: typed Python clients for Beatport, BeatPass, BeatConnect and Beat Technology."""

__version__ = "0.1.0.dev0"
