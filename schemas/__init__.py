"""The JSON Schemas shipped with taskgate (package data; this file makes them importable)."""
