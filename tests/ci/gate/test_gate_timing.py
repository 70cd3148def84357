"""The gate's timing breakdown adds up: wall-clock phases partition the total, and container
time (overlapping when containers run side by side) is reported apart, never as a part of it."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from taskgate.ci.gate.gate import Phases, _timed


def test_phases_partition_the_total_while_overlapping_containers_are_reported_apart():
    phases = Phases()
    phases.end("build")
    _, seconds = _timed(time.sleep, 0.05)
    phases.ran("runs", seconds)
    phases.end("baseline")
    with ThreadPoolExecutor(max_workers=2) as pool:  # two containers side by side
        jobs = [pool.submit(_timed, time.sleep, 0.2), pool.submit(_timed, time.sleep, 0.2)]
    phases.ran("runs", jobs[0].result()[1])
    phases.ran("mutants", jobs[1].result()[1])
    phases.end("checks")
    phases.end("other")
    timing = phases.timing()
    parts = [timing[k] for k in ("build", "baseline", "checks", "other")]
    assert abs(sum(parts) - timing["total"]) < 0.002
    assert 0.2 <= timing["checks"] < 0.35  # the overlap counted once in wall-clock time
    assert phases.container["runs"] + phases.container["mutants"] > timing["checks"]  # ... and twice in container time
    text = phases.summary()
    head, _, container = text.partition("; container time ")
    assert head.startswith(f"{timing['total']:.1f}s: build ") and "checks" in head
    assert container.startswith("runs ") and "mutants" in container
