"""The pieces of the `dockerfile` hook: parsing, shell reading and the version judgments."""

from __future__ import annotations

import pytest

from taskgate.hooks.rules.dockerfile.hook import analyse
from taskgate.hooks.rules.dockerfile.reading.context import BuildContext, DockerIgnore
from taskgate.hooks.rules.dockerfile.images import image_problem
from taskgate.hooks.rules.dockerfile.langpkg import npm_spec_problem
from taskgate.hooks.rules.dockerfile.reading.parse import escape_char, expand, parse, stage_envs
from taskgate.hooks.rules.dockerfile.pip import spec_problem
from taskgate.hooks.rules.dockerfile.reading.shell import parse_script, runs_stdin

DIGEST = "sha256:" + "0123456789abcdef" * 4
BASE = f"debian:bookworm-slim@{DIGEST}"


def codes(text: str, context: BuildContext | None = None) -> list[tuple[str, int]]:
    return [(r.code, r.line) for r in analyse(text, context)]


# -- parsing -------------------------------------------------------------------------------------


def test_escape_directive_only_counts_among_leading_directives() -> None:
    assert escape_char("# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n") == "`"
    assert escape_char("# a comment\n# escape=`\nFROM a\n") == "\\"
    assert escape_char("\n# escape=`\nFROM a\n") == "\\"


@pytest.mark.parametrize(
    ("word", "env", "want"),
    [
        ("${BASE}", {"BASE": "x:1"}, ("x:1", [])),
        ("$BASE-slim", {"BASE": "x"}, ("x-slim", [])),
        ("${TAG:-3.12}", {}, ("3.12", [])),
        ("${TAG:-3.12}", {"TAG": None}, ("3.12", [])),
        ("${TAG:+x}", {"TAG": "1"}, ("x", [])),
        ("${TAG:+x}", {}, ("", [])),
        ('"a b"\\$c', {}, ("a b$c", [])),
        ("'$A'", {"A": "1"}, ("$A", [])),
        ("$NOPE", {}, ("$NOPE", ["NOPE"])),
        ("${A%.*}", {"A": "1.2"}, ("${A%.*}", ["A"])),
    ],
)
def test_expand_is_dockers_word_processing(word: str, env: dict[str, str | None], want: tuple[str, list[str]]) -> None:
    assert expand(word, env) == want


def test_arg_and_env_scoping_across_stages() -> None:
    df = parse("ARG V=1\nFROM a AS one\nARG V\nENV E=$V\nRUN x\nFROM one\nRUN y\nFROM b\nRUN z\n")
    env = stage_envs(df)
    assert env[5] == {"V": "1", "E": "1"}
    assert env[7] == {"E": "1"}  # ENV is inherited by a stage built on `one`, ARG is not
    assert env[9] == {}
    assert [s.parent for s in df.stages] == [None, 0, None]


def test_continuation_comments_and_heredocs_are_read_like_buildkit() -> None:
    text = f"FROM {BASE}\nRUN apt-get update \\\n# pinned below\n && apt-get install -y \\\n      curl\nRUN <<EOF\nuuidgen\nEOF\n"
    # Findings sit on the physical line of the offending word, not on the RUN line.
    assert codes(text) == [("DKR016", 2), ("DKR003", 5), ("DKR010", 7)]
    assert [(r.line, r.column) for r in analyse(text)] == [(2, 5), (5, 7), (7, 1)]


# -- shell ---------------------------------------------------------------------------------------


def test_strings_are_not_commands_but_nested_shells_are() -> None:
    script = parse_script("echo 'apt-get install x' && sudo -E env A=1 bash -c \"pip install y==1\" | cat", {})
    assert [c.argv[0].text for c in script] == ["echo", "bash", "pip", "cat"]
    bash = script.commands[1]
    assert [d.name for d in bash.downstream] == ["cat"]


def test_variables_resolve_from_dockerfile_and_script() -> None:
    script = parse_script('V=1.2; pip install "a==$V" $PKGS "$UNKNOWN"', {"PKGS": "b==1 c==2"})
    pip = script.commands[-1]
    assert [(w.text, w.literal) for w in pip.args] == [("install", True), ("a==1.2", True), ("b==1", True), ("c==2", True), ("$UNKNOWN", False)]


def test_random_only_when_expanded() -> None:
    assert parse_script("echo $RANDOM", {}).random == ["$RANDOM"]
    assert parse_script("echo '$RANDOM'", {}).random == []


@pytest.mark.parametrize(
    ("pipeline", "executes"),
    [
        ("curl x | sh", True),
        ("curl x | bash -s -- -y", True),
        ("curl x | sudo -E bash -", True),
        ("curl x | python3 - --version 1.2", True),
        ("curl x | bash -euxo pipefail", True),
        ("curl x | sh install.sh", False),
        ("curl x | python3 -c 'import sys'", False),
        ("curl x | tar -xz", False),
    ],
)
def test_runs_stdin(pipeline: str, executes: bool) -> None:
    last = parse_script(pipeline, {}).commands[-1]
    assert runs_stdin(last) is executes


# -- version judgments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "code"),
    [
        (f"python@{DIGEST}", None),
        (f"localhost:5000/python:3.12@{DIGEST}", None),
        ("localhost:5000/python", "DKR001"),
        ("python:3.12", "DKR001"),
        (f"python:latest@{DIGEST}", "DKR002"),
        ("python@sha256:ABC", "DKR001"),
    ],
)
def test_image_problem(ref: str, code: str | None) -> None:
    found = image_problem(ref)
    assert (found[0] if found else None) == code


@pytest.mark.parametrize(
    ("spec", "pinned"),
    [
        ("pytest==8.3.3", True),
        ("pytest[testing]===8.3.3", True),
        ("pytest==8.*", False),
        ("pytest>=8", False),
        ("pytest", False),
        (".", True),
        ("./pkg[extra]", True),
        ("dist/tool-1.0-py3-none-any.whl", True),
        ("git+https://github.com/a/b@" + "c" * 40 + "#egg=b", True),
        ("git+https://github.com/a/b@v1.0", False),
        ("b @ git+https://github.com/a/b@" + "d" * 40, True),
        ("https://x.example/b-1.0.tar.gz", False),
        ("https://x.example/b-1.0.tar.gz#sha256=" + "e" * 64, True),
    ],
)
def test_pip_spec(spec: str, pinned: bool) -> None:
    assert (spec_problem(spec) is None) is pinned


@pytest.mark.parametrize(
    ("spec", "pinned"),
    [
        ("typescript@5.4.5", True),
        ("@types/node@20.11.30", True),
        ("typescript@^5", False),
        ("typescript@latest", False),
        ("typescript", False),
        ("alias@npm:typescript@5.4.5", True),
        ("github:user/repo#" + "a" * 40, True),
        ("user/repo#main", False),
        ("./local-pkg", True),
        ("https://x.example/p.tgz", False),
    ],
)
def test_npm_spec(spec: str, pinned: bool) -> None:
    assert (npm_spec_problem(spec) is None) is pinned


# -- stages, context -----------------------------------------------------------------------------


def test_snapshot_pins_its_stage_and_stages_built_on_it_only() -> None:
    text = (
        f"FROM {BASE} AS base\n"
        "RUN echo 'deb https://snapshot.debian.org/archive/debian/20240601T000000Z bookworm main' > /etc/apt/sources.list\n"
        "FROM base AS child\nRUN apt-get install -y make\n"
        f"FROM {BASE} AS other\nRUN apt-get install -y make\n"
    )
    assert [c for c in codes(text) if c[0] != "DKR016"] == [("DKR003", 6)]


def test_clone_pinned_only_by_a_later_checkout_in_the_same_stage() -> None:
    sha = "f" * 40
    assert codes(f"FROM {BASE}\nRUN git checkout {sha}; git clone https://x.example/r\n") == [("DKR009", 2)]
    assert codes(f"FROM {BASE} AS a\nRUN git clone https://x.example/r /r\nFROM a\nRUN git -C /r checkout {sha}\n") == [("DKR009", 2)]
    assert codes(f"FROM {BASE}\nRUN git clone https://x.example/r /r\nRUN git -C /r reset --hard {sha}\n") == []


def test_dockerignore_negation_brings_ground_truth_back() -> None:
    assert DockerIgnore("solution\ntests/\n").excludes("solution")
    assert not DockerIgnore("solution\n!solution/keep.py\n").excludes("solution")
    assert DockerIgnore("*\n!subject\n").excludes("tests")
    context = BuildContext(frozenset({".dockerignore", "subject/a.py", "solution/s.py", "tests/test_a.py"}), lambda rel: "solution\n" if rel == ".dockerignore" else None)
    assert codes(f"FROM {BASE}\nCOPY . /task\n", context) == [("DKR011", 2)]  # tests/ still copied


def test_ground_truth_only_what_the_context_holds() -> None:
    clean = BuildContext(frozenset({"requirements.txt", "src/app.py"}))
    assert codes(f"FROM {BASE}\nCOPY . /app\n", clean) == []
    terminal_bench = BuildContext(frozenset({"Dockerfile", "solution.sh", "run-tests.sh", "tests/test_outputs.py", "app/main.py"}))
    found = analyse(f"FROM {BASE}\nCOPY . /app\nCOPY solution.sh /oracle/\nCOPY app/ /app/\nCOPY *.sh /opt/\n", terminal_bench)
    assert [(r.line, r.code) for r in found] == [(2, "DKR011"), (3, "DKR011"), (5, "DKR011")]
    assert "run-tests.sh, solution.sh, tests/" in found[0].message


def test_non_posix_shell_is_not_read_but_images_still_are() -> None:
    text = f'FROM {BASE}\nSHELL ["pwsh", "-Command"]\nRUN Invoke-WebRequest https://x.example/a -OutFile a; apt-get install x\nCOPY --from=alpine:3 /a /a\n'
    assert codes(text) == [("DKR001", 4)]


# -- robustness ----------------------------------------------------------------------------------

_CORPUS = sorted((__import__("pathlib").Path(__file__).parent / "corpus").glob("*/*.Dockerfile"))
_PIECES = ["\\", "`", "'", '"', "$", "$(", "${", "(", ")", "|", "&&", ";", "<<EOF", "EOF", "\n", "\\\n", "`\n", "RUN ", "FROM ", "COPY --from=", "sh -c ", "| sh", "-c", "-o", "\0", "# escape=`\n"]


def test_mutated_corpus_never_raises() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.sampled_from(_CORPUS), st.lists(st.tuples(st.floats(0, 1), st.sampled_from(_PIECES), st.integers(0, 12)), max_size=8))
    def check(path, edits):  # type: ignore[no-untyped-def]
        text = path.read_text(encoding="utf-8")
        for where, piece, cut in edits:
            at = int(where * len(text))
            text = text[:at] + piece + text[at + cut:]
        for result in analyse(text):
            assert result.line >= 1 and result.column >= 1 and result.code.startswith("DKR")

    check()


def test_a_literal_digest_pins_whatever_the_tag_variable() -> None:
    assert codes(f"ARG V\nFROM python:${{V}}-slim@{DIGEST}\n") == []
    assert codes("ARG V\nFROM python:${V}-slim\n") == [("DKR001", 2)]
    assert codes("ARG D\nFROM python@${D}\n") == [("DKR001", 2)]


def test_unterminated_heredoc_hint_names_the_heredoc() -> None:
    text = f"FROM {BASE}\nRUN cat > /f << 'EOF'\nkey = value\n  EOF\n"  # indented delimiter: no heredoc
    [result] = analyse(text)
    assert result.code == "DKR012" and result.line == 3
    assert "line 2 opens a heredoc" in result.message and "continuation" not in result.message


def test_words_after_a_redirect_stay_arguments() -> None:
    [cmd] = parse_script("pip install torch>=1.9 torchvision pillow", {})
    assert cmd.texts() == ["install", "torch", "torchvision", "pillow"]
    assert cmd.redirects == [("torch", ">", "=1.9", True)]


def test_branch_variables_are_quoted_as_written_unless_all_branches_agree() -> None:
    text = f'FROM {BASE}\nRUN if [ "$A" = x ]; then V=1; elif [ "$A" = y ]; then V=2; fi; W=3; curl -fsSLo /t "https://e.example/$V/$W"\n'
    [result] = analyse(text)
    assert "https://e.example/$V/3" in result.message


@pytest.mark.parametrize(
    ("name", "secret"),
    [("HF_TOKEN", True), ("AWS_SECRET_ACCESS_KEY", True), ("OPENAI_API_KEY", True), ("DB_PASSWORD", True),
     ("TOKENIZERS_PARALLELISM", False), ("MAX_TOKENS", False), ("TOKEN_LIMIT", False), ("PASSWORD_FILE", False),
     ("GPG_KEY", False), ("AWS_ACCESS_KEY_ID", False), ("PUBLIC_API_KEY", False)],
)
def test_secret_names(name: str, secret: bool) -> None:
    from taskgate.hooks.rules.dockerfile.secrets import secret_name

    assert secret_name(name) is secret
