"""Is a failed mutant run a compiler error caused by the mutant (a "stillborn" mutant)?

Mutants of compiled languages are made from syntax trees without types, so some do not compile
(`"a" + n` -> `"a" - n` in Java). The suite did not catch anything then: such a mutant is
`invalid` and left out of the mutation score, as mutation tools do. It is recognised from the
tail of the test command's output: a compiler diagnostic of the language that names the mutated
file (`Median.java:12: error:`, `median.go:12:5: ... [build failed]`, `--> src/lib.rs:12:5` after
`error[E0369]`, `median.cpp:12:5: error:`, `median.ts(12,5): error TS2362`). The original
compiled in the same container (variant 0 passed), so a diagnostic in the mutated file comes from
the mutation. JavaScript has no compile step: a mutant that breaks at run time is killed.

Known limit: the output is written by the tests' process; a suite that prints a fake compiler
error naming the solution file would have its mutants left out. A run where every mutant is
invalid is reported (RUN001), never silently passed.
"""

from __future__ import annotations

import re

from taskgate.ci.gate.python_mutants import Mutant

_RUST = re.compile(r"^error(\[E\d+\])?: .*?\n(?:.*\n){0,3}?\s*--> (?P<path>[^\s:]+):\d+:\d+", re.MULTILINE)


def invalid(mutant: Mutant, output: str, language: str | None) -> bool:
    name = re.escape(mutant.file.rsplit("/", 1)[-1])
    if language == "java":
        return re.search(rf"(^|[/\s]){name}:\d+: error: ", output, re.MULTILINE) is not None
    if language == "go":
        failed = "[build failed]" in output or "[setup failed]" in output
        return failed and re.search(rf"(^|[/\s]){name}:\d+:\d+: ", output, re.MULTILINE) is not None
    if language == "cpp" or language == "c":
        return re.search(rf"(^|[/\s]){name}:\d+:\d+: (fatal )?error: ", output, re.MULTILINE) is not None
    if language == "rust":
        return any(m.group("path").rsplit("/", 1)[-1] == mutant.file.rsplit("/", 1)[-1] for m in _RUST.finditer(output))
    if language == "typescript":
        return re.search(rf"(^|[/\s]){name}(\(\d+,\d+\): | ?:\d+:\d+ - )error TS\d+", output, re.MULTILINE) is not None
    return False
