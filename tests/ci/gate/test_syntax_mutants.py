"""Tree-sitter mutants, language stubs, stillborn mutants and order variation, without Docker."""

from __future__ import annotations

import textwrap

import pytest

from taskgate.ci.sandbox.candidate import Candidate
from taskgate.ci.sandbox.language_stubs import stub_of, stub_source
from taskgate.ci.gate.python_mutants import Mutant, mutants
from taskgate.ci.sandbox.order import order_description, order_env, runner_of
from taskgate.ci.gate.stillborn import invalid
from taskgate.ci.gate.syntax_mutants import mutants_of, tokens
from taskgate.hooks.rules.determinism.treesitter.analyser import parser_for


def described(rel: str, source: str, language: str) -> list[str]:
    return [f"{m.line}:{m.column} {m.description}" for m in mutants_of(rel, source.encode(), language)]


def test_javascript_operators_are_found_and_applied_by_byte_range():
    source = textwrap.dedent("""\
        // lo < hi in a comment is never mutated
        function clamp(x, lo, hi) {
          if (x < lo) { return lo; }
          const s = "a < b";
          log(x);
          return x > hi ? hi : x + 0;
        }
    """)
    found = described("clamp.js", source, "javascript")
    assert "3:3 negation: `if (x < lo) { return lo; }` -> `if (!(x < lo)) { return lo; }`" in found
    assert "3:7 comparison: `x < lo` -> `x <= lo`" in found
    assert "3:17 return: `return lo;` -> `return undefined;`" in found
    assert "5:3 statement: `log(x);` -> `;`" in found
    assert "6:24 arithmetic: `x + 0` -> `x - 0`" in found
    assert "6:28 constant: `0` -> `1`" in found
    assert not any(":1 " in f.split()[0] and f.startswith("1:") for f in found)  # the comment line
    assert not any('"a' in f for f in found)  # string contents
    mutant = next(m for m in mutants_of("clamp.js", source.encode(), "javascript") if m.operator == "comparison")
    assert mutant.source == source.replace("if (x < lo)", "if (x <= lo)")  # comments and layout kept


def test_a_mutant_with_the_same_token_stream_is_dropped():
    # `!(!(a))` and `a` differ, but two sites giving the same text are one mutant.
    found = mutants_of("m.js", b"function f(a) { return a === 1 || a === 1; }\n", "javascript")
    sources = [m.source for m in found]
    assert len(sources) == len(set(sources))
    stream = tokens(parser_for("javascript").parse(b"function f(a) { return a === 1 || a === 1; }\n"))
    assert all(tokens(parser_for("javascript").parse(s.encode())) != stream for s in sources)


@pytest.mark.parametrize(("language", "rel", "source", "expected"), [
    ("java", "M.java", "class M { static boolean f(int a) { return a > 3; } static int g() { return 7; } static String h() { return \"x\"; } }",
     {"return: `return a > 3;` -> `return false;`", "return: `return 7;` -> `return 0;`", "return: `return \"x\";` -> `return null;`"}),
    ("go", "m.go", "package m\n\nfunc f(a int) (int, error) {\n\tif a < 0 {\n\t\treturn a, nil\n\t}\n\treturn a + 1, nil\n}\n",
     {"return: `return a + 1, nil` -> `return 0, nil`", "negation: `if a < 0 { return a, nil }` -> `if !(a < 0) { return a, nil }`"}),
    ("rust", "lib.rs", "pub fn f(x: u32) -> u32 {\n    let v: [u8; 4] = [0; 4];\n    x * 2u32\n}\n",
     {"return: `x * 2u32` -> `Default::default()`", "arithmetic: `x * 2u32` -> `x / 2u32`", "constant: `2u32` -> `3u32`"}),
    ("cpp", "m.cpp", "#include <vector>\nstd::vector<int> f(int n) { std::vector<int> v; for (int i = 0; i < n; ++i) v.push_back(i); return v; }\n",
     {"return: `return v;` -> `return {};`", "arithmetic: `++i` -> `--i`", "statement: `v.push_back(i);` -> `;`"}),
])
def test_each_language_gets_typed_return_values_and_its_own_statements(language, rel, source, expected):
    found = {m.description for m in mutants_of(rel, source.encode(), language)}
    assert expected <= found, found


def test_types_attributes_imports_and_test_code_are_not_mutated():
    rust = "use std::cmp::max;\n#[derive(Debug)]\npub struct S { a: [u8; 3] }\npub fn f() -> usize { 1 }\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { assert_eq!(super::f(), 1); }\n}\n"
    found = mutants_of("lib.rs", rust.encode(), "rust")
    assert {m.line for m in found} == {4}
    assert mutants_of("intervals_test.go", b"package m\nfunc f() int { return 1 + 1 }\n", "go") == []
    ts = "function f(xs: Array<number>, n: 3): number { return n - 1; }\n"
    assert all(m.line == 1 and "Array" not in m.after for m in mutants_of("f.ts", ts.encode(), "typescript"))


def test_the_shared_sampler_takes_every_language_and_keeps_python_mutants_as_they_were():
    files = {"a.js": b"function f(a) { return a + 1; }\n", "b.py": b"def g(a):\n    return a + 1\n", "notes.md": b"1 + 1"}
    chosen, total = mutants(files, 200, "javascript")
    assert {m.file for m in chosen} == {"a.js"}  # a JavaScript task: its code, not a stray .py helper's
    assert total == len(chosen) > 0
    python, _ = mutants(files, 200, "python")
    assert {m.file for m in python} == {"b.py"}


JS_STUB = "function f(a) {\n  return a + 1;\n}\nconst g = (x) => x * 2;\nclass C { m() { return 1; } }\n(function init() { setup(); })();\nconst TABLE = [1, 2].map((x) => x + 1);\nmodule.exports = { f, g, C };\n"


def test_stubs_fail_first_and_keep_the_interface_and_the_rest_of_the_body():
    out = stub_source(JS_STUB.encode(), "javascript").decode()
    assert 'function f(a) { throw new Error("taskgate stub: not implemented");\n  return a + 1;' in out
    assert 'const g = (x) => { throw new Error("taskgate stub: not implemented"); return (x * 2); };' in out
    assert 'm() { throw new Error("taskgate stub: not implemented"); return 1; }' in out
    assert "(function init() { setup(); })();" in out  # runs at import, not at call time: left alone
    assert "const TABLE = [1, 2].map((x) => x + 1);" in out  # a module-level callback, also run at import
    assert out.endswith("module.exports = { f, g, C };\n")


@pytest.mark.parametrize(("language", "source", "expected"), [
    ("java", "class A { A() { super(); x = 1; } int f() { return 1; } }",
     'A() { super(); if (true) throw new UnsupportedOperationException("taskgate stub: not implemented"); x = 1; }'),
    ("go", "package m\nfunc init() { x = 1 }\nfunc F() int { return 1 }\n", 'func init() { x = 1 }\nfunc F() int { panic("taskgate stub: not implemented"); return 1 }'),
    ("rust", "pub fn f() -> u8 { 1 }\nfn main() {}\n", 'pub fn f() -> u8 { panic!("taskgate stub: not implemented"); 1 }\nfn main() {}'),
    ("cpp", "int f(int a) { return a; }\nstruct S { ~S() { } };\nint main() { return f(1); }\n",
     'int f(int a) { throw "taskgate stub: not implemented"; return a; }\nstruct S { ~S() { } };\nint main() { return f(1); }'),
    ("c", "int f(int a) { return a; }\n", "int f(int a) { __builtin_trap(); return a; }"),
])
def test_stub_statements_per_language(language, source, expected):
    assert expected in stub_source(source.encode(), language).decode()


def test_stub_of_a_candidate_leaves_test_files_and_other_files_alone():
    gt = Candidate("ground truth", {"m.go": b"package m\nfunc F() int { return 1 }\n", "m_test.go": b"package m\nfunc helper() int { return 2 }\n", "go.mod": b"module m\n"})
    stub = stub_of(gt, "go")
    assert stub is not None and stub.files["m_test.go"] == gt.files["m_test.go"] and stub.files["go.mod"] == b"module m\n"
    assert b"panic(" in stub.files["m.go"]
    assert stub_of(Candidate("ground truth", {"README": b"text"}), "go") is None


def _mutant(rel: str, line: int = 3) -> Mutant:
    return Mutant(rel, line, 1, "arithmetic", "a + b", "a - b", "")


@pytest.mark.parametrize(("language", "rel", "output", "expected"), [
    ("java", "Intervals.java", "solution/Intervals.java:21: error: bad operand types for binary operator '-'\n1 error\n", True),
    ("java", "Intervals.java", "IntervalsTest > merge() FAILED\norg.opentest4j.AssertionFailedError: expected 3\n", False),
    ("go", "intervals.go", "# example.com/intervals\n../solution/intervals.go:30:3: declared but not used: last\nFAIL\texample.com/intervals_test [build failed]\n", True),
    ("go", "intervals.go", "--- FAIL: TestExamples (0.00s)\n    intervals_test.go:50: Merge = [], want [1 2]\nFAIL\n", False),
    ("rust", "lib.rs", "error[E0369]: cannot subtract `String` from `&str`\n  --> ../solution/lib.rs:12:5\n   |\nerror: could not compile `intervals`\n", True),
    ("rust", "lib.rs", "thread 'empty' panicked at 'assertion failed', intervals.rs:12:5\ntest result: FAILED.\n", False),
    ("cpp", "intervals.cpp", "solution/intervals.cpp:14:9: error: no match for 'operator-'\n", True),
    ("cpp", "intervals.cpp", "tests/test_intervals.cpp:40: CHECK(threw) failed\n1 failure(s)\n", False),
    ("typescript", "intervals.ts", "solution/intervals.ts(11,5): error TS2362: The left-hand side of an arithmetic operation must be of type 'any'\n", True),
    ("javascript", "intervals.js", "SyntaxError: Unexpected token\n", False),
])
def test_a_compiler_error_in_the_mutated_file_makes_the_mutant_invalid(language, rel, output, expected):
    assert invalid(_mutant(rel), output, language) is expected


@pytest.mark.parametrize(("harness", "argv", "runner", "env_key"), [
    ("pytest", ["python3", "-m", "pytest"], "pytest", "TASKGATE_SHUFFLE_SEED"),
    ("exit-code", ["sh", "-c", "cd tests && go test ./..."], "go", "GOFLAGS"),
    ("exit-code", ["go", "test", "./..."], "go", "GOFLAGS"),
    ("exit-code", ["sh", "-c", "javac -d /tmp/c x.java && java -jar junit.jar"], "junit", "JAVA_TOOL_OPTIONS"),
    ("exit-code", ["sh", "-c", "javac -d /tmp/classes solution/*.java tests/*.java && java -cp /tmp/classes SolutionTest"], "other", None),
    ("exit-code", ["cargo", "test", "--offline"], "libtest", "RUST_TEST_THREADS"),
    ("exit-code", ["sh", "-c", "rustc --edition 2021 --test -o /tmp/tests tests/tests.rs && /tmp/tests"], "libtest", "RUST_TEST_THREADS"),
    ("node-test", ["node", "--test"], "node-test", None),
    ("exit-code", ["sh", "-c", "g++ -o /tmp/t t.cpp && /tmp/t"], "other", None),
    ("exit-code", ["sh", "-c", "echo gopher test"], "other", None),
])
def test_order_variation_per_runner(harness, argv, runner, env_key):
    assert runner_of(harness, argv) == runner
    env = order_env(runner, 2)
    assert (next(iter(env)) if env else None) == env_key
    assert order_description(runner, 2)
    if runner == "go":
        assert env["GOFLAGS"] == "-shuffle=2"
        assert order_env(runner, 2, {"GOFLAGS": "-mod=mod"})["GOFLAGS"] == "-mod=mod -shuffle=2"  # the image's flags are kept
    if runner == "junit":
        assert "MethodOrderer$Random" in env["JAVA_TOOL_OPTIONS"] and "random.seed=2" in env["JAVA_TOOL_OPTIONS"]
