"""Dockerfile step numbering, the build context and image tags (no engine needed)."""

from __future__ import annotations

import os
import tarfile

from taskgate.ci.images.build import CONTEXT_MTIME, context_tar, image_tag
from taskgate.ci.images.steps import instruction_lines, step_line, steps


def test_instruction_lines_skip_comments_blank_lines_and_continuations():
    text = "# syntax=docker/dockerfile:1\n# a comment\nFROM x\n\nRUN a \\\n  # inside\n  b \\\n\n  c\nENV A=1\n"
    assert instruction_lines(text) == [3, 5, 10]
    assert step_line(text, 2) == 5 and step_line(text, 9) == 1


def test_escape_directive_changes_the_continuation_character():
    assert instruction_lines("# escape=`\nFROM x\nRUN a `\n  b\nRUN c\\\n") == [2, 3, 5]


def test_steps_are_read_from_the_classic_builder_log():
    log = "Step 1/3 : FROM x\n ---> abc\nStep 2/3 : RUN date > /f\n ---> Running in 1\nStep 3/3 : WORKDIR /t\n"
    assert [(s.number, s.total, s.text) for s in steps(log)] == [(1, 3, "FROM x"), (2, 3, "RUN date > /f"), (3, 3, "WORKDIR /t")]


def test_buildah_steps_are_numbered_across_stages_like_the_classic_builder():
    log = (
        "[1/2] STEP 1/2: FROM x AS b\n[1/2] STEP 2/2: RUN echo 1 > /a\n"
        "[2/2] STEP 1/3: FROM x\n[2/2] STEP 2/3: COPY --from=b /a /a\n[2/2] STEP 3/3: RUN date > /f\nCOMMIT t\n"
    )
    assert [(s.number, s.total, s.text) for s in steps(log)] == [
        (1, 5, "FROM x AS b"), (2, 5, "RUN echo 1 > /a"), (3, 5, "FROM x"), (4, 5, "COPY --from=b /a /a"), (5, 5, "RUN date > /f"),
    ]
    assert [(s.number, s.total) for s in steps("STEP 1/2: FROM x\nSTEP 2/2: RUN a\n")] == [(1, 2), (2, 2)]
    # A stage buildah skipped leaves the numbering unknown: nothing is claimed.
    assert steps("[2/2] STEP 1/2: FROM x\n[2/2] STEP 2/2: RUN a\n") == []


def test_context_is_the_hashed_files_with_normalised_metadata(build_repo):
    task_dir = build_repo.add("ctx", "FROM scratch\n", {"tests/t.py": "x\n", "solution/run.sh": "#!/bin/sh\n", "calibration.json": "{}\n"})
    os.chmod(task_dir / "solution/run.sh", 0o775)
    os.symlink("t.py", task_dir / "tests/link.py")
    with tarfile.open(fileobj=context_tar(build_repo.task("ctx"))) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert sorted(members) == ["Dockerfile", "solution", "solution/run.sh", "task.yaml", "tests", "tests/link.py", "tests/t.py"]
    assert members["solution/run.sh"].mode == 0o755 and members["tests/t.py"].mode == 0o644
    assert members["tests/link.py"].issym() and members["tests/link.py"].linkname == "t.py"
    assert {(m.uid, m.gid, m.mtime) for m in members.values()} == {(0, 0, CONTEXT_MTIME)}


def test_context_is_byte_identical_across_checkouts(build_repo, tmp_path):
    build_repo.add("ctx", "FROM scratch\n", {"tests/t.py": "x\n"})
    first = context_tar(build_repo.task("ctx")).read()
    os.utime(build_repo.root / "tasks/ctx/tests/t.py", (1, 1))
    assert context_tar(build_repo.task("ctx")).read() == first


def test_image_tags_are_valid_references():
    digest = "ab" * 32
    assert image_tag("two-sum", digest) == f"taskgate/two-sum:{digest[:16]}"
    assert image_tag("Fix_Bug.v2", digest) == f"taskgate/fix_bug.v2:{digest[:16]}"
    assert image_tag("--", digest) == f"taskgate/task:{digest[:16]}"
