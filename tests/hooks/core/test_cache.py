"""The result cache never hides a finding: every input of a task's result invalidates it.

Each test fills the cache, changes one input, and requires the cached run to equal a run
without the cache and to show (or drop) the finding the change causes.
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
from pathlib import Path

import pytest

import taskgate
from taskgate.hooks.core import cache as cache_mod
from taskgate.hooks.core import fingerprint
from taskgate.hooks.core import registry
from taskgate.hooks.core.findings import finding

TASK = "interval-merge-with-gaps"
SIGNATURE = "def merge_with_gaps(intervals: list[tuple[int, int]], max_gap: int) -> list[tuple[int, int]]:"


def codes(report) -> set[tuple[str, str]]:
    return {(f.path, f.code) for f in report.findings}


def same_as_uncached(check, **kw):
    cached = check(**kw)
    fresh = check(cache=False, **kw)
    assert cached.findings == fresh.findings
    return cached


def warm(check, **kw) -> None:
    first = check(**kw)
    second = check(**kw)
    assert second.tasks_cached == second.tasks_checked == first.tasks_checked
    assert second.findings == first.findings


def age(root: Path, seconds: float = 3600) -> None:
    """Make every file old enough for its stat facts to vouch for its content."""
    past = _dt.datetime.now().timestamp() - seconds
    for path in root.rglob("*"):
        if ".git" not in path.parts:
            os.utime(path, (past, past), follow_symlinks=False)


def test_a_warm_run_is_answered_from_the_cache_with_the_same_findings(check, dataset):
    age(dataset)
    first = check()
    assert first.tasks_cached == 0 and first.findings == []
    again = check()
    assert again.tasks_cached == 4 and again.findings == []


def test_an_edit_invalidates(check, dataset):
    age(dataset)
    warm(check)
    prompt = dataset / "tasks" / TASK / "prompt.md"
    prompt.write_text(prompt.read_text().replace(SIGNATURE, "def merge(intervals, gap):"))
    report = same_as_uncached(check)
    assert (f"tasks/{TASK}/prompt.md", "PRM002") in codes(report)
    assert report.tasks_cached == 3


def test_a_same_size_edit_with_the_old_mtime_restored_invalidates(check, dataset):
    age(dataset)
    warm(check)
    prompt = dataset / "tasks" / TASK / "prompt.md"
    before = prompt.stat()
    text = prompt.read_text()
    prompt.write_text(text.replace("max_gap: int)", "max_gap: str)", 1))  # same length
    os.utime(prompt, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert prompt.stat().st_size == before.st_size and prompt.stat().st_mtime_ns == before.st_mtime_ns
    report = same_as_uncached(check)
    assert (f"tasks/{TASK}/prompt.md", "PRM002") in codes(report)


def test_a_new_untracked_file_invalidates(check, dataset):
    warm(check)
    (dataset / "tasks" / TASK / "notes.txt").write_text("scratch\n")
    report = same_as_uncached(check)
    assert (f"tasks/{TASK}/notes.txt", "LAY002") in codes(report)


def test_a_config_change_invalidates(check, dataset):
    warm(check)
    config = dataset / "taskgate.yaml"
    config.write_text(config.read_text() + "min_mutants: 20\n")
    report = same_as_uncached(check)
    assert ("tasks/ttl-lru-cache-tests/meta/mutants", "LAY008") in codes(report)


def test_a_toolchain_version_change_invalidates(check):
    warm(check)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(taskgate, "__version__", "99.0.0")
        fingerprint.toolchain.cache_clear()
        try:
            assert check().tasks_cached == 0
        finally:
            fingerprint.toolchain.cache_clear()
    assert check().tasks_cached == 4  # the old version's results are still there


@pytest.fixture
def extra_check():
    """Register a task check (and its rule) for one test, as a new rule family version would."""
    added: list[tuple[str, object]] = []

    def add(fn, code: str = "TST901"):
        if registry.get(code) is None:
            registry.rule(code, "test-rule", hook="layout", summary="A test rule.", rationale="Tests.", fix="None.")
        registry.task_check("layout")(fn)
        added.append((code, fn))
        return fn

    yield add
    for code, fn in added:
        registry._REGISTRY.task_checks["layout"].remove(fn)
        registry._REGISTRY.rules.pop(code, None)


def test_a_changed_rule_set_invalidates(check, extra_check):
    warm(check)

    def flags_every_prompt(task, ctx):
        yield finding("TST901", task.path("prompt.md"), "flagged by the new rule")

    extra_check(flags_every_prompt)
    report = same_as_uncached(check)
    assert report.tasks_cached == 0
    assert (f"tasks/{TASK}/prompt.md", "TST901") in codes(report)


def test_the_order_checks_were_registered_in_does_not_change_the_key(check, monkeypatch):
    """Import order decides registration order and differs between entry points (a module one
    command imports early registers its checks first); the results, and so the key, do not."""
    warm(check)
    registered = registry.task_checks
    monkeypatch.setattr(registry, "task_checks", lambda hook: list(reversed(registered(hook))))
    assert check().tasks_cached == 4


def test_an_inline_waiver_change_invalidates(check, dataset):
    prompt = dataset / "tasks" / TASK / "prompt.md"
    broken = prompt.read_text().replace(SIGNATURE, "def merge(intervals, gap):")
    # PRM002 is reported at line 1: a waiver on that line covers it.
    prompt.write_text("<!-- taskgate: ignore[PRM002] the signature is shown as an image -->\n" + broken)
    warm(check)
    assert (f"tasks/{TASK}/prompt.md", "PRM002") not in codes(check())
    # The waiver now names another rule: the finding is back.
    prompt.write_text("<!-- taskgate: ignore[PRM003] the signature is shown as an image -->\n" + broken)
    assert (f"tasks/{TASK}/prompt.md", "PRM002") in codes(same_as_uncached(check))
    # ... and without a reason the waiver silences nothing.
    prompt.write_text("<!-- taskgate: ignore[PRM002] -->\n" + broken)
    found = codes(same_as_uncached(check))
    assert (f"tasks/{TASK}/prompt.md", "PRM002") in found and (f"tasks/{TASK}/prompt.md", "WVR001") in found


def test_a_repository_waiver_stops_silencing_when_it_expires(check, dataset):
    prompt = dataset / "tasks" / TASK / "prompt.md"
    prompt.write_text(prompt.read_text().replace(SIGNATURE, "def merge(intervals, gap):"))
    config = dataset / "taskgate.yaml"
    config.write_text(config.read_text() + (
        "waivers:\n  - rule: PRM002\n    path: tasks/" + TASK + "\n    reason: signature redesign in progress\n"
        "    owner: ada\n    expires: 2030-01-01\n"
    ))
    before = _dt.date(2029, 12, 31)
    warm(check, today=before)
    assert (f"tasks/{TASK}/prompt.md", "PRM002") not in codes(check(today=before))
    after = _dt.date(2030, 1, 2)
    found = codes(same_as_uncached(check, today=after))
    assert (f"tasks/{TASK}/prompt.md", "PRM002") in found and ("taskgate.yaml", "WVR002") in found
    # Changing the waiver (another path) also invalidates.
    config.write_text(config.read_text().replace("path: tasks/" + TASK, "path: tasks/other-task"))
    assert (f"tasks/{TASK}/prompt.md", "PRM002") in codes(same_as_uncached(check, today=before))


def test_a_result_that_depends_on_the_date_is_reused_only_that_day(check, extra_check):
    def stale_after_2031(task, ctx):
        if ctx.today >= _dt.date(2031, 1, 1):
            yield finding("TST901", task.path("task.yaml"), "too old")

    extra_check(stale_after_2031)
    day = _dt.date(2030, 12, 31)
    warm(check, today=day)
    assert check(today=day).findings == []
    report = same_as_uncached(check, today=_dt.date(2031, 1, 1))
    assert report.tasks_cached == 0 and len(report.findings) == 4


def test_a_symlink_retargeted_invalidates(check, dataset, tmp_path):
    outside = tmp_path / "outside.py"
    outside.write_text("x = 1\n")
    link = dataset / "tasks" / TASK / "solution" / "helper.py"
    link.symlink_to(os.path.relpath(outside, link.parent))
    warm(check)
    assert (f"tasks/{TASK}/solution/helper.py", "LAY004") in codes(check())
    link.unlink()
    link.symlink_to("intervals.py")
    assert (f"tasks/{TASK}/solution/helper.py", "LAY004") not in codes(same_as_uncached(check))


def test_a_corrupt_database_is_replaced_and_never_trusted(check, dataset):
    prompt = dataset / "tasks" / TASK / "prompt.md"
    prompt.write_text("Solve it.\n")
    warm(check)
    database = cache_mod.db_path(dataset.resolve())
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"this is not a database" * 100)
    report = same_as_uncached(check)
    assert (f"tasks/{TASK}/prompt.md", "PRM002") in codes(report)
    check()
    assert check().tasks_cached == 4  # recreated


def test_malformed_rows_are_misses(check, dataset):
    prompt = dataset / "tasks" / TASK / "prompt.md"
    prompt.write_text("Solve it.\n")
    warm(check)
    with sqlite3.connect(cache_mod.db_path(dataset.resolve())) as conn:
        conn.execute("UPDATE results SET findings = '[[\"x\", \"1\"'")
    report = same_as_uncached(check)
    assert report.tasks_cached == 0
    assert (f"tasks/{TASK}/prompt.md", "PRM002") in codes(report)


def test_an_unusable_cache_directory_only_costs_time(check, dataset, cache_dir):
    cache_dir.write_text("a file where the cache directory should be")
    prompt = dataset / "tasks" / TASK / "prompt.md"
    prompt.write_text("Solve it.\n")
    report = same_as_uncached(check)
    assert (f"tasks/{TASK}/prompt.md", "PRM002") in codes(report) and report.tasks_cached == 0


def test_a_symlinked_task_directory_retargeted_invalidates(check, dataset, tmp_path):
    outside = tmp_path / "elsewhere"
    (outside / "linked-task").mkdir(parents=True)
    link = dataset / "tasks" / "linked-task"
    link.symlink_to(outside / "linked-task")
    warm(check)
    assert ("tasks/linked-task", "LAY004") in codes(check())
    link.unlink()
    inside = dataset / "tasks" / "interval-merge-with-gaps"
    link.symlink_to(os.path.relpath(inside, link.parent))
    assert ("tasks/linked-task", "LAY004") not in codes(same_as_uncached(check))


def test_a_whole_run_drops_results_unused_for_keep_days_and_keeps_the_rest(check, dataset):
    age(dataset)
    warm(check)
    database = cache_mod.db_path(dataset.resolve())
    today = _dt.date.today().toordinal()
    with sqlite3.connect(database) as conn:
        conn.execute("INSERT INTO results VALUES (?, '[]', NULL, ?)", (b"old", today - cache_mod.KEEP_DAYS - 1))
        conn.execute("INSERT INTO results VALUES (?, '[]', NULL, ?)", (b"recent", today - cache_mod.KEEP_DAYS))
    assert check().tasks_cached == 4
    with sqlite3.connect(database) as conn:
        kept = {row[0] for row in conn.execute("SELECT key FROM results WHERE key IN (?, ?)", (b"old", b"recent"))}
    assert kept == {b"recent"}
