"""Runs INSIDE the sandbox: the test command once per variant of one directory, in one container.

Shipped read-only as /task/.taskgate/driver.py and started with the python of `python -m pytest`
(or python3); it imports only the standard library, and pytest when told to. The plan
(/task/.taskgate/plan.json) names the writable directory (a tmpfs), the pristine copy to reset
it from before each variant, the files each variant replaces, the argv, a per-variant timeout
and a time budget after which no variant starts. Results go to /out/results.json after every
variant, so a container killed at its wall-clock limit still reports what it finished.

With `pytest_args` (the command is exactly `python -m pytest ARGS`), pytest is imported once and
each variant runs in a forked child calling `pytest.main(ARGS)`: the same tests, without paying
for the interpreter and pytest's imports per variant (about 2.5x faster). Otherwise each
variant runs `argv` as a subprocess. A variant "exited" with the command's exit code, or hit its
"timeout" (its process group is killed). Output is discarded: only exit codes matter here.
"""

import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

PLAN = "/task/.taskgate/plan.json"
RESULTS = "/out/results.json"


def reset(target, base):
    for name in os.listdir(target):
        path = os.path.join(target, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    for directory, _dirs, files in os.walk(base):
        rel = os.path.relpath(directory, base)
        os.makedirs(os.path.join(target, rel), exist_ok=True)
        for name in files:
            with open(os.path.join(directory, name), "rb") as src, open(os.path.join(target, rel, name), "wb") as dst:
                shutil.copyfileobj(src, dst)


def run_subprocess(argv, timeout, env):
    started = time.monotonic()
    proc = subprocess.Popen(argv, cwd="/task", env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        code = proc.wait(timeout=timeout)
        status = "exited"
    except subprocess.TimeoutExpired:
        kill(proc.pid)
        proc.wait()
        code, status = None, "timeout"
    return {"status": status, "exit_code": code, "seconds": round(time.monotonic() - started, 3)}


def run_forked(args, timeout):
    import pytest

    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            os.setsid()
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            os.chdir("/task")
            sys.path[0] = "/task"  # what `python -m` puts first
            importlib.invalidate_caches()
            code = int(pytest.main(list(args)))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            code = 3
        os._exit(code)
    deadline = started + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return {"status": "exited", "exit_code": os.waitstatus_to_exitcode(status), "seconds": round(time.monotonic() - started, 3)}
        if time.monotonic() > deadline:
            kill(pid)
            os.waitpid(pid, 0)
            return {"status": "timeout", "exit_code": None, "seconds": round(time.monotonic() - started, 3)}
        time.sleep(0.005)


def kill(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def main():
    with open(PLAN, encoding="utf-8") as fh:
        plan = json.load(fh)
    env = dict(os.environ)
    pytest_args = plan.get("pytest_args")
    if pytest_args is not None:
        import pytest  # noqa: F401 - imported once, before the first fork
    results = []
    started = time.monotonic()
    for index, variant in enumerate(plan["variants"]):
        if index and time.monotonic() - started > plan["budget"]:
            break
        reset(plan["target"], plan["base"])
        for rel, text in variant.items():
            path = os.path.join(plan["target"], rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        if pytest_args is not None:
            results.append(run_forked(pytest_args, plan["timeout"]))
        else:
            results.append(run_subprocess(plan["argv"], plan["timeout"], env))
        with open(RESULTS, "w", encoding="utf-8") as fh:
            json.dump(results, fh)


if __name__ == "__main__":
    main()
