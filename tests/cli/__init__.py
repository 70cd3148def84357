"""Tests of the `taskgate` command line as a user meets it."""
