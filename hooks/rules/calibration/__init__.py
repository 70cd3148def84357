"""Calibration rules (CAL): calibration.json is current, consistent and in band."""
