"""Write a deterministic synthetic dataset repository of N realistic tasks.

The tasks are variations of the four tasks in examples/dataset/ (Python algorithms and
debugging tasks, a Python test-writing task with mutants, a JavaScript task), plus a share of
TypeScript and Go tasks derived from the JavaScript one, mixed roughly like the example dataset
(about three in four tasks are Python). Each task gets about 7 files: its template's files with
the task id and the function name renamed, plus a helper module and a fixture so that no two
tasks have the same bytes. Python tasks are `ready` with a probability of 12%, with the
template's calibration record and attempts (the task hash recomputed); the others are drafts.
About 5% of the tasks carry one realistic defect each (a clock read,
an unseeded generator, an unknown task.yaml key, a stray file, a prompt missing its bound, an
unpinned base image), so the checks have something to find.

With `findings=SHARE` (the "findings present" scenario of issue 18) a further, independent draw
per task gives a share of the tasks findings that a bulk edit produces: about SHARE of the tasks
become `ready` with a calibration record that is stale (the prompt was edited after calibration:
CAL004), and about SHARE / 2 read the clock in their solution (a determinism finding), so about
SHARE of the tasks carry at least one finding. The draw uses its own generator, so the rest of
the bytes are those of the clean dataset.

Same N and seed -> the same bytes. The repository is a git repository with one commit (dates
fixed), because `taskgate` lists files through git and pre-commit needs one.

    python -m benchmarks.generate DEST --tasks 1000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
from pathlib import Path

from taskgate.hooks.rules.calibration import record as calibration_record
from taskgate.hooks.workspace import taskhash

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "dataset"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@taskgate.invalid",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@taskgate.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
}

# (template task, function name in it, language, share of the dataset)
TEMPLATES = [
    ("interval-merge-with-gaps", "merge_with_gaps", "python", 40),
    ("fix-greedy-batch-packer", "pack_batches", "python", 25),
    ("ttl-lru-cache-tests", "TTLCache", "python", 10),
    ("top-k-frequent-tokens", "topKFrequent", "javascript", 15),
    ("top-k-frequent-tokens", "topKFrequent", "typescript", 5),
    ("top-k-frequent-tokens", "topKFrequent", "go", 5),
]
WORDS = ("alpha bravo cargo delta ember fjord glade harbor inlet jetty kelp lumen meadow nectar "
         "orbit prism quartz river summit tundra umber vertex willow xenon yarrow zephyr").split()
# Ready tasks carry calibration.json and calibration/attempts/ (about 16 files): a minority, so
# that a task has about 7 files on average, as the issue describes.
READY_SHARE = 0.12
DEFECTS = ("clock", "rng", "yaml-key", "stray-file", "prompt-bound", "unpinned-image")


def _read_template(name: str) -> dict[str, str]:
    base = EXAMPLES / "tasks" / name
    return {p.relative_to(base).as_posix(): p.read_text(encoding="utf-8") for p in sorted(base.rglob("*")) if p.is_file()}


def _helper_py(rng: random.Random, fn: str) -> str:
    lines = [f'"""Helpers for {fn}: small pure functions the solution may use."""', "", "from __future__ import annotations", ""]
    for i in range(rng.randint(3, 7)):
        a, b = rng.sample(WORDS, 2)
        k = rng.randint(2, 97)
        lines += [
            "",
            f"def {a}_{b}_{i}(values: list[int], bound: int = {k}) -> list[int]:",
            f'    """Clamp each value to [-{k}, bound] and keep the order of `values`."""',
            "    out = []",
            "    for value in values:",
            f"        if value < -{k}:",
            f"            value = -{k}",
            "        out.append(min(value, bound))",
            "    return out",
        ]
    return "\n".join(lines) + "\n"


def _conftest(rng: random.Random) -> str:
    seed = rng.randint(1, 10**6)
    return (
        '"""Shared fixtures: a seeded generator so randomized tests are reproducible."""\n\n'
        "import random\n\nimport pytest\n\n\n"
        f"@pytest.fixture\ndef rng():\n    return random.Random({seed})\n"
    )


def _helper_js(rng: random.Random) -> str:
    out = ["'use strict';", ""]
    names = []
    for i in range(rng.randint(3, 6)):
        a, b = rng.sample(WORDS, 2)
        name = f"{a}{b.capitalize()}{i}"
        names.append(name)
        out += [f"function {name}(values, bound = {rng.randint(2, 97)}) {{", "  return values.map((v) => Math.min(v, bound));", "}", ""]
    out.append(f"module.exports = {{ {', '.join(names)} }};")
    return "\n".join(out) + "\n"


def _go_files(go_fn: str, rng: random.Random) -> dict[str, str]:
    k = rng.randint(2, 50)
    return {
        "solution/topk.go": (
            "package topk\n\nimport \"sort\"\n\n"
            f"// {go_fn} returns the k most frequent tokens, ties by byte order.\n"
            f"func {go_fn}(tokens []string, k int) [][2]interface{{}} {{\n"
            "\tcounts := map[string]int{}\n\tfor _, t := range tokens {\n\t\tcounts[t]++\n\t}\n"
            "\tkeys := make([]string, 0, len(counts))\n\tfor t := range counts {\n\t\tkeys = append(keys, t)\n\t}\n"
            "\tsort.Slice(keys, func(i, j int) bool {\n\t\tif counts[keys[i]] != counts[keys[j]] {\n"
            "\t\t\treturn counts[keys[i]] > counts[keys[j]]\n\t\t}\n\t\treturn keys[i] < keys[j]\n\t})\n"
            "\tif k < len(keys) {\n\t\tkeys = keys[:k]\n\t}\n\tout := make([][2]interface{}, 0, len(keys))\n"
            "\tfor _, t := range keys {\n\t\tout = append(out, [2]interface{}{t, counts[t]})\n\t}\n\treturn out\n}\n"
        ),
        "tests/topk_test.go": (
            "package topk\n\nimport \"testing\"\n\n"
            f"func Test{go_fn}Ties(t *testing.T) {{\n\tgot := {go_fn}([]string{{\"b\", \"a\"}}, {k})\n"
            "\tif len(got) != 2 || got[0][0] != \"a\" {\n\t\tt.Fatalf(\"got %v\", got)\n\t}\n}\n"
        ),
    }


def _dockerfile_for(language: str, template: str) -> str:
    if language == "go":
        return ("# Environment only: the runner mounts solution/ and tests/ under /task.\n"
                "FROM golang:1.22-bookworm@sha256:" + "3" * 64 + "\nWORKDIR /task\n")
    if language == "typescript":
        return template.replace("ENV NODE_ENV=test", "ENV NODE_ENV=test\nRUN npm install -g typescript@5.4.5 tsx@4.7.2")
    return template


def make_task(index: int, rng: random.Random, findings: float = 0.0, seed: int = 0, stale: bool = True) -> tuple[str, dict[str, str]]:
    """(task id, {task-relative path: text}) of synthetic task number `index`."""
    template, fn, language, _ = rng.choices(TEMPLATES, weights=[t[3] for t in TEMPLATES])[0]
    words = rng.sample(WORDS, 2)
    task_id = f"{words[0]}-{words[1]}-{index:05d}"
    new_fn = f"{fn}{index:05d}" if fn[0].isupper() or language != "python" else f"{fn}_{index:05d}"
    files: dict[str, str] = {}
    calibration: dict[str, str] = {}
    for rel, text in _read_template(template).items():
        if rel == "calibration.json" or rel.startswith("calibration/"):
            calibration[rel] = text  # the record and its attempts, verbatim (their hashes stay true)
            continue
        files[rel] = text.replace(template, task_id).replace(fn, new_fn)
    if template == "ttl-lru-cache-tests":
        mutants = sorted(r for r in files if r.startswith("meta/mutants/"))
        for rel in mutants[rng.randint(3, 5):]:
            del files[rel]
    if language == "python" and template != "ttl-lru-cache-tests":
        files["solution/_helpers.py"] = _helper_py(rng, new_fn)
        files["tests/conftest.py"] = _conftest(rng)
    if language in ("javascript", "typescript"):
        files["solution/util.js"] = _helper_js(rng)
        files["tests/fixtures.json"] = '{"seed": %d, "cases": [[["a", "b", "a"], 1]]}\n' % rng.randint(1, 10**6)
    if language == "typescript":
        files = {(r[:-3] + ".ts" if r.endswith(".js") else r): t for r, t in files.items()}
        files["task.yaml"] = files["task.yaml"].replace("language: javascript", "language: typescript")
    if language == "go":
        go_fn = new_fn[0].upper() + new_fn[1:]
        files = {r: t for r, t in files.items() if not r.startswith(("solution/", "tests/"))}
        files.update(_go_files(go_fn, rng))
        files["task.yaml"] = (files["task.yaml"].replace("language: javascript", "language: go")
                              .replace(f"function {new_fn}(tokens, k)", f"func {go_fn}(tokens []string, k int) [][2]interface{{}}")
                              .replace('["node", "--test", "tests/"]', '["go", "test", "./..."]'))
        files["prompt.md"] = files["prompt.md"].replace(f"function {new_fn}(tokens, k)", f"func {go_fn}(tokens []string, k int) [][2]interface{{}}")
    files["Dockerfile"] = _dockerfile_for(language, files["Dockerfile"])
    files["task.yaml"] += f"  - {words[0]}\n" if f"  - {words[0]}\n" not in files["task.yaml"] else ""
    if rng.random() < 0.05:
        _inject_defect(files, rng.choice(DEFECTS), language)
    if language == "python" and rng.random() < READY_SHARE:
        files.update(calibration)
        files["calibration.json"] = _recalibrated(calibration["calibration.json"], files)
    else:
        files["task.yaml"] = files["task.yaml"].replace("status: ready", "status: draft")
    if findings:
        _add_findings(files, calibration, random.Random(f"{seed}:findings:{index}"), findings, language, stale)
    return task_id, files


CLOCK_READS = {
    "python": ("from __future__ import annotations\n", "from __future__ import annotations\n\nimport time\n\nSTARTED = time.time()\n"),
    "javascript": ("'use strict';\n", "'use strict';\n\nconst STARTED = Date.now();\n"),
    "typescript": ("'use strict';\n", "'use strict';\n\nconst STARTED = Date.now();\n"),
    "go": ('import "sort"\n', 'import (\n\t"sort"\n\t"time"\n)\n\nvar started = time.Now()\n'),
}


def _add_findings(files: dict[str, str], calibration: dict[str, str], draw: random.Random, share: float, language: str,
                  stale: bool = True) -> None:
    """Issue 18's findings-present scenario: a stale record (a prompt edited after calibration)
    in about `share` of the tasks, a clock read in about `share / 2`. `stale=False` writes its
    clean twin: the same tasks, ready, with the same edit made before calibration (the record is
    current) and no clock read, so the two trees hold the same files and differ in findings."""
    if draw.random() < share:
        if "calibration.json" not in files:
            files.update(calibration)
            files["task.yaml"] = files["task.yaml"].replace("status: draft", "status: ready")
            files["calibration.json"] = _recalibrated(calibration["calibration.json"], files)
        files["prompt.md"] += "\nNote: inputs may be empty.\n"  # edited after calibration: stale
        if not stale:
            files["calibration.json"] = _recalibrated(calibration["calibration.json"], files)
    if draw.random() < share / 2 and stale:
        solution = sorted(r for r in files if r.startswith("solution/") and r.endswith((".py", ".js", ".ts", ".go")) and "helper" not in r and "util" not in r)[0]
        old, new = CLOCK_READS[language]
        if old in files[solution]:
            files[solution] = files[solution].replace(old, new, 1)
        else:
            files[solution] = new + files[solution]


def _recalibrated(record_text: str, files: dict[str, str]) -> str:
    """The template's calibration record bound to this task's content (its task hash, and the
    counterexamples' bindings to it)."""
    record = json.loads(record_text)
    hashes = {rel: hashlib.sha256(text.encode()).hexdigest() for rel, text in files.items() if taskhash.is_hashed(rel)}
    record["task_hash"] = {"algorithm": "sha256", "value": taskhash.combine(hashes), "files": dict(sorted(hashes.items()))}
    for run in record["runs"]:
        if "counterexample_sha256" in run:
            run["counterexample_sha256"] = calibration_record.counterexample_binding(record["task_hash"]["value"], run)
    return json.dumps(record, indent=2) + "\n"


def _inject_defect(files: dict[str, str], defect: str, language: str) -> None:
    solution = sorted(r for r in files if r.startswith("solution/") and r.endswith((".py", ".js", ".ts", ".go")))[0]
    if defect == "clock" and language == "python":
        files[solution] = files[solution].replace("from __future__ import annotations\n", "from __future__ import annotations\n\nimport time\n\nSTARTED = time.time()\n", 1)
    elif defect == "rng" and language == "python":
        files[solution] += "\n\ndef jitter():\n    import random\n    return random.random()\n"
    elif defect in ("clock", "rng"):
        files[solution] += "\nconst STARTED = Date.now();\n" if language != "go" else "\nvar jitter = 0 // math/rand would go here\n"
    elif defect == "yaml-key":
        files["task.yaml"] = files["task.yaml"].replace("timeout_seconds:", "timeout_secs: 30\ntimeout_seconds:", 1)
    elif defect == "stray-file":
        files["NOTES.txt"] = "remember to ask about the edge cases\n"
    elif defect == "prompt-bound":
        files["prompt.md"] = files["prompt.md"].replace("O(n log n)", "fast").replace("O(n)", "linear")
    elif defect == "unpinned-image":
        files["Dockerfile"] = "\n".join(line.split("@sha256:")[0] if line.startswith("FROM") else line for line in files["Dockerfile"].splitlines()) + "\n"


def generate(dest: Path, n: int, seed: int = 0, findings: float = 0.0, stale: bool = True) -> None:
    """Write the dataset at `dest` (replacing what is there) and commit it; `findings` is the
    share of tasks given findings (see the module's docstring)."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "tasks").mkdir(parents=True)
    shutil.copyfile(EXAMPLES / "taskgate.yaml", dest / "taskgate.yaml")
    (dest / "README.md").write_text(f"Synthetic taskgate benchmark dataset: {n} tasks, seed {seed}.\n", encoding="utf-8")
    rng = random.Random(seed)
    for index in range(n):
        task_id, files = make_task(index, rng, findings, seed, stale)
        for rel, text in files.items():
            path = dest / "tasks" / task_id / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", f"{n} synthetic tasks")


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--findings", type=float, default=0.0, help="share of tasks with a stale calibration record (half as many read the clock)")
    args = parser.parse_args(argv)
    generate(args.dest, args.tasks, args.seed, args.findings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
