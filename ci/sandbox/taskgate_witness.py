"""The witness: a pytest plugin taskgate loads into every pytest run (`-p taskgate_witness`).

Runs INSIDE the sandbox, imports nothing from taskgate, and is loaded by `-p` before conftest
files and test modules, so before any candidate code. It reports each step of the run live to
the supervisor (taskgate_supervisor.py, the container's PID 1) over a pipe; each event is signed
with a key read from a second pipe at import, then closed. The key and the writer live only in
closures: no module global a candidate could replace refers to them.

Events: `hello`; `collected` (the test ids); per test `start`, `call` (whether the test function
raised, seen around the call itself, independently of the report pytest builds), `report` (each
phase's outcome and the failure's message), `end`; `tamper` (below); `session` (pytest's exit
status). The host cross-checks them (ci/sandbox/evidence.py).

`tamper` events come from a Python audit hook (which cannot be removed once added) and from an
integrity check after each test. Attributed to the candidate (code under /task/solution) and
blocked where the audit event allows it: opening the tests, the report locations or
/proc/*/mem|fd; reaching a frame of the tests or of pytest (sys._getframe, tb_frame, gi_frame);
gc's object walks, sys._current_frames, settrace/setprofile, addaudithook, ctypes, os.kill,
os.fork; rebinding a test function's code. After each test: functions and classes of builtins,
pytest, pluggy, unittest, operator, math, json, collections, copy, functools and of the test
modules that were rebound, and sys.modules entries of them that were replaced.
"""

import os


def _arm():  # noqa: C901 - one closure holds the key; splitting it would publish the key
    import hashlib
    import hmac
    import json
    import sys
    import sysconfig

    import pytest

    spec = os.environ.pop("TASKGATE_WITNESS", "")
    try:
        events_fd, key_fd = (int(x) for x in spec.split(":"))
        key = b""
        while len(key) < 32:
            chunk = os.read(key_fd, 32 - len(key))
            if not chunk:
                break
            key += chunk
        os.close(key_fd)
    except (ValueError, OSError):
        return {}
    write, new_mac, sha256, dumps = os.write, hmac.new, hashlib.sha256, json.dumps
    counter = [0]

    def emit(kind, **fields):
        fields["e"] = kind
        payload = dumps(fields, separators=(",", ":"), default=str).encode()
        seq = str(counter[0]).encode()
        counter[0] += 1
        mac = new_mac(key, seq + b" " + payload, sha256).hexdigest().encode()
        data = seq + b" " + mac + b" " + payload + b"\n"
        try:
            while data:
                data = data[write(events_fd, data):]
        except OSError:
            pass

    task = "/task/"
    solution, tests = task + "solution/", task + "tests/"
    guarded = (tests, "/out/", "/out", task + ".taskgate/")
    library = tuple({p for p in (sysconfig.get_paths().get("stdlib"), sysconfig.get_paths().get("platstdlib")) if p})
    import _pytest
    import pluggy

    harness_dirs = tuple({os.path.dirname(m.__file__) + "/" for m in (pytest, _pytest, pluggy)} | {os.path.dirname(os.path.abspath(__file__)) + "/"})
    busy = [False]
    getframe = sys._getframe
    abspath, realpath = os.path.abspath, os.path.realpath
    frame_attrs = {"tb_frame", "gi_frame", "cr_frame", "ag_frame"}
    immediate = {
        "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._current_frames", "sys.settrace", "sys.setprofile",
        "sys.addaudithook", "ctypes.dlopen", "ctypes.dlsym", "ctypes.cdata", "ctypes.addressof", "ctypes.string_at",
        "os.kill", "os.killpg", "signal.pthread_kill", "os.fork", "os.forkpty",
    }
    watched = immediate | {"open", "sys._getframe", "object.__getattr__", "object.__setattr__"}

    def is_harness(filename):
        return filename.startswith(tests) or filename.startswith(harness_dirs)

    def origin(frame, strong):
        """`strong`: the nearest frame of the candidate or the tests is the candidate's; otherwise
        the first frame outside the standard library is."""
        while frame is not None:
            name = frame.f_code.co_filename
            if name.startswith(solution):
                return f"{name[len(task):]}:{frame.f_lineno}"
            if strong:
                if name.startswith(tests):
                    return ""
            elif not name.startswith("<frozen") and not name.startswith(library):
                return ""
            frame = frame.f_back
        return ""

    def verdict(event, args):
        """(strong attribution?, what) when the event is forbidden to the candidate, else None."""
        if event in immediate:
            return False, f"calls {event}"
        if event == "open":
            path = args[0]
            if isinstance(path, bytes):
                path = path.decode("utf-8", "replace")
            if not isinstance(path, str):
                return None
            full = realpath(abspath(path))
            if full.startswith(guarded) or (full.startswith("/proc/") and (full.endswith("/mem") or "/fd" in full)):
                return True, f"opens {full}"
            mode, flags = args[1] if len(args) > 1 else None, args[2] if len(args) > 2 else 0
            writing = any(c in mode for c in "wax+") if isinstance(mode, str) else isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR)
            if writing and full.startswith(task) and not full.startswith(solution):
                return True, f"opens {full} for writing"
            return None
        if event == "sys._getframe":
            target = args[0]
        elif event == "object.__getattr__" and args[1] in frame_attrs:
            target = getattr(args[0], args[1], None)
        elif event == "object.__setattr__" and args[1] in ("__code__", "__defaults__", "__kwdefaults__"):
            code = getattr(args[0], "__code__", None)
            if code is not None and is_harness(code.co_filename):
                return True, f"rewrites {args[1]} of {getattr(args[0], '__qualname__', '?')} from {code.co_filename}"
            return None
        else:
            return None
        if target is not None and is_harness(target.f_code.co_filename):
            return True, f"reaches the frame of {target.f_code.co_name} in {target.f_code.co_filename} ({event})"
        return None

    def audit(event, args):
        if event not in watched or busy[0]:
            return
        busy[0] = True
        try:
            found = verdict(event, args)
            where = origin(getframe(1), found[0]) if found else ""
        except Exception:  # noqa: BLE001 - an odd argument is not evidence
            found, where = None, ""
        finally:
            busy[0] = False
        if found and where:
            emit("tamper", what=found[1], where=where)
            raise PermissionError(13, f"taskgate sandbox: the solution may not do this ({found[1]})")

    watched_modules = ("builtins", "operator", "math", "json", "collections", "copy", "functools", "pytest", "_pytest", "pluggy", "unittest")

    def watched_now():
        return {name: mod for name, mod in list(sys.modules.items())
                if mod is not None and (name in watched_modules or name.split(".", 1)[0] in ("_pytest", "pluggy", "unittest", "pytest"))}

    def snapshot(modules):
        table = {}
        for name, mod in modules.items():
            try:
                items = list(vars(mod).items())
            except TypeError:
                continue
            table[name] = (mod, {k: id(v) for k, v in items if callable(v) or type(v).__name__ == "module"})
        return table

    baseline = snapshot(watched_now())
    test_modules = {}

    def changes():
        found = []
        for table in (baseline, test_modules):
            for name, (mod, attrs) in table.items():
                if sys.modules.get(name, mod) is not mod:
                    found.append(f"sys.modules[{name!r}] was replaced")
                    continue
                now = vars(mod)
                for attr, ident in attrs.items():
                    if attr in now and id(now[attr]) != ident:
                        found.append(f"{name}.{attr} was rebound")
                    elif attr not in now:
                        found.append(f"{name}.{attr} was deleted")
        return found

    def message_of(report):
        text = getattr(report, "longreprtext", "") or ""
        lines = [ln[1:].strip() for ln in text.splitlines() if ln.startswith("E ")]
        short = " | ".join(ln for ln in lines if ln)[:800] if lines else " ".join(text.split())[-400:]
        return short, "\n".join(text.splitlines()[-80:])[-6000:]

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(session):
        for name, mod in list(sys.modules.items()):
            path = getattr(mod, "__file__", None) or ""
            if path.startswith(tests):
                test_modules.update(snapshot({name: mod}))
        emit("collected", ids=[item.nodeid for item in session.items])

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)  # old-style wrappers: any pluggy 1.x
    def pytest_runtest_protocol(item, nextitem):
        path, line, _name = item.location
        emit("start", id=item.nodeid, file=path, line=(line + 1) if isinstance(line, int) else 0)
        try:
            yield
        finally:
            for change in changes():
                emit("tamper", what=change, where=f"after {item.nodeid}")
            emit("end", id=item.nodeid)

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_call(item):
        outcome = yield
        excinfo = outcome.excinfo
        emit("call", id=item.nodeid, raised=excinfo[0].__name__ if excinfo else "")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(report):
        short, detail = message_of(report) if report.outcome != "passed" else ("", "")
        emit("report", id=report.nodeid, when=report.when, outcome=report.outcome,
             xfail=bool(getattr(report, "wasxfail", None) is not None), message=short, detail=detail)

    @pytest.hookimpl(tryfirst=True)
    def pytest_collectreport(report):
        if report.failed:
            emit("collect-error", id=report.nodeid, message=message_of(report)[0])

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(session, exitstatus):
        emit("session", exitstatus=int(exitstatus), collected=session.testscollected)

    sys.addaudithook(audit)
    emit("hello", pid=os.getpid())
    return {
        "pytest_collection_finish": pytest_collection_finish, "pytest_runtest_protocol": pytest_runtest_protocol,
        "pytest_runtest_call": pytest_runtest_call, "pytest_runtest_logreport": pytest_runtest_logreport,
        "pytest_sessionfinish": pytest_sessionfinish, "pytest_collectreport": pytest_collectreport,
    }


globals().update(_arm())
del _arm
