"""The class as its people use it: a real hub from `course hub`, in headless Chromium.

The instructor releases module 01 from Formgrader; trainee A logs in, fetches it from the
Assignments panel, answers two questions in JupyterLab, validates and submits; trainee B can
reach neither A's work nor the source notebooks; the instructor collects, runs
`course autograde` in a JupyterLab terminal, opens A's submission in Formgrader, writes a comment
and a score, and releases feedback; A fetches the feedback and sees the score and the comment,
and no hidden test. A screenshot is kept for every step (tests/screenshots/ is ignored by git;
set COURSE_SCREENSHOTS to keep them elsewhere). Any JavaScript error on any page, or a server
traceback in the hub's log, fails the test.

Playwright drives Debian's Chromium (`/usr/bin/chromium`, or $CHROMIUM); no browser is
downloaded. Marked `browser` and `hub`: `pytest -m "not browser"` skips it for a quick run;
`make test` (and so CI) runs it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.xdist_group("hub-browser")]

if os.geteuid() != 0 or not shutil.which("useradd"):
    pytest.skip("the browser test makes system accounts: run it as root", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)", allow_module_level=True)

from test_hub import _course, _free_port  # noqa: E402
from test_hub import _remove_accounts as remove  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
A, B, I = "chb-a", "chb-b", "chb-i"
AID = "01-case-data"
ROSTER = "".join(f'[[person]]\naccount = "{a}"\nname = "{n}"\nrole = "{r}"\n\n'
                 for a, n, r in ((A, "Trainee A", "trainee"), (B, "Trainee B", "trainee"),
                                 (I, "Instructor I", "instructor")))
ANSWERS = {  # the first two questions, as trainee A types them
    "answer_load_deaths": 'deaths = pd.read_csv(course.data.path("deaths"), dtype=str)',
    "answer_count_sources": 'reports_per_source = deaths["source"].value_counts()',
}
COMMENT = "Good start: both files loaded as text. Now clean the ID numbers."
HIDDEN_ONLY = ["BEGIN HIDDEN TESTS", "expect_same", "2024年2月29日", "349901 1950 0101 0012"]
SHOTS = Path(os.environ.get("COURSE_SCREENSHOTS", REPO / "tests" / "screenshots"))
LAUNCH = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--no-first-run"]


def _remove_accounts():
    remove((A, B, I), ("chb-trainees", "chb-instructors"))


@pytest.fixture(scope="module")
def hub():
    from course.hub import install, run

    _remove_accounts()
    prefix = Path(tempfile.mkdtemp(prefix="course-hub-browser-", dir="/tmp"))
    os.chmod(prefix, 0o755)
    (prefix / "roster.toml").write_text(ROSTER, encoding="utf-8")
    env_dir = os.environ.get("COURSE_HUB_TEST_ENV_BROWSER",
                               "/var/cache/procuratorial-course-tests/venv-browser")
    args = ["--prefix", str(prefix), "--group-prefix", "chb", "--env", env_dir]
    proc = _course("hub", "setup", "--roster", str(prefix / "roster.toml"), *args, timeout=1200)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = _course("hub", "start", "--port", str(_free_port()), *args,
                   env={**os.environ, "COURSE_HUB_API_TOKEN": uuid.uuid4().hex})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    layout = install.Layout(prefix=str(prefix), env=env_dir, group_prefix="chb")
    lines = (Path(layout.state_dir) / install.PASSWORDS).read_text().splitlines()
    passwords = {l.split("\t")[0]: l.split("\t")[1] for l in lines if not l.startswith("#")}
    try:
        yield {"url": run.url(Path(layout.state_dir)), "layout": layout, "passwords": passwords}
    finally:
        try:
            _course("hub", "stop", *args)
        finally:
            run.stop(layout.state_dir)
            _remove_accounts()
            shutil.rmtree(prefix, ignore_errors=True)


class Browser:
    """One Chromium for the test, a context per person, every JS error and failed request kept."""

    def __init__(self, pw, base: str):
        self.base = base
        self.browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.step = 0
        SHOTS.mkdir(parents=True, exist_ok=True)

    def watch(self, page, name: str):
        page.on("console", lambda m: self.errors.append(f"{name}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"{name}: {e}"))
        page.on("request", lambda r: self.outside.append(r.url)
                if not r.url.startswith((self.base, "data:", "blob:", "about:")) else None)
        return page

    def tab(self, page, name: str):
        """Another tab of the same person: JupyterLab stays open (leaving it would cut its
        kernel's and terminal's websockets, which the browser reports as errors)."""
        return self.watch(page.context.new_page(), name)

    def person(self, name: str, password: str):
        ctx = self.browser.new_context(viewport={"width": 1400, "height": 900})
        page = self.watch(ctx.new_page(), name)
        page.goto(f"{self.base}/hub/login")
        page.fill("#username_input", name)
        page.fill("#password_input", password)
        page.click("#login_submit")
        page.wait_for_url(f"**/user/{name}/lab**", timeout=180_000)
        page.wait_for_selector(".jp-LabShell", timeout=120_000)
        return page

    def shot(self, page, what: str) -> None:
        self.step += 1
        page.screenshot(path=str(SHOTS / f"hub-{self.step:02d}-{what}.png"))


def _formgrader_action(page, base, user, column: str) -> str:
    """Click one of Formgrader's per-assignment buttons for module 01 and return the dialog's text."""
    page.goto(f"{base}/user/{user}/formgrader/manage_assignments")
    row = page.locator("tr", has_text=AID).first
    row.locator(f"td.{column} a").click(timeout=60_000)
    modal = page.locator(".modal-dialog").last
    modal.wait_for(state="visible", timeout=300_000)
    page.wait_for_function("() => !document.querySelector('.modal-body .progress')", timeout=300_000)
    text = modal.inner_text()
    return text


def _close_modal(page):
    page.locator(".modal-footer button", has_text=re.compile("Close|OK")).last.click()
    page.wait_for_timeout(500)


def _assignment_list(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Assignment List$")).click()
    page.wait_for_selector("#released_assignments_list, .assignment-list", timeout=60_000)
    page.wait_for_timeout(2000)


def _answer(page, code: str) -> None:
    """Type an answer over the first answer stub, run it, then run the check cell under it."""
    cell = page.locator(".jp-CodeCell", has_text="YOUR CODE HERE").first
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(code)
    page.keyboard.press("Shift+Enter")  # the answer; the check cell below is selected
    page.wait_for_timeout(1000)
    page.keyboard.press("Shift+Enter")  # the visible check
    page.wait_for_timeout(2000)


def test_a_class_from_release_to_feedback_in_the_browser(hub, tmp_path):
    from playwright.sync_api import sync_playwright

    base, layout, pw_of = hub["url"], hub["layout"], hub["passwords"]
    grading = Path(layout.course_dir) / "grading"
    started = time.monotonic()
    with sync_playwright() as pw:
        br = Browser(pw, base)

        # 0. The instructor generates and releases module 01 from Formgrader.
        inst = br.person(I, pw_of[I])
        fg = br.tab(inst, I)  # Formgrader in its own tab, JupyterLab in the first
        text = _formgrader_action(fg, base, I, "assign")
        assert "error" not in text.lower(), text
        br.shot(fg, "instructor-generated")
        _close_modal(fg)
        text = _formgrader_action(fg, base, I, "release")
        br.shot(fg, "instructor-released")
        assert "error" not in text.lower(), text
        _close_modal(fg)

        # 1. Trainee A fetches, answers two questions, validates and submits.
        a = br.person(A, pw_of[A])
        _assignment_list(a)
        br.shot(a, "trainee-assignments")
        a.locator("#released_assignments_list button", has_text="Fetch").first.click()
        a.wait_for_selector("#fetched_assignments_list button:has-text('Submit')", timeout=60_000)
        a.goto(f"{base}/user/{A}/lab/tree/{AID}/2-exercises.ipynb")
        a.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=120_000)
        a.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-KernelStatus", timeout=120_000)
        a.wait_for_timeout(3000)
        # the setup cell first, then each answer in its cell
        setup = a.locator(".jp-CodeCell", has_text="import course.data").first
        setup.locator(".cm-content").click()
        a.keyboard.press("Shift+Enter")
        for code in ANSWERS.values():
            _answer(a, code)
        a.keyboard.press("Control+S")
        a.wait_for_timeout(1500)
        br.shot(a, "trainee-answered")
        ticks = a.locator(".jp-OutputArea-output", has_text="✔").count()
        assert ticks >= 2, "the two visible checks should pass in the trainee's own kernel"
        a.locator(".jp-Toolbar-item button, .jp-ToolbarButtonComponent", has_text="Validate").first.click()
        dialog = a.locator(".jp-Dialog-content")
        dialog.wait_for(state="visible", timeout=300_000)
        a.wait_for_timeout(1000)
        br.shot(a, "trainee-validated")
        validated = dialog.inner_text()
        assert "Question 3" in validated and "Traceback" not in validated, validated[:500]
        dialog.locator("button").last.click()
        _assignment_list(a)
        a.locator("#fetched_assignments_list button", has_text="Submit").first.click()
        a.wait_for_selector("#submitted_assignments_list .list_item, #submitted_assignments_list li",
                            timeout=60_000)
        br.shot(a, "trainee-submitted")

        # 2. Trainee B reaches neither A's work nor the source notebooks.
        b = br.person(B, pw_of[B])
        other = b.request.get(f"{base}/user/{A}/api/contents/{AID}/2-exercises.ipynb")
        assert other.status in (403, 404) or "login" in other.url, other.status
        mine = b.request.get(f"{base}/user/{B}/api/contents/")
        assert mine.ok
        probe = b.context.new_page()  # the refusal is expected: its 403 is not an error of the page
        probe.goto(f"{base}/user/{A}/lab")
        probe.wait_for_timeout(2000)
        br.shot(probe, "trainee-b-cannot-open-a")
        assert "403" in probe.content() and "permission" in probe.content()
        probe.close()
        for path in (f"/home/{A}/{AID}/2-exercises.ipynb", f"{layout.course_dir}/notebooks/{AID}/2-exercises.ipynb"):
            peek = subprocess.run(["runuser", "-u", B, "--", "cat", path], capture_output=True, text=True)
            assert peek.returncode != 0 and not peek.stdout, path

        # 3. The instructor collects and runs `course autograde` in a terminal of JupyterLab.
        text = _formgrader_action(fg, base, I, "collect")
        br.shot(fg, "instructor-collected")
        _close_modal(fg)
        assert (grading / "submitted" / A / AID / "2-exercises.ipynb").is_file()
        inst.bring_to_front()
        inst.locator(".lm-MenuBar-itemLabel", has_text="File").click()
        inst.locator(".lm-Menu-itemLabel", has_text="New").first.hover()
        inst.locator(".lm-Menu-itemLabel", has_text="Terminal").first.click()
        inst.wait_for_selector(".jp-Terminal", timeout=60_000)
        inst.wait_for_timeout(3000)  # the shell behind the terminal starts
        # What the terminal's keyboard sends, sent down the same websocket of this session.
        sent = inst.evaluate("""async (command) => {
            const base = document.querySelector('body').dataset.baseUrl
                || JSON.parse(document.getElementById('jupyter-config-data').textContent).baseUrl;
            const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || '';
            const terms = await (await fetch(base + 'api/terminals', {headers: {'X-XSRFToken': xsrf}})).json();
            const name = terms[terms.length - 1].name;
            const url = location.origin.replace('http', 'ws') + base + 'terminals/websocket/' + name;
            return await new Promise((resolve) => {
                const ws = new WebSocket(url);
                ws.onopen = () => { ws.send(JSON.stringify(['stdin', command + '\\r'])); setTimeout(() => resolve(name), 500); };
                ws.onerror = () => resolve('');
            });
        }""", f"cd ~/course/grading && course autograde {AID}")
        assert sent, "the instructor's terminal did not take the command"
        marker = grading / "autograded" / A / AID / ".course-autograde.json"
        deadline = time.monotonic() + 600
        while not marker.is_file() and time.monotonic() < deadline:
            time.sleep(1)
        inst.wait_for_timeout(2000)
        br.shot(inst, "instructor-autograded")
        assert marker.is_file(), "course autograde did not finish"

        # 4. Formgrader: A's submission, a comment and a manual score; feedback released.
        fg.bring_to_front()
        fg.goto(f"{base}/user/{I}/formgrader/gradebook/{AID}/2-exercises")
        fg.wait_for_selector("table tbody tr a", timeout=60_000)
        fg.locator("table tbody tr a").first.click()
        fg.wait_for_selector(".comment", timeout=60_000)
        fg.wait_for_timeout(2000)
        comment = fg.locator("textarea.comment").first
        comment.click()
        comment.fill(COMMENT)
        score = fg.locator("input.score").first
        score.click()
        score.fill("0.5")
        fg.locator("body").click(position={"x": 5, "y": 300})  # blur: Formgrader saves
        fg.wait_for_timeout(2500)
        br.shot(fg, "instructor-graded")
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{grading / 'gradebook.db'}") as gb:  # what Formgrader saved
            assert gb.find_comment("answer_load_deaths", "2-exercises", AID, A).manual_comment == COMMENT
            assert gb.find_grade("check_load_deaths", "2-exercises", AID, A).manual_score == 0.5
        for column in ("generate-feedback", "release-feedback"):
            text = _formgrader_action(fg, base, I, column)
            br.shot(fg, f"instructor-{column}")
            assert "error" not in text.lower(), text
            _close_modal(fg)

        # 5. A fetches the feedback: the score, the comment, no hidden test.
        _assignment_list(a)
        a.locator("#submitted_assignments_list button", has_text="Fetch Feedback").first.click()
        a.wait_for_timeout(4000)
        pages = sorted(Path(f"/home/{A}/{AID}/feedback").rglob("2-exercises.html"))
        assert pages, "no feedback reached the trainee's home folder"
        rel = pages[-1].relative_to(f"/home/{A}")
        shown = br.tab(a, A)
        shown.goto(f"{base}/user/{A}/files/{rel.as_posix()}")
        shown.wait_for_selector("h1", timeout=30_000)
        br.shot(shown, "trainee-feedback")
        page_text = shown.content()
        assert COMMENT in page_text
        assert "0.5 / 1" in page_text and "scored by your instructor" in page_text  # Question 1's check
        assert re.search(r"Score: <b>[\d.]+ of 20</b>", page_text)
        leaked = [s for s in HIDDEN_ONLY if s in page_text]
        assert not leaked, leaked

        br.browser.close()
    log = (Path(layout.state_dir) / "hub.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[log.index("Traceback") - 2000:][:4000]
    assert not br.errors, br.errors
    assert not br.outside, f"requests left the machine: {br.outside[:5]}"
    print(f"\nbrowser test: {time.monotonic() - started:.0f} s, {br.step} screenshots in {SHOTS}")
