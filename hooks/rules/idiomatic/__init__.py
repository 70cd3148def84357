"""Idiomatic rules (IDI): simple, clear, idiomatic ground truth."""
