"""Reading the files of a repository safely: bounded reads that never follow a symlink out.

Which files there are is listing.py's question.
"""

from __future__ import annotations

import stat
from pathlib import Path

from taskgate.hooks.workspace.loaders import LoadError

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
        return LoadError(f"is {st.st_size} bytes, over the {limit}-byte limit")
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
