"""How a re-run varies the order of tests, per test runner: through the environment only, so the
task's `test_command` is never rewritten (a `sh -c "..."` wrapper works as well as a bare runner).

| runner (found in test_command) | what a re-run varies |
|---|---|
| pytest | test order shuffled by taskgate's plugin (`TASKGATE_SHUFFLE_SEED`) |
| `go test` | test and benchmark order shuffled: `-shuffle=<seed>` added to the image's `GOFLAGS` |
| JUnit 5 (`junit`, `ConsoleLauncher`, `mvn` or `gradle` named) | method and class order random with a seed: `junit.jupiter.{testmethod,testclass}.order.default` added to the image's `JAVA_TOOL_OPTIONS` |
| Rust's libtest (`cargo test`, or a `rustc --test` binary) | tests run one at a time in name order (`RUST_TEST_THREADS=1`) instead of in parallel; libtest's `--shuffle` is unstable in stable toolchains |
| `node --test` | nothing: node:test has no shuffle (18, 20) and runs a file's tests in source order |
| anything else (a C++ or Java test `main`) | nothing: the order is the program's |
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_GO = re.compile(r"(^|[\s/;&|])go\s+test\b")
_LIBTEST = re.compile(r"(^|[\s/;&|])(cargo\s+(\+\S+\s+)?test\b|rustc\s[^;&|]*--test\b)")
_JUNIT = re.compile(r"junit|ConsoleLauncher|(^|[\s/;&|])(mvn|mvnw|gradle|gradlew)\b", re.IGNORECASE)


def runner_of(harness: str, argv: Sequence[str]) -> str:
    """pytest | node-test | go | junit | libtest | other."""
    if harness in ("pytest", "node-test"):
        return harness
    command = " ".join(argv)
    if _GO.search(command):
        return "go"
    if _LIBTEST.search(command):
        return "libtest"
    if _JUNIT.search(command):
        return "junit"
    return "other"


def order_env(runner: str, seed: int, image_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment that varies the test order of a re-run (`seed` >= 1); {} when it cannot.

    Variables that carry several options (GOFLAGS, JAVA_TOOL_OPTIONS) keep what the image sets."""
    image_env = image_env or {}
    if runner == "pytest":
        return {"TASKGATE_SHUFFLE_SEED": str(seed)}
    if runner == "go":
        return {"GOFLAGS": _append(image_env.get("GOFLAGS", ""), f"-shuffle={seed}")}
    if runner == "junit":
        return {"JAVA_TOOL_OPTIONS": _append(image_env.get("JAVA_TOOL_OPTIONS", ""), (
            "-Djunit.jupiter.testmethod.order.default=org.junit.jupiter.api.MethodOrderer$Random "
            "-Djunit.jupiter.testclass.order.default=org.junit.jupiter.api.ClassOrderer$Random "
            f"-Djunit.jupiter.execution.order.random.seed={seed}"
        ))}
    if runner == "libtest":
        return {"RUST_TEST_THREADS": "1"}
    return {}


def _append(existing: str, added: str) -> str:
    return f"{existing.strip()} {added}".strip()


def order_description(runner: str, seed: int) -> str:
    if runner in ("pytest", "go", "junit"):
        return f"shuffled (seed {seed})"
    if runner == "libtest":
        return "one test at a time in name order (libtest cannot shuffle on stable Rust)"
    if runner == "node-test":
        return "as collected: node:test cannot shuffle"
    return "as the test program runs them: no known way to reorder"
