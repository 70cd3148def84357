"""Optional dependencies: which extra provides a missing module, said in one line.

The static checks need only the base install; jobs that need Docker, git history, Parquet or a
progress bar import their library when they run. A command that reaches such an import without
the library gets one line naming the package and the `pip install 'taskgate[EXTRA]'` that brings
it (exit 2), from `taskgate.cli.main` for every command: this is the only place that says it.
"""

from __future__ import annotations

from importlib import metadata

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

# Import name -> distribution, for each optional library taskgate imports (the `ci` extra).
OPTIONAL_MODULES: dict[str, str] = {
    "docker": "docker",
    "git": "GitPython",
    "hypothesis": "hypothesis",
    "junitparser": "junitparser",
    "pyarrow": "pyarrow",
    "rich": "rich",
}
DEFAULT_EXTRA = "ci"
# Extras that only gather others (dev) are never the one to recommend.
_PREFERRED = ("ci", "bench")


def extra_for(distribution: str) -> str:
    """The extra of the installed taskgate that requires `distribution` (`ci` when unknown)."""
    try:
        requires = metadata.requires("taskgate") or []
    except metadata.PackageNotFoundError:
        return DEFAULT_EXTRA
    wanted = canonicalize_name(distribution)
    found: list[str] = []
    for line in requires:
        try:
            req = Requirement(line)
        except InvalidRequirement:
            continue
        if canonicalize_name(req.name) != wanted or req.marker is None:
            continue
        found += [extra for extra in _PREFERRED if req.marker.evaluate({"extra": extra})]
    return found[0] if found else DEFAULT_EXTRA


def missing_message(exc: ModuleNotFoundError) -> str | None:
    """The one-line hint for an optional module that is not installed; None for any other."""
    module = (exc.name or "").split(".")[0]
    distribution = OPTIONAL_MODULES.get(module)
    if distribution is None:
        return None
    return f"this needs {distribution} (Python module {module!r}), which is not installed: pip install 'taskgate[{extra_for(distribution)}]'"
