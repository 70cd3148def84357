"""The errors taskgate reports as one line with exit code 2, never as a traceback."""


class UsageError(Exception):
    """Bad input from the user: reported as one line with exit code 2."""
