"""Rule families, one package or module each."""
