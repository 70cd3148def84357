"""Tamper rules: candidate code that attacks the reward function (TMP0xx)."""
