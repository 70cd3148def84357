"""Building task images and proving them reproducible (Docker engine access, digests, records)."""
