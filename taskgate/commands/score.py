"""Score model responses with the training reward: taskgate score RESPONSES.jsonl.

Each input line is `{"task": TASK_ID, "response": TEXT}` (TEXT may also be a chat-completions
body). The output (--out FILE, else stdout) repeats every line in input order with "score" and
"verdict" added (and "reason"); stderr gets progress, per-task pass rates and a summary. The
verdicts are the sandbox's (pass, fail, hack, infra); an infra line has "score": null. Works on
every task of the repository whatever its status. Exit status: 0 every line scored, 3 some lines
hit infrastructure failures (re-run them), 2 usage error or no Docker engine.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from taskgate import console
from taskgate.hooks.core.errors import UsageError
from taskgate.hooks.workspace import atomic
from taskgate.hooks.workspace.repo import Repo


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("responses", type=Path, metavar="RESPONSES.jsonl")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write the scored lines here (default: stdout)")
    parser.add_argument("--jobs", type=int, default=2, metavar="N", help="responses scored at once (one warm sandbox each; default 2)")
    parser.add_argument("--reward", choices=("binary", "fraction"), default="binary", help="1/0, or the share of the ground truth's tests passed")
    parser.add_argument("--base-image", metavar="IMAGE", help="build task images FROM IMAGE (as calibrate --base-image)")
    parser.add_argument("--repo", type=Path, help="repository root (default: found from the current directory)")


def read_lines(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read: {exc}") from None
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise UsageError(f"{path}:{number}: not a JSON object ({exc})") from None
        if not isinstance(item, dict) or not isinstance(item.get("task"), str) or not isinstance(item.get("response"), (str, dict)):
            raise UsageError(f"{path}:{number}: expected {{\"task\": TASK_ID, \"response\": TEXT}}")
        items.append(item)
    return items


def _text(response: str | dict[str, Any]) -> str | None:
    from taskgate.ci.calibration.chat import content

    return response if isinstance(response, str) else content(response)


def run(args: argparse.Namespace) -> int:
    from taskgate.ci.images.docker_engine import EngineError
    from taskgate.ci.reward.scorer import Scorer

    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    repo = Repo.discover(args.repo)
    items = read_lines(args.responses)
    unknown = sorted({i["task"] for i in items} - set(repo.task_ids))
    if unknown:
        raise UsageError(f"{args.responses}: unknown task(s) {', '.join(unknown[:5])} under {repo.root / repo.tasks_root}")
    scorer = Scorer(repo, base_image=args.base_image, mode=args.reward)
    try:
        for index, task_id in enumerate(sorted({i["task"] for i in items}), 1):
            console.progress("score", index, len({i["task"] for i in items}), f"{task_id}: preparing the image")
            scorer.task(task_id)
        scores: list[Any] = [None] * len(items)
        with cf.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {pool.submit(scorer.score, item["task"], _text(item["response"])): n for n, item in enumerate(items)}
            for done, future in enumerate(cf.as_completed(futures), 1):
                scores[futures[future]] = future.result()
                console.progress("score", done, len(items), f"{scores[futures[future]].task}: {scores[futures[future]].verdict}")
    except EngineError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        scorer.close()
    lines = [json.dumps({**item, "score": s.score, "verdict": s.verdict, "reason": s.reason}, ensure_ascii=False, sort_keys=True) + "\n" for item, s in zip(items, scores)]
    if args.out:
        atomic.write(args.out, "".join(lines))
    else:
        sys.stdout.write("".join(lines))
    _summary(scores)
    return 3 if any(s.verdict == "infra" for s in scores) else 0


def _summary(scores: list[Any]) -> None:
    by_task: dict[str, Counter[str]] = defaultdict(Counter)
    for s in scores:
        by_task[s.task][s.verdict] += 1
    for task_id in sorted(by_task):
        counts = by_task[task_id]
        total = sum(counts.values())
        extra = ", ".join(f"{counts[v]} {v}" for v in ("hack", "infra") if counts[v])
        console.info(f"{task_id}: {counts['pass']}/{total} pass ({100 * counts['pass'] / total:.0f}%){'; ' + extra if extra else ''}")
    verdicts = Counter(s.verdict for s in scores)
    mean = [s.score for s in scores if s.score is not None]
    console.info(f"taskgate score: {len(scores)} response(s), {len(by_task)} task(s): " + ", ".join(f"{verdicts[v]} {v}" for v in ("pass", "fail", "hack", "infra") if verdicts[v])
                 + (f"; mean score {sum(mean) / len(mean):.3f}" if mean else ""))
