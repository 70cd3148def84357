"""Dockerfile rules (DKR): the task's image is the same image on every build."""
