"""Feedback pages for trainees: what each test checked, whether it passed, in plain words.

Written from the grading result only, so they cannot contain hidden test code or expected
values: a test appears with its one-line description, its points and its message.
"""
from __future__ import annotations

import html
from pathlib import Path

from course.autograde.judge import NotebookResult, SubmissionResult

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
.total{font-size:1.2rem;margin:.5rem 0 1.5rem}.problem{background:#fff4e5;border-left:4px solid #e69f00;padding:.5rem 1rem;margin:.5rem 0}
table{border-collapse:collapse;width:100%}td,th{padding:.4rem .6rem;border-bottom:1px solid #e5e5e5;text-align:left;vertical-align:top}
.pass{color:#006d2c;font-weight:600}.fail{color:#b2182b;font-weight:600}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;font-size:.85rem}
"""


def _question(gid: str) -> str:
    return gid.split("_", 1)[1] if gid.startswith(("check_", "hidden_")) else gid


def _labels(assignment: str) -> dict[str, str]:
    """qid -> "Question 3 (clean an ID number)", from the syllabus, when the module is known."""
    try:
        from course import syllabus

        return {q.qid: q.label for q in syllabus.module(assignment).questions()}
    except Exception:
        return {}


def render(result: SubmissionResult, nb: NotebookResult) -> str:
    e = html.escape
    parts = [f"<!doctype html><html lang='en'><meta charset='utf-8'><title>Feedback: {e(nb.name)}</title>",
             f"<style>{CSS}</style><body>",
             f"<h1>Feedback on {e(result.assignment)} / {e(nb.name)}</h1>",
             f"<p class='total'>Score: <b>{nb.score:g} of {nb.max_score:g}</b> points</p>"]
    for p in result.problems + nb.problems:
        parts.append(f"<p class='problem'>{e(p)}</p>")
    labels = _labels(result.assignment)
    questions: dict[str, list] = {}
    for t in nb.tests:
        questions.setdefault(_question(t.grade_id), []).append(t)
    for qid, tests in questions.items():
        got, total = sum(t.score for t in tests), sum(t.points for t in tests)
        parts.append(f"<h2>{e(labels.get(qid, qid.replace('_', ' ')))}: {got:g} / {total:g} points</h2>")
        answer = nb.answers.get(f"answer_{qid}")
        if answer is not None:
            parts.append(f"<details><summary>Your answer</summary><pre>{e(answer)}</pre></details>")
        parts.append("<table><tr><th>what was checked</th><th>points</th><th>result</th></tr>")
        for t in tests:
            status = "<span class='pass'>passed</span>" if t.score >= t.points else "<span class='fail'>not yet</span>"
            what = t.what or ("a hidden check" if t.hidden else "a check")
            message = "" if t.score >= t.points else f"<br>{e(t.message)}"
            parts.append(f"<tr><td>{e(what)}</td><td>{t.score:g} / {t.points:g}</td><td>{status}{message}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write(result: SubmissionResult, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for nb in result.notebooks:
        path = folder / (Path(nb.name).stem + ".html")
        tmp = path.with_suffix(".html.tmp")
        tmp.write_text(render(result, nb), encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written


def copy_submission_files(submission: Path, folder: Path) -> None:
    """nbgrader's release_feedback needs the submission's timestamp and secret beside the pages."""
    import shutil

    for name in ("timestamp.txt", "submission_secret.txt"):
        if (submission / name).is_file():
            shutil.copyfile(submission / name, folder / name)
