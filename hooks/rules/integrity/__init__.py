"""Dataset integrity: near-duplicates, benchmark contamination, leaked answers, and tests or edge
cases the prompt does not announce (docs/integrity.md). Importing the package registers its rules."""

from taskgate.hooks.rules.integrity import (  # noqa: F401
    contamination,
    duplicates,
    edge_cases,
    leaks,
    unannounced,
)
from taskgate.hooks.rules.integrity.references import cache_key  # noqa: F401 - mixed into the result cache key
