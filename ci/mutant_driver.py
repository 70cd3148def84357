"""Runs INSIDE the sandbox: the test command once per variant of one directory, in one container.

Shipped read-only as /task/.taskgate/driver.py and started with the image's python3; it imports
only the standard library. The plan (/task/.taskgate/plan.json) names the writable directory
(a tmpfs), the pristine copy to reset it from before each variant, the files each variant
replaces, the argv and a per-variant timeout. Results go to /out/results.json after every
variant, so a container killed at its wall-clock limit still reports what it finished.
A variant "exited" with the command's exit code, or hit its "timeout" (its process group is
killed). Output is discarded: only exit codes matter here.
"""

import json
import os
import shutil
import signal
import subprocess
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


def run(argv, timeout, env):
    started = time.monotonic()
    proc = subprocess.Popen(argv, cwd="/task", env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        code = proc.wait(timeout=timeout)
        status = "exited"
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        code, status = None, "timeout"
    return {"status": status, "exit_code": code, "seconds": round(time.monotonic() - started, 3)}


def main():
    with open(PLAN, encoding="utf-8") as fh:
        plan = json.load(fh)
    env = dict(os.environ)
    results = []
    for variant in plan["variants"]:
        reset(plan["target"], plan["base"])
        for rel, text in variant.items():
            path = os.path.join(plan["target"], rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        results.append(run(plan["argv"], plan["timeout"], env))
        with open(RESULTS, "w", encoding="utf-8") as fh:
            json.dump(results, fh)


if __name__ == "__main__":
    main()
