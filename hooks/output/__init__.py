"""Rendering findings: text, JSON, GitHub annotations, SARIF, Markdown summaries."""
