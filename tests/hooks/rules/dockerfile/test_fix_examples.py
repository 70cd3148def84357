"""Rules must not contradict each other: the fix each Dockerfile rule recommends passes every rule.

Each case applies what a DKR rule's fix (or rationale) text recommends to an otherwise good task
and runs every static hook over it. The snippets a case follows must appear in the rule's own
text, so rewording a fix without re-auditing it fails here; a new DKR rule without a case fails
`test_every_dockerfile_rule_has_a_fix_example`.
"""

from __future__ import annotations

import tarfile
from dataclasses import dataclass, field

import pytest
from taskgate.hooks.core import registry
from taskgate.hooks.workspace.repo import Repo
from taskgate.hooks.workspace.taskhash import hashed_files

from tests.support.datasets import DatasetRepo

PINNED = "python:3.12-slim-bookworm@sha256:" + "ab" * 32
NODE = "node:20.11.1-bookworm-slim@sha256:" + "cd" * 32
SHA = "0123456789abcdef" * 4
COMMIT = "8f3c2a1b" * 5
# What DKR016's fix removes after an apt install (so DKR003/DKR004's fixes pass it too).
APT_VOLATILE = " /var/cache/apt/*.bin /var/cache/ldconfig/aux-cache /var/log/apt/* /var/log/dpkg.log"


@dataclass
class FixCase:
    code: str
    follows: tuple[str, ...]  # phrases of the rule's fix/rationale this case puts into practice
    dockerfile: str
    files: dict[str, str] = field(default_factory=dict)


CASES = [
    FixCase("DKR001", ("@sha256:<digest>",), f"FROM {PINNED}\nWORKDIR /task\n"),
    FixCase("DKR002", ("node:20.11.1-bookworm-slim@sha256:",), f"FROM {NODE}\nWORKDIR /task\n"),
    FixCase(
        "DKR003", ("snapshot.debian.org", "/etc/apt/sources.list"),
        f"FROM {PINNED}\nRUN echo 'deb [check-valid-until=no] https://snapshot.debian.org/archive/debian/20240601T000000Z bookworm main' > /etc/apt/sources.list \\\n"
        " && apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*" + APT_VOLATILE + "\n",
    ),
    FixCase("DKR004", ("install the specific package versions",), f"FROM {PINNED}\nRUN apt-get update && apt-get install -y --no-install-recommends jq=1.6-2.1 && rm -rf /var/lib/apt/lists/*{APT_VOLATILE}\n"),
    FixCase(
        "DKR016", ("rm -rf /var/cache/apt/*.bin /var/cache/ldconfig/aux-cache", "apt-get", "clean"),
        f"FROM {PINNED}\nRUN apt-get update && apt-get install -y --no-install-recommends jq=1.6-2.1 && apt-get clean \\\n"
        " && rm -rf /var/lib/apt/lists/* /var/cache/ldconfig/aux-cache /var/log/apt/* /var/log/dpkg.log\n",
    ),
    FixCase(
        "DKR005", ("--require-hashes -r requirements.txt", "carries `--hash`"),
        f"FROM {PINNED}\nCOPY requirements.txt /tmp/requirements.txt\nRUN pip install --no-cache-dir --require-hashes -r /tmp/requirements.txt\nWORKDIR /task\n",
        {"requirements.txt": f"pytest==8.3.3 \\\n    --hash=sha256:{SHA}\niniconfig==2.0.0 --hash=sha256:{SHA}\n"},
    ),
    FixCase(
        "DKR005", ("a lockfile", "npm ci", "package-lock.json"),
        f"FROM {NODE}\nWORKDIR /env\nCOPY package.json package-lock.json ./\nRUN npm ci --ignore-scripts\nWORKDIR /task\n",
        {"package.json": '{"name": "env", "private": true, "devDependencies": {"jest": "29.7.0"}}\n',
         "package-lock.json": '{"name": "env", "lockfileVersion": 3, "requires": true, "packages": {}}\n'},
    ),
    FixCase(
        "DKR006", ("--checksum=sha256:", ".git#<40-hex commit>"),
        f"FROM {PINNED}\nADD --checksum=sha256:{SHA} https://example.org/data.tgz /data/\nADD https://github.com/org/repo.git#{COMMIT} /src\n",
    ),
    FixCase(
        "DKR007", ("sha256sum -c -",),
        f"FROM {PINNED}\nRUN curl -fsSLo install.sh https://example.org/install.sh && echo '{SHA}  install.sh' | sha256sum -c - && sh install.sh\n",
    ),
    FixCase(
        "DKR008", ('curl -fsSLo app.tgz "$URL"', "sha256sum -c -"),
        f"FROM {PINNED}\nARG URL=https://example.org/app.tgz\nARG SHA256={SHA}\n"
        'RUN curl -fsSLo app.tgz "$URL" && echo "$SHA256  app.tgz" | sha256sum -c - && tar -xzf app.tgz\n',
    ),
    FixCase("DKR009", ("git -C", "checkout <40-hex sha>"), f"FROM {PINNED}\nRUN git clone https://github.com/org/repo /src && git -C /src checkout {COMMIT}\n"),
    FixCase("DKR010", ('date -d @"$SOURCE_DATE_EPOCH"',), f'FROM {PINNED}\nARG SOURCE_DATE_EPOCH=0\nRUN date -d @"$SOURCE_DATE_EPOCH" > /build-date\n'),
    FixCase("DKR011", ("COPY requirements.txt .",), f"FROM {PINNED}\nWORKDIR /env\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n", {"requirements.txt": "pytest==8.3.3\n"}),
    FixCase(
        "DKR011", ("COPY . .", ".dockerignore in the task directory excludes solution/, tests/, calibration/ and meta/"),
        f"FROM {PINNED}\nWORKDIR /env\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        {".dockerignore": "solution/\ntests/\ncalibration/\ncalibration.json\nmeta/\n", "requirements.txt": "pytest==8.3.3\n"},
    ),
    FixCase(
        "DKR013", ("--mount=type=secret,id=hf_token",),
        f"FROM {PINNED}\nRUN --mount=type=secret,id=hf_token HF_TOKEN=$(cat /run/secrets/hf_token) python -c 'print(1)'\n",
    ),
    FixCase(
        "DKR014", ("AS builder", "--from=alpine:3.19@sha256:"),
        f"FROM {PINNED} AS builder\nRUN mkdir -p /out && echo ok > /out/ok\nFROM {PINNED}\nCOPY --from=builder /out/ok /ok\n"
        f"COPY --from=alpine:3.19@sha256:{SHA} /etc/alpine-release /alpine-release\n",
    ),
    FixCase(
        "DKR015", ('SHELL ["/bin/bash", "-o", "pipefail", "-c"]',),
        f'FROM {PINNED}\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN pip list | grep -i pytest > /pytest-version || true\n',
    ),
    FixCase("DKR012", ("`\\` continuation",), f"FROM {PINNED}\nRUN pip install --no-cache-dir \\\n    pytest==8.3.3\n"),
]


def _rule_text(code: str) -> str:
    rule = registry.get(code)
    assert rule is not None
    return " ".join(f"{rule.rationale} {rule.fix}".split())


def _task(tmp_path, case: FixCase) -> DatasetRepo:
    dataset = DatasetRepo(tmp_path / "ds")
    task = dataset.add_task()
    (task / "Dockerfile").write_text(case.dockerfile)
    for rel, text in case.files.items():
        dataset.write(f"tasks/sum-list/{rel}", text)
    return dataset


def test_every_dockerfile_rule_has_a_fix_example() -> None:
    dockerfile_rules = {code for code, rule in registry.rules().items() if rule.hook == "dockerfile"}
    assert dockerfile_rules == {case.code for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{i}" for i, c in enumerate(CASES)])
def test_the_recommended_fix_passes_every_rule(tmp_path, case: FixCase) -> None:
    text = _rule_text(case.code)
    for phrase in case.follows:
        assert phrase in text, f"{case.code} no longer recommends {phrase!r}: re-audit this case"
    dataset = _task(tmp_path, case)
    assert dataset.check() == []


def test_environment_files_are_hashed_and_sent_to_the_build(tmp_path) -> None:
    case = next(c for c in CASES if c.code == "DKR005")
    dataset = _task(tmp_path, case)
    assert "requirements.txt" in hashed_files(_load_task(dataset))


def test_build_context_applies_dockerignore(tmp_path) -> None:
    pytest.importorskip("docker")
    from taskgate.ci.images.build import context_tar

    case = next(c for c in CASES if c.code == "DKR011" and c.files.get(".dockerignore"))
    dataset = _task(tmp_path, case)
    with tarfile.open(fileobj=context_tar(_load_task(dataset))) as tar:
        names = {m.name for m in tar.getmembers() if m.isfile()}
    assert {"Dockerfile", ".dockerignore", "requirements.txt", "task.yaml", "prompt.md"} <= names
    assert not any(n.startswith(("solution/", "tests/")) for n in names)


def _load_task(dataset: DatasetRepo):
    return Repo(dataset.root).task("sum-list")


def test_the_layout_fix_copy_what_the_image_needs_passes_every_rule(tmp_path) -> None:
    assert "COPY it in the Dockerfile" in _rule_text("LAY002")
    dataset = _task(tmp_path, FixCase("LAY002", (), f"FROM {PINNED}\nCOPY pytest.ini /task/pytest.ini\nWORKDIR /task\n", {"pytest.ini": "[pytest]\naddopts = -q\n"}))
    assert dataset.check() == []
