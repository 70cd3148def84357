"""Writing files atomically: readers see the old file or the whole new one, never a half.

The one writer every taskgate output goes through (build and run records, calibration files,
job summaries, reports, exports, new tasks). `tempfile.mkstemp` creates files as 0600 and
`mkdtemp` directories as 0700; the result gets the mode the user's umask gives any new file or
directory (or keeps an existing file's mode when appending).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux: /proc); elsewhere
    by setting it and restoring it at once (which another thread could observe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write(path: Path, data: bytes | str, *, mode: int | None = None, fsync: bool = False) -> None:
    """Replace `path` with `data` (str is written as UTF-8), creating its directory."""
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, (0o666 & ~umask()) if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def append(path: Path, text: str) -> None:
    """Append `text` to `path` atomically, keeping the file's mode."""
    try:
        existing = path.read_bytes()
        mode: int | None = path.stat().st_mode & 0o777
    except FileNotFoundError:
        existing, mode = b"", None
    write(path, existing + text.encode("utf-8"), mode=mode)


def staging_dir(parent: Path, prefix: str) -> Path:
    """A new empty directory in `parent` (created if needed) to build in and then rename into
    place, with the mode a plain `mkdir` gives (not mkdtemp's 0700)."""
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    os.chmod(staging, 0o777 & ~umask())
    return staging
