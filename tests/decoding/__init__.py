"""Decoding wrong, deep and mislabelled answers through every client."""
