"""taskgate: keeps bad data points out of a code-model training dataset.

`taskgate.hooks` holds the static, fast checks that pre-commit runs (no Docker, no git history);
`taskgate.ci` holds the jobs that need Docker or git. `ci` may import `hooks`, never the reverse.
"""

__version__ = "0.1.0"
