"""`make lab`'s workspace: created once, new modules added, the learner's edits never touched."""
import json

from course import workspace


def test_workspace_keeps_edits_and_restores_what_is_missing(tmp_path, course_copy):
    folder = workspace.update(tmp_path / "ws", grading=course_copy)
    exercises = folder / "01-case-data" / "2-exercises.ipynb"
    lecture = folder / "01-case-data" / "1-lecture.ipynb"
    assert exercises.is_file() and lecture.is_file()
    text = exercises.read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "NotImplementedError" in text

    edited = text.replace("NotImplementedError", "NotImplementedError  # my notes")
    exercises.write_text(edited, encoding="utf-8")
    lecture.unlink()
    workspace.update(folder, grading=course_copy)
    assert exercises.read_text(encoding="utf-8") == edited
    assert lecture.is_file()


def test_unedited_files_follow_an_updated_release(tmp_path, course_copy):
    folder = workspace.update(tmp_path / "ws", grading=course_copy)
    source = course_copy.parent / "notebooks" / "01-case-data" / "1-lecture.ipynb"
    nb = json.loads(source.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = ["# Updated lecture\n"]
    source.write_text(json.dumps(nb), encoding="utf-8")
    workspace.update(folder, grading=course_copy)
    assert "Updated lecture" in (folder / "01-case-data" / "1-lecture.ipynb").read_text(encoding="utf-8")


def test_lab_hides_instructor_panels(tmp_path, course_copy):
    folder = workspace.update(tmp_path / "ws", grading=course_copy)
    config = json.loads((folder / ".jupyter" / "labconfig" / "page_config.json").read_text())
    assert config["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    assert "@jupyter/nbgrader:validate-assignment" not in config["disabledExtensions"]


def test_a_second_start_regenerates_nothing_unless_a_source_changed(tmp_path, course_copy, monkeypatch):
    """`make lab` starts in seconds when nothing changed: nbgrader is not run again."""
    folder = workspace.update(tmp_path / "ws", grading=course_copy)
    runs = []
    real = workspace.nbgrader
    monkeypatch.setattr(workspace, "nbgrader", lambda *a, **k: runs.append(a) or real(*a, **k))
    workspace.update(folder, grading=course_copy)
    assert runs == []
    source = course_copy.parent / "notebooks" / "02-joining" / "1-lecture.ipynb"
    source.write_text(source.read_text(encoding="utf-8").replace("Module 02", "Module 02 (updated)"), encoding="utf-8")
    workspace.update(folder, grading=course_copy)
    assert [a[1] for a in runs] == ["02-joining"]
