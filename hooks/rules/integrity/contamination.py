"""INT002 / INT009: a task copies a public benchmark problem; a configured reference cannot be used.

The method of published decontamination reports (GPT-3, the Codex/HumanEval paper's 13-gram
check): text lowercased, split into words (identifiers split too), and a problem's 13-word
runs looked up in the task's prompt. Verbatim copying shares most of them; one reworded word
breaks up to 13, so a light rewording is caught by a second measure, the share of the problem's
runs of three content-word stems that the prompt contains. The larger of the two is the
problem's score. When the score is at least half the threshold, a ground truth that contains the
problem's solution up to renaming (at least SOLUTION_MATCH of the solution's normalised 5-token
runs) makes it reach the threshold.

Default threshold 0.5: half of a problem's distinctive runs appearing in one prompt does not
happen by chance between problems on the same topic (measured in tests: original tasks about
lists, strings and intervals score under 0.2 against every HumanEval problem), while a problem
pasted with a sentence or two reworded and its function renamed keeps 0.6 or more.
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import marshal
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from taskgate.hooks.core import fingerprint
from taskgate.hooks.core.context import Context
from taskgate.hooks.core.locations import cache_dir
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import repo_check, rule, task_check
from taskgate.hooks.rules.integrity import material, references, text
from taskgate.hooks.rules.integrity.code_tokens import python_names
from taskgate.hooks.workspace import atomic
from taskgate.hooks.workspace.task import PROMPT, Task

WORD_RUN = 13
STEM_RUN = 3
CODE_RUN = 5
# Problems with fewer stem runs than this are judged by their 13-word runs alone.
MIN_STEM_RUNS = 8
# Reference solutions with fewer code shingles than this are too generic to compare.
MIN_CODE_RUNS = 10
SOLUTION_MATCH = 0.8

CONTAMINATED = rule(
    "INT002", "benchmark-contamination", hook="integrity",
    summary="The task's prompt (or prompt and ground truth) copies a public benchmark problem.",
    rationale="""Training on a public benchmark's problems inflates every later evaluation on that
    benchmark: the model has seen the answers. A lightly reworded or renamed copy contaminates
    as much as a verbatim one.""",
    fix="""Replace the task with an original problem. If the overlap is incidental, lower the
    overlap (reword the shared passage) or raise decontamination.threshold in taskgate.yaml.""",
    limits="""Compares with the configured references only (built-in: HumanEval); a problem
    translated to another natural language, or re-specified in entirely new words, is not seen.""",
)
UNAVAILABLE = rule(
    "INT009", "decontamination-reference-unavailable", hook="config", category="integrity",
    summary="A decontamination reference in taskgate.yaml cannot be loaded.",
    rationale="""A reference that silently loads nothing would let contaminated tasks through while
    the configuration says they are checked.""",
    fix="""Install the package that ships a built-in reference (`pip install 'taskgate[decontam]'`),
    fix the JSONL line (each line {"id": ..., "prompt": ..., "solution": ...}) or the pattern.""",
)


# A process that checks more tasks than this builds inverted indexes (run -> problems); fewer
# (a pre-commit hook's few tasks) intersect each problem's runs directly and skip that cost.
INVERT_AFTER = 8


@dataclass
class _Index:
    problems: list[references.Problem] = field(default_factory=list)
    word_runs: list[set[str]] = field(default_factory=list)  # per problem: its 13-word runs
    stem_runs: list[set[str]] = field(default_factory=list)  # per problem: its content-stem runs
    tasks_seen: int = 0
    words: dict[str, list[int]] | None = None  # inverted, once INVERT_AFTER tasks were checked
    stems: dict[str, list[int]] | None = None
    code: dict[int, set[str]] = field(default_factory=dict)  # per problem, lexed when first needed

    def hits(self, words: set[str], stems: set[str]) -> tuple[dict[int, int], dict[int, int]]:
        """Per problem: how many of its word runs and of its stem runs the task has."""
        self.tasks_seen += 1
        if self.words is None and self.tasks_seen > INVERT_AFTER:
            self.words, self.stems = _invert(self.word_runs), _invert(self.stem_runs)
        if self.words is None or self.stems is None:
            return ({n: len(r & words) for n, r in enumerate(self.word_runs) if not r.isdisjoint(words)},
                    {n: len(r & stems) for n, r in enumerate(self.stem_runs) if not r.isdisjoint(stems)})
        word_hits: dict[int, int] = defaultdict(int)
        stem_hits: dict[int, int] = defaultdict(int)
        for run in words:
            for number in self.words.get(run, ()):
                word_hits[number] += 1
        for run in stems:
            for number in self.stems.get(run, ()):
                stem_hits[number] += 1
        return word_hits, stem_hits

    def solution_runs(self, number: int) -> set[str]:
        if number not in self.code:
            solution = self.problems[number].solution
            runs = _code_runs(python_names(solution)) if solution else set()
            self.code[number] = runs if len(runs) >= MIN_CODE_RUNS else set()
        return self.code[number]


def _invert(runs: list[set[str]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for number, items in enumerate(runs):
        for run in items:
            out[run].append(number)
    return out


def _word_runs(words: list[str]) -> set[str]:
    return {" ".join(words[i:i + WORD_RUN]) for i in range(len(words) - WORD_RUN + 1)}


def _stem_runs(prompt: str) -> set[str]:
    return _runs_of(text.content(prompt))


def _runs_of(stems: list[str]) -> set[str]:
    return {" ".join(stems[i:i + STEM_RUN]) for i in range(len(stems) - STEM_RUN + 1)}


def _code_runs(tokens: list[str]) -> set[str]:
    return {" ".join(tokens[i:i + CODE_RUN]) for i in range(len(tokens) - CODE_RUN + 1)}


def _build(ctx: Context) -> _Index:
    index = _Index()
    problems, _troubles = references.load(ctx)
    for problem in problems:
        index.problems.append(problem)
        index.word_runs.append(_word_runs(text.words(problem.prompt)))
        index.stem_runs.append(_stem_runs(problem.prompt))
    return index


def _stored_index(ctx: Context) -> _Index:
    """`_build`, kept in the cache directory when the run may use it: reading and stemming
    HumanEval's 164 problems costs a one-task hook about 25 ms, loading the result 2 ms. Keyed by
    the toolchain (taskgate's code, the installed distributions) and the references' identity."""
    if not ctx.use_cache:
        return _build(ctx)
    root = hashlib.sha256(ctx.root.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    key = hashlib.blake2b(f"{fingerprint.toolchain()}|{references.cache_key(ctx)}".encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    path = cache_dir() / f"references-v1-{root}-{key}.marshal"
    try:
        problems, word_runs, stem_runs = marshal.loads(path.read_bytes())
        return _Index([references.Problem(*p) for p in problems], word_runs, stem_runs)
    except (OSError, ValueError, EOFError, TypeError):
        pass  # none yet, or unreadable: build it
    index = _build(ctx)
    try:
        for old in glob.glob(str(cache_dir() / f"references-v1-{root}-*.marshal")):  # another toolchain's
            Path(old).unlink(missing_ok=True)
        atomic.write(path, marshal.dumps(([dataclasses.astuple(p) for p in index.problems], index.word_runs, index.stem_runs)), mode=0o600)
    except OSError:
        pass  # an unwritable cache directory only costs time
    return index


@task_check("integrity")
def check_contamination(task: Task, ctx: Context) -> Iterator[Finding]:
    index: _Index = ctx.cached("integrity.references", lambda: _stored_index(ctx))
    prompt = material.prompt_text(task)
    if not index.problems or not prompt:
        return
    _refs, threshold, _explicit = references.settings(ctx)
    word_hits, stem_hits = index.hits(_word_runs(material.prompt_words(task)), _runs_of(material.prompt_content(task)))
    solution: set[str] | None = None
    best: tuple[float, int, str] | None = None
    for number in sorted(set(word_hits) | set(stem_hits)):
        word_count, stem_count = len(index.word_runs[number]), len(index.stem_runs[number])
        overlap = word_hits.get(number, 0) / word_count if word_count else 0.0
        similar = stem_hits.get(number, 0) / stem_count if stem_count >= MIN_STEM_RUNS else 0.0
        score = max(overlap, similar)
        detail = f"{overlap:.0%} of its 13-word runs, {similar:.0%} of its phrases"
        if threshold / 2 <= score < threshold and index.solution_runs(number):
            if solution is None and task.language == "python":
                solution = _code_runs(material.solution_tokens(task))
            if solution:
                ref = index.solution_runs(number)
                contained = len(ref & solution) / len(ref)
                if contained >= SOLUTION_MATCH:
                    score, detail = threshold, f"{detail}, and the ground truth contains its solution up to renaming ({contained:.0%})"
        if score >= threshold and (best is None or score > best[0]):
            best = (score, number, detail)
    if best is not None:
        problem = index.problems[best[1]]
        yield finding(
            CONTAMINATED, task.path(PROMPT),
            f"prompt.md copies {problem.benchmark} problem {problem.id}: it contains {best[2]} (threshold {threshold:.0%}); "
            "replace the task with an original problem",
        )


@repo_check("config")
def check_references(ctx: Context) -> Iterator[Finding]:
    _problems, troubles = references.load(ctx)
    for trouble in troubles:
        yield finding(UNAVAILABLE, trouble.path, trouble.message, trouble.line)
