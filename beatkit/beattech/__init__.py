"""The Beat Technology Core API v2 client (white-label streaming and audiobooks)."""
