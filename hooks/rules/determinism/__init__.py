"""Determinism rules (DET): no clock, unseeded randomness or network in task code."""
