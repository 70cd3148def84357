"""The task template that `taskgate new` copies (package data; this file makes it importable)."""
