"""Which tasks a change touches, sharded for a GitHub Actions matrix."""
