"""The gate in real containers for every task language beyond Python: a weak suite fails it and a
strong suite passes it.

Each language has one ground truth (merging closed integer intervals) in `languages/<language>/
solution/` and two reward suites beside it: `strong/` (edge cases and a point-by-point oracle)
and `weak/` (checks only the shape of the answer, or, for C++, never calls the function). The
tasks are built FROM the CI's polyglot image (node and tsc, a JDK with JUnit 5, Go, g++,
rustc/cargo) and run with each language's ordinary runner.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ci.conftest import FixtureRepo
from tests.ci.gate.test_gate import gate

pytestmark = [pytest.mark.docker, pytest.mark.slow]

LANGUAGES = Path(__file__).with_name("languages")
TOOLS_ENV = "CARGO_TARGET_DIR=/tmp/target CARGO_INCREMENTAL=0 GOCACHE=/tmp/go-cache GOPATH=/tmp/go GOPROXY=off"
JUNIT = "/usr/share/java/junit-platform-console-standalone.jar"
COMMANDS = {
    "javascript": '["node", "--test", "tests/"]',
    "typescript": '["sh", "-c", "tsc --strict --skipLibCheck --target es2020 --module commonjs --outDir /tmp/build solution/*.ts tests/*.ts && node --test /tmp/build/tests/"]',
    "java": f'["sh", "-c", "javac -d /tmp/classes -cp {JUNIT} solution/*.java tests/*.java && java -jar {JUNIT} --disable-banner --fail-if-no-tests -cp /tmp/classes --scan-classpath"]',
    "go": '["sh", "-c", "cd tests && go test ./..."]',
    "cpp": '["sh", "-c", "g++ -std=c++17 -Wall -I solution -o /tmp/test_intervals solution/*.cpp tests/*.cpp && /tmp/test_intervals"]',
    "rust": '["cargo", "test", "--offline", "--manifest-path", "tests/Cargo.toml"]',
}
# What makes each weak suite fail the gate: a low mutation score, or (C++) a stub it rewards.
WEAK_FAILS_BY = {"javascript": "RUN006", "typescript": "RUN006", "java": "RUN006", "go": "RUN006", "cpp": "RUN004", "rust": "RUN006"}
MUTATION = {"max_mutants": 10, "budget_seconds": 240}


def _files(language: str, suite: str) -> tuple[dict[str, str], dict[str, str]]:
    base = LANGUAGES / language
    solution = {p.relative_to(base / "solution").as_posix(): p.read_text() for p in sorted((base / "solution").rglob("*")) if p.is_file()}
    tests = {p.relative_to(base / suite).as_posix(): p.read_text() for p in sorted((base / suite).rglob("*")) if p.is_file()}
    return solution, tests


def _errors(outcome) -> list[str]:
    from taskgate.hooks.core.registry import get

    return sorted(f"{f.code} {f.message}" for f in outcome.findings if get(f.code).severity == "error")


@pytest.mark.parametrize("language", sorted(COMMANDS))
def test_weak_suite_fails_and_strong_suite_passes(language, tmp_path, docker_client, polyglot_image):
    repo = FixtureRepo(tmp_path / "repo", polyglot_image)
    for suite in ("strong", "weak"):
        solution, tests = _files(language, suite)
        repo.task(f"{language}-{suite}", solution=solution, tests=tests, language=language, command=COMMANDS[language], timeout=120, env=TOOLS_ENV)

    strong = gate(repo.root, f"{language}-strong", docker_client, reruns=2, mutation=MUTATION)
    record = json.loads(strong.path.read_text())
    assert _errors(strong) == [], (strong.summary, record.get("mutation"), record.get("stubs"))
    assert record["baseline"]["verdict"] == "pass"
    assert [s["verdict"] for s in record["stubs"]] == ["fail", "fail"], record["stubs"]  # the language stub, the empty solution/
    assert record["stubs"][0]["candidate"].startswith("stub (every function body fails first")
    mutation = record["mutation"]
    assert mutation["status"] == "scored" and mutation["run"] >= 5 and mutation["score"] >= 0.6, mutation
    operators = {m["operator"] for m in mutation["mutants"]}
    assert len(operators) >= 3, operators

    weak = gate(repo.root, f"{language}-weak", docker_client, reruns=1, mutation=MUTATION)
    weak_record = json.loads(weak.path.read_text())
    assert weak_record["baseline"]["verdict"] == "pass", weak_record["baseline"]
    assert WEAK_FAILS_BY[language] in {f.code for f in weak.findings}, (weak.summary, weak_record.get("mutation"), weak_record.get("stubs"))
    assert "RUN008" in {f.code for f in weak.findings}  # the surviving mutants, at their lines in solution/
    assert all(f.path.startswith(f"tasks/{language}-weak/solution/") for f in weak.findings if f.code == "RUN008")
