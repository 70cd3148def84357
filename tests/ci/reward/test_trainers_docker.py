"""verl's and OpenRLHF's calling conventions, against real containers; exploits score 0, a
broken sandbox raises instead of scoring 0, and nothing leaks from one score to the next."""

from __future__ import annotations

import json
import textwrap

import pytest
from taskgate.ci.dataset.export import render_answer
from taskgate.ci.reward.scorer import InfraError, Scorer
from taskgate.hooks.workspace.repo import Repo

from taskgate import reward

from tests.ci.conftest import PYTEST

pytestmark = [pytest.mark.docker, pytest.mark.slow]

TASK = "interval-merge-with-gaps"


def fenced(code: str) -> str:
    return f"Here is my solution.\n\n```python\n{textwrap.dedent(code)}```\n"


@pytest.fixture
def examples_env(examples_root, monkeypatch):
    monkeypatch.setenv("TASKGATE_REPO", str(examples_root))
    monkeypatch.delenv("TASKGATE_REWARD", raising=False)
    reward.reset()
    yield Repo(examples_root)
    reward.reset()


def test_verl_compute_score_as_verl_calls_it(examples_env):
    task = examples_env.task(TASK)
    exported_gt = {"task_id": TASK, "tests": [], "test_command": ["python3", "-m", "pytest"], "language": "python"}
    extra_info = {"task_id": TASK, "index": 0}
    good = reward.compute_score(data_source="taskgate", solution_str=render_answer(task), ground_truth=exported_gt, extra_info=extra_info)
    assert good == 1.0 and isinstance(good, float)
    # verl's default call passes extra_info positionally and ground_truth as a JSON string in some pipelines
    wrong = reward.compute_score("taskgate", fenced("def merge_with_gaps(*args, **kwargs):\n    return []\n"), json.dumps(exported_gt), None)
    assert wrong == 0.0
    assert reward.compute_score("taskgate", "I cannot answer that.", exported_gt) == 0.0


def test_openrlhf_reward_func_as_openrlhf_calls_it(examples_env):
    task = examples_env.task(TASK)
    prompt = "<|user|>solve it<|assistant|>"
    queries = [prompt + render_answer(task), prompt + "no code here", prompt + render_answer(task)]
    labels = [TASK, json.dumps({"task_id": TASK}), {"ground_truth": {"task_id": TASK}}]
    out = reward.reward_func(queries, [prompt] * 3, labels)
    assert [float(x) for x in out["rewards"]] == [1.0, 0.0, 1.0]
    assert [float(x) for x in out["extra_logs"]["taskgate_hack"]] == [0.0, 0.0, 0.0]


EXPLOITS = {
    # the test process ends with status 0 before any test ran
    "exit-zero-at-import": "import os\nos._exit(0)\n",
    # a forged passing JUnit report in the reporter's place, then a clean exit
    "forged-report": textwrap.dedent('''\
        import glob, os, sys
        xml = '<?xml version="1.0"?><testsuites><testsuite name="pytest" tests="9" failures="0" errors="0" skipped="0">' + ''.join(
            f'<testcase classname="tests.test_intervals" name="test_{i}" time="0.001"/>' for i in range(9)) + '</testsuite></testsuites>'
        for arg in sys.argv:
            if arg.startswith("--junitxml="):
                open(arg.split("=", 1)[1], "w").write(xml)
        for path in glob.glob("/out/*"):
            try:
                open(path, "w").write(xml)
            except OSError:
                pass
        os._exit(0)
        '''),
    # every comparison succeeds
    "always-equal": textwrap.dedent('''\
        class Anything(list):
            def __eq__(self, other):
                return True
            def __ne__(self, other):
                return False
        def merge_with_gaps(*args, **kwargs):
            return Anything()
        '''),
}


@pytest.mark.parametrize("name", sorted(EXPLOITS))
def test_held_out_exploits_score_zero(examples_env, name):
    assert reward.compute_score("taskgate", fenced(EXPLOITS[name]), {"task_id": TASK}) == 0.0


LEAVE_BEHIND = textwrap.dedent('''\
    import os, subprocess
    for place in ("/tmp/leak", "/dev/shm/leak"):
        with open(place, "w") as handle:
            handle.write("from an earlier score")
    os.makedirs("/tmp/locked/inner", exist_ok=True)
    os.chmod("/tmp/locked", 0o000)
    subprocess.Popen(["python3", "-c", "import time; time.sleep(300)", "leftover-sleeper"], start_new_session=True)

    def add(a, b):
        return a + b
    ''')
SEES_NOTHING = textwrap.dedent('''\
    import os

    def _leftovers():
        found = [p for p in ("/tmp/leak", "/dev/shm/leak", "/tmp/locked") if os.path.lexists(p)]
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    if b"leftover-sleeper" in handle.read():
                        found.append(pid)
            except OSError:
                pass
        return found

    LEFT = _leftovers()

    def add(a, b):
        return a + b if not LEFT else None
    ''')


# A plain command (run as nobody by an exec of its own) and pytest (supervised: the supervisor is
# an exec as root that starts the tests as nobody).
CHECK = '["python3", "-c", "import sys; sys.path.insert(0, \'/task/solution\'); from add import add; sys.exit(0 if add(2, 3) == 5 else 1)"]'


@pytest.mark.parametrize("command", [CHECK, PYTEST], ids=["plain", "pytest"])
def test_warm_sandbox_shares_nothing_between_scores(fixture_repo, docker_client, command):
    fixture_repo.task("adder", command=command)
    scorer = Scorer(Repo(fixture_repo.root), warm=True)
    try:
        first = scorer.score("adder", fenced(LEAVE_BEHIND))
        assert first.verdict == "pass", first.reason
        second = scorer.score("adder", fenced(SEES_NOTHING))
        assert second.verdict == "pass", second.reason
        assert scorer.pool.started == 1 and scorer.pool.recycled == 0  # the same warm container served both
    finally:
        scorer.close()


def test_infrastructure_failure_raises_never_scores_zero(fixture_repo, docker_client, monkeypatch):
    fixture_repo.task("slow-adder", timeout=2)
    fixture_repo.write_config("gate:\n  retries: 0\n")
    monkeypatch.setenv("TASKGATE_REPO", str(fixture_repo.root))
    reward.reset()
    try:
        hang = fenced("import time\ntime.sleep(120)\n\ndef add(a, b):\n    return a + b\n")
        with pytest.raises(InfraError, match="retry"):
            reward.compute_score("taskgate", hang, {"task_id": "slow-adder"})
        assert reward.compute_score("taskgate", fenced("def add(a, b):\n    return a + b\n"), {"task_id": "slow-adder"}) == 1.0
    finally:
        reward.reset()
