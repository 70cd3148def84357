"""The tree-sitter determinism analyser (JS, TS, TSX, Java, Go, C, C++, Rust): corpus, parser
edge cases, comments and strings, shadowing, broken syntax, columns and the hook end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taskgate.hooks.rules.determinism.hook import Hit, language_of
from tests.support.corpus import check_case
from taskgate.hooks.rules.determinism.treesitter.analyser import GRAMMARS, analyse, network_shell, network_tool, parser_for

CORPUS = Path(__file__).parent / "corpus"
LANGUAGES = ("javascript", "typescript", "tsx", "java", "go", "c", "cpp", "rust")


def corpus_files() -> list[Path]:
    return sorted(p for lang in LANGUAGES for p in (CORPUS / lang).rglob("*") if p.is_file())


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus(path: Path) -> None:
    found = language_of(path.name)
    assert found is not None and found[0] in LANGUAGES
    hits = analyse(path.read_bytes(), found[0])
    check_case(path, [(h.code, h.line) for h in hits], "\n".join(f"{h.line}:{h.column} {h.code} {h.message}" for h in hits))


def test_corpus_size_and_spread() -> None:
    files = corpus_files()
    bad = [p for p in files if p.parent.name == "bad"]
    good = [p for p in files if p.parent.name == "good"]
    assert len(bad) >= 35 and len(good) >= 25
    for lang in ("javascript", "typescript", "java", "go", "c", "cpp", "rust"):
        assert any(lang in p.parts for p in bad) and any(lang in p.parts for p in good), lang


# --- comments and strings never match ---------------------------------------------------------

QUOTED = {
    "javascript": b"// Date.now() Math.random() fetch('x')\n/* new Date() */\nconst s = 'Date.now() Math.random()';\nconst t = `fetch(\"x\") ${1}`;\n",
    "typescript": b"// Date.now()\nconst s: string = \"crypto.randomUUID() performance.now()\";\n",
    "tsx": b"const a = <p>Date.now() Math.random()</p>;\n// fetch('x')\n",
    "java": b"class A { // System.currentTimeMillis()\n String s = \"Math.random() new Random()\"; /* UUID.randomUUID() */\n String t = \"\"\"\n Instant.now()\n \"\"\"; }\n",
    "go": b"package a\n// time.Now()\nvar s = \"rand.Intn(3) time.Now()\"\nvar r = `http.Get(\"x\")`\n",
    "c": b"/* time(NULL) */\n// rand()\nconst char *s = \"srand(time(NULL)); rand(); system(\\\"curl x\\\")\";\n",
    "cpp": b"// std::chrono::system_clock::now()\nconst char *s = R\"(std::random_device rd; rand())\";\n",
    "rust": b"// Instant::now()\n/* thread_rng() */\nconst S: &str = \"SystemTime::now() rand::random()\";\nconst R: &str = r#\"OsRng\"#;\n",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_comments_and_strings_never_match(language: str) -> None:
    assert analyse(QUOTED[language], language) == []


# --- name resolution and shadowing ------------------------------------------------------------

CASES = [
    ("javascript", "function f(clock) { return clock.now(); }", []),
    ("javascript", "function f() { const Date = { now: () => 1 }; return Date.now(); }", []),
    ("javascript", "function f() { return Date.now(); }", ["DET101"]),
    ("javascript", "class C { now() { return 1; } random() { return this.now(); } }", []),
    ("javascript", "const c = require('node:crypto'); c.randomUUID();", ["DET204"]),
    ("javascript", "import { request as r } from 'node:http'; r('http://x');", ["DET301"]),
    ("javascript", "const { now } = require('./clock'); now();", []),
    ("javascript", "Date.now = () => 0; Date.now();", []),
    ("javascript", "new Date(Date.UTC(2020, 0, 1));", []),
    ("javascript", "Date();", ["DET101"]),
    ("javascript", "new Date;", ["DET101"]),
    ("javascript", "if (typeof fetch === 'function') {}", []),
    ("javascript", "require('crypto').randomBytes(4);", ["DET204"]),
    ("javascript", "const seedrandom = require('seedrandom'); seedrandom(); seedrandom('42');", ["DET203"]),
    ("javascript", "const sr = require('seedrandom'); sr(String(Date.now()));", ["DET203"]),
    ("typescript", "function f(performance: { now(): number }) { return performance.now(); }", []),
    ("typescript", "const x = (globalThis as any).Math.random();", ["DET201"]),
    ("java", "import java.util.Random; class A { Random r = new Random(42); }", []),
    ("java", "import java.util.Random; class A { Random r = new Random(); }", ["DET202"]),
    ("java", "class A { Random r = new Random(); }", []),
    ("java", "class Random {} class A { Random r = new Random(); }", []),
    ("java", "class A { Object r = new java.util.Random(); }", ["DET202"]),
    ("java", "import java.security.SecureRandom; class A { Object r = new SecureRandom(); }", ["DET204"]),
    ("java", "class A { long f(Clock c) { return c.millis() + Math.abs(-1); } }", []),
    ("java", "import java.util.Date; class A { Date d = new Date(0L); Date e = new Date(); }", ["DET101"]),
    ("go", "package a\nimport mrand \"math/rand\"\nfunc f() int { return mrand.Intn(3) }\n", ["DET201"]),
    ("go", "package a\nimport \"math/rand\"\nfunc f() int { r := rand.New(rand.NewSource(42)); return r.Intn(3) }\n", []),
    ("go", "package a\nimport \"math/rand\"\nfunc f() int { rand.Seed(42); return rand.Intn(3) }\n", []),
    ("go", "package a\nimport \"math/rand\"\nfunc f() int { x := rand.Intn(3); rand.Seed(42); return x }\n", ["DET201"]),
    ("go", "package a\nimport (\"net/http\"; \"net/http/httptest\")\nvar w = httptest.NewRecorder()\nvar r, _ = http.Get(\"https://x\")\n", ["DET301"]),
    ("go", "package a\nimport . \"time\"\nfunc f() Time { return Now() }\n", ["DET101"]),
    ("go", "package a\nimport \"time\"\nfunc f(time Clock) int { return time.Now() }\n", []),
    ("c", "#include <stdlib.h>\nint f(void) { srand(42); return rand(); }\n", []),
    ("c", "#include <stdlib.h>\n#include <time.h>\nint f(void) { srand(time(0)); return 0; }\n", ["DET203"]),
    ("c", "#include <unistd.h>\nint f(void) { srand(getpid()); return 0; }\n", ["DET203"]),
    ("c", "static int rand(void) { return 4; }\nint f(void) { return rand(); }\n", []),
    ("c", "int connect(int a) { return a; }\nint f(void) { return connect(1); }\n", []),
    ("cpp", "#include <random>\nint f() { std::mt19937 g(std::random_device{}()); return g(); }\n", ["DET203"]),
    ("cpp", "#include <random>\nint f() { std::mt19937 g(7); g.seed(std::random_device{}()); return g(); }\n", ["DET203"]),
    ("cpp", "typedef std::chrono::high_resolution_clock HC;\nauto t() { return HC::now(); }\n", ["DET101"]),
    ("cpp", "#include <algorithm>\nvoid f(int *a, int n) { std::random_shuffle(a, a + n); }\n", ["DET201"]),
    ("rust", "use std::time::Instant as T;\nfn f() { let _ = T::now(); }\n", ["DET101"]),
    ("rust", "use rand::thread_rng as trng;\nfn f() { let _ = trng(); }\n", ["DET202"]),
    ("rust", "fn f() { let _ = rand::rngs::StdRng::seed_from_u64(7); }\n", []),
    ("rust", "fn f() { let _ = StdRng::from_rng(rand::thread_rng()); }\n", ["DET203"]),
    ("rust", "fn f() { let _ = uuid::Uuid::new_v4(); let _ = uuid::Uuid::now_v7(); }\n", ["DET204", "DET102"]),
    ("rust", "use rand::rngs::OsRng;\nfn f() { let mut rng = OsRng; }\n", ["DET204"]),
    ("java", "class A { String id() { return UUID.randomUUID().toString(); } }", ["DET204"]),
    ("javascript", "mock.timers.enable({ now: 0 }); mock.method(Math, 'random', () => 0.5); Date.now(); Math.random();", []),
    ("rust", "mod clock { pub fn now() -> u64 { 0 } }\nfn f() { let _ = clock::now(); }\n", []),
    ("rust", "fn f() { let n = fastrand::u32(..); fastrand::seed(7); let r = fastrand::Rng::with_seed(7); }\n", ["DET201"]),
]


@pytest.mark.parametrize(("language", "source", "codes"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_resolution(language: str, source: str, codes: list[str]) -> None:
    assert [h.code for h in analyse(source.encode(), language)] == codes


# --- broken syntax, odd bytes, positions ------------------------------------------------------

BROKEN = {
    "javascript": b"function (( {\nconst x = ;\nDate.now();\n",
    "typescript": b"let x: = ;\nclass {\nconst y = Math.random();\n",
    "java": b"class A { void f( { int x = ; }\n long t = System.currentTimeMillis(); }\n",
    "go": b"package a\nimport \"time\"\nfunc f( {\n}\nvar t = time.Now()\n",
    "c": b"int f( { int x = ;\n}\nint g(void) { return rand(); }\n",
    "cpp": b"class { int x = ;\nauto t = std::chrono::steady_clock::now();\n",
    "rust": b"fn f( { let x = ;\n}\nfn g() { let t = std::time::Instant::now(); }\n",
}


@pytest.mark.parametrize("language", sorted(BROKEN))
def test_broken_syntax_is_analysed_where_it_parses(language: str) -> None:
    source = BROKEN[language]
    assert parser_for(language).parse(source).root_node.has_error
    hits = analyse(source, language)
    last_line = len(source.rstrip(b"\n").split(b"\n"))  # the call stands on the last line
    assert [(h.line, h.code) for h in hits] == [(last_line, "DET201" if language in ("typescript", "c") else "DET101")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(language=st.sampled_from(LANGUAGES), data=st.binary(max_size=300), cut=st.integers(0, 4000))
def test_never_raises_on_arbitrary_or_truncated_input(language: str, data: bytes, cut: int) -> None:
    for source in (data, _sample(language)[:cut] + data):
        hits = analyse(source, language)
        assert all(isinstance(h, Hit) and h.line >= 1 and h.column >= 1 for h in hits)


def _sample(language: str) -> bytes:
    files = [p for p in corpus_files() if language in p.parts and p.parent.name == "bad"]
    return files[0].read_bytes() if files else b""


def test_columns_count_characters_not_bytes() -> None:
    source = "const s = 'é漢字'; const t = Date.now();\n".encode()
    (hit,) = analyse(source, "javascript")
    assert (hit.line, hit.column) == (1, source.decode().index("Date") + 1)


def test_macro_fragment_positions_map_back_to_the_file() -> None:
    source = b"fn t() {\n    assert!(x, \"{}\", rand::random::<u8>());\n}\n"
    (hit,) = analyse(source, "rust")
    assert (hit.line, hit.column, hit.code) == (2, source.split(b"\n")[1].index(b"rand") + 1, "DET201")


def test_message_names_the_call_the_reason_and_the_fix() -> None:
    (hit,) = analyse(b"const { v4 } = require('uuid');\nv4();\n", "javascript")
    assert hit.message.startswith("`v4()` (`uuid.v4`) reads OS entropy")
    assert "derive ids from the input" in hit.message


def test_unknown_language_and_empty_file() -> None:
    assert analyse(b"Date.now()", "cobol") == []
    assert all(analyse(b"", lang) == [] for lang in LANGUAGES)


def test_grammars_are_imported_lazily() -> None:
    code = ("import sys\nfrom taskgate.hooks.rules.determinism.treesitter.analyser import analyse\n"
            "analyse(b'package a', 'go')\n"
            "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith('tree_sitter_')}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['tree_sitter_go']"
    assert set(GRAMMARS) == set(LANGUAGES)


# --- subprocess commands ----------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "tool"), [
    (["curl", "-s", "x"], "curl"),
    (["/usr/bin/wget", None], "wget"),
    (["sh", "-c", "cd /tmp && curl -O x"], "curl"),
    (["bash", "-lc", "echo hi | nc host 80"], "nc"),
    (["env", "A=1", "curl", "x"], "curl"),
    (["python3", "-m", "pip", "install", "requests"], "pip install"),
    (["pip", "install", "--no-index", "./wheels/x.whl"], None),
    (["git", "clone", "https://x"], "git clone"),
    (["git", "status"], None),
    (["npm", "ci"], "npm ci"),
    (["npm", "test"], None),
    (["node", "index.js"], None),
    ([None, "curl"], None),
])
def test_network_tool(argv: list[str | None], tool: str | None) -> None:
    assert network_tool(argv) == tool


def test_network_shell_splits_pipelines_and_substitutions() -> None:
    assert network_shell("echo $(curl -s x)") == "curl"
    assert network_shell("make test; go get example.com/m@v1") == "go get"
    assert network_shell("ls -la | grep curl") is None


# --- the hook ---------------------------------------------------------------------------------

def test_hook_reports_path_line_col_and_honours_waivers(tmp_path: Path) -> None:
    from taskgate.hooks.rules.determinism import hook as determinism  # noqa: F401 - registers the hook's check
    from taskgate.hooks.core.engine import run
    from taskgate.hooks.workspace.repo import Repo
    from tests.support.datasets import DatasetRepo

    dataset = DatasetRepo(tmp_path / "ds")
    task = dataset.add_task("clock-task")
    for python_file in task.rglob("*.py"):  # the Python analyser has tests of its own
        python_file.unlink()
    (task / "solution" / "clock.ts").write_text("export const now = (): number => Date.now();\n")
    (task / "tests" / "main.go").write_text(
        "package main\nimport \"time\"\nvar T = time.Now()\n"
        "// taskgate: ignore[DET101] the test proves the code ignores the clock\nvar U = time.Now()\n")
    (task / "tests" / "data.bin").write_bytes(b"\0\1")
    findings = run(Repo(dataset.root), [task], hooks=("determinism",)).findings
    assert [(f.path, f.line, f.column, f.code) for f in findings if f.code.startswith("DET")] == [
        ("tasks/clock-task/solution/clock.ts", 1, 34, "DET101"),
        ("tasks/clock-task/tests/main.go", 3, 9, "DET101"),
    ]
