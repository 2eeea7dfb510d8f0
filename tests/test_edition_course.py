"""The Simplified Chinese edition as its own class: its nbgrader course, its workspace, and
JupyterLab in Chinese (grading/zh_CN/, course/nbgrader_run.py, course/workspace.py)."""
from __future__ import annotations

import json
import re

from course import nbgrader_run, workspace
from course.autograde.batch import _config


def test_the_chinese_course_has_its_own_id_gradebook_and_sources_and_keeps_the_english_settings():
    zh, en = _config(nbgrader_run.grading_for("zh_CN")), _config(nbgrader_run.GRADING)
    assert zh.CourseDirectory.course_id == "procuratorial-data-zh" != en.CourseDirectory.course_id
    assert zh.CourseDirectory.db_url != en.CourseDirectory.db_url
    assert zh.CourseDirectory.db_url.endswith("grading/zh_CN/gradebook.db")
    assert zh.CourseDirectory.root.endswith("grading/zh_CN") and zh.CourseDirectory.source_directory == "source"
    # what grading relies on is the English course's: the timeouts, feedback exporter, exchange
    for section, key in [("ExecutePreprocessor", "timeout"), ("GenerateFeedback", "exporter_class"),
                         ("Exchange", "root")]:
        assert zh[section][key] == en[section][key], (section, key)
    # the answer stub speaks Chinese, and keeps the marker and the exception the course reads
    zh_stub, en_stub = zh.ClearSolutions.code_stub["python"], en.ClearSolutions.code_stub["python"]
    assert zh_stub != en_stub and re.search(r"[\u4e00-\u9fff]", zh_stub)
    assert zh_stub.split("(")[0] == en_stub.split("(")[0] == "# YOUR CODE HERE\nraise NotImplementedError"
    assert nbgrader_run.source_root(nbgrader_run.grading_for("zh_CN")).name == "source"
    assert nbgrader_run.grading_for("en") == nbgrader_run.grading_for(None) == nbgrader_run.GRADING


def test_the_chinese_workspace_speaks_chinese_in_jupyterlab_and_in_its_notebooks(tmp_path):
    folder = workspace.update(tmp_path / "ws", nbgrader_run.grading_for("zh_CN"))
    settings = folder / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "translation-extension" / \
        "plugin.jupyterlab-settings"
    assert json.loads(settings.read_text(encoding="utf-8")) == {"locale": "zh_CN"}
    assert 'procuratorial-data-zh' in (folder / ".jupyter" / "nbgrader_config.py").read_text(encoding="utf-8")
    nb = json.loads((folder / "01-case-data" / "2-exercises.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in nb["cells"])
    assert "作答方法" in text and 'course.i18n.use("zh_CN")' in text
    assert "### BEGIN SOLUTION" not in text            # a student version, as nbgrader made it
    import jupyterlab_language_pack_zh_CN  # noqa: F401 - the language pack is installed with the course
