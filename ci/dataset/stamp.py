"""What a report was generated from: the commit checked out, whether the work tree differed, and
a time that does not change between runs on the same commit (`SOURCE_DATE_EPOCH`, the
reproducible-builds convention, when set; else HEAD's committer time; only outside git the
clock)."""

from __future__ import annotations

import datetime as _dt
import os
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stamp:
    """What the report was generated from: the commit, whether the work tree differed from it,
    and the time to show (ISO 8601, UTC) with where it came from."""

    commit: str | None
    dirty: bool
    time: str | None
    time_source: str  # "SOURCE_DATE_EPOCH", "commit time" or "clock"


def stamp_of(root: Path, environ: Mapping[str, str] = os.environ) -> Stamp:
    """The commit checked out at `root` (None outside git), and the time to print: the
    reproducible-builds convention `SOURCE_DATE_EPOCH` when set, else the commit's committer time,
    else (no git) the clock."""

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)

    head = git("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    commit = head.stdout.strip() if head.returncode == 0 and head.stdout.strip() else None
    dirty = commit is not None and git("diff-index", "--quiet", "HEAD", "--").returncode == 1
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        seconds, source = int(epoch), "SOURCE_DATE_EPOCH"
    elif commit is not None and (shown := git("show", "-s", "--format=%ct", commit).stdout.strip()).isdigit():
        seconds, source = int(shown), "commit time"
    else:
        seconds, source = int(time.time()), "clock"
    when = _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return Stamp(commit, dirty, when, source)
