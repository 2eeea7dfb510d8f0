"""Feedback pages for trainees: what each test checked, whether it passed, in plain words,
with the instructor's scores and comments.

One renderer serves every path a trainee's feedback can take: `course autograde` writes the
pages after grading, and `nbgrader generate_feedback`, Formgrader's *Generate Feedback* and
so `nbgrader release_feedback` use it too, as the exporter of nbgrader's GenerateFeedback
(set in grading/nbgrader_config.py). It reads the autograded notebook after nbgrader's
GetGrades has put each cell's score and comment into it, and it never prints a test cell's
code: a test appears as its one-line description, its points and its message. A hidden
test's message is the course's own check message or, for any other error, only its kind,
so neither hidden test code nor expected values can reach a page.
"""
from __future__ import annotations

import ast
import html
import re
import shutil
from pathlib import Path

from nbconvert.exporters import Exporter

from course import i18n

_ = i18n.translator()

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin-bottom:.2rem}.sub{color:#555;margin:0 0 1rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
.total{font-size:1.2rem;margin:.5rem 0 .5rem}.problem{background:#fff4e5;border-left:4px solid #e69f00;padding:.5rem 1rem;margin:.5rem 0}
.next{background:#f0f7ee;border-left:4px solid #009e73;padding:.5rem 1rem;margin:.5rem 0 1.5rem}
.comment{background:#eef6fc;border-left:4px solid #0072b2;padding:.5rem 1rem;margin:.5rem 0;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;table-layout:fixed}th:nth-child(2){width:6rem}th:nth-child(3){width:40%}td,th{padding:.4rem .6rem;border-bottom:1px solid #e5e5e5;text-align:left;vertical-align:top;overflow-wrap:anywhere}
.pass{color:#006d2c;font-weight:600}.fail{color:#b2182b;font-weight:600}.wait{color:#555;font-weight:600}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.9em;background:#f1f3f5;padding:0 .2em;border-radius:3px;white-space:pre-wrap;overflow-wrap:anywhere}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;font-size:.85rem;white-space:pre-wrap;overflow-wrap:anywhere;max-width:100%}
details{max-width:100%}
"""

_CODE = re.compile(r"`([^`\n]+)`")


def words(text: str) -> str:
    """A plain-words message as HTML: escaped, `code names` as <code>, line breaks kept."""
    return _CODE.sub(r"<code>\1</code>", html.escape(text)).replace("\n", "<br>")


HIDDEN_BEGIN = "BEGIN HIDDEN TESTS"
COURSE_MESSAGE = "CheckFailed"  # the course's own checks raise this, with words for the trainee


def question_of(grade_id: str) -> str:
    for prefix in ("check_", "hidden_", "answer_", "manual_"):
        if grade_id.startswith(prefix):
            return grade_id[len(prefix):]
    return grade_id


def _title(assignment: str) -> str | None:
    """The module's title, from the syllabus."""
    try:
        from course import syllabus

        return _(syllabus.module(assignment).title)
    except Exception:
        return None


def _percent(score, max_score) -> str:
    return f"{100 * float(score or 0) / float(max_score):.0f}%"


def next_step(missed: list[tuple[str, str]]) -> str:
    """What to do next, in words, given (label, qid) of each question that lost points."""
    if not missed:
        return _("Every question checked by the computer earned its points. Well done: go on with the next "
                 "module, or read the lecture notes again to revise.")
    label, qid = missed[0]
    if len(missed) == 1:
        return _("Next step: redo {question}. Open your notebook, run it from the top (Kernel > Restart Kernel "
                 "and Run All Cells), and read the message under the question's check. For hints, one at a "
                 "time, run `q.{qid}.hint()` in a new cell below the question.", question=label, qid=qid)
    listed = _("; ").join(lab for lab, _qid in missed)
    return _("Next step: redo these questions, starting with the first: {listed}. Open your notebook, run it "
             "from the top (Kernel > Restart Kernel and Run All Cells), and read the message under each "
             "question's check. For hints, one at a time, run `q.{qid}.hint()` in a new cell below {question}; "
             "the hints of the other questions work the same way, with each question's own name.",
             listed=listed, qid=qid, question=label)


def _labels(assignment: str) -> dict[str, str]:
    """qid -> "Question 3 (clean an ID number)", from the syllabus, when the module is known."""
    try:
        from course import syllabus

        module = syllabus.module(assignment)
        return {q.qid: q.label for q in module.questions() + module.written()}
    except Exception:
        return {}


def _docstring(code: str) -> str:
    try:
        return (ast.get_docstring(ast.parse(code)) or "").strip()
    except SyntaxError:
        return ""


def test_message(cell, hidden: bool) -> str:
    """What a failed test cell says to the trainee, from its outputs."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            ename, evalue = out.get("ename", "Error"), str(out.get("evalue", ""))
            if ename == COURSE_MESSAGE and evalue:
                return evalue
            if hidden:
                return _("A hidden check did not pass ({ename}).", ename=ename)
            first = evalue.strip().splitlines()[0][:300] if evalue.strip() else ""
            return _("The check did not pass: {ename}: {message}", ename=ename, message=first).strip()
    return _("The check did not pass.")


def _status(kind: str, text: str) -> str:
    return f"<span class='{kind}'>{html.escape(text)}</span>"


def _num(x) -> str:
    return "–" if x is None else f"{float(x):g}"


def _waiting(resources: dict, grade_ids: list[str]) -> set[str]:
    """Written answers that nobody has graded yet (nbgrader shows their score as 0)."""
    info = resources.get("nbgrader", {})
    if not grade_ids or not info.get("db_url"):
        return set()
    from nbgrader.api import Gradebook, MissingEntry

    out = set()
    with Gradebook(info["db_url"]) as gb:
        for gid in grade_ids:
            try:
                grade = gb.find_grade(gid, info["notebook"], info["assignment"], info["student"])
            except MissingEntry:
                continue
            if grade.manual_score is None and grade.auto_score is None:
                out.add(gid)
    return out


def render(nb, resources: dict) -> str:
    """The feedback page of one autograded notebook after nbgrader's GetGrades."""
    lang = nb.metadata.get("course_edition") or i18n.ENGLISH   # an edition's notebook says its language
    with i18n.speaking(lang):
        return _render(nb, resources, html.escape, lang)


def _render(nb, resources: dict, e, lang: str) -> str:
    info = resources.get("nbgrader", {})
    assignment, notebook = info.get("assignment", ""), info.get("notebook", "")
    score, max_score = info.get("score"), info.get("max_score")
    penalty = info.get("late_penalty") or 0
    title = _title(assignment)
    heading = (_("Feedback: {title}", title=title) if title else
               _("Feedback on {module}", module=assignment))
    sub = _("Module {module}, notebook {notebook}", module=assignment, notebook=notebook)
    html_lang = lang.replace("_", "-")
    parts = [f"<!doctype html><html lang='{html_lang}'><meta charset='utf-8'>"
             f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{e(heading)}</title>",
             f"<style>{CSS}</style><body>",
             f"<h1>{e(heading)}</h1>",
             f"<p class='sub'>{e(sub)}</p>"]
    problems = list(nb.metadata.get("course_autograde", {}).get("problems", []))

    labels = _labels(assignment)
    questions: dict[str, dict] = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        if not gid or not (meta.get("grade") or meta.get("solution")):
            continue
        q = questions.setdefault(question_of(gid), {"answers": [], "tests": [], "written": []})
        if meta.get("solution") and meta.get("grade"):
            q["written"].append(cell)   # graded by the instructor
        elif meta.get("solution"):
            q["answers"].append(cell)
        else:
            q["tests"].append(cell)

    waiting_ids = _waiting(resources, [c.metadata.nbgrader["grade_id"] for q in questions.values()
                                       for c in q["written"]])
    for c in (c for q in questions.values() for c in q["written"]):
        if c.metadata.nbgrader["grade_id"] in waiting_ids:
            c.metadata.nbgrader["score"] = None
    if max_score:
        fields = {"score": f"<b>{_num(score)}", "max_score": f"{_num(max_score)}</b>",
                  "percent": f"<b class='percent'>{_percent(score, max_score)}</b>", "penalty": _num(penalty)}
        line = (_("Score: {score} of {max_score} points ({percent}), after a late-submission penalty of "
                  "{penalty} points.", **fields) if penalty else
                _("Score: {score} of {max_score} points ({percent}).", **fields))
        parts.append(f"<p class='total'>{line}</p>")
    else:
        nothing = _("This notebook has no graded questions.")
        parts.append(f"<p class='total'>{e(nothing)}</p>")
    missed = []
    for qid, q in questions.items():
        tests = q["tests"]
        lost = sum(float(c.metadata.nbgrader.get("points", 0) or 0) - float(c.metadata.nbgrader.get("score") or 0)
                   for c in tests if c.metadata.nbgrader.get("score") is not None)
        if tests and lost > 0:
            missed.append((labels.get(qid, qid.replace("_", " ")), qid))
    if max_score:
        parts.append(f"<p class='next'>{words(next_step(missed))}</p>")
    if waiting_ids:
        waiting_text = _("Your instructor has not yet graded your written answer; the score above will rise "
                         "by what it earns.")
        parts.append(f"<p class='problem'>{e(waiting_text)}</p>")
    for p in problems:
        parts.append(f"<p class='problem'>{words(p)}</p>")
    for qid, q in questions.items():
        cells = q["tests"] + q["written"]
        if not cells:
            continue
        got = [c.metadata.nbgrader.get("score") for c in cells]
        total = sum(float(c.metadata.nbgrader.get("points", 0) or 0) for c in cells)
        waiting = any(g is None for g in got)
        title = labels.get(qid, qid.replace("_", " "))
        points = {"question": title, "score": _num(sum(g or 0 for g in got)), "max_score": _num(total)}
        h2 = (_("{question}: {score} / {max_score} points (not all graded yet)", **points) if waiting
              else _("{question}: {score} / {max_score} points", **points))
        parts.append(f"<h2>{e(h2)}</h2>")
        for cell in q["answers"] + q["written"]:
            comment = cell.metadata.nbgrader.get("comment")
            kind = _("Your written answer") if cell in q["written"] else _("Your answer")
            parts.append(f"<details{' open' if cell in q['written'] else ''}><summary>{kind}</summary>"
                         f"<pre>{e(cell.source)}</pre></details>")
            if comment:
                label = _("Comment:")
                parts.append(f"<div class='comment'><b>{e(label)}</b>\n{e(comment)}</div>")
        head = [_("what was checked"), _("points"), _("result")]
        parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>")
        for cell in q["tests"]:
            meta = cell.metadata.nbgrader
            hidden = HIDDEN_BEGIN in cell.source
            what = _docstring(cell.source) or (_("a hidden check") if hidden else _("a check"))
            pts, got1 = meta.get("points", 0), meta.get("score")
            if got1 is not None and float(got1) >= float(pts):
                status, message = _status("pass", _("passed")), ""
            elif got1 is None:
                status, message = _status("wait", _("waiting for the instructor")), ""
            elif not any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                status, message = _status("wait", _("passed; scored by your instructor")), ""
            else:
                status = _status("fail", _("not yet"))
                message = f"<br>{words(test_message(cell, hidden))}"
            parts.append(f"<tr><td>{words(what)}</td><td>{_num(got1)} / {_num(pts)}</td><td>{status}{message}</td></tr>")
        for cell in q["written"]:
            meta = cell.metadata.nbgrader
            got1 = meta.get("score")
            status = (_status("wait", _("waiting for the instructor")) if got1 is None
                      else _status("pass", _("graded")))
            written = _("your written answer, graded by the instructor")
            parts.append(f"<tr><td>{e(written)}</td>"
                         f"<td>{_num(got1)} / {_num(meta.get('points', 0))}</td><td>{status}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


class FeedbackExporter(Exporter):
    """nbgrader's GenerateFeedback exporter for this course: the page above, nothing else.

    GenerateFeedback registers GetGrades (scores and comments from the gradebook) before
    calling it; any other preprocessor it registers only styles an HTML export and is not
    needed here.
    """

    output_mimetype = "text/html"
    export_from_notebook = "Course feedback"

    def _file_extension_default(self):
        return ".html"

    def from_notebook_node(self, nb, resources=None, **kw):
        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        return render(nb_copy, resources), resources


def write_all(cd, assignment: str, student: str, autograded: Path, folder: Path) -> list[Path]:
    """The pages of one submission, from its autograded notebooks and the gradebook, with the
    files nbgrader's release_feedback needs (timestamp, submission secret) beside them."""
    import nbformat
    from nbgrader.preprocessors import GetGrades

    from course.autograde.nbgrader_record import resources

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(autograded.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        res = resources(cd, assignment, student, path.stem)
        nb, res = GetGrades().preprocess(nb, res)
        target = folder / f"{path.stem}.html"
        tmp = folder / f".{path.stem}.html.tmp"
        tmp.write_text(render(nb, res), encoding="utf-8")
        tmp.replace(target)
        written.append(target)
    for name in ("timestamp.txt", "submission_secret.txt"):
        if (autograded / name).is_file():
            shutil.copyfile(autograded / name, folder / name)
    return written
