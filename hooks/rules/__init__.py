"""Rule families: one subpackage or module per family of rules."""
