"""The tamper scan of Python sources (rules in `rules.py`): one `ast` walk per file.

Names are resolved through the file's imports (`from os import _exit as leave` is `os._exit`),
through `getattr(x, "name")`, `vars(x)["name"]` and `x.__dict__["name"]`, and through the source
of `exec`/`eval`/`compile` when it is a literal. A `__main__` block, and the module's functions
that only it calls, may exit the process.
"""

from __future__ import annotations

import ast

from taskgate.hooks.core import pyparse
from taskgate.hooks.rules.tamper import rules as R
from taskgate.hooks.rules.tamper.scan import REPORT_TEXT, TESTS_TEXT, Hit

EXIT_CALLS = {"os._exit": "os._exit", "posix._exit": "os._exit", "os.kill": "os.kill", "os.killpg": "os.killpg",
              "os.abort": "os.abort", "signal.raise_signal": "signal.raise_signal", "signal.pthread_kill": "signal.pthread_kill",
              "_thread.interrupt_main": "_thread.interrupt_main"}
SOFT_EXITS = {"sys.exit", "exit", "quit", "builtins.exit", "builtins.quit"}  # allowed in an entry point
HARNESS_TOPS = {"pytest", "_pytest", "pluggy", "unittest", "mock", "doctest", "nose", "py"}
PATCH_CALLS = {
    "sys.settrace", "sys.setprofile", "threading.settrace", "threading.setprofile", "sys.addaudithook", "atexit.register",
    "signal.signal", "signal.setitimer", "signal.alarm", "gc.get_objects", "gc.get_referrers", "gc.get_referents",
    "importlib.reload", "os.fork", "os.forkpty", "os.dup2", "os.closerange", "sys.meta_path.insert", "sys.meta_path.append",
    "sys.path_hooks.insert", "sys.path_hooks.append", "sys.modules.update", "sys.modules.setdefault", "sys.modules.pop",
    "sys.modules.__setitem__", "sys.modules.clear", "sys.modules.get", "sys.modules.values", "sys.modules.items",
    "sys.modules.copy", "_thread.start_new_thread",
}
PATCH_TARGETS = ("builtins", "__builtins__", "sys.modules", "sys.meta_path", "sys.path_hooks", "sys.excepthook",
                 "sys.displayhook", "sys.stdout", "sys.stderr", "sys.__stdout__", "sys.__stderr__")
NATIVE_TOPS = {"ctypes", "_ctypes", "cffi"}
FRAME_CALLS = {
    "sys._getframe", "sys._current_frames", "inspect.currentframe", "inspect.stack", "inspect.trace", "inspect.getouterframes",
    "inspect.getinnerframes", "inspect.getframeinfo", "traceback.extract_stack", "traceback.walk_stack", "traceback.format_stack",
    "traceback.print_stack", "traceback.walk_tb", "traceback.extract_tb", "logging.currentframe",
}
FRAME_ATTRS = {"f_back", "f_locals", "f_globals", "f_builtins", "tb_frame", "tb_next", "gi_frame", "cr_frame", "ag_frame", "__traceback__"}
SENSITIVE_ROOTS = {"sys", "builtins", "__builtins__", "inspect", "gc", "os", "posix", "signal", "atexit", "ctypes", "importlib",
                   "pytest", "_pytest", "unittest", "traceback", "threading"}
DYNAMIC_CODE = {"exec", "eval", "compile", "builtins.exec", "builtins.eval", "builtins.compile"}
PATH_FUNCS = ("join", "Path", "PurePath", "PosixPath", "glob", "iglob", "listdir", "scandir", "walk", "open", "read_text", "read_bytes", "joinpath", "rglob")


def _truthy_constant(node: ast.expr | None) -> bool | None:
    """True/False when `node` is a constant with that truth value; None otherwise."""
    if isinstance(node, ast.Constant):
        return bool(node.value) if node.value is not NotImplemented else None
    return None


class _Scanner(pyparse.FastVisitor):
    def __init__(self, rel: str, lines: list[str], *, candidate_is_tests: bool, line_offset: int = 0) -> None:
        self.rel, self.lines, self.tests_candidate, self.offset = rel, lines, candidate_is_tests, line_offset
        self.names: dict[str, str] = {}
        self.hits: list[Hit] = []
        self.entry_depth = 0  # inside `if __name__ == "__main__":` (2) or a function only it calls (1)
        self.entry_functions: set[str] = set()

    # -- reporting --------------------------------------------------------------------------
    def hit(self, code: str, node: ast.AST, message: str) -> None:
        line = self.offset or getattr(node, "lineno", 1)  # code inside an exec'd literal: the exec's line
        source = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.hits.append(Hit(code, self.rel, line, getattr(node, "col_offset", 0) + 1, message, source))

    # -- names ------------------------------------------------------------------------------
    def qual(self, node: ast.AST) -> str:
        if isinstance(node, ast.Name):
            return self.names.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = self.qual(node.value)
            return f"{base}.{node.attr}" if base else ""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" and len(node.args) >= 2:
            name = node.args[1]
            base = self.qual(node.args[0])
            return f"{base}.{name.value}" if base and isinstance(name, ast.Constant) and isinstance(name.value, str) else ""
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            holder = node.value
            if isinstance(holder, ast.Attribute) and holder.attr == "__dict__":
                base = self.qual(holder.value)
                return f"{base}.{node.slice.value}" if base else ""
            if isinstance(holder, ast.Call) and isinstance(holder.func, ast.Name) and holder.func.id == "vars" and holder.args:
                base = self.qual(holder.args[0])
                return f"{base}.{node.slice.value}" if base else ""
            if isinstance(holder, ast.Name) and holder.id == "__builtins__":
                return f"builtins.{node.slice.value}"
        return ""

    def imported_root(self, node: ast.AST) -> str:
        """The imported name an attribute chain starts from (`json` in `json.dumps.x`), or ""."""
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        if isinstance(node, ast.Name) and (node.id in self.names or node.id == "__builtins__"):
            return self.names.get(node.id, "builtins")
        return ""

    # -- structure ----------------------------------------------------------------------------
    def visit_Module(self, node: ast.Module) -> None:
        main_blocks = [s for s in node.body if _is_main_guard(s)]
        called = {c.func.id for block in main_blocks for c in ast.walk(block) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
        elsewhere = {c.func.id for s in node.body if s not in main_blocks for c in ast.walk(s)
                     if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
        self.entry_functions = {n for n in called if n not in elsewhere or n in ("main", "cli", "_main", "run_cli")}
        for stmt in node.body:
            if stmt in main_blocks:
                self.entry_depth += 2
                self.visit(stmt)
                self.entry_depth -= 2
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in self.entry_functions:
                self.entry_depth += 1
                self.visit(stmt)
                self.entry_depth -= 1
            else:
                self.visit(stmt)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
            self.check_import(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level:  # a relative import: the solution's own module
            return
        self.check_import(module, node)
        for alias in node.names:
            self.names[alias.asname or alias.name] = f"{module}.{alias.name}"

    def check_import(self, module: str, node: ast.AST) -> None:
        top = module.split(".")[0]
        if top in HARNESS_TOPS and not self.tests_candidate:
            self.hit(R.HARNESS, node, f"imports `{module}`: a solution does not use the test framework or test doubles")
        elif top in NATIVE_TOPS:
            self.hit(R.PATCHING, node, f"imports `{module}`, which can rewrite the interpreter's memory")

    # -- checks ---------------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        name = self.qual(node.func)
        if name in EXIT_CALLS and self.entry_depth < 2:
            self.hit(R.EXIT, node, f"calls `{EXIT_CALLS[name]}`, which ends or signals the test process")
        elif name in SOFT_EXITS and not self.entry_depth:
            self.hit(R.EXIT, node, f"calls `{name}` outside the `__main__` entry point, which ends the test process")
        elif name in PATCH_CALLS or name.split(".")[0] in NATIVE_TOPS:
            self.hit(R.PATCHING, node, f"calls `{name}`")
        elif name in FRAME_CALLS:
            self.hit(R.FRAMES, node, f"calls `{name}`, which exposes the callers' frames")
        elif name in ("setattr", "delattr", "builtins.setattr", "builtins.delattr") and node.args:
            self.check_setattr(node)
        elif name in ("__import__", "importlib.import_module", "builtins.__import__") and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self.check_import(arg.value, node)
            else:
                self.hit(R.DYNAMIC, node, f"`{name}` of a computed module name")
        elif name in DYNAMIC_CODE and node.args:
            self.check_dynamic_code(name, node)
        if isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr") and len(node.args) >= 2:
            if not isinstance(node.args[1], ast.Constant) and self.imported_root(node.args[0]).split(".")[0] in SENSITIVE_ROOTS:
                self.hit(R.DYNAMIC, node, f"`{node.func.id}` of a computed attribute name on `{self.imported_root(node.args[0])}`")
            elif isinstance(node.args[1], ast.Constant) and node.args[1].value in FRAME_ATTRS:
                self.hit(R.FRAMES, node, f"reads `{node.args[1].value}` through getattr")
        if name.split(".")[-1] in PATH_FUNCS or name in ("open", "builtins.open"):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and arg.value in ("tests", "test", "/task", ".."):
                    self.hit(R.READS_TESTS, arg, f"builds a path to `{arg.value}`")
        self.generic_visit(node)

    def check_setattr(self, node: ast.Call) -> None:
        target, attr = node.args[0], node.args[1] if len(node.args) > 1 else None
        if isinstance(attr, ast.Constant) and attr.value in ("__eq__", "__ne__", "__class__", "__instancecheck__"):
            self.hit(R.ALWAYS_EQUAL, node, f"sets `{attr.value}` at run time")
        root = self.imported_root(target)
        if root:
            self.hit(R.PATCHING, node, f"sets an attribute of the imported `{root}`")
        elif attr is not None and not isinstance(attr, ast.Constant) and isinstance(target, ast.Name) and target.id in SENSITIVE_ROOTS:
            self.hit(R.DYNAMIC, node, f"sets a computed attribute of `{target.id}`")

    def check_dynamic_code(self, name: str, node: ast.Call) -> None:
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            try:
                inner = pyparse.parse(arg.value)
            except SyntaxError:
                return
            sub = _Scanner(self.rel, self.lines, candidate_is_tests=self.tests_candidate, line_offset=node.lineno)
            sub.names = dict(self.names)
            sub.entry_depth = self.entry_depth
            sub.generic_visit(inner)
            self.hits.extend(sub.hits)
        else:
            self.hit(R.DYNAMIC, node, f"`{name}` of code built at run time")

    def visit_BinOp(self, node: ast.BinOp) -> None:  # Path(__file__).parent / "tests"
        if isinstance(node.op, ast.Div) and isinstance(node.right, ast.Constant) and node.right.value in ("tests", "test", ".."):
            self.hit(R.READS_TESTS, node.right, f"builds a path to `{node.right.value}`")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in FRAME_ATTRS:
            self.hit(R.FRAMES, node, f"reads `.{node.attr}`, a stack frame or traceback link")
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if self.qual(node.value) == "sys.modules" and not (isinstance(node.slice, ast.Name) and node.slice.id == "__name__"):
            self.hit(R.PATCHING, node, "looks another module up in `sys.modules` (the tests' modules are there)")
        name = self.qual(node)
        if name in FRAME_CALLS:
            self.hit(R.FRAMES, node, f"reaches `{name}` by subscript")
        if isinstance(node.value, ast.Call) and self.qual(node.value.func) == "sys.exc_info":
            self.hit(R.FRAMES, node, "reads the traceback of `sys.exc_info()`")
        if isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name) and node.value.func.id == "vars" \
                and not isinstance(node.slice, ast.Constant) and node.value.args and self.imported_root(node.value.args[0]).split(".")[0] in SENSITIVE_ROOTS:
            self.hit(R.DYNAMIC, node, "looks a computed name up in a sensitive module's namespace")
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if exc is not None and self.qual(exc) in ("SystemExit", "builtins.SystemExit") and not self.entry_depth:
            self.hit(R.EXIT, node, "raises SystemExit outside the `__main__` entry point")
        self.generic_visit(node)

    def check_store(self, target: ast.expr, node: ast.AST) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.check_store(element, node)
            return
        if not isinstance(target, (ast.Attribute, ast.Subscript)):
            return
        if isinstance(target, ast.Attribute) and target.attr in ("__eq__", "__ne__", "__class__", "__instancecheck__"):
            self.hit(R.ALWAYS_EQUAL, node, f"assigns `{target.attr}` outside a class body")
            return
        dotted = self.qual(target.value) if isinstance(target, ast.Subscript) else self.qual(target)
        if any(dotted == t or dotted.startswith(t + ".") for t in PATCH_TARGETS):
            self.hit(R.PATCHING, node, f"assigns to `{dotted}`")
            return
        root = self.imported_root(target)
        if root and isinstance(target, ast.Attribute):
            self.hit(R.PATCHING, node, f"assigns to an attribute of the imported `{root}`")
        elif isinstance(target, ast.Attribute) and target.attr == "__code__":
            self.hit(R.PATCHING, node, "replaces a function's code")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self.check_store(target, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.check_store(node.target, node)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self.check_store(target, node)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and len(node.value) < 2000:
            if REPORT_TEXT.search(node.value):
                self.hit(R.REPORT, node, f"names the test runner's report or output ({node.value[:40]!r})")
            elif TESTS_TEXT.search(node.value):
                self.hit(R.READS_TESTS, node, f"names the task's tests ({node.value[:40]!r})")

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in ("__eq__", "__ne__", "__instancecheck__", "__subclasscheck__"):
                why = _lying_comparison(stmt.name, stmt.args, stmt.body)
                if why:
                    self.hit(R.ALWAYS_EQUAL, stmt, f"`{node.name}.{stmt.name}` {why}")
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "__class__":
                self.hit(R.ALWAYS_EQUAL, stmt, f"`{node.name}` overrides `__class__`, so isinstance checks are lied to")
            elif isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name) and target.id == "__class__":
                        self.hit(R.ALWAYS_EQUAL, stmt, f"`{node.name}` assigns `__class__`, so isinstance checks are lied to")
                    elif isinstance(target, ast.Name) and target.id in ("__eq__", "__ne__") and isinstance(stmt.value, ast.Lambda):
                        why = _lying_comparison(target.id, stmt.value.args, [ast.Return(stmt.value.body)])
                        if why:
                            self.hit(R.ALWAYS_EQUAL, stmt, f"`{node.name}.{target.id}` {why}")
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:  # type("X", (list,), {"__eq__": lambda s, o: True})
        for key, value in zip(node.keys, node.values, strict=False):
            if isinstance(key, ast.Constant) and key.value in ("__eq__", "__ne__") and isinstance(value, ast.Lambda):
                why = _lying_comparison(str(key.value), value.args, [ast.Return(value.body)])
                if why:
                    self.hit(R.ALWAYS_EQUAL, node, f"a class namespace's `{key.value}` {why}")
        self.generic_visit(node)


def _is_main_guard(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare) or not all(isinstance(op, ast.Eq) for op in stmt.test.ops):
        return False
    parts = [stmt.test.left, *stmt.test.comparators]
    names = {p.id for p in parts if isinstance(p, ast.Name)}
    values = {p.value for p in parts if isinstance(p, ast.Constant)}
    return names == {"__name__"} and values == {"__main__"}


def _lying_comparison(method: str, args: ast.arguments, body: list[ast.stmt]) -> str:
    """Why a comparison method answers without looking at its argument, or ""."""
    params = [a.arg for a in args.posonlyargs + args.args]
    other = params[1] if len(params) > 1 else (args.vararg.arg if args.vararg else None)
    returns = [n.value for stmt in body for n in ast.walk(stmt) if isinstance(n, ast.Return)]
    truths = [_truthy_constant(r) for r in returns]
    honest_default = all(isinstance(r, ast.Constant) and r.value in (NotImplemented, False, None) for r in returns) if method == "__eq__" \
        else all(isinstance(r, ast.Constant) and r.value in (NotImplemented, True) for r in returns)
    lying = True if method != "__ne__" else False
    if method in ("__instancecheck__", "__subclasscheck__"):
        return "always answers True" if returns and all(t is True for t in truths) else ""
    if returns and all(t is lying for t in truths):
        return f"always returns {lying}"
    uses_other = other is not None and any(isinstance(n, ast.Name) and n.id == other for stmt in body for n in ast.walk(stmt))
    if not uses_other and not honest_default:
        return "never looks at the object it is compared with"
    return ""


def scan_python(rel: str, text: str, *, candidate_is_tests: bool = False) -> list[Hit]:
    try:
        tree = pyparse.parse(text)
    except (SyntaxError, ValueError):
        return []  # not Python the tests can import either
    scanner = _Scanner(rel, text.splitlines(), candidate_is_tests=candidate_is_tests)
    scanner.visit(tree)
    return sorted(set(scanner.hits), key=lambda h: (h.file, h.line, h.column, h.code))
