"""`taskgate verify-build` and `taskgate build` end to end, against the real engine."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from taskgate.ci.images import image_digest as buildkit

pytestmark = pytest.mark.docker

CLEAN = """\
FROM {base}
ENV APP_HOME=/task LANG=C.UTF-8
RUN mkdir -p /opt/tool && echo 'print("hi")' > /opt/tool/run.py && chmod 0750 /opt/tool \\
    && mkdir -p /usr/local && ln -s /opt/tool/run.py /usr/local/run && echo 'tester:x:1234:1234::/home/tester:/bin/sh' >> /etc/passwd && mkdir -p /home/tester && chown 1234:1234 /home/tester
COPY tests /task/tests
USER tester
WORKDIR /task
"""


def test_pinned_clean_dockerfile_is_reproducible_and_recorded(build_repo, busybox, docker_client):
    build_repo.add("clean", CLEAN.format(base=busybox), {"tests/test_x.py": "def test_x():\n    assert True\n"})
    proc = build_repo.taskgate("verify-build", "tasks/clean")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("tasks/clean: reproducible at level ")
    assert "Traceback" not in proc.stderr
    record = json.loads((build_repo.root / ".taskgate/builds/clean.json").read_text())
    assert record["task"] == "clean"
    assert record["environment_digest"].startswith("sha256:") and len(record["environment_digest"]) == 71
    assert record["verification"]["second_environment_digest"] == record["environment_digest"]
    assert record["image"]["tag"] == f"taskgate/clean:{record['task_hash'][:16]}"
    assert docker_client.images.get(record["image"]["tag"]).id == record["image"]["id"]
    # The second build's image is removed; only the task's own tag remains.
    with pytest.raises(Exception):
        docker_client.images.get(record["image"]["tag"] + "-rebuild")
    assert (build_repo.root / ".taskgate/.gitignore").read_text().splitlines()[-1] == "*"


def test_level_two_is_reported_honestly(build_repo, busybox, docker_client):
    build_repo.add("clean", CLEAN.format(base=busybox), {"tests/test_x.py": "pass\n"})
    proc = build_repo.taskgate("verify-build", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    [result] = json.loads(proc.stdout)
    support = buildkit.support(docker_client)
    assert result["builder"] == support.builder
    if shutil.which("buildah") is not None and os.geteuid() == 0:
        assert support.builder == "buildah" and result["image_digest_support"].startswith("buildah ")
    if not support.available:
        assert result["level"] == "environment-digest" and not result["image_proven"]
        assert result["image_digest_support"].startswith("not available on this engine")
        # The classic builder stamps the build time into each image: the ids really differ.
        assert result["image_ids"][0] != result["image_ids"][1]


@pytest.mark.skipif(shutil.which("buildah") is None or os.geteuid() != 0, reason="level 2 needs buildah (as root) here")
def test_buildah_proves_identical_digests_and_the_engine_runs_that_image(build_repo, busybox, docker_client):
    build_repo.add("clean", CLEAN.format(base=busybox), {"tests/test_x.py": "pass\n"})
    proc = build_repo.taskgate("verify-build", "tasks/clean")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("tasks/clean: reproducible at level 2: identical image digests (sha256:")
    assert "buildah" in proc.stdout and "the engine holds the proven image" in proc.stdout
    record = json.loads((build_repo.root / ".taskgate/builds/clean.json").read_text())
    verification = record["verification"]
    assert verification["level"] == "image-digest" and verification["builder"] == "buildah" and verification["image_proven"]
    first, second = verification["image_digests"]
    assert first == second == record["image"]["id"]
    # What test/gate/calibrate run is that very image: the engine's id for the tag is the proven digest.
    assert docker_client.images.get(record["image"]["tag"]).id == first
    assert verification["second_environment_digest"] == record["environment_digest"]


@pytest.mark.parametrize("step", ["RUN date > /f", "RUN head -c8 /dev/urandom > /f"])
def test_time_and_randomness_are_caught_with_the_path_and_line(build_repo, busybox, step):
    build_repo.add("flaky", f"FROM {busybox}\nRUN echo stable > /stable\n{step}\nWORKDIR /task\n")
    proc = build_repo.taskgate("verify-build", "tasks/flaky")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    first, *detail = proc.stdout.splitlines()
    assert first.startswith(f"tasks/flaky/Dockerfile:3:1: BLD002 step 3 `{step}` is not reproducible")
    assert "/f (content)" in first
    assert detail[0].startswith("  /f: content differs (sha256 ")
    assert "/stable" not in proc.stdout
    record = json.loads((build_repo.root / ".taskgate/builds/flaky.json").read_text())
    assert record["verification"]["level"] == "none"
    assert record["verification"]["differing_paths"] == ["/f"]
    if record["builder"] == "buildah":  # the step is traced from buildah's own log and layers
        assert first.endswith("; level 1 (environment digest) and level 2 (image digest, buildah) failed")
        assert not record["verification"]["image_proven"]


def test_mode_and_owner_differences_are_named(build_repo, busybox):
    # A random bit per file picks its mode and owner: two builds agree on all 24 with odds 2**-24.
    step = ("RUN for i in $(seq 24); do echo x > /g$i; if [ $(( $(od -An -tu1 -N1 /dev/urandom) % 2 )) = 0 ]; "
            "then chmod 600 /g$i; chown 1:1 /g$i; else chmod 644 /g$i; fi; done")
    build_repo.add("modes", f"FROM {busybox}\n{step}\n")
    proc = build_repo.taskgate("verify-build")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    details = [line.strip() for line in proc.stdout.splitlines()[1:]]
    assert details, proc.stdout
    pattern = re.compile(r"^/g\d+: mode, owner differ \((mode 0600 vs 0644; owner 1:1 vs 0:0|mode 0644 vs 0600; owner 0:0 vs 1:1)\)$")
    assert all(pattern.match(line) for line in details if not line.startswith("...")), details
    assert "(mode, owner)" in proc.stdout.splitlines()[0]


def test_default_exclude_and_its_override(build_repo, busybox):
    build_repo.add("logs", f"FROM {busybox}\nRUN mkdir -p /var/log && date +%s%N > /var/log/build.log\n")
    assert build_repo.taskgate("verify-build").returncode == 0
    (build_repo.root / "taskgate.yaml").write_text("docker:\n  exclude: []  # report every path\n")
    proc = build_repo.taskgate("verify-build")
    assert proc.returncode == 1
    assert "/var/log/build.log (content)" in proc.stdout


def test_a_failing_step_is_bld001_at_its_line(build_repo, busybox):
    build_repo.add("broken", f"# a comment\nFROM {busybox}\n\nRUN echo preparing && \\\n    echo the reason >&2 && false\n")
    for command in ("build", "verify-build"):
        proc = build_repo.taskgate(command)
        assert proc.returncode == 1
        lines = proc.stdout.splitlines()
        assert lines[0].startswith("tasks/broken/Dockerfile:4:1: BLD001 build failed: ")
        assert "echo preparing" in lines[0]  # classic: "The command '/bin/sh -c echo preparing…", buildah: "building at STEP \"RUN echo preparing…\""
        assert "  the reason" in lines[1:]
        assert "Traceback" not in proc.stderr


def test_a_dockerfile_the_engine_rejects_is_one_line(build_repo, busybox):
    build_repo.add("bad", f"FROM {busybox}\nFROBNICATE now\n")
    proc = build_repo.taskgate("build")
    assert proc.returncode == 1
    assert proc.stdout.startswith("tasks/bad/Dockerfile:1:1: BLD001 the engine refused the build: ")
    assert "FROBNICATE" in proc.stdout.lower() or "frobnicate" in proc.stdout.lower()


def test_build_tags_records_and_reuses_the_verification(build_repo, busybox, docker_client):
    build_repo.add("clean", CLEAN.format(base=busybox), {"tests/t.py": "pass\n"})
    assert build_repo.taskgate("verify-build").returncode == 0
    verified = json.loads((build_repo.root / ".taskgate/builds/clean.json").read_text())
    proc = build_repo.taskgate("build", "tasks/clean")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"tasks/clean: built {verified['image']['tag']} ")
    rebuilt = json.loads((build_repo.root / ".taskgate/builds/clean.json").read_text())
    assert rebuilt == verified  # a cached rebuild is the verified image: same bytes on disk
    # A changed task gets a new tag and a record without verification.
    (build_repo.root / "tasks/clean/tests/t.py").write_text("pass  # changed\n")
    assert build_repo.taskgate("build", "--no-cache").returncode == 0
    changed = json.loads((build_repo.root / ".taskgate/builds/clean.json").read_text())
    assert changed["task_hash"] != verified["task_hash"] and changed["verification"] is None
    assert changed["image"]["tag"] != verified["image"]["tag"]


def test_missing_dockerfile_and_unpullable_base_are_bld001(build_repo, docker_client):
    build_repo.add("nofile", "")
    (build_repo.root / "tasks/nofile/Dockerfile").unlink()
    # A pinned base on a registry that does not answer (as public registries do not, here).
    build_repo.add("unpullable", "FROM 127.0.0.1:9/nothing/here@sha256:" + "0" * 64 + "\nRUN true\n")
    proc = build_repo.taskgate("build")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0] == "tasks/nofile/Dockerfile:1:1: BLD001 missing (a task needs a Dockerfile to be built)"
    assert lines[1].startswith("tasks/unpullable/Dockerfile:1:1: BLD001 build failed: ")
    assert "127.0.0.1:9" in lines[1]


def test_differences_are_traced_to_the_step_that_brought_them_into_the_final_stage(build_repo, busybox):
    build_repo.add("multi", (
        f"FROM {busybox} AS stamp\n"
        "RUN date +%s > /stamp\n"
        f"FROM {busybox}\n"
        "ENV A=1\n"
        "RUN echo ok > /ok\n"
        "COPY --from=stamp /stamp /stamp\n"
        "RUN rm /ok && head -c4 /dev/urandom > /r\n"
        "WORKDIR /x\n"
    ))
    proc = build_repo.taskgate("verify-build")
    assert proc.returncode == 1
    findings = [line for line in proc.stdout.splitlines() if not line.startswith("  ")]
    assert [f.split(" is not")[0] for f in findings] == [
        "tasks/multi/Dockerfile:6:1: BLD002 step 6 `COPY --from=stamp /stamp /stamp`",
        "tasks/multi/Dockerfile:7:1: BLD002 step 7 `RUN rm /ok && head -c4 /dev/urandom > /r`",
    ]
    assert "/stamp (content)" in findings[0] and "/r (content)" in findings[1] and "/ok (" not in proc.stdout and "/ok:" not in proc.stdout


@pytest.mark.skipif(shutil.which("buildah") is None or os.geteuid() != 0, reason="level 2 needs buildah (as root) here")
def test_level_two_failure_that_level_one_forgives_is_traced_to_its_step(build_repo, busybox):
    # /var/log is excluded from the environment digest by default; the image digest still differs.
    build_repo.add("logs", f"FROM {busybox}\nRUN mkdir -p /var/log && echo stable > /stable\nRUN date > /var/log/built\nWORKDIR /task\n")
    proc = build_repo.taskgate("verify-build", "tasks/logs")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "reproducible at level 1" in proc.stdout and "level 2 failed (buildah): image digests differ" in proc.stdout
    assert "step 3 (line 3) wrote /var/log/built (content)" in proc.stdout
    record = json.loads((build_repo.root / ".taskgate/builds/logs.json").read_text())
    assert record["verification"]["image_differing_paths"] == ["/var/log/built"] and not record["verification"]["image_proven"]
