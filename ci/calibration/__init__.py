"""Calibration: sampling models, running their candidates, the record on disk."""
