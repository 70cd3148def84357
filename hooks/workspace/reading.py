"""Reading the files of a repository safely: bounded reads that never follow a symlink out.

Which files there are is listing.py's question.
"""

from __future__ import annotations

import stat
from pathlib import Path

from taskgate.hooks.workspace.loaders import LoadError

def human_size(size: int) -> str:
    """Bytes as people read them: `512 bytes`, `1 MiB`, `57.2 MiB` (binary units, as limits are set)."""
    if size < 1024:
        return f"{size} byte{'' if size == 1 else 's'}"
    value = float(size)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            break
    return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"


def read_limited(path: Path, limit: int) -> bytes | LoadError:
    """The bytes of a regular file of at most `limit` bytes, or why they cannot be had."""
    try:
        st = path.lstat()
    except OSError as exc:
        return LoadError(f"cannot be read: {exc.strerror or exc}")
    if stat.S_ISLNK(st.st_mode):
        try:
            st = path.stat()
        except OSError:
            return LoadError("is a symlink that does not resolve")
    if stat.S_ISDIR(st.st_mode):
        return LoadError("is a directory; expected a file")
    if not stat.S_ISREG(st.st_mode):
        return LoadError("is not a regular file")
    if st.st_size > limit:
        return LoadError(f"is {human_size(st.st_size)}, over the {human_size(limit)} limit")
    try:
        with open(path, "rb") as fh:
            # Ask for the size lstat saw (plus one byte, to notice growth): `read(limit + 1)` would
            # allocate the whole limit for every small file.
            want = min(st.st_size, limit) + 1
            data = fh.read(want)
            if len(data) == want and want <= limit:  # grew since the lstat: read on, bounded
                data += fh.read(limit + 1 - want)
    except OSError as exc:
        return LoadError(f"cannot be read: {exc.strerror or exc}")
    if len(data) > limit:
        return LoadError(f"is over the {limit}-byte limit")
    return data
