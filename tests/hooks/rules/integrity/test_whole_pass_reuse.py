"""A whole-repository run over unchanged signatures reuses the near-duplicate pass's recorded
outcome (duplicates.py, signature_store.py); any input that can change the findings makes it
run the pass again, with the findings of a run without any cache."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from taskgate.hooks.core.engine import run
from taskgate.hooks.rules.integrity import duplicates, signature_store
from taskgate.hooks.workspace.repo import Repo

from tests.hooks.rules.integrity import corpus
from tests.hooks.rules.integrity.test_integrity_rules import CLEAN, _git

PAIR = "rolling-peak-readings"  # a reworded copy of sliding-window-maximum, identifiers renamed
NAIVE = (
    "def rolling_peaks(samples: list[int], span: int) -> list[int]:\n"
    "    if span < 1:\n        raise ValueError(span)\n"
    "    return [max(samples[start:start + span]) for start in range(len(samples) - span + 1)]\n"
)


@pytest.fixture
def passes(monkeypatch):
    """How many times a run with the store ran the pass itself (rather than answering from the
    recorded outcome)."""
    count = [0]
    original = duplicates._Pass._fresh

    def counted(self, *args, **kwargs):
        count[0] += self.store is not None
        return original(self, *args, **kwargs)

    monkeypatch.setattr(duplicates._Pass, "_fresh", counted)
    return count


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("TASKGATE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "repo"
    root.mkdir()
    corpus.repo(root, *CLEAN, PAIR)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "tasks")
    return root


def int001(root, *, cache=True, base="HEAD", paths=()):
    repo = Repo(root)
    repo.base = base
    found = run(repo, list(paths), stage="merge", hooks=("integrity", "config"), cache=cache).findings
    return [(f.path, f.message) for f in found if f.code == "INT001"]


def warm_equals_uncached(root, passes, *, base="HEAD"):
    """A whole run with the cache: the pass ran again, and found what an uncached run finds."""
    before = passes[0]
    found = int001(root, base=base)
    assert passes[0] == before + 1, "the recorded outcome was reused although an input changed"
    assert found == int001(root, cache=False, base=base)
    return found


def test_a_warm_run_reuses_the_outcome_with_the_same_findings(root, passes):
    cold = int001(root)
    assert [path for path, _ in cold] == ["tasks/sliding-window-maximum/prompt.md"]
    assert passes[0] == 1
    assert int001(root) == cold
    assert int001(root) == cold
    assert passes[0] == 1  # answered from the record twice
    assert cold == int001(root, cache=False)


def test_a_changed_signature_runs_the_pass_again(root, passes):
    int001(root)
    corpus.write(root, PAIR, solution={"peaks.py": NAIVE})  # no longer the same ground truth
    assert warm_equals_uncached(root, passes) == []
    corpus.write(root, PAIR)  # and back: the pair again
    assert [path for path, _ in warm_equals_uncached(root, passes)] == ["tasks/sliding-window-maximum/prompt.md"]


def test_a_changed_threshold_runs_the_pass_again(root, passes):
    int001(root)
    # The same LSH band sizes as the defaults (0.6 / 0.7): only the thresholds differ.
    (root / "taskgate.yaml").write_text("schema_version: 1\nintegrity:\n  duplicates:\n    prompt: 0.62\n    solution: 0.72\n")
    found = warm_equals_uncached(root, passes)
    assert [path for path, _ in found] == ["tasks/sliding-window-maximum/prompt.md"]
    assert "thresholds 0.62 / 0.72" in found[0][1]
    # Other bands, and a prompt threshold low enough for other pairs.
    (root / "taskgate.yaml").write_text("schema_version: 1\nintegrity:\n  duplicates:\n    prompt: 0.2\n    solution: 0.95\n")
    assert warm_equals_uncached(root, passes)


def test_a_removed_task_runs_the_pass_again(root, passes):
    int001(root)
    shutil.rmtree(root / "tasks" / PAIR)
    assert warm_equals_uncached(root, passes) == []


def test_an_added_task_runs_the_pass_again(root, passes):
    int001(root)
    corpus.write(root, "zz-window-peaks", base=PAIR)
    found = warm_equals_uncached(root, passes)
    assert "tasks/zz-window-peaks/prompt.md" in [path for path, _ in found]


def test_another_base_reports_the_recorded_pairs_on_the_newer_task(root, passes):
    """The same signatures, another base: the copy is the newer task while it is missing from the
    base, the later id once both are committed."""
    corpus.write(root, "aa-window-peaks", base=PAIR)
    _git(root, "add", "-A")
    assert int001(root, base="HEAD") == int001(root, cache=False, base="HEAD")
    on_copy = [path for path, _ in int001(root, base="HEAD")]
    assert "tasks/aa-window-peaks/prompt.md" in on_copy
    _git(root, "commit", "-qm", "the copy")
    runs = passes[0]
    committed = int001(root, base="HEAD")
    assert passes[0] == runs  # the pairs are the recorded ones; only who is newer was decided again
    assert committed == int001(root, cache=False, base="HEAD")
    assert "tasks/aa-window-peaks/prompt.md" not in [path for path, _ in committed]
    # Back to the old base (a pull request's gate): the copy is the newer task again.
    assert int001(root, base="HEAD~1") == int001(root, cache=False, base="HEAD~1")
    assert [path for path, _ in int001(root, base="HEAD~1")] == on_copy
    assert passes[0] == runs


def test_a_partial_run_writing_rows_voids_the_record(root, passes):
    """A one-task run stores the touched task's new signature; the record stood for the rows
    before it, so the next whole run (the task edited back) must pass again and rewrite them."""
    int001(root)
    corpus.write(root, PAIR, solution={"peaks.py": NAIVE})
    assert int001(root, paths=[root / "tasks" / "sliding-window-maximum"]) == []
    corpus.write(root, PAIR)
    assert [path for path, _ in warm_equals_uncached(root, passes)] == ["tasks/sliding-window-maximum/prompt.md"]
    # The store holds the restored signature again: a one-task run finds the pair from it.
    assert [path for path, _ in int001(root, paths=[root / "tasks" / "sliding-window-maximum"])] == [
        "tasks/sliding-window-maximum/prompt.md"]


def test_a_damaged_record_is_a_miss(root, passes):
    int001(root)
    path = signature_store.db_path(root.resolve())
    with sqlite3.connect(path) as conn:
        (text,) = conn.execute("SELECT value FROM meta WHERE name = 'pass'").fetchone()
        conn.execute("UPDATE meta SET value = ? WHERE name = 'pass'", (text.split("\n", 1)[0] + "\n{\"base\": 1",))
    assert [path for path, _ in warm_equals_uncached(root, passes)] == ["tasks/sliding-window-maximum/prompt.md"]


def test_a_damaged_store_file_is_replaced_and_never_trusted(root, passes):
    int001(root)
    path = signature_store.db_path(root.resolve())
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"not a database at all " * 200)
    found = int001(root)  # the store is unusable: the pass runs without it
    assert found == int001(root, cache=False)
    assert [p for p, _ in found] == ["tasks/sliding-window-maximum/prompt.md"]
    int001(root)  # the damaged file was dropped: this run makes a new store ...
    with open(path, "rb") as fh:
        assert fh.read(16) == b"SQLite format 3\x00"
    runs = passes[0]
    assert [p for p, _ in int001(root)] == ["tasks/sliding-window-maximum/prompt.md"]
    assert passes[0] == runs  # ... and its record answers the next one


@pytest.mark.parametrize("threshold", ["0.99", "1"])
def test_a_threshold_near_one_still_finds_identical_ground_truths(root, threshold):
    """The schema allows thresholds up to 1; datasketch's band optimum there is a single band,
    which it refuses (it used to be a traceback)."""
    (root / "taskgate.yaml").write_text(f"schema_version: 1\nintegrity:\n  duplicates:\n    prompt: {threshold}\n    solution: {threshold}\n")
    found = int001(root, cache=False)
    assert [path for path, _ in found] == ["tasks/sliding-window-maximum/prompt.md"]  # ground truths equal up to renaming
    assert int001(root) == found
