"""The environment digest and the path-by-path comparison, on tar streams built in memory."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from taskgate.ci.images.compare import compare
from taskgate.ci.images.envdigest import DEFAULT_EXCLUDE, Environment, canonical_digest, scan_tar
from taskgate.ci.images.verify import excludes
from taskgate.hooks.workspace.config import Config, load_config

CONFIG = {"Env": ["PATH=/bin"], "Entrypoint": None, "Cmd": None, "WorkingDir": "/task", "User": None}


def tar_of(entries: list[tuple[str, dict]]) -> io.BytesIO:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, spec in entries:
            info = tarfile.TarInfo(name)
            info.type = spec.get("type", tarfile.REGTYPE)
            info.mode = spec.get("mode", 0o644)
            info.uid, info.gid = spec.get("owner", (0, 0))
            info.mtime = spec.get("mtime", 1_700_000_000)
            info.linkname = spec.get("link", "")
            info.pax_headers = spec.get("pax", {})
            data = spec.get("data", b"")
            info.size = len(data) if info.type == tarfile.REGTYPE else 0
            tar.addfile(info, io.BytesIO(data) if info.type == tarfile.REGTYPE else None)
    out.seek(0)
    return out


def env_of(entries, config=CONFIG, exclude=DEFAULT_EXCLUDE) -> Environment:
    paths, excluded = scan_tar(tar_of(entries), exclude)
    return Environment(canonical_digest(paths, config), paths, config, excluded)


BASE = [("bin", {"type": tarfile.DIRTYPE, "mode": 0o755}), ("bin/tool", {"data": b"#!/bin/sh\necho hi\n", "mode": 0o755})]


def test_mtimes_do_not_count_but_everything_else_does():
    a = env_of(BASE)
    assert env_of([(n, {**s, "mtime": 1}) for n, s in BASE]).digest == a.digest
    changed = {
        "content": [BASE[0], ("bin/tool", {**BASE[1][1], "data": b"#!/bin/sh\necho ho\n"})],
        "mode": [BASE[0], ("bin/tool", {**BASE[1][1], "mode": 0o4755})],
        "owner": [BASE[0], ("bin/tool", {**BASE[1][1], "owner": (0, 1)})],
        "type": [BASE[0], ("bin/tool", {"type": tarfile.SYMTYPE, "link": "busybox"})],
        "xattrs": [BASE[0], ("bin/tool", {**BASE[1][1], "pax": {"SCHILY.xattr.security.capability": "\x01"}})],
        "presence": [*BASE, ("etc/new", {"data": b""})],
    }
    for aspect, entries in changed.items():
        b = env_of(entries)
        assert b.digest != a.digest, aspect
        [difference] = compare(a, b)
        assert aspect in difference.aspects, (aspect, difference)


def test_config_that_changes_runs_counts():
    a = env_of(BASE)
    b = env_of(BASE, config={**CONFIG, "User": "tester"})
    assert a.digest != b.digest
    assert [d.path for d in compare(a, b)] == ["config:User"]


def test_names_are_normalised_so_leading_dot_slash_does_not_matter():
    a = env_of([("./bin/", BASE[0][1]), ("./bin/tool", BASE[1][1]), (".dockerenv", {"data": b""}), ("./.hidden", {"data": b"x"})])
    assert sorted(a.paths) == ["/.hidden", "/bin", "/bin/tool"]  # /.dockerenv is a run-time mount
    assert a.digest == env_of([*BASE, (".hidden", {"data": b"x"})]).digest


def test_runtime_mounts_and_default_excludes_are_skipped():
    entries = [
        *BASE,
        ("etc/hostname", {"data": b"abc123\n"}), ("etc/hosts", {"data": b"x"}), ("etc/resolv.conf", {"data": b"y"}),
        ("dev", {"type": tarfile.DIRTYPE}), ("dev/console", {"type": tarfile.CHRTYPE}), ("proc", {"type": tarfile.DIRTYPE}),
        ("var/log/dpkg.log", {"data": b"2024-01-01 install\n"}), ("var/cache/ldconfig/aux-cache", {"data": b"\x01"}),
    ]
    env = env_of(entries)
    assert sorted(env.paths) == ["/bin", "/bin/tool", "/dev", "/proc"]
    assert env.excluded == 2
    kept = env_of(entries, exclude=())
    assert "/var/log/dpkg.log" in kept.paths and "/etc/hostname" not in kept.paths


def _pyc(flags: int, mtime: int, body: bytes = b"\xe3code") -> bytes:
    return b"\xa7\x0d\x0d\x0a" + flags.to_bytes(4, "little") + mtime.to_bytes(4, "little") + (12).to_bytes(4, "little") + body


def test_pyc_source_mtime_is_ignored_but_its_code_is_not():
    def env(data: bytes) -> str:
        return env_of([("m/__pycache__/x.cpython-311.pyc", {"data": data})]).digest

    assert env(_pyc(0, 1000)) == env(_pyc(0, 2000))  # timestamp-based: only the mtime differs
    assert env(_pyc(0, 1000)) != env(_pyc(0, 1000, b"\xe3other"))
    # Hash-based pycs (flags 1 or 3) carry a source hash there, not a time: kept as is.
    assert env(_pyc(1, 1000)) != env(_pyc(1, 2000))
    # Only .pyc files are read that way.
    assert env_of([("x.bin", {"data": _pyc(0, 1)})]).digest != env_of([("x.bin", {"data": _pyc(0, 2)})]).digest


def test_hard_links_are_files_with_their_targets_content():
    linked = env_of([*BASE, ("bin/alias", {"type": tarfile.LNKTYPE, "link": "bin/tool", "mode": 0o755})])
    copied = env_of([*BASE, ("bin/alias", BASE[1][1])])
    assert linked.paths["/bin/alias"] == copied.paths["/bin/alias"]
    assert linked.digest == copied.digest


def test_digest_is_independent_of_archive_order():
    assert env_of(list(reversed(BASE))).digest == env_of(BASE).digest


def test_default_exclude_matches_the_schema_and_config_overrides_it(tmp_path: Path):
    schema = json.loads((Path(__file__).resolve().parents[3] / "schemas/config.schema.json").read_text())
    assert tuple(schema["properties"]["docker"]["properties"]["exclude"]["default"]) == DEFAULT_EXCLUDE
    assert excludes(Config()) == DEFAULT_EXCLUDE
    (tmp_path / "taskgate.yaml").write_text("docker:\n  exclude: [/opt/stamp]\n")
    assert excludes(load_config(tmp_path)) == ("/opt/stamp",)
    (tmp_path / "taskgate.yaml").write_text("docker:\n  exclude: [relative/path]\n")
    config = load_config(tmp_path)
    assert config.errors and excludes(config) == DEFAULT_EXCLUDE


@pytest.mark.parametrize("pattern,path,hit", [
    ("/var/log/*", "/var/log/apt/history.log", True),
    ("/var/log", "/var/log/x", True),
    ("/var/log", "/var/logs", False),
    ("/opt/*.stamp", "/opt/a.stamp", True),
])
def test_exclude_patterns(pattern, path, hit):
    from taskgate.ci.images.envdigest import matches

    assert matches(path, [pattern]) is hit
