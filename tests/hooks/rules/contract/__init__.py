"""Tests of the contract rules (CTR)."""
