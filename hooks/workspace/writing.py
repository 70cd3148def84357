"""Atomic writes that respect the umask: every file and directory taskgate creates goes through here.

`tempfile.mkstemp` creates files 0600 and `mkdtemp` directories 0700 whatever the umask, so a
report, an export or a new task made through them would be private to the writer. Each helper
here gives what `open()`/`mkdir()` would (0666/0777 minus the umask) unless a mode is asked for,
and renames into place so a reader sees the old content or the new, never half of it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def current_umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux: /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way is to set it and put it back
    os.umask(mask)
    return mask


def file_mode() -> int:
    return 0o666 & ~current_umask()


def dir_mode() -> int:
    return 0o777 & ~current_umask()


def write_bytes(path: Path, data: bytes, *, mode: int | None = None, fsync: bool = False) -> None:
    """Replace `path` with `data` atomically (parent directories are created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, file_mode() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, *, mode: int | None = None, fsync: bool = False) -> None:
    """`write_bytes` of `text` as UTF-8, newlines written as given."""
    write_bytes(path, text.encode("utf-8"), mode=mode, fsync=fsync)


def staging_dir(parent: Path, prefix: str) -> Path:
    """A new empty directory in `parent` (created if needed) to build in and then rename into
    place; its mode is a plain `mkdir`'s."""
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    os.chmod(staging, dir_mode())
    return staging
