"""Wall time, CPU time and peak memory of a command and all its descendants.

Peak memory is the largest sum, over the command's process tree, of each process's
proportional set size (PSS, from /proc/PID/smaps_rollup; RSS where that is missing), sampled
every 20 ms. PSS counts a page shared by forked workers once, so the sum is what the run costs
the machine. CPU time is user + system of the command and its waited-for descendants.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_S = 0.02


@dataclass
class Sample:
    wall_s: float
    cpu_s: float
    peak_mb: float
    returncode: int


@dataclass
class Stats:
    samples: list[Sample] = field(default_factory=list)

    def _values(self, attr: str) -> list[float]:
        return [getattr(s, attr) for s in self.samples]

    def median(self, attr: str) -> float:
        return statistics.median(self._values(attr))

    def low(self, attr: str) -> float:
        return min(self._values(attr))

    def high(self, attr: str) -> float:
        return max(self._values(attr))

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"runs": len(self.samples), "returncodes": sorted({s.returncode for s in self.samples})}
        for attr in ("wall_s", "cpu_s", "peak_mb"):
            out[attr] = {"median": self.median(attr), "min": self.low(attr), "max": self.high(attr)}
        return out


def _descendants(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc/PID/task/TID/children."""
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        try:
            for tid in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{tid}/children", "rb") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return out


def _tree_memory_kb(pid: int) -> int:
    total = 0
    for member in _descendants(pid):
        try:
            total += _pss_kb(str(member))
        except (OSError, IndexError, ValueError):
            continue
    return total


def _pss_kb(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    with open(f"/proc/{pid}/statm", "rb") as fh:
        return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def measure_once(cmd: Sequence[str], *, cwd: Path, env: Mapping[str, str], stdout_to: Path | None = None) -> Sample:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = open(stdout_to, "wb") if stdout_to else subprocess.DEVNULL
    peak = [0]
    done = threading.Event()
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=dict(env), stdout=out, stderr=subprocess.DEVNULL)

        def sample() -> None:
            while not done.wait(SAMPLE_S):
                peak[0] = max(peak[0], _tree_memory_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        proc.wait()
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    finally:
        if stdout_to:
            out.close()  # type: ignore[union-attr]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(wall, cpu, peak[0] / 1024, proc.returncode)


def measure(
    cmd: Sequence[str] | Callable[[int], Sequence[str]],
    *,
    runs: int,
    cwd: Path,
    env: Mapping[str, str],
    before_each: Callable[[int], None] | None = None,
) -> Stats:
    """Run `cmd` `runs` times (calling `before_each(i)` first, untimed)."""
    stats = Stats()
    for i in range(runs):
        if before_each is not None:
            before_each(i)
        argv = cmd(i) if callable(cmd) else cmd
        stats.samples.append(measure_once(argv, cwd=cwd, env=env))
    return stats


def machine() -> dict[str, object]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": model, "cores": len(os.sched_getaffinity(0)), "memory_gb": round(mem_gb, 1), "load_average": [round(x, 2) for x in os.getloadavg()]}
