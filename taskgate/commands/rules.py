"""List the rules (code, hook, category, summary), or explain one rule in full."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from taskgate.hooks import registry
from taskgate.hooks.repo import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", help="a rule code, e.g. LAY001")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    rules = registry.rules()
    if args.code:
        rule = rules.get(args.code.upper())
        if rule is None:
            raise UsageError(f"unknown rule {args.code!r}; `taskgate rules` lists them")
        selected = [rule]
    else:
        selected = list(rules.values())
    if args.format == "json":
        payload = [r.as_dict() for r in selected]
        sys.stdout.write(json.dumps(payload[0] if args.code else payload, indent=2) + "\n")
        return 0
    if args.code:
        r = selected[0]
        wrap = lambda s: textwrap.fill(s, 96, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
        parts = [
            f"{r.code} {r.name} ({r.hook} hook, category {r.category}, {r.severity}, stages: {', '.join(r.stages)})",
            "",
            r.summary,
            "",
            "Why:",
            wrap(r.rationale),
            "",
            "Fix:",
            wrap(r.fix),
        ]
        if r.limits:
            parts += ["", "Known limits:", wrap(r.limits)]
        sys.stdout.write("\n".join(parts) + "\n")
        return 0
    for r in selected:
        sys.stdout.write(f"{r.code:<8} {r.hook:<12} {r.category:<12} {r.summary}\n")
    return 0
