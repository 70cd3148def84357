"""`taskgate report`: Markdown for PR comments, and HTML rendered in a real headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def report(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "taskgate", "report", *args], cwd=root, capture_output=True, text=True, timeout=300)


def test_markdown_summarises_verdicts_rules_and_left_out_tasks(calibrated):
    (calibrated.root / "tasks" / "beta-task" / "NOTES.md").write_text("x\n")
    proc = report(calibrated.root, "--format", "markdown")
    assert proc.returncode == 0
    text = proc.stdout
    assert "4 task(s), 1 exportable, 2 in-band." in text
    assert "| in-band | 2 |" in text and "| too-easy | 1 |" in text
    assert "| `LAY002` | 1 | beta-task |" in text
    assert "| `delta-draft` | fails the merge gate: META003 status is draft" in text


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_html_renders_in_headless_chromium_without_console_errors(calibrated, tmp_path):
    browser = chromium()
    if browser is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing in CI: .ci/setup-chromium.sh installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    out = tmp_path / "report.html"
    proc = report(calibrated.root, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    html = out.read_text()
    assert "<script src" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=browser,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            page = b.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(out.as_uri())
            charts = page.locator("svg.chart")
            assert charts.count() == 6  # no gate result yet: the mutation chart is one line instead
            assert "no gate result for any task" in page.inner_text("body")
            bars = page.locator("svg.chart rect")
            assert bars.count() >= 8
            verdict_chart = charts.nth(3)
            assert verdict_chart.get_attribute("aria-label") == "Verdicts"
            assert verdict_chart.bounding_box()["width"] > 100
            # Failing tasks are grouped by rule, collapsed; the rule code links to its explanation.
            group = page.locator("details#failing-META003")
            assert group.count() == 1 and group.get_attribute("open") is None
            assert not page.locator("a[href='#task-delta-draft']").first.is_visible()
            group.locator("summary").click()
            assert page.locator("details#failing-META003 a[href='#task-delta-draft']").is_visible()
            assert page.locator("#rule-META003").count() == 1
            # The filter narrows the groups and the task table by task id.
            page.locator("#filter input").fill("alpha")
            assert page.locator("details.all-tasks").get_attribute("open") is not None
            visible = page.locator("details.all-tasks tr[data-task]:visible")
            assert visible.count() == 1 and visible.get_attribute("data-task") == "alpha-task"
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
        finally:
            b.close()
    assert problems == []
    assert requests == [out.as_uri()], "the page fetched nothing but itself"


def test_mutation_scores_come_from_gate_results_for_the_current_content(calibrated, tmp_path):
    from taskgate.ci.images.build import image_tag
    from taskgate.ci.sandbox.runstore import RUNS_DIR, write_json
    from taskgate.hooks.workspace.repo import Repo
    from taskgate.hooks.workspace.taskhash import task_hash

    digest, _ = task_hash(Repo(calibrated.root).task("alpha-task"))
    runs = calibrated.root / RUNS_DIR / "alpha-task"
    write_json(runs / "gate-a.json", {"kind": "gate", "tag": image_tag("alpha-task", digest), "mutation": {"score": 0.75}})
    write_json(runs / "gate-b.json", {"kind": "gate", "tag": image_tag("alpha-task", "0" * 64), "mutation": {"score": 0.1}})
    out = tmp_path / "r.html"
    assert report(calibrated.root, "--out", str(out)).returncode == 0
    html = out.read_text()
    assert "<td>0.75</td>" in html and "<td>0.10</td>" not in html
    assert "1 task(s) with a mutation score" in html
    assert 'aria-label="Mutation score (killed / total mutants)"' in html


def test_the_page_names_its_commit_and_a_reproducible_time(calibrated, tmp_path):
    import subprocess as sp

    sp.run(["git", "init", "-q"], cwd=calibrated.root, check=True)
    sp.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A"], cwd=calibrated.root, check=True)
    sp.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x", "--date=2024-02-03T04:05:00Z"],
           cwd=calibrated.root, check=True, env={**os.environ, "GIT_COMMITTER_DATE": "2024-02-03T04:05:00Z"})
    head = sp.run(["git", "rev-parse", "HEAD"], cwd=calibrated.root, capture_output=True, text=True, check=True).stdout.strip()
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert report(calibrated.root, "--out", str(first)).returncode == 0
    assert report(calibrated.root, "--out", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    html = first.read_text()
    assert f"commit <code>{head}</code>;" in html and "generated 2024-02-03 04:05 UTC (commit time)" in html
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run([sys.executable, "-m", "taskgate", "report", "--format", "markdown"], cwd=calibrated.root, capture_output=True, text=True, env=env, timeout=300)
    assert f"Commit `{head}`, 2023-11-14 22:13 UTC (SOURCE_DATE_EPOCH)." in proc.stdout
    (calibrated.root / "tasks" / "alpha-task" / "prompt.md").write_text("changed\n")
    assert "with uncommitted changes" in report(calibrated.root, "--format", "markdown").stdout


def test_every_reason_a_task_is_left_out_is_shown(calibrated, tmp_path):
    task = calibrated.root / "tasks" / "beta-task"
    (task / "NOTES.md").write_text("x\n")
    (task / "scratch.txt").write_text("y\n")
    out = tmp_path / "r.html"
    assert report(calibrated.root, "--out", str(out)).returncode == 0
    html = out.read_text()
    row = html[html.index('id="task-beta-task"'):]
    row = row[:row.index("</tr>")]
    assert "(+1 more)</summary>" in row and "NOTES.md" in row and "scratch.txt" in row
    assert 'href="#rule-LAY002"' in html and 'id="rule-LAY002"' in html
