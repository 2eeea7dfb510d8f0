"""The editions in other languages: catalogs of the notebooks' words, and the notebooks built
from them (course/translate.py)."""
from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from course import syllabus, translate

REPO = Path(__file__).resolve().parents[1]
READY = [m.id for m in syllabus.modules(ready_only=True)]


def _notebook(module: str, name: str) -> dict:
    return json.loads((REPO / "notebooks" / module / name).read_text(encoding="utf-8"))


def _code_without_comments(source: str) -> str:
    return "\n".join(re.sub(r"#.*$", "", line).rstrip() for line in source.splitlines())


def _without_shown(source: str, labels=frozenset()) -> str:
    """`source` with the text of the strings it prints, writes on a chart or labels a table with
    left out."""
    lines = source.splitlines()
    cuts = []
    for start, end, _ in translate.shown_strings(source, labels):
        if start[0] == end[0]:     # the text between the quotes: leave out the quotes and prefix too
            line = lines[start[0] - 1]
            first = start[1] - 1 - (start[1] >= 2 and line[start[1] - 2] in "fF")
            start, end = (start[0], first), (end[0], end[1] + 1)
        cuts.append((start, end, ""))
    return translate._replace_code(source, cuts)


def test_what_a_cell_prints_is_translated_keeping_its_fields_and_its_quotes():
    cell = {"cell_type": "code", "id": "c1", "metadata": {}, "source": [
        'n = 3\n', 'print(f"{n:,} payments", "to check")\n', 'ax.set_title(\'Pension "paid"\')\n',
        'kind = "dangerous driving"\n']}
    nb = {"cells": [cell]}
    shown = [text for _, _, text in translate.shown_strings("".join(cell["source"]))]
    assert shown == ["{n:,} payments", "to check", 'Pension "paid"']       # a value is no message
    table = {("x:c1", "{n:,} payments"): "{n:,} 笔发放", ("x:c1", "to check"): "待核查",
             ("x:c1", 'Pension "paid"'): "养老金'已发放'"}
    out, _ = translate.translate_notebook(nb, "x", table)
    assert "".join(out["cells"][0]["source"]) == (
        'n = 3\nprint(f"{n:,} 笔发放", "待核查")\nax.set_title(\'养老金\\\'已发放\\\'\')\nkind = "dangerous driving"\n')
    with pytest.raises(translate.TranslationMissing, match="fields"):
        translate.translate_notebook(nb, "x", {**table, ("x:c1", "{n:,} payments"): "{count} 笔发放"})


@pytest.mark.parametrize("module", READY)
def test_a_catalog_that_repeats_the_english_gives_the_notebooks_back_unchanged(module):
    table = {(m.context, m.text): m.text for m in translate.messages(module)}
    for name in translate.NOTEBOOKS:
        nb = _notebook(module, name)
        out, missing = translate.translate_notebook(nb, Path(name).stem, table)
        assert not missing
        assert ["".join(c["source"]) for c in out["cells"]] == ["".join(c["source"]) for c in nb["cells"]]


@pytest.mark.parametrize("module", READY)
def test_an_edition_changes_words_only_never_cells_ids_grading_or_code(module):
    table = {(m.context, m.text): f"〔译〕{m.text}" for m in translate.messages(module)}
    for name in translate.NOTEBOOKS:
        nb = _notebook(module, name)
        out, _ = translate.translate_notebook(nb, Path(name).stem, table)
        assert [c["id"] for c in out["cells"]] == [c["id"] for c in nb["cells"]]
        assert [c["metadata"] for c in out["cells"]] == [c["metadata"] for c in nb["cells"]]
        for old, new in zip(nb["cells"], out["cells"]):
            old_src, new_src = "".join(old["source"]), "".join(new["source"])
            if old["cell_type"] == "code":
                docstring = re.compile(r'^"""[\s\S]*?"""')
                # the same code, but for comments, the opening docstring and what it prints
                assert _code_without_comments(docstring.sub("", _without_shown(new_src, translate._labels(out)))) == \
                    _code_without_comments(docstring.sub("", _without_shown(old_src, translate._labels(nb)))), old["id"]
                if translate.shown_strings(old_src):
                    assert "〔译〕" in new_src and translate.shown_strings(new_src), old["id"]
                for marker in re.findall(r"#+ *(?:BEGIN|END) (?:SOLUTION|HIDDEN TESTS)", old_src):
                    assert marker in new_src          # nbgrader's markers stay as nbgrader reads them
            elif old["cell_type"] == "markdown" and re.search(r"[A-Za-z]", old_src):
                assert "〔译〕" in new_src
                assert old_src.count("```") == new_src.count("```")


def _copy_module(tmp_path: Path, module: str) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "notebooks" / module, root / "notebooks" / module)
    return root


def test_a_strict_build_refuses_missing_words_and_a_changed_block_becomes_fuzzy(tmp_path):
    from babel.messages.pofile import read_po, write_po

    module = "00-getting-started"
    root, locales = _copy_module(tmp_path, module), tmp_path / "locales"
    translate.extract(module, root, locales)
    path = translate.update(module, "zh_CN", root, locales)
    assert translate.status(module, "zh_CN", root, locales)["translated"] == 0
    with pytest.raises(translate.TranslationMissing, match="no current translation"):
        translate.build(module, "zh_CN", tmp_path / "out", root, locales)
    written = translate.build(module, "zh_CN", tmp_path / "out", root, locales, strict=False)
    assert [p.name for p in written] == list(translate.NOTEBOOKS)

    with path.open("rb") as f:                      # a translator fills the catalog
        cat = read_po(f, locale="zh_CN")
    for msg in cat:
        if msg.id:
            msg.string = "译文：" + msg.id
    with path.open("wb") as f:
        write_po(f, cat, width=100, sort_output=False)
    st = translate.status(module, "zh_CN", root, locales)
    assert st["translated"] == len(translate.messages(module, root)) and not st["fuzzy"] and not st["untranslated"]
    translate.build(module, "zh_CN", tmp_path / "out", root, locales)   # complete: the strict build works

    lecture = root / "notebooks" / module / "1-lecture.ipynb"   # an author changes one English block
    nb = json.loads(lecture.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown" and "Jupyter" in "".join(c["source"]))
    changed = [m for m in translate.markdown_pieces("".join(cell["source"])) if m[0]][0][1]
    cell["source"] = "".join(cell["source"]).replace(changed, changed + " One more sentence.").splitlines(True)
    lecture.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    translate.update(module, "zh_CN", root, locales)
    st = translate.status(module, "zh_CN", root, locales)
    assert [m.text for m in st["fuzzy"]] == [changed + " One more sentence."], "the changed block needs review"
    with pytest.raises(translate.TranslationMissing):
        translate.build(module, "zh_CN", tmp_path / "out", root, locales)


@pytest.mark.parametrize("module", READY)
def test_the_templates_hold_the_notebooks_current_words(module, tmp_path):
    """An author who changes a notebook runs `course translate update` (CONTRIBUTING.md)."""
    fresh = translate.extract(module, REPO, tmp_path)
    committed = translate.template_path(module)
    assert committed.is_file(), f"run `course translate extract {module}`"
    assert translate._without_dates(committed.read_bytes()) == translate._without_dates(fresh.read_bytes()), \
        f"{committed.relative_to(REPO)} is out of date: run `course translate update {module}`"


def _glossary() -> list[dict]:
    with (REPO / "locales" / "glossary.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_glossary_names_a_source_for_every_term():
    rows = _glossary()
    assert rows and all(r["term"] and r["zh_CN"] and r["source"] for r in rows)
    assert len({r["term"].lower() for r in rows}) == len(rows)


def test_every_translation_uses_the_glossarys_terms():
    from babel.messages.pofile import read_po

    # Longest terms first, each taken out of the text once checked: "user dictionary" (a word
    # segmenter's, 用户词典) is then not also held to "dictionary" (Python's, 字典).
    rows = sorted(_glossary(), key=lambda r: -len(r["term"]))
    terms = [(re.compile(rf"\b{re.escape(r['term'])}s?\b", re.I), r["zh_CN"], r["term"]) for r in rows]
    bad = []
    for path in sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po")):
        with path.open("rb") as f:
            for msg in read_po(f):
                if not msg.id or not msg.string or msg.fuzzy:
                    continue
                text = re.sub(r"`[^`]*`|\{[^{}]*\}", "", msg.id)   # code and placeholders are not words
                for pattern, zh, term in terms:
                    if pattern.search(text) and zh not in msg.string:
                        bad.append(f"{path.name} {msg.context}: {term!r} without {zh!r}")
                    text = pattern.sub(" ", text)
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("module", [m for m in syllabus.modules(ready_only=True) if m.notebooks_translated],
                         ids=lambda m: m.id)
def test_a_translated_module_has_no_missing_or_fuzzy_word(module, tmp_path):
    for lang in module.notebooks_translated:
        st = translate.status(module.id, lang)
        assert not st["untranslated"] and not st["fuzzy"], \
            f"{module.id} ({lang}): {len(st['untranslated'])} untranslated, {len(st['fuzzy'])} fuzzy; " \
            f"run `course translate status {module.id}`"
        for path in translate.build(module.id, lang, tmp_path):
            nb = json.loads(path.read_text(encoding="utf-8"))
            assert nb["metadata"]["course_edition"] == lang


def _relabels(nb: dict) -> bool:
    """Whether the notebook's translation renames a dict key (a label of the tables it shows)."""
    labels = translate._labels(nb)
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and \
                len(translate.shown_strings(source, labels)) > len(translate.shown_strings(source)):
            return True
    return False


@pytest.mark.parametrize("module", [m for m in syllabus.modules(ready_only=True) if m.notebooks_translated],
                         ids=lambda m: m.id)
def test_a_translated_edition_runs_and_its_reference_passes_every_check(module, tmp_path):
    """The edition's code is the English code (the test above) but for the words it shows; run the
    graded notebook once to see that its reference passes every check in that language, and the
    lecture when its translation renames a table's label (a dict key), the one change of words
    that code could trip on. (Any other lecture's code is the English lecture's, which
    test_notebooks runs; running it twice would cost minutes of the CI budget.)"""
    import nbformat
    from nbclient import NotebookClient

    for lang in module.notebooks_translated:
        for path in translate.build(module.id, lang, tmp_path / lang):
            english = json.loads((REPO / "notebooks" / module.id / path.name).read_text(encoding="utf-8"))
            relabelled = _relabels(english)
            if path.name != "2-exercises.ipynb" and not relabelled:
                continue
            nb = nbformat.read(path, as_version=4)
            NotebookClient(nb, timeout=120, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            errors = [c.id for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []) if o.output_type == "error"]
            assert not errors, f"{path.name}: cells {errors} stopped with an error"
            if path.name != "2-exercises.ipynb":
                continue
            said = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                           for o in c.get("outputs", []) if o.output_type == "stream")
            ticks = [line for line in said.splitlines() if "✔" in line]
            assert ticks and all(re.search(r"[\u4e00-\u9fff]", t) for t in ticks), \
                f"{path.name}: the checks should speak {lang}: {ticks[:2]}"
