"""Per-test outcomes: which reporter a `test_command` can be asked for, and reading its report.

pytest gets `--junitxml` (family xunit1, which keeps each test's file and line); `node --test`
gets the TAP reporter (Node 18 has no JUnit reporter; TAP exists from 18.15 on) next to its
usual console output. Any other command is judged by its exit code alone, and the result says so.

Reports are written by code running beside the candidate, so they are read as untrusted input:
size-capped, parsed without network or entity expansion, and never trusted to be complete (the
runner compares them with the exit code and with the tests the ground truth ran).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

REPORT_FILE = "report"
REPORT_PATH = f"/out/{REPORT_FILE}"
PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"


@dataclass(frozen=True)
class Harness:
    name: str  # pytest | node-test | exit-code
    argv: list[str]
    format: str  # junit | tap | "" (exit code only)
    note: str = ""

    @property
    def reports(self) -> bool:
        return bool(self.format)


@dataclass(frozen=True)
class TestOutcome:
    id: str
    outcome: str  # passed | failed | error | skipped
    kind: str = ""  # for skipped: skip | xfail | todo
    file: str = ""  # as the reporter names it (relative to the rootdir, or absolute)
    line: int = 0  # 1-based; 0 when unknown
    message: str = ""
    detail: str = ""  # the failure's report (capped), for `taskgate test -v`

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "outcome": self.outcome}
        for key in ("kind", "file", "line", "message", "detail"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


@dataclass
class Parsed:
    tests: list[TestOutcome] = field(default_factory=list)
    problem: str = ""  # why there is no usable report


def _pytest_index(argv: list[str]) -> int | None:
    if not argv:
        return None
    program = os.path.basename(argv[0])
    if program in ("pytest", "py.test"):
        return 0
    if program.startswith("python"):
        for i in range(1, len(argv) - 1):
            if argv[i] == "-m" and argv[i + 1] in ("pytest", "py.test"):
                return i + 1
            if argv[i] == "-c" or not argv[i].startswith("-"):
                return None  # a script or inline code, not `python -m pytest`
    return None


def instrument(argv: list[str], *, report: str = REPORT_PATH, pytest_extra: tuple[str, ...] = ()) -> Harness:
    """The task's `test_command` with a machine-readable reporter added where one is known."""
    at = _pytest_index(argv)
    if at is not None:
        rest = [a for a in argv[at + 1:] if not a.startswith(("--junitxml", "--junit-xml"))]
        added = [f"--junitxml={report}", "-o", "junit_family=xunit1", "-o", "junit_logging=no", "-p", "no:cacheprovider", *pytest_extra]
        return Harness("pytest", [*argv[: at + 1], *added, *rest], "junit")
    if argv and os.path.basename(argv[0]) in ("node", "nodejs") and "--test" in argv:
        added = ["--test-reporter=tap", f"--test-reporter-destination={report}", "--test-reporter=spec", "--test-reporter-destination=stdout"]
        return Harness("node-test", [argv[0], *added, *argv[1:]], "tap")
    shown = " ".join(argv[:3]) + (" ..." if len(argv) > 3 else "")
    note = f"no per-test reporter is known for `{shown}`: the verdict comes from the exit code alone"
    return Harness("exit-code", list(argv), "", note)


def parse(harness: Harness, data: bytes) -> Parsed:
    if not data.strip():
        return Parsed(problem="the reporter wrote nothing")
    if harness.format == "junit":
        return parse_junit(data)
    if harness.format == "tap":
        return parse_tap(data.decode("utf-8", "replace"))
    return Parsed(problem="no reporter")


def parse_junit(data: bytes) -> Parsed:
    from junitparser import Error, Failure, JUnitXml, Skipped

    try:
        xml = JUnitXml.fromstring(data)
    except Exception as exc:  # noqa: BLE001 - malformed or truncated XML from an untrusted process
        return Parsed(problem=f"the JUnit report does not parse: {' '.join(str(exc).split())[:160]}")
    suites = [xml] if xml._tag == "testsuite" else list(xml)
    tests: list[TestOutcome] = []
    for suite in suites:
        for case in suite:
            elem = case._elem
            name = case.name or ""
            classname = case.classname or ""
            file = elem.get("file") or ""
            line_attr = elem.get("line") or ""
            line = int(line_attr) + 1 if line_attr.isdigit() else 0  # pytest's xunit1 lines are 0-based
            outcome, kind, message = PASSED, "", ""
            for result in case.result:
                message = " ".join((result.message or "").split())[:300]
                if isinstance(result, Failure):
                    outcome = FAILED
                elif isinstance(result, Error):
                    outcome = ERROR
                elif isinstance(result, Skipped):
                    outcome = SKIPPED
                    kind = "xfail" if "xfail" in (result.type or "") else "skip"
                break
            tests.append(TestOutcome(_junit_id(file, classname, name), outcome, kind, file, line, message))
    return Parsed(tests=_unique(tests))


def _junit_id(file: str, classname: str, name: str) -> str:
    """pytest's node id (`tests/test_a.py::TestX::test_y[p]`) rebuilt from an xunit1 test case."""
    if not file:
        return f"{classname}::{name}" if classname else name
    module = file[:-3] if file.endswith(".py") else file
    module = module.replace("/", ".")
    rest = classname[len(module):].lstrip(".") if classname.startswith(module) else ""
    return "::".join(part for part in (file, *rest.split("."), name) if part)


_TAP_POINT = re.compile(r"^(?P<indent> *)(?P<not>not )?ok \d+(?: - (?P<desc>.*?))?(?: # (?P<dir>SKIP|TODO)\b.*)?$", re.IGNORECASE)
_TAP_LOCATION = re.compile(r"^ *location: '(?P<file>.*):(?P<line>\d+):\d+'$")


def parse_tap(text: str) -> Parsed:
    """Node's TAP: subtests are indented 4 spaces under their parent; the leaves are the tests."""
    points: list[tuple[int, str, str, str, str, int]] = []  # indent, status, directive, desc, file, line
    for raw in text.splitlines():
        match = _TAP_POINT.match(raw)
        if match:
            desc = (match.group("desc") or "").replace("\\#", "#")
            status = FAILED if match.group("not") else PASSED
            points.append((len(match.group("indent")), status, (match.group("dir") or "").upper(), desc, "", 0))
            continue
        loc = _TAP_LOCATION.match(raw)
        if loc and points:
            indent, status, directive, desc, _f, _l = points[-1]
            points[-1] = (indent, status, directive, desc, loc.group("file"), int(loc.group("line")))
    if not points:
        return Parsed(problem="the TAP report has no test points")
    tests: list[TestOutcome] = []
    # A point closes its subtests, so children come before their parent. Walk backwards to
    # know each point's ancestors; a point is a leaf when the next deeper point is not its child.
    stack: list[tuple[int, str]] = []  # (indent, name) of the open parents, innermost last
    for i in range(len(points) - 1, -1, -1):
        indent, status, directive, desc, file, line = points[i]
        while stack and stack[-1][0] >= indent:
            stack.pop()
        has_children = i > 0 and points[i - 1][0] > indent
        if not has_children:
            path = " > ".join([*(name for _, name in stack), desc])
            if directive == "SKIP":
                outcome, kind = SKIPPED, "skip"
            elif directive == "TODO":
                outcome, kind = SKIPPED, "todo"
            else:
                outcome, kind = status, ""
            tests.append(TestOutcome(path, outcome, kind, file, line))
        stack.append((indent, desc))
    tests.reverse()
    return Parsed(tests=_unique(tests))


def _unique(tests: list[TestOutcome]) -> list[TestOutcome]:
    """Ids made unique in report order (`name`, `name #2`, ...), so repeated names stay distinct."""
    seen: dict[str, int] = {}
    out = []
    for t in tests:
        n = seen.get(t.id, 0) + 1
        seen[t.id] = n
        out.append(t if n == 1 else TestOutcome(f"{t.id} #{n}", t.outcome, t.kind, t.file, t.line, t.message))
    return out
