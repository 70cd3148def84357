"""The `taskgate` command line. Each subcommand is one module in `taskgate.commands`.

Exit codes: 0 clean, 1 findings (or a failed job), 2 usage or internal error, 3 infrastructure
failure only (`taskgate test`: the engine, a timeout or an OOM kill, never the candidate), reported as one
line on stderr and never as a traceback (set TASKGATE_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from taskgate import __version__, console, extras
from taskgate.hooks.core.errors import UsageError

# Subcommand name -> module with `add_arguments(parser)`, `run(args) -> int` and a docstring.
COMMANDS: dict[str, str] = {
    "check": "taskgate.commands.check",
    "rules": "taskgate.commands.rules",
    "new": "taskgate.commands.new",
    "build": "taskgate.commands.build",
    "verify-build": "taskgate.commands.verify_build",
    "lint-dockerfile": "taskgate.commands.lint_dockerfile",
    "export": "taskgate.commands.export",
    "report": "taskgate.commands.report",
    "plan": "taskgate.commands.plan",
    "calibrate": "taskgate.commands.calibrate",
    "verify-calibration": "taskgate.commands.verify_calibration",
    "test": "taskgate.commands.test",
    "gate": "taskgate.commands.gate",
    "difftest": "taskgate.commands.difftest",
    "score": "taskgate.commands.score",
}


def _output_options() -> argparse.ArgumentParser:
    """-q/-v, accepted before the command and after it (SUPPRESS: an absent flag sets nothing,
    so the command's level does not undo the one given before it)."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("output")
    group.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="only findings, verdicts and errors on the terminal")
    group.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS, help="more detail on stderr (where taskgate looked, timings)")
    return common


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, the other subcommands are named but their modules not imported
    (a command's imports cost up to a few hundred milliseconds, most of a warm `taskgate check`)."""
    common = _output_options()
    parser = argparse.ArgumentParser(prog="taskgate", description="Keeps bad data points out of a code-model training dataset.", parents=[common])
    parser.add_argument("--version", action="version", version=f"taskgate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name)
            continue
        module = importlib.import_module(module_name)
        doc = (module.__doc__ or "").strip()
        summary = doc.splitlines()[0] if doc else ""
        command = sub.add_parser(name, help=summary, description=doc, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[common])
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    first = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(first if first in COMMANDS else None)
    args = parser.parse_args(words)
    if getattr(args, "quiet", False) and getattr(args, "verbose", 0):
        parser.error("--quiet and --verbose contradict each other")
    console.configure(quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", 0))
    try:
        return int(args._run(args))
    except UsageError as exc:
        console.error(f"taskgate {args.command}", str(exc))
        return 2
    except ModuleNotFoundError as exc:
        hint = extras.missing_message(exc)
        if hint is None:
            return _internal_error(args.command, exc)
        console.error(f"taskgate {args.command}", hint)
        return 2
    except KeyboardInterrupt:
        print("taskgate: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, no traceback
        return _internal_error(args.command, exc)


def _internal_error(command: str, exc: Exception) -> int:
    if os.environ.get("TASKGATE_DEBUG"):
        raise exc
    print(f"taskgate {command}: internal error: {type(exc).__name__}: {exc} (set TASKGATE_DEBUG=1 for a traceback)", file=sys.stderr)
    return 2
