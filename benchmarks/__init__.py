"""Benchmarks: a synthetic dataset generator and the timing script (see docs/performance.md)."""
