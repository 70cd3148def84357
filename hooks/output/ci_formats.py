"""Findings for GitHub: workflow-command annotations (`--format github`) and SARIF 2.1.0
(`--format sarif`, for code scanning). Both are deterministic: same findings, same bytes.

Paths are made relative to `$GITHUB_WORKSPACE` when it is set (GitHub resolves annotation and
SARIF paths against the checkout, wherever the command ran from), else to the current directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from taskgate.hooks.core import registry
from taskgate.hooks.core.findings import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def checkout_path(path: str, root: Path, cwd: Path) -> str:
    base = os.environ.get("GITHUB_WORKSPACE") or str(cwd)
    try:
        return Path(os.path.relpath(root / path, base)).as_posix()
    except ValueError:  # pragma: no cover - different drives on Windows
        return (root / path).as_posix()


_level = registry.severity


_GITHUB_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], root: Path, cwd: Path) -> str:
    """`::error file=…,line=…,col=…,title=CODE::message`, one per finding (`::warning` for warnings, `::notice` for notes)."""
    lines = []
    for f in findings:
        where = f"file={_prop(checkout_path(f.path, root, cwd))},line={f.line},col={f.column},title={_prop(f.code)}"
        lines.append(f"::{_GITHUB_LEVELS[_level(f.code)]} {where}::{_data(f.message)}")
    return "".join(line + "\n" for line in lines)


def _descriptor(rule: registry.Rule) -> dict[str, Any]:
    help_text = f"{rule.summary}\n\nWhy: {rule.rationale}\n\nFix: {rule.fix}"
    help_md = f"**{rule.summary}**\n\n**Why:** {rule.rationale}\n\n**Fix:** {rule.fix}"
    if rule.limits:
        help_text += f"\n\nKnown limits: {rule.limits}"
        help_md += f"\n\n**Known limits:** {rule.limits}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"category": rule.category, "hook": rule.hook, "stages": list(rule.stages), "tags": list(dict.fromkeys(["taskgate", rule.hook, rule.category]))},
    }


def _unknown_descriptor(code: str) -> dict[str, Any]:
    return {
        "id": code,
        "shortDescription": {"text": f"{code} (not a registered rule)"},
        "defaultConfiguration": {"level": "error"},
    }


def sarif_log(findings: Sequence[Finding], root: Path, cwd: Path) -> dict[str, Any]:
    from taskgate import __version__

    rules = list(registry.rules().values())
    descriptors = [_descriptor(r) for r in rules]
    known = {r.code for r in rules}
    descriptors += [_unknown_descriptor(c) for c in sorted({f.code for f in findings} - known)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    seen: Counter[tuple[str, str, str]] = Counter()
    results = []
    for f in findings:
        uri = checkout_path(f.path, root, cwd)
        key = (f.code, uri, f.message)
        seen[key] += 1
        # Stable across edits that move the finding to another line; the occurrence number
        # keeps identical findings in one file apart.
        digest = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()[:32]
        results.append({
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _level(f.code),
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(uri, safe="/"), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.line, "startColumn": f.column},
                },
            }],
            "partialFingerprints": {"taskgateFinding/v1": digest},
        })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "taskgate", "version": __version__, "semanticVersion": __version__, "rules": descriptors}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render_sarif(findings: Sequence[Finding], root: Path, cwd: Path) -> str:
    return json.dumps(sarif_log(findings, root, cwd), indent=2, ensure_ascii=False) + "\n"
