"""The feedback page a trainee reads (issue 12, section 3): code names as code, the module's
title, the score in points and as a percentage, a next step in words, and one column width
however long a message is. Rendered in headless Chromium; a PNG is kept in tests/screenshots/."""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from course.autograde.feedback import next_step, render
from course.checking import crash_message
from course.question import REPEATED

AID = "01-case-data"
REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("COURSE_SCREENSHOTS", REPO / "tests" / "screenshots"))

LONG = "x" * 400   # one unbroken word, as a pasted traceback or a long value would be


def _crash() -> str:
    """What `call()` says when the trainee's function crashed in the sandbox (the line came across)."""
    from course.autograde.judge import RemoteError

    exc = RemoteError("IndexError", "list index out of range",
                      {"line": 3, "text": "return parts[3]", "function": "is_valid_id"})
    return crash_message("is_valid_id", ("110101",), exc)


def autograded() -> nbformat.NotebookNode:
    """Module 01's exercises as nbgrader's GetGrades leaves them: every graded cell with its score;
    Questions 3 and 4 failed, Question 3's hidden part repeating the visible failure."""
    nb = nbformat.read(REPO / "notebooks" / AID / "2-exercises.ipynb", as_version=4)
    failed = {
        "check_normalise_id": "`normalise_id(' 11 01 ')` should give '1101' but gives '11 01': the spaces "
                              "inside are kept. Remove every space with `.replace(\" \", \"\")`, not only "
                              "`.strip()`.",
        "hidden_normalise_id": REPEATED,
        "check_is_valid_id": _crash(),
        "hidden_is_valid_id": "A hidden check did not pass (ValueError).",
    }
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade"):
            continue
        gid, points = meta["grade_id"], float(meta.get("points", 0) or 0)
        meta["score"] = 0.0 if gid in failed else points
        if gid in failed and cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("error", ename="CheckFailed", evalue=failed[gid],
                                                   traceback=[failed[gid]])]
    # a visible check that failed with an error other than the course's: one long word
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "check_parse_report_date"]
    cell.metadata.nbgrader["score"] = 0.0
    cell.outputs = [nbformat.v4.new_output("error", ename="ValueError", evalue=LONG, traceback=[LONG] * 40)]
    return nb


def _page() -> tuple[str, float, float]:
    nb = autograded()
    cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    score = sum(float(c.metadata.nbgrader["score"]) for c in cells)
    total = sum(float(c.metadata.nbgrader.get("points", 0)) for c in cells)
    page = render(nb, {"nbgrader": {"assignment": AID, "notebook": "2-exercises", "score": score,
                                    "max_score": total}})
    return page, score, total


def test_the_page_carries_title_percentage_next_step_and_code():
    page, score, total = _page()
    assert "<h1>Feedback: Case data with pandas</h1>" in page
    assert f"{100 * score / total:.0f}%" in page and f"{score:g} of {total:g}</b> points" in page
    assert "Next step: redo these questions, starting with the first: Question 3 (clean an ID number); " \
           "Question 4 (the check character); Question 5" in page
    assert "<code>q.normalise_id.hint()</code>" in page
    assert "<code>normalise_id(&#x27; 11 01 &#x27;)</code>" in page and "`" not in page.split("<body>", 1)[1]
    assert REPEATED in page and page.count("the spaces inside are kept") == 1
    assert "your function <code>is_valid_id</code>, at line 3 of its cell:  return parts[3]" in page
    assert LONG[:300] in page and LONG not in page and "Traceback" not in page   # its first 300 characters


def test_next_step_in_words():
    assert "Well done" in next_step([])
    one = next_step([("Question 3 (clean an ID number)", "normalise_id")])
    assert one.startswith("Next step: redo Question 3 (clean an ID number).") and "`q.normalise_id.hint()`" in one


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")
def test_the_page_keeps_one_column_width_in_a_browser(tmp_path):
    from playwright.sync_api import sync_playwright

    page_html, *_ = _page()
    path = tmp_path / "2-exercises.html"
    path.write_text(page_html, encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(path.as_uri())
            page.screenshot(path=str(SHOTS / "feedback-page.png"), full_page=True)
            m = page.evaluate("""() => {
                const body = document.body.getBoundingClientRect();
                const widths = [...document.querySelectorAll('table, h2, p.total, p.next')]
                    .map(e => Math.round(e.getBoundingClientRect().width));
                return {scroll: document.documentElement.scrollWidth, view: window.innerWidth,
                        body: Math.round(body.width), widths,
                        code: document.querySelectorAll('td code, p.next code').length,
                        overflowing: [...document.querySelectorAll('td, pre, code')]
                            .filter(e => e.scrollWidth > e.clientWidth + 1 && e.tagName !== 'CODE').length};
            }""")
            page.set_viewport_size({"width": 480, "height": 900})   # a narrow window too
            narrow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            page.screenshot(path=str(SHOTS / "feedback-page-narrow.png"), full_page=True)
        finally:
            browser.close()
    assert m["scroll"] <= m["view"], m                  # nothing pushes the page wider than the window
    assert len(set(m["widths"])) == 1, m                # every question's table: one column width
    assert m["widths"][0] <= m["body"], m
    assert m["code"] >= 3 and m["overflowing"] == 0, m
    assert narrow[0] <= narrow[1], narrow
