"""The package's words in the trainee's language (course/i18n.py), and how they reach the
catalogs (course/translate.py)."""
from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from course import i18n, translate


@pytest.fixture
def zh_catalog(tmp_path, monkeypatch):
    """A zh_CN shared catalog with one current and one fuzzy translation."""
    cat = Catalog(locale="zh_CN", domain="course")
    cat.add("`{name}` has {count} rows.", "`{name}` 有 {count} 行。")
    cat.add("Stale sentence.", "过时的译文。", flags=["fuzzy"])
    cat.add("A notebook block.", "笔记本里的一段。", context="1-lecture:abc")   # not a package word
    path = tmp_path / "zh_CN" / "LC_MESSAGES" / "course.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as f:
        write_po(f, cat)
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._table.cache_clear()
    yield
    i18n.use(None)
    i18n._table.cache_clear()


def test_english_is_the_default_and_fields_fill_named_placeholders(zh_catalog, monkeypatch):
    monkeypatch.delenv("COURSE_LANG", raising=False)
    _ = i18n.translator()
    assert _("`{name}` has {count} rows.", name="deaths", count=3) == "`deaths` has 3 rows."
    assert _("A {brace} kept when no field is given.") == "A {brace} kept when no field is given."


def test_a_chosen_language_translates_and_falls_back_to_english_where_no_current_translation(zh_catalog):
    _ = i18n.translator("01-case-data")          # the module's catalog is missing: the shared one serves
    i18n.use("zh_CN")
    assert _("`{name}` has {count} rows.", name="deaths", count=3) == "`deaths` 有 3 行。"
    assert _("Stale sentence.") == "Stale sentence."          # fuzzy: not shown
    assert _("A notebook block.") == "A notebook block."      # a notebook's words stay in the notebook
    assert _("Never translated.") == "Never translated."
    i18n.use(None)
    assert _("Stale sentence.") == "Stale sentence."


def test_the_environment_chooses_the_language_when_no_notebook_did(zh_catalog, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "zh-CN")
    assert i18n.language() == "zh_CN"
    assert i18n.translate("`{name}` has {count} rows.") == "`{name}` 有 {count} 行。"


def test_a_check_failure_speaks_the_chosen_language(zh_catalog, monkeypatch):
    from course.checking import CheckFailed

    cat = Catalog(locale="zh_CN", domain="course")
    cat.add("Not yet: {question}", "还不对：{question}")
    with (i18n.LOCALES / "zh_CN" / "LC_MESSAGES" / "course.po").open("wb") as f:
        write_po(f, cat)
    i18n._table.cache_clear()
    i18n.use("zh_CN")
    assert "还不对：第 1 题" in CheckFailed("……", "第 1 题")._render_traceback_()[0]


def test_an_f_string_inside_the_marker_fails_the_extraction(tmp_path):
    (tmp_path / "course" / "exercises").mkdir(parents=True)
    (tmp_path / "course" / "exercises" / "x.py").write_text(
        'ASSIGNMENT = "99-x"\n_ = print\nn = 1\nm = _(f"{n} rows")\nok = _("{count} rows", count=n)\n',
        encoding="utf-8")
    with pytest.raises(ValueError, match="f-string inside"):
        translate.package_messages("99-x", tmp_path)
    (tmp_path / "course" / "exercises" / "x.py").write_text(
        'ASSIGNMENT = "99-x"\nn = 1\nok = _("{count} rows", count=n)\nt = N_("A title")\n', encoding="utf-8")
    assert [m.text for m in translate.package_messages("99-x", tmp_path)] == ["{count} rows", "A title"]
    assert translate.package_messages("course", tmp_path) == []   # the file belongs to its assignment
    (tmp_path / "course" / "exercises" / "x.py").write_text(
        'ASSIGNMENT = "99-x"\nstatus = f"<b>{_(\'passed\')}</b>"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="inside an f-string is never extracted"):
        translate.package_messages("99-x", tmp_path)


@pytest.mark.parametrize("catalog", translate.WITHOUT_NOTEBOOKS)
def test_the_shared_templates_hold_the_current_words(catalog, tmp_path):
    """An author who changes a message of the package, a dataset's description or the README
    runs `course translate update` (CONTRIBUTING.md)."""
    fresh = translate.extract(catalog, translate.REPO, tmp_path)
    committed = translate.template_path(catalog)
    assert translate._without_dates(committed.read_bytes()) == translate._without_dates(fresh.read_bytes()), \
        f"{committed} is out of date: run `course translate update {catalog}`"


def test_an_edition_turns_the_language_on_right_after_the_course_is_imported():
    nb = {"cells": [
        {"cell_type": "markdown", "source": ["Import the course."]},
        {"cell_type": "code", "source": ["x = 1\n"]},
        {"cell_type": "code", "source": ["import pandas as pd\n", "from course.exercises import case_data as q   # checks\n",
                                         "\n", "cases = []\n"]},
        {"cell_type": "code", "source": ["import course.data\n"]},
    ]}
    translate.speak(nb, "zh_CN")
    assert "".join(nb["cells"][2]["source"]) == (
        "import pandas as pd\nfrom course.exercises import case_data as q   # checks\n"
        "import course.i18n\ncourse.i18n.use(\"zh_CN\")\n\ncases = []\n")
    assert nb["cells"][3]["source"] == ["import course.data\n"]     # once, in the first such cell
    assert nb["cells"][1]["source"] == ["x = 1\n"]


def test_a_chinese_edition_draws_chinese_charts_without_missing_glyphs(tmp_path):
    import warnings

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course import style

    assert style.chinese_font(), "no CJK font: install Debian's fonts-noto-cjk (`make test` does, as root)"
    saved = matplotlib.rcParams.copy()
    try:
        i18n.use("zh_CN")
        fig, ax = plt.subplots()
        ax.bar(["城关镇", "东河乡"], [3, -1])
        ax.set_title("死亡后仍发放养老金的人数")
        with warnings.catch_warnings():
            warnings.simplefilter("error")          # "Glyph ... missing from font(s)" is a warning
            fig.savefig(tmp_path / "chart.png")
        plt.close(fig)
    finally:
        i18n.use(None)
        matplotlib.rcParams.update(saved)


@pytest.mark.parametrize("catalog", [translate.SHARED, translate.README])
def test_the_shared_words_and_the_readme_are_translated_in_zh_CN(catalog):
    st = translate.status(catalog, "zh_CN")
    assert not st["fuzzy"] and not st["untranslated"], \
        f"{catalog} (zh_CN): {len(st['untranslated'])} untranslated, {len(st['fuzzy'])} fuzzy; " \
        f"run `course translate --lang zh_CN status {catalog}`"


def test_the_chinese_readme_is_built_from_the_current_catalog():
    from course import readme

    committed = translate.REPO / readme.file_name("zh_CN")
    fresh = readme.build("zh_CN", translate.REPO, translate._translations(translate.README, "zh_CN", translate.LOCALES))
    assert committed.is_file() and committed.read_text(encoding="utf-8") == fresh, \
        "run `course translate --lang zh_CN build readme` and commit README.zh_CN.md"
    english = (translate.REPO / "README.md").read_text(encoding="utf-8")
    assert "[简体中文](README.zh_CN.md)" in english and "[English](README.md)" in fresh
    # the module table in Chinese, from the syllabus; the developers' sections left out
    assert "| 序号 | 模块 |" in fresh and "## Benchmarks" not in fresh
    prose = re.sub(r"```.*?```|`[^`]*`|\[[^\]]*\]\([^)]*\)|<!--.*?-->", "", fresh, flags=re.S)
    english_words = re.findall(r"\b[A-Za-z]{4,}(?:\s+[A-Za-z]{3,}){3,}", prose)
    assert not english_words, f"English sentences left in the Chinese README: {english_words[:3]}"
