"""The determinism hook's coverage: shell scripts, vendored code skipped with a note, uncovered
file types noted, loopback targets, and the note severity never failing a run."""

from __future__ import annotations

from pathlib import Path

from taskgate.hooks.core import engine, registry
from taskgate.hooks.rules.determinism import loopback, vendored
from taskgate.hooks.workspace.repo import Repo

from tests.hooks.rules.determinism.test_hook import make_repo

CATCH_BANNER = """\
/*
 *  Catch v2.13.7
 *  Generated: 2021-07-28 20:29:27.753164
 *  ----------------------------------------------------------
 *  This file has been merged from multiple headers. Please don't edit it directly
 *  Copyright (c) 2021 Two Blue Cubes Ltd. All rights reserved.
 */
#ifndef TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED
#define TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED
#include <ctime>
namespace Catch { inline unsigned seed() { return static_cast<unsigned>(std::time(nullptr)); } }
#endif
"""
OWN_CATCH = "#include <ctime>\n// our helpers\ninline long stamp() { return std::time(nullptr); }\n"
RUN_TESTS = "#!/bin/bash\nset -e\npip install pytest==8.3.3\npytest /tests -rA\n"


def findings(repo: Repo) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.code) for f in engine.run(repo, hooks=("determinism",)).findings]


def test_stock_header_skipped_with_one_note_own_header_checked(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {
        "t1/tests/catch.hpp": CATCH_BANNER,
        "t1/tests/third/renamed_framework.h": CATCH_BANNER,
        "t1/solution/catch.hpp": OWN_CATCH,
        "t1/tests/vendor/lib/clock.c": "#include <time.h>\nlong f(void) { return time(0); }\n",
    })
    got = findings(repo)
    assert ("tasks/t1/solution/catch.hpp", 3, "DET101") in got
    notes = [f for f in engine.run(repo, hooks=("determinism",)).findings if f.code == "DET900"]
    assert len(notes) == 1
    message = notes[0].message
    assert "tests/catch.hpp (stock Catch2 2.13.7 test framework)" in message
    assert "tests/third/renamed_framework.h (stock Catch2" in message
    assert "tests/vendor/lib/clock.c (matches vendored path `**/vendor`)" in message
    assert not [f for f in got if f[2] == "DET101" and "tests/" in f[0]]


def test_configured_vendored_paths_replace_the_defaults(tmp_path: Path) -> None:
    make_repo(tmp_path, {
        "t1/tests/vendor/clock.c": "#include <time.h>\nlong f(void) { return time(0); }\n",
        "t1/tests/ext/clock.c": "#include <time.h>\nlong f(void) { return time(0); }\n",
        "t1/tests/catch.hpp": CATCH_BANNER,
    })
    (tmp_path / "taskgate.yaml").write_text("schema_version: 1\nvendored:\n  paths: ['tests/ext']\n  test_frameworks: false\n")
    got = findings(Repo(tmp_path))
    assert ("tasks/t1/tests/vendor/clock.c", 2, "DET101") in got
    assert ("tasks/t1/tests/catch.hpp", 11, "DET101") in got
    assert not [f for f in got if f[0].endswith("ext/clock.c") and f[2] == "DET101"]


def test_shell_scripts_by_suffix_and_shebang(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {
        "t1/tests/run-tests.sh": RUN_TESTS,
        "t1/tests/run_tests": RUN_TESTS,
        "t1/solution/solve": "#!/usr/bin/env sh\necho $RANDOM > /app/out.txt\n",
    })
    assert findings(repo) == [
        ("tasks/t1/solution/solve", 2, "DET201"),
        ("tasks/t1/tests/run-tests.sh", 3, "DET302"),
        ("tasks/t1/tests/run_tests", 3, "DET302"),
    ]
    message = engine.run(repo, hooks=("determinism",)).findings[1].message
    assert "the reward downloads at test time" in message and "Dockerfile" in message


def test_shell_waiver(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"t1/tests/run-tests.sh": "#!/bin/bash\n# taskgate: ignore[DET302] fetches the fixture server image\ndocker pull registry.local/x@sha256:0\n"})
    assert findings(repo) == []


def test_uncovered_types_noted_once_per_type_never_failing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {
        "t1/tests/a.rb": "puts Time.now\n", "t1/tests/b.rb": "puts rand\n",
        "t1/tests/check": "#!/usr/bin/perl\nprint time;\n",
        "t1/tests/data.json": "{}", "t1/tests/README.md": "x",
    })
    report = engine.run(repo, hooks=("determinism",))
    assert [(f.path, f.code) for f in report.findings] == [("tasks/t1/tests/a.rb", "DET901"), ("tasks/t1/tests/check", "DET901")]
    assert "tests/a.rb, tests/b.rb" in report.findings[0].message
    assert report.errors() == []
    assert registry.get("DET901").severity == "note"


def test_loopback_judgement() -> None:
    assert loopback.targets_loopback(["http://127.0.0.1:\ufffc/x"])
    assert loopback.targets_loopback(["localhost:8080"])
    assert loopback.targets_loopback(["[::1]:80", "\ufffc"])
    assert loopback.targets_loopback(["0.0.0.0"], bind=True)
    assert loopback.targets_loopback(["http://0.0.0.0:8000/"])  # the any address never leaves the host
    assert loopback.targets_loopback([""], bind=True) and not loopback.targets_loopback([""])
    assert not loopback.targets_loopback(["http://\ufffc:8080/"])
    assert not loopback.targets_loopback(["http://localhost\ufffc/"])
    assert not loopback.targets_loopback(["http://localhost.example.com/"])
    assert not loopback.targets_loopback(["http://127.0.0.1/", "https://pypi.org/simple"])
    assert not loopback.targets_loopback(["tcp", "\ufffc"])


def test_framework_markers_need_banner_and_guard() -> None:
    assert vendored.framework_of(CATCH_BANNER.encode()) == "Catch2 2.13.7"
    assert vendored.framework_of(b"#ifndef TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED\n") is None
    assert vendored.framework_of(b"// Catch v2.13.7 tutorial notes\n") is None


def test_shape_only_assertion_message_says_why_the_reward_varies() -> None:
    from taskgate.hooks.rules.determinism import hook as determinism

    source = b"import torch\n\ndef test_shape(model):\n    out = model(torch.randn(2, 3))\n    assert out.shape == (2, 5)\n"
    [hit] = determinism.analyse("test_model.py", source)
    assert hit.code == "DET201" and "only the shape" in hit.message and "the reward varies" in hit.message


def test_other_stock_frameworks_by_content() -> None:
    assert vendored.framework_of(b"/*!\n * QUnit 2.20.0\n * https://qunitjs.com/\n */\nvar now = Date.now();\n") == "QUnit 2.20.0"
    assert vendored.framework_of(b"// Copyright 2008, Google Inc.\n#include \"gtest/internal/gtest-port.h\"\n") == "googletest"
    assert vendored.framework_of(b"// Copyright 2008, Google Inc.\nint main() { return 0; }\n") is None
    settings = vendored.Settings()
    assert settings.reason("tests/qunit.js", b"/*!\n * QUnit 2.20.0\n * https://qunitjs.com/\n */\n") == "stock QUnit 2.20.0 test framework"
    assert settings.reason("tests/qunit.py", b"# QUnit 2.20.0 https://qunitjs.com\n") is None  # only C/C++ and JS files


def test_makefile_noted(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"t1/tests/Makefile": "test:\n\tcurl -s https://example.org/x\n", "t1/tests/test_a.py": "def test(): pass\n"})
    report = engine.run(repo, hooks=("determinism",))
    assert [(f.path, f.code) for f in report.findings] == [("tasks/t1/tests/Makefile", "DET901")]
    assert "Makefile code" in report.findings[0].message


def test_hostile_shell_never_raises() -> None:
    from taskgate.hooks.rules.determinism import shell

    for source in ("echo $(" * 3000 + "date" + ")" * 3000, "if true; then " * 2000 + "curl x" + "; fi" * 2000, "a | " * 3000 + "b"):
        assert isinstance(shell.analyse(source.encode()), list)
    assert shell.analyse(b"\xff\xfe\x00binary") == []
