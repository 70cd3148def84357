"""Runs INSIDE the sandbox, once per side: call the function (or drive the class) on every input.

Stdlib only. Usage: python3 driver.py INPUTS.json RESULTS.jsonl. One JSON line per input, written
and flushed as each finishes, so a process that dies mid-way (os._exit, a crash) leaves the
results it had and the rest are missing. Arguments are fresh copies for each call; a function's
result is its return value and its arguments after the call (in-place mutation counts).
"""

import copy
import importlib
import json
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, "/task/solution")

import taskgate_difftest_values as values  # noqa: E402  (beside this file in the sandbox)


class CallTimeout(BaseException):
    pass


def _alarm(signum, frame):
    raise CallTimeout()


def _raised(exc):
    kind = type(exc)
    if isinstance(exc, CallTimeout):
        return {"t": "timeout"}
    return {"t": "raised", "type": f"{kind.__module__}.{kind.__qualname__}"}


def _call(fn, args, seconds):
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return values.encode(fn(*args))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_function(target, example, seconds):
    args = [copy.deepcopy(values.decode(a)) for a in example]
    try:
        ret = _call(target, args, seconds)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
        return _raised(exc)
    return {"t": "returned", "ret": ret, "args": [values.encode(a) for a in args]}


def run_class(target, example, seconds):
    steps = []
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            obj = target(*[copy.deepcopy(values.decode(a)) for a in example["init"]])
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except BaseException as exc:  # noqa: BLE001
        return {"t": "steps", "v": [_raised(exc)]}
    steps.append({"t": "none"})
    for name, args in example["calls"]:
        try:
            method = getattr(obj, name)
            steps.append(_call(method, [copy.deepcopy(values.decode(a)) for a in args], seconds))
        except BaseException as exc:  # noqa: BLE001
            steps.append(_raised(exc))
    return {"t": "steps", "v": steps}


def main():
    inputs_path, results_path = sys.argv[1], sys.argv[2]
    with open(inputs_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    signal.signal(signal.SIGALRM, _alarm)
    out = open(results_path, "w", encoding="utf-8")  # noqa: SIM115 - flushed line by line
    try:
        module = importlib.import_module(spec["module"])
        target = getattr(module, spec["name"])
    except BaseException as exc:  # noqa: BLE001 - an import that fails is the candidate's result
        failure = _raised(exc)
        for _ in spec["examples"]:
            out.write(json.dumps(failure) + "\n")
        out.flush()
        return
    run = run_class if spec["kind"] == "class" else run_function
    for example in spec["examples"]:
        result = run(target, example, spec["seconds"])
        out.write(json.dumps(result, sort_keys=True) + "\n")
        out.flush()


main()
