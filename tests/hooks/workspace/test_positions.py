"""Positions of values in JSON and YAML: the same answers as ruamel.yaml's round-trip loader
(the slow parser taskgate used to re-run to place a finding), from the one fast parse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from taskgate.hooks.workspace.loaders import load_json, load_yaml

ROOT = Path(__file__).resolve().parents[3]


def _rt_position(tree: Any, path: tuple[Any, ...], key: bool) -> tuple[int, int]:
    """What the round-trip tree says (the old implementation, kept here as the oracle)."""
    line, col = 1, 1
    node = tree
    for i, step in enumerate(path):
        lc = node.lc
        last = i == len(path) - 1
        pos = lc.key(step) if (key and last and isinstance(node, dict)) else (lc.value(step) if isinstance(node, dict) else lc.item(step))
        line, col = pos[0] + 1, pos[1] + 1
        node = node[step]
    return line, col


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _value(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _documents(suffixes: tuple[str, ...]) -> list[Path]:
    dirs = [ROOT / "examples", ROOT / "task-template", ROOT / "schemas", ROOT / ".github"]
    return sorted(p for d in dirs for p in d.rglob("*") if p.is_file() and p.name.endswith(suffixes))


JSON_DOCS = _documents((".json",))
YAML_DOCS = _documents((".yaml", ".yml"))


@pytest.mark.parametrize("path", JSON_DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_json_positions_match_the_round_trip_parser(path):
    text = path.read_text(encoding="utf-8")
    loaded = load_json(text)
    tree = YAML(typ="rt").load(text)
    paths = _paths(loaded.data)
    assert paths, "a document with values to locate"
    for p in paths:
        assert loaded.locate(p) == _rt_position(tree, p, False), p
        if isinstance(p[-1], str):
            assert loaded.locate(p, True) == _rt_position(tree, p, True), p


@pytest.mark.parametrize("path", YAML_DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_yaml_positions_match_the_round_trip_parser(path):
    text = path.read_text(encoding="utf-8")
    loaded = load_yaml(text)
    if not loaded.ok:  # a template with placeholders, not YAML
        return
    tree = YAML(typ="rt").load(text)
    for p in _paths(loaded.data):
        if any(not isinstance(step, (str, int)) for step in p):
            continue
        if _value(loaded.data, p) is None:
            # An empty value: placed right after its key (the old parser pointed at the next token).
            key_line, _ = loaded.locate(p, True)
            assert loaded.locate(p)[0] == key_line
            continue
        assert loaded.locate(p) == _rt_position(tree, p, False), p
        if isinstance(p[-1], str):
            assert loaded.locate(p, True) == _rt_position(tree, p, True), p


def _at(text: str, position: tuple[int, int]) -> str:
    line, column = position
    return text.splitlines()[line - 1][column - 1:]


def test_json_strings_holding_brackets_quotes_and_escapes_do_not_confuse_the_scan():
    text = '{"a": "}{][,:\\"", "b\\u0022": [ "x", {"c": "\\\\"} , 3 ],\n  "é": {"d": null}, "b": 1}'
    loaded = load_json(text)
    assert loaded.data["b\""][1] == {"c": "\\"}
    assert _at(text, loaded.locate(("b\"", 1, "c"))).startswith('"\\\\"}')
    assert _at(text, loaded.locate(("b\"", 1, "c"), True)).startswith('"c"')
    assert _at(text, loaded.locate(("b\"", 2))).startswith("3 ]")
    assert loaded.locate(("é", "d")) == (2, 14)  # columns count characters, not bytes
    assert loaded.locate(("é", "d"), True) == (2, 9)
    # json.loads keeps the last of a repeated key; so does the locator.
    assert _at(text, loaded.locate(("b",))).startswith("1}")


def test_a_missing_path_answers_its_deepest_existing_ancestor():
    text = json.dumps({"runs": [{"attempt": 1}, {"attempt": 2}]}, indent=2)
    loaded = load_json(text)
    assert loaded.locate(("runs", 1, "nope")) == loaded.locate(("runs", 1))
    assert loaded.locate(("runs", 7)) == loaded.locate(("runs",))
    assert loaded.locate(("runs", "x")) == loaded.locate(("runs",))
    assert loaded.locate(("absent",)) == (1, 1)
    yaml = load_yaml("a:\n  b: [1, 2]\n")
    assert yaml.locate(("a", "b", 5)) == (2, 6)
    assert yaml.locate(("a", "zz")) == (2, 3)


def test_a_record_of_a_thousand_runs_places_a_late_finding_correctly():
    runs = [{"attempt": i, "dir": f"calibration/attempts/target-m-{i}"} for i in range(1, 1001)]
    text = json.dumps({"rule": {}, "runs": runs, "task_hash": {"value": "x"}}, indent=2)
    loaded = load_json(text)
    line, col = loaded.locate(("runs", 998, "dir"))
    assert text.splitlines()[line - 1][col - 1:].startswith('"calibration/attempts/target-m-999"')
    line, col = loaded.locate(("task_hash", "value"), True)
    assert text.splitlines()[line - 1][col - 1:].startswith('"value"')
