"""The integrity rules on the corpus of realistic tasks (tests/hooks/rules/integrity/corpus.py): each defect
found where it is, and the clean tasks producing nothing."""

from __future__ import annotations

import json
import zlib

import pytest
from taskgate.hooks.core.engine import run

from tests.hooks.rules.integrity import corpus

CLEAN = ["sliding-window-maximum", "parse-duration", "merge-sorted-streams"]


def findings(repo, *paths, cache=False):
    return run(repo, list(paths), stage="merge", hooks=("integrity", "config"), cache=cache).findings


def by_task(found):
    out = {}
    for f in found:
        out.setdefault(f.path.split("/")[1], []).append(f)
    return out


def test_distinct_clean_tasks_produce_nothing(tmp_path):
    assert findings(corpus.repo(tmp_path, *CLEAN)) == []


def test_reworded_duplicate_with_renamed_identifiers_is_reported_on_the_later_id(tmp_path):
    found = findings(corpus.repo(tmp_path, *CLEAN, "rolling-peak-readings"))
    assert [(f.path, f.code) for f in found] == [("tasks/sliding-window-maximum/prompt.md", "INT001")]
    assert "near-duplicate of tasks/rolling-peak-readings" in found[0].message
    assert "ground truth similarity 1.00" in found[0].message


def test_lightly_reworded_humaneval_problem_is_contamination(tmp_path):
    found = findings(corpus.repo(tmp_path, "longest-word", *CLEAN))
    assert [(f.path, f.code) for f in found] == [("tasks/longest-word/prompt.md", "INT002")]
    assert "humaneval problem HumanEval/12" in found[0].message


def test_reference_runs_kept_in_the_cache_directory_answer_as_when_built(tmp_path, monkeypatch):
    """A one-task hook loads the references' runs from the cache directory instead of stemming
    164 problems; the answer is the same, and a damaged file is rebuilt, not trusted."""
    from taskgate.hooks.workspace.repo import Repo

    cache = tmp_path / "cache"
    monkeypatch.setenv("TASKGATE_CACHE_DIR", str(cache))
    root = tmp_path / "repo"
    root.mkdir()
    corpus.repo(root, "longest-word", *CLEAN)
    expected = [(f.path, f.code, f.message) for f in findings(Repo(root))]  # no cache: built
    assert [c for _p, c, _m in expected] == ["INT002"]

    def one():
        return [(f.path, f.code, f.message) for f in findings(Repo(root), root / "tasks" / "longest-word", cache=True)]

    assert one() == expected
    [stored] = cache.glob("references-v1-*.marshal")
    (root / "tasks" / "longest-word" / "prompt.md").write_text(corpus.TASKS["longest-word"]["prompt"] + "\n")  # re-check it
    assert one() == expected  # from the stored runs
    stored.write_bytes(b"\x00garbage")
    (root / "tasks" / "longest-word" / "prompt.md").write_text(corpus.TASKS["longest-word"]["prompt"] + "\n\n")
    assert one() == expected
    assert stored.read_bytes() != b"\x00garbage"


def test_jsonl_reference_names_benchmark_and_problem(tmp_path):
    repo = corpus.repo(tmp_path, *CLEAN, config="schema_version: 1\ndecontamination:\n  references: ['refs/*.jsonl']\n")
    (tmp_path / "refs").mkdir()
    source = corpus.TASKS["parse-duration"]["prompt"].replace("Job schedulers", "Cron daemons")
    (tmp_path / "refs" / "private-bench.jsonl").write_text(json.dumps({"id": "PB/7", "prompt": source}) + "\n")
    found = findings(repo)
    assert [(f.path, f.code) for f in found] == [("tasks/parse-duration/prompt.md", "INT002")]
    assert "private-bench problem PB/7" in found[0].message


def test_bad_reference_lines_and_patterns_are_findings_not_tracebacks(tmp_path):
    repo = corpus.repo(tmp_path, "parse-duration", config="schema_version: 1\ndecontamination:\n  references: ['refs/*.jsonl', 'nothing/*.jsonl']\n")
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "b.jsonl").write_text('{"id": "x", "prompt": "p"}\nnot json\n{"prompt": 3}\n')
    found = [(f.path, f.line, f.code) for f in findings(repo)]
    assert found == [("refs/b.jsonl", 2, "INT009"), ("refs/b.jsonl", 3, "INT009"), ("taskgate.yaml", 1, "INT009")]


def test_missing_decontam_extra_is_a_clear_finding_when_configured(tmp_path, monkeypatch):
    from taskgate.hooks.rules.integrity import references

    monkeypatch.setattr(references, "_builtin_file", lambda name: None)
    repo = corpus.repo(tmp_path, "parse-duration", config="schema_version: 1\ndecontamination:\n  references: [humaneval]\n")
    found = findings(repo)
    assert [f.code for f in found] == ["INT009"]
    assert "pip install 'taskgate[decontam]'" in found[0].message
    # Not configured: the default reference is skipped silently.
    (tmp_path / "taskgate.yaml").write_text("schema_version: 1\n")
    assert findings(corpus.repo(tmp_path)) == []


def test_prompt_pasting_the_ground_truth_body_renamed_is_a_leak(tmp_path):
    found = findings(corpus.repo(tmp_path, "balanced-brackets"))
    assert [(f.path, f.line, f.code) for f in found] == [("tasks/balanced-brackets/prompt.md", 21, "INT003")]


def test_signature_and_examples_in_the_prompt_are_no_leak(tmp_path):
    spec = corpus.TASKS["balanced-brackets"]
    prompt = spec["prompt"].split("## Hint")[0] + "```python\n>>> is_balanced('([]{})')\nTrue\n```\n"
    corpus.write(tmp_path, "balanced-brackets", prompt=prompt)
    assert findings(corpus.repo(tmp_path)) == []


def test_unannounced_exception_message_and_names_at_the_test_lines(tmp_path):
    found = findings(corpus.repo(tmp_path, "inventory-reservations"))
    got = [(f.path.rsplit("/", 1)[1], f.line, f.code) for f in found]
    assert got == [
        ("test_inventory.py", 2, "INT006"),
        ("test_inventory.py", 2, "INT006"),
        ("test_inventory.py", 11, "INT004"),
        ("test_inventory.py", 16, "INT004"),
        ("test_inventory.py", 16, "INT005"),
    ]
    messages = " ".join(f.message for f in found)
    for name in ("KeyError", "OutOfStock", "normalise_sku", "'units of A1 left'"):
        assert name in messages


@pytest.mark.parametrize("wording", [
    "Raise a ValueError when the SKU is unknown, with the message `only N units of A1 left`.",
    "An unknown SKU raises ValueErrors; the error message reads: only 3 units of A1 left.",
    "If the sku is unknown a value error is raised (message: \"only 2 units of A1 left\").",
    "Unknown SKUs raise `valueerror`: message 'Only 1 units of A1 left'.",
])
def test_exceptions_and_messages_stated_in_words_are_announced(tmp_path, wording):
    spec = corpus.TASKS["inventory-reservations"]
    tests = {"test_inventory.py": (
        "import pytest\nfrom inventory import reserve\n\n\n"
        "def test_reserving_whole_remaining_stock_leaves_zero():\n    assert reserve({'A1': 1}, 'A1', 1) == 0\n\n\n"
        "def test_unknown():\n    with pytest.raises(ValueError, match=r'only \\d+ units of A1 left'):\n        reserve({}, 'B', 1)\n"
    )}
    corpus.write(tmp_path, "inventory-reservations", prompt=spec["prompt"] + "\n" + wording + "\n", tests=tests)
    assert findings(corpus.repo(tmp_path)) == []


def test_base_exception_in_test_is_announced_by_a_named_subclass(tmp_path):
    spec = corpus.TASKS["inventory-reservations"]
    tests = {"test_inventory.py": (
        "import pytest\nfrom inventory import reserve\n\n\n"
        "def test_reserving_whole_remaining_stock_leaves_zero():\n    assert reserve({'A1': 1}, 'A1', 1) == 0\n\n\n"
        "def test_unknown():\n    with pytest.raises(LookupError):\n        reserve({}, 'B', 1)\n"
        "    with pytest.raises(Exception):\n        reserve({}, 'B', 1)\n"
    )}
    corpus.write(tmp_path, "inventory-reservations", prompt=spec["prompt"] + "\nAn unknown SKU raises `KeyError`.\n", tests=tests)
    assert findings(corpus.repo(tmp_path)) == []


def test_edge_case_not_stated_and_not_tested(tmp_path):
    corpus.write(tmp_path, "merge-sorted-streams", edge_cases=["no streams yields an empty array", "NaN timestamps sort last"])
    found = findings(corpus.repo(tmp_path))
    assert [(f.code, f.line) for f in found] == [("INT007", 13), ("INT008", 13)]
    assert "NaN timestamps sort last" in found[0].message


def test_edge_case_named_by_a_marker_or_docstring_counts_as_tested(tmp_path):
    spec = corpus.TASKS["parse-duration"]
    tests = {"test_duration.py": spec["tests"]["test_duration.py"].replace(
        "def test_same_unit_twice_raises():", '@pytest.mark.edge_case("the same unit twice raises ValueError")\ndef test_repeat():'
    ).replace("def test_empty_string_raises():", 'def test_blank():\n    """An empty string raises ValueError."""')}
    corpus.write(tmp_path, "parse-duration", tests=tests)
    assert findings(corpus.repo(tmp_path)) == []


def test_a_one_task_run_finds_the_duplicate_through_the_stored_signatures(tmp_path, monkeypatch):
    monkeypatch.setenv("TASKGATE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "repo"
    root.mkdir()
    repo = corpus.repo(root, *CLEAN, "rolling-peak-readings")
    whole = [f for f in findings(repo, cache=True) if f.code == "INT001"]
    assert [f.path for f in whole] == ["tasks/sliding-window-maximum/prompt.md"]
    from taskgate.hooks.workspace.repo import Repo

    def one(task_id):
        return [f for f in findings(Repo(root), root / "tasks" / task_id, cache=True) if f.code == "INT001"]

    # A run over the later task of the pair reports the same finding, from the store ...
    assert one("sliding-window-maximum") == whole
    # ... a run over the earlier one or an unrelated task reports nothing (findings stay on the
    # tasks a run is about; the whole run reports the pair on the later task) ...
    assert one("rolling-peak-readings") == []
    assert one("parse-duration") == []
    # ... and an edit of the untouched older task is seen before a finding names it.
    naive = (
        "def rolling_peaks(samples: list[int], span: int) -> list[int]:\n"
        "    if span < 1:\n        raise ValueError(span)\n"
        "    return [max(samples[start:start + span]) for start in range(len(samples) - span + 1)]\n"
    )
    corpus.write(root, "rolling-peak-readings", solution={"peaks.py": naive})
    assert one("sliding-window-maximum") == []


def test_a_one_task_run_that_adds_a_copy_is_reported_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("TASKGATE_CACHE_DIR", str(tmp_path / "cache"))
    from taskgate.hooks.workspace.repo import Repo

    findings(corpus.repo(tmp_path, *CLEAN), cache=True)  # the store is complete
    corpus.write(tmp_path, "windowed-maxima-copy", base="rolling-peak-readings")
    found = findings(Repo(tmp_path), tmp_path / "tasks" / "windowed-maxima-copy", cache=True)
    assert [(f.path, f.code) for f in found] == [("tasks/windowed-maxima-copy/prompt.md", "INT001")]
    assert "tasks/sliding-window-maximum" in found[0].message


def test_a_one_task_run_without_a_store_compares_with_every_task(tmp_path):
    repo = corpus.repo(tmp_path, *CLEAN, "rolling-peak-readings")
    found = findings(repo, tmp_path / "tasks" / "sliding-window-maximum")
    assert [f.code for f in found if f.code == "INT001"] == ["INT001"]


def test_example_dataset_is_clean_at_merge():
    from pathlib import Path

    from taskgate.hooks.workspace.repo import Repo

    examples = Path(__file__).resolve().parents[4] / "examples" / "dataset"
    assert findings(Repo(examples)) == []


def test_plain_python_and_numpy_minhash_equal_datasketch():
    import numpy as np
    from datasketch import MinHash
    from taskgate.hooks.rules.integrity.signatures import NUM_PERM, PERMUTATIONS, SCHEME, SEED, Hasher, minhash, similarity

    hasher = Hasher.from_datasketch({"prompt": 0.6, "solution": 0.7})
    assert Hasher.from_state(hasher.state()).bands == hasher.bands
    for shingles in ({f"w{i} w{i + 1} w{i + 2}" for i in range(40)}, {"é ü", *map(str, range(100))}, {f"I ( I , {i}" for i in range(900)}):
        reference = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32, scheme=SCHEME,
                            permutations=tuple(np.array(p, dtype=np.uint32) for p in PERMUTATIONS))
        reference.update_batch([s.encode("utf-8") for s in shingles])
        expected = bytes(reference.hashvalues.astype("<u4").tobytes())
        assert minhash(shingles, bulk=True) == expected
        assert minhash(shingles, bulk=False) == expected
    half = {f"x{i}" for i in range(100)}
    other = {f"x{i}" for i in range(50, 150)}
    assert abs(similarity(minhash(half, bulk=True), minhash(other, bulk=False)) - 50 / 150) < 0.12
    assert minhash({"a", "b"}) == b""  # too short to compare


def test_lightly_reworded_prompt_with_a_different_solution_is_a_duplicate(tmp_path):
    spec = corpus.TASKS["sliding-window-maximum"]
    prompt = (spec["prompt"].replace("A telemetry dashboard plots", "A monitoring dashboard shows")
              .replace("Readings may repeat and may be negative.", "Readings can repeat and can be negative.")
              .replace("is too slow for a million readings", "will not scale to a million readings"))
    naive = (
        "def window_maxima(values: list[int], width: int) -> list[int]:\n"
        "    if width < 1:\n        raise ValueError(width)\n"
        "    return [max(values[start:start + width]) for start in range(len(values) - width + 1)]\n"
    )
    corpus.write(tmp_path, "sliding-window-maximum")
    corpus.write(tmp_path, "windowed-maxima", base="sliding-window-maximum", prompt=prompt, solution={"windows.py": naive}, tests=spec["tests"])
    found = findings(corpus.repo(tmp_path))
    assert [(f.path, f.code) for f in found] == [("tasks/windowed-maxima/prompt.md", "INT001")]
    assert "same prompt" in found[0].message


def test_margins_the_default_thresholds_rest_on(tmp_path):
    """docs/integrity.md: distinct ground truths score well under 0.7, and original tasks score
    well under the 0.5 contamination threshold against every HumanEval problem."""
    import itertools
    from pathlib import Path

    from taskgate.hooks.core.engine import make_context
    from taskgate.hooks.workspace.repo import Repo
    from taskgate.hooks.rules.integrity import contamination, signatures

    distinct = ["sliding-window-maximum", "parse-duration", "merge-sorted-streams", "inventory-reservations", "balanced-brackets"]
    repo = corpus.repo(tmp_path, *distinct)
    examples = Repo(Path(__file__).resolve().parents[4] / "examples" / "dataset")
    tasks = [repo.task(t) for t in repo.task_ids] + [examples.task(t) for t in examples.task_ids]
    sigs = [signatures.of_task(t) for t in tasks]
    for a, b in itertools.combinations(sigs, 2):
        assert signatures.similarity(a.solution, b.solution) < 0.35
        assert signatures.similarity(a.prompt, b.prompt) < 0.3
    index = contamination._build(make_context(repo, "commit"))
    assert len(index.problems) == 164
    for task in tasks:
        words = contamination._word_runs(corpus_prompt(task))
        stems = contamination._stem_runs(corpus_prompt(task))
        for number in range(len(index.problems)):
            runs = index.word_runs[number]
            assert len(runs & words) / max(len(runs), 1) < 0.2
            if len(index.stem_runs[number]) >= 8:
                assert len(index.stem_runs[number] & stems) / len(index.stem_runs[number]) < 0.2, task.id


def corpus_prompt(task):
    from taskgate.hooks.rules.integrity import material

    return material.prompt_text(task)


def test_javascript_tests_expecting_an_unannounced_error(tmp_path):
    spec = corpus.TASKS["merge-sorted-streams"]
    tests = {"merge.test.js": spec["tests"]["merge.test.js"] + (
        "\ntest('no streams yields an empty array even for nested empties', () => {\n"
        "  assert.throws(() => mergeStreams([[2, 1]]), RangeError);\n"
        "  assert.throws(() => mergeStreams(null), { name: 'TypeError' });\n"
        "});\n"
    )}
    prompt = spec["prompt"] + "\nA stream that is not sorted ascending throws a `RangeError`.\n"
    corpus.write(tmp_path, "merge-sorted-streams", prompt=prompt, tests=tests)
    found = findings(corpus.repo(tmp_path))
    assert [(f.path.rsplit("/", 1)[1], f.line, f.code) for f in found] == [("merge.test.js", 19, "INT004")]
    assert "TypeError" in found[0].message


def test_javascript_tests_taking_an_unannounced_name_from_the_solution(tmp_path):
    spec = corpus.TASKS["merge-sorted-streams"]
    tests = {"merge.test.js": spec["tests"]["merge.test.js"].replace(
        "const { mergeStreams } = require('../solution/merge.js');",
        "const { mergeStreams, heapify } = require('../solution/merge.js');\nconst merge = require('../solution/merge.js');\n"
        "const { spawn } = require('node:child_process');\nconst { fixture } = require('./fixtures.js');",
    ) + "\ntest('heap order', () => {\n  assert.deepStrictEqual(merge.siftDown([2, 1], 0), [1, 2]);\n  merge.mergeStreams.call(null, []);\n});\n"}
    corpus.write(tmp_path, "merge-sorted-streams", tests=tests)
    found = findings(corpus.repo(tmp_path))
    assert [(f.path.rsplit("/", 1)[1], f.line, f.code) for f in found] == [("merge.test.js", 3, "INT006"), ("merge.test.js", 21, "INT006")]
    assert "heapify" in found[0].message and "siftDown" in found[1].message


def test_javascript_and_typescript_import_forms_are_read():
    from taskgate.hooks.rules.integrity.script_tests import imports

    source = """import { parse, type Options, format as fmt } from '../solution/parse';
import * as lib from "../subject/lib";
import fallback from "../solution/def";
import { render } from "react";
const { chunk, helper: h, other = 3 } = require("./../solution/chunk.js");
const sol = require('../solution');
lib.normalise(1); sol.run(); sol.default; x.sol.notMine(); fallback.length;
require("../solution/a").extra();
const { local } = require("./fixtures");
"""
    assert [(e.value, e.line) for e in imports(source, "tests/parse.test.ts")] == [
        ("Options", 1), ("format", 1), ("parse", 1), ("chunk", 5), ("helper", 5), ("other", 5),
        ("normalise", 7), ("run", 7), ("extra", 8)]


def test_ground_truth_pasted_without_a_fence_is_a_leak(tmp_path):
    spec = corpus.TASKS["balanced-brackets"]
    head, _hint = spec["prompt"].split("## Hint")
    body = "".join("    " + line + "\n" for line in spec["solution"]["brackets.py"].splitlines()[1:])
    corpus.write(tmp_path, "balanced-brackets", prompt=head + "## Notes\n\nThe core loop is:\n\n" + body)
    found = findings(corpus.repo(tmp_path))
    assert [f.code for f in found] == ["INT003"]


def test_contamination_index_answers_the_same_before_and_after_inverting(tmp_path):
    from taskgate.hooks.core.engine import make_context
    from taskgate.hooks.rules.integrity import contamination

    repo = corpus.repo(tmp_path)
    index = contamination._build(make_context(repo, "commit"))
    prompt = corpus.TASKS["longest-word"]["prompt"]
    words, stems = contamination._word_runs(prompt), contamination._stem_runs(prompt)
    direct = index.hits(words, stems)
    for _ in range(contamination.INVERT_AFTER):
        index.hits(set(), set())
    assert index.words is not None
    inverted = index.hits(words, stems)
    assert ({k: v for k, v in direct[0].items()}, direct[1]) == (dict(inverted[0]), dict(inverted[1]))
    assert direct[1]  # HumanEval/12 shares phrases with it


def _git(root, *args):
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.mark.parametrize("copy", ["aa-window-peaks", "zz-window-peaks"])
@pytest.mark.parametrize("store", [True, False])
def test_a_change_adding_a_copy_is_reported_on_the_copy_whatever_its_id_sorts(tmp_path, monkeypatch, copy, store):
    """issue 17: pre-commit passes only the added task; when its id sorts before the committed
    task it copies, the finding must still land on it (the task missing from HEAD is the newer)."""
    from taskgate.hooks.workspace.repo import Repo

    monkeypatch.setenv("TASKGATE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "repo"
    root.mkdir()
    corpus.repo(root, *CLEAN)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "clean tasks")
    if store:
        assert findings(Repo(root), cache=True) == []  # CI's whole run: the signature store is complete
    corpus.write(root, copy, base="rolling-peak-readings")
    _git(root, "add", "-A")  # staged, as pre-commit sees a commit

    def int001(repo, *paths):
        return [(f.path, f.code) for f in findings(repo, *paths, cache=store) if f.code == "INT001"]

    expected = [(f"tasks/{copy}/prompt.md", "INT001")]
    hook = findings(Repo(root), root / "tasks" / copy, cache=store)
    assert [(f.path, f.code) for f in hook if f.code == "INT001"] == expected
    assert "tasks/sliding-window-maximum" in [f for f in hook if f.code == "INT001"][0].message
    assert int001(Repo(root)) == expected  # a whole run before the commit agrees
    # Editing the committed original alone reports nothing on it: the copy is the newer task.
    assert int001(Repo(root), root / "tasks" / "sliding-window-maximum") == []
    _git(root, "commit", "-qm", "add the copy")
    gate = Repo(root)
    gate.base = "HEAD~1"  # a pull request's gate: `taskgate check --base <the plan's base>`
    assert int001(gate, root / "tasks" / copy) == expected
    assert int001(gate) == expected


GO_TABLE_TESTS = '''package tests

import (
	"testing"

	"task/solution"
)

func TestMerge(t *testing.T) {
	tests := []struct {
		name    string
		streams [][]int
		want    []int
	}{
		{"no streams gives an empty slice", nil, nil},
		{"different lengths", [][]int{{1, 4}, {2}}, []int{1, 2, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_ = solution.Merge(tt.streams)
		})
	}
}

func TestStable(t *testing.T) {
	cases := map[string]struct{ in [][]int }{
		"equal values keep stream order": {[][]int{{1}, {1}}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) { _ = solution.Merge(tc.in) })
	}
}
'''


def test_go_table_driven_case_names_name_edge_cases(tmp_path):
    """`t.Run(tt.name, ...)` over a table (or `t.Run(name, ...)` over a map) names each case by
    the table's strings, the usual Go idiom; a name in no row still is not a test."""
    edge_cases = ["no streams yields an empty array", "streams of different lengths", "equal values keep stream order"]
    corpus.write(tmp_path, "merge-sorted-streams", tests={"merge_test.go": GO_TABLE_TESTS}, edge_cases=edge_cases)
    assert findings(corpus.repo(tmp_path)) == []
    keyed = GO_TABLE_TESTS.replace('{"no streams gives an empty slice", nil, nil}', '{name: "no streams gives an empty slice"}')
    corpus.write(tmp_path, "merge-sorted-streams", tests={"merge_test.go": keyed}, edge_cases=edge_cases)
    assert findings(corpus.repo(tmp_path)) == []
    unnamed = GO_TABLE_TESTS.replace("no streams gives an empty slice", "nil input")
    corpus.write(tmp_path, "merge-sorted-streams", tests={"merge_test.go": unnamed}, edge_cases=edge_cases)
    assert [(f.code, f.line) for f in findings(corpus.repo(tmp_path))] == [("INT008", 12)]


JEST_TESTS = '''const { mergeStreams } = require('../solution/merge');

describe('mergeStreams', () => {
  it('no streams yields an empty array', () => {
    expect(mergeStreams([])).toEqual([]);
  });
  it('streams of different lengths', () => {
    expect(mergeStreams([[1], [0, 2]])).toEqual([0, 1, 2]);
  });
  it('equal values keep stream order', () => {
    expect(mergeStreams([[1], [1]])).toEqual([1, 1]);
  });
  it('rejects a non-array', () => {
    expect(() => mergeStreams(null)).toThrow(TypeError);
  });
  it('rejects unsorted streams', () => {
    assert.throws(() => mergeStreams([[2, 1]]), RangeError);
  });
});
'''


def test_exception_type_a_js_test_expects_is_part_of_its_name(tmp_path):
    """As for Python tests, the type a test expects to be thrown names it: "rejects a non-array"
    expecting a TypeError covers "a non-array argument causes a TypeError"."""
    edge_cases = ["no streams yields an empty array", "a non-array argument causes a TypeError",
                  "an unsorted stream throws RangeError"]
    prompt = corpus.TASKS["merge-sorted-streams"]["prompt"] + (
        "\nA non-array argument throws a `TypeError`; an unsorted stream throws a `RangeError`.\n")
    corpus.write(tmp_path, "merge-sorted-streams", tests={"merge.test.js": JEST_TESTS}, edge_cases=edge_cases, prompt=prompt)
    assert findings(corpus.repo(tmp_path)) == []
    # Without the type the title alone does not name the entry (the next test's RangeError is not its).
    swapped = JEST_TESTS.replace("toThrow(TypeError)", "toThrow()")
    corpus.write(tmp_path, "merge-sorted-streams", tests={"merge.test.js": swapped}, edge_cases=edge_cases, prompt=prompt)
    assert [(f.code, f.line) for f in findings(corpus.repo(tmp_path))] == [("INT008", 13)]


def test_the_verbs_of_failing_are_one_word_for_edge_cases(tmp_path):
    """"is rejected" in task.yaml is stated by "throws a RangeError" in a JavaScript prompt and
    named by a test that "raises" (Python's verb): authors of different languages word it so."""
    edge_cases = ["no streams yields an empty array", "an unsorted stream is rejected"]
    prompt = corpus.TASKS["merge-sorted-streams"]["prompt"] + (
        "\nA non-array argument throws a `TypeError`; an unsorted stream throws a `RangeError`.\n")
    tests = {"merge.test.js": JEST_TESTS.replace("rejects unsorted streams", "an unsorted stream raises")}
    corpus.write(tmp_path, "merge-sorted-streams", tests=tests, edge_cases=edge_cases, prompt=prompt)
    assert findings(corpus.repo(tmp_path)) == []
    corpus.write(tmp_path, "merge-sorted-streams", tests=tests, edge_cases=[edge_cases[0], "an unsorted stream is ignored"], prompt=prompt)
    assert [(f.code, f.line) for f in findings(corpus.repo(tmp_path))] == [("INT007", 13)]  # "ignored" is not failing
