"""Property-based: random bytes, YAML and JSON fed to every loader never raise."""

from __future__ import annotations

import json
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taskgate.hooks.workspace.config import load_config
from taskgate.hooks.core.engine import check_task, make_context
from taskgate.hooks.workspace.loaders import LoadError, decode_text, load_json, load_yaml
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.schema import validate
from taskgate.hooks.core import registry
from taskgate.hooks.workspace import resources

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

yaml_alphabet = st.sampled_from(list(string.printable) + ["\t", "\u00e9", "\u2028", "\ufeff", "&", "*", "!", "%", "|", ">", "---", "...", "? ", ": ", "- "])
yaml_like = st.lists(yaml_alphabet, max_size=200).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@FAST
@given(st.binary(max_size=400))
def test_decode_text_never_raises(raw):
    assert isinstance(decode_text(raw), (str, LoadError))


@FAST
@given(st.one_of(yaml_like, st.text(max_size=300)))
def test_load_yaml_never_raises(text):
    loaded = load_yaml(text)
    assert loaded.ok or loaded.error.line >= 1
    line, column = loaded.locate(("a", 0, "b"), True)  # also never raises
    assert line >= 1 and column >= 1


@FAST
@given(st.one_of(st.text(max_size=300), json_values.map(json.dumps), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_load_json_never_raises(text):
    loaded = load_json(text)
    assert loaded.ok or loaded.error.line >= 1


@FAST
@given(json_values)
def test_schemas_validate_any_value_without_raising(value):
    for name in ("task.schema.json", "config.schema.json", "calibration.schema.json"):
        for problem in validate(value, resources.schema(name), load_json(json.dumps(value)).locate):
            assert problem.line >= 1 and problem.column >= 1


@FAST
@given(json_values, st.lists(st.one_of(st.text(max_size=5), st.integers(-2, 5)), max_size=4))
def test_locate_any_path_without_raising(value, path):
    for loaded in (load_json(json.dumps(value)), load_yaml(json.dumps(value)), load_json(json.dumps(value, indent=2))):
        line, column = loaded.locate(tuple(path))
        assert line >= 1 and column >= 1


@FAST
@given(task_yaml=st.one_of(st.binary(max_size=300), yaml_like.map(str.encode), json_values.map(lambda v: json.dumps(v).encode())),
       config=st.one_of(st.binary(max_size=200), yaml_like.map(str.encode), json_values.map(lambda v: json.dumps(v).encode())))
def test_every_rule_family_survives_random_files_and_config(tmp_path_factory, task_yaml, config):
    root = tmp_path_factory.mktemp("fuzz")
    task = Path(root, "tasks", "fuzz-task")
    (task / "solution").mkdir(parents=True)
    # The same random bytes in every file that some rule family parses.
    for rel in ("task.yaml", "prompt.md", "Dockerfile", "calibration.json", "solution/s.py", "solution/s.js"):
        (task / rel).write_bytes(task_yaml)
    (root / "taskgate.yaml").write_bytes(config)
    cfg = load_config(root)
    repo = Repo(root, cfg)
    ctx = make_context(repo, "merge")
    for task_id in repo.task_ids:
        for f in check_task(repo.task(task_id), ctx, registry.STATIC_HOOKS):
            assert f.line >= 1 and f.column >= 1


SCALARS = st.sampled_from(["yes", "no", "on", "off", "010", "0o10", "0x1F", "1_000", ".inf", "-.INF", "1:20", "~", "null", "''",
                           "2024-01-02", "2024-01-02T03:04:05Z", "+1", "1e3", "True", "'0'", "!!str 5", "[1, 2.5, x]", "{a: 1}",
                           "&a [1]", "*a", "-", "é", "\"\\t\"", "|\n  text", "%YAML 1.1\n---\na: yes"])
documents = st.one_of(yaml_like, st.lists(st.tuples(st.sampled_from(["a", "b", "<<", "1", "true"]), SCALARS), max_size=6)
                      .map(lambda kv: "".join(f"{k}: {v}\n" for k, v in kv)))


@FAST
@given(documents)
def test_load_yaml_gives_what_ruamels_safe_loader_gives(text):
    """The loader composes with its own resolver table: the data must be the safe loader's."""
    from ruamel.yaml import YAML

    loaded = load_yaml(text)
    try:
        docs = list(YAML(typ="safe", pure=False).load_all(text))
    except Exception:  # noqa: BLE001 - any ruamel error: not YAML
        assert not loaded.ok
        return
    if loaded.ok:
        assert len(docs) <= 1
        expected = load_yaml.__globals__["_plain"](docs[0] if docs else None, [10**6])
        assert json.dumps(loaded.data, sort_keys=True, default=str) == json.dumps(expected, sort_keys=True, default=str)
    else:
        assert len(docs) > 1 or loaded.error.message.startswith("document too large")
