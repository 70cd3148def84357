"""Pipes in RUN without `pipefail` (DKR015, a warning; hadolint DL4006).

Only POSIX shells are read (a PowerShell or cmd SHELL gives no script). A pipeline is fine when
the stage's SHELL sets `-o pipefail`, when the same RUN ran `set -o pipefail` (any `set` whose
options include it) before it, or when everything before its last `|` is echo/printf/yes. A
pipeline inside `$(...)` is not reported: its status is not the RUN's.
"""

from __future__ import annotations

from collections.abc import Iterator

from taskgate.hooks.rules.dockerfile.reading.parse import Violation
from taskgate.hooks.rules.dockerfile.rules import PIPE_WITHOUT_PIPEFAIL
from taskgate.hooks.rules.dockerfile.reading.shell import SHELLS, Command, Run

_CANNOT_FAIL = frozenset({"echo", "printf", "yes", "true", ":"})


def shell_sets_pipefail(shell: tuple[str, ...] | None) -> bool:
    return shell is not None and any(word == "pipefail" or "pipefail" in word.split("=") for word in shell)


def check(run: Run, shell: tuple[str, ...] | None) -> Iterator[Violation]:
    if run.script is None or run.instruction.json or shell_sets_pipefail(shell):
        return
    seen: set[int] = set()
    for cmd in run.commands:
        if not cmd.downstream or cmd.upstream or id(cmd) in seen or cmd.substituted:
            continue  # the first command of each pipeline; inside $(...) the status is not the RUN's
        seen.update(id(c) for c in cmd.downstream)
        producers = [cmd, *cmd.downstream[:-1]]
        if all(c.name in _CANNOT_FAIL for c in producers):
            continue
        if _pipefail_before(run, cmd):
            continue
        last = cmd.downstream[-1]
        yield Violation(PIPE_WITHOUT_PIPEFAIL, run.instruction,
                  f"`{cmd.name} ... | {last.name}` fails only if `{last.name}` fails: a failing `{cmd.name}` is ignored without pipefail; "
                  "add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN or start it with `set -o pipefail &&`",
                  cmd.argv[0].text if cmd.argv else "", cmd.point)


def _pipefail_before(run: Run, pipeline: Command) -> bool:
    for cmd in run.commands:
        if cmd.order >= pipeline.order:
            break
        if (cmd.name == "set" or cmd.name in SHELLS) and "pipefail" in cmd.texts():
            return True  # `set -o pipefail`, or `bash -o pipefail -c '...'` running the pipeline
    return False
