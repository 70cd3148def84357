"""Static checks: pure, fast functions from files to findings.

Nothing in this package imports `taskgate.ci`, `docker` or `git`; pre-commit runs it on every
commit and it must stay cheap to import.
"""
