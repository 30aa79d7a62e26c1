"""beatkit: typed Python clients for Beatport, BeatPass, BeatConnect and Beat Technology."""
