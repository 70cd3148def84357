"""The JavaScript/TypeScript byte prefilter may only skip files in which the analyser finds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskgate.hooks.rules.determinism.treesitter import analyser
from taskgate.hooks.rules.determinism.treesitter.js_api import may_report

CORPUS = Path(__file__).parent / "corpus"
SOURCES = sorted(p for lang in ("javascript", "typescript", "tsx") for p in (CORPUS / lang).rglob("*") if p.is_file())
LANGUAGE = {"javascript": "javascript", "typescript": "typescript", "tsx": "tsx"}


def _full(source: bytes, language: str) -> list:
    """The analyser without the prefilter."""
    tree = analyser.parser_for(language).parse(source)
    report = analyser.Report(source, tree.root_node, language)
    from taskgate.hooks.rules.determinism.treesitter import js

    js.analyse_tree(tree.root_node, report, language)
    return report.hits()


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_a_skipped_corpus_file_has_no_findings(path):
    source = path.read_bytes()
    language = LANGUAGE[path.parent.parent.name]
    hits = _full(source, language)
    if hits:
        assert may_report(source), f"{path}: the prefilter would hide {hits}"
    assert analyser.analyse(source, language) == hits


@pytest.mark.parametrize("source", [
    b"const M = Math; export const pick = (xs) => xs[Math.floor(M.random() * xs.length)];",
    b"const { random } = Math;\nmodule.exports = () => random();",
    b"import { randomUUID as id } from 'node:crypto';\nexport const make = () => id();",
    b"const g = globalThis; const t = g['Date'].now();",
    b"const seed = require('seedrandom'); const rng = seed();",
    b"import { execa } from 'execa';\nawait execa('curl', ['https://example.org']);",
    b"const h = require('https'); h.get('https://example.org');",
    b"const pick = () => Math['\\random']();",  # a carriage-return escape: string_value reads "random"
])
def test_aliases_and_imports_still_reach_the_analyser(source):
    assert may_report(source)
    assert _full(source, "javascript"), "a realistic use the analyser reports"


def test_clean_helpers_are_not_parsed():
    helper = b"'use strict';\nfunction clamp(values, bound = 7) {\n  return values.map((v) => Math.min(v, bound));\n}\nmodule.exports = { clamp };\n"
    assert not may_report(helper)
    assert analyser.analyse(helper, "javascript") == []


def test_unicode_escapes_in_strings_do_not_force_a_parse():
    test = b"const t = require('node:test');\nt('sorts', () => { const xs = ['\\u00e9', 'z']; const got = xs.sort(); });\n"
    assert not may_report(test)
