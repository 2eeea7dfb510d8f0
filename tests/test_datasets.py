"""Every generated dataset: deterministic, with a committed data card, and the build's handling
of the three kinds of table (CSV, text file, folder of files)."""
import hashlib
import json
import types

import pandas as pd
import pytest

from course import data
from course.data import build, card
from course.data.schema import Column, Table


def _hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", sorted(build.DATASETS))
def test_same_seed_gives_byte_identical_files(tmp_path, name):
    a = build.build(tmp_path / "a", name, quiet=True)
    b = build.build(tmp_path / "b", name, quiet=True)
    assert _hashes(a) == _hashes(b)
    manifest = json.loads((a / "manifest.json").read_text())
    on_disk = {k: v for k, v in _hashes(a).items() if k not in ("manifest.json", "README.md", "README.zh_CN.md")}
    assert manifest["files"] == on_disk, "the manifest lists every file the build wrote"


@pytest.mark.parametrize("name", sorted(build.DATASETS))
def test_committed_data_cards_match_the_generator_in_every_language(name):
    gen = build.DATASETS[name]
    tables = gen.generate(gen.DEFAULT_SEED)
    assert card.languages() == ["zh_CN"]
    for lang in ["en"] + card.languages():
        expected = card.render(name, gen, tables, gen.DEFAULT_SEED, lang)
        path = data._REPO / "datasets" / name / card.file_name(lang)
        assert path.is_file() and path.read_text(encoding="utf-8") == expected, \
            f"run `course data build` and commit datasets/{name}/{path.name}"


def test_the_data_cards_are_wholly_translated():
    """Every sentence a card shows is in the datasets catalog, with a current translation: the
    generators' own texts are collected from the generators, so none can be missed."""
    from course import translate

    st = translate.status(translate.DATASETS, "zh_CN")
    assert not st["untranslated"] and not st["fuzzy"], \
        f"datasets (zh_CN): {len(st['untranslated'])} untranslated, {len(st['fuzzy'])} fuzzy; " \
        "run `course translate --lang zh_CN status datasets`"
    gen = build.DATASETS["county"]
    zh = card.render("county", gen, gen.generate(gen.DEFAULT_SEED), gen.DEFAULT_SEED, "zh_CN")
    english = card.render("county", gen, gen.generate(gen.DEFAULT_SEED), gen.DEFAULT_SEED)
    def shape(text):     # headings, table rows and list items: the card's structure
        return [line.split(" ", 1)[0] for line in text.splitlines() if line[:1] in ("#", "|", "-")]
    assert shape(zh) == shape(english) and "Deliberately" not in zh
    assert zh.splitlines()[0] != english.splitlines()[0] and "元和县" in zh.splitlines()[0]
    for t in gen.TABLES:      # every table is there, under its own name
        assert f"### `{t.name}`" in zh


def _toy(version="1", files=None):
    files = files if files is not None else {"a.txt": b"alpha\n", "sub/b.bin": b"\x00\x01"}
    return types.SimpleNamespace(
        VERSION=version, DEFAULT_SEED=1, TITLE="Toy", DESCRIPTION="d", HOW="h",
        PLANTED={"hidden": "what was planted"},
        TABLES=[Table("rows", "Rows", "here", [Column("x", "text", "a value")]),
                Table("log", "A log", "here", file="server.log", layout="One request per line."),
                Table("box", "A folder", "here", file="box", layout="One file per exhibit."),
                Table("hidden", "Truth", "planted", [Column("x", "text", "a value")], truth=True)],
        generate=lambda seed: {"rows": pd.DataFrame({"x": ["1", "2"]}), "log": "GET /\nGET /a\n",
                               "box": dict(files), "hidden": pd.DataFrame({"x": ["2"]})})


def test_text_and_folder_tables_are_written_found_and_carded(tmp_path, monkeypatch):
    monkeypatch.setitem(build.DATASETS, "toy", _toy())
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    assert data.path("log").read_text() == "GET /\nGET /a\n"
    assert (data.path("box") / "sub" / "b.bin").read_bytes() == b"\x00\x01"
    assert data.path("hidden") == tmp_path / "toy" / "truth" / "hidden.csv"
    assert list(data.load("rows")["x"]) == ["1", "2"]
    with pytest.raises(data.TableNotFound, match=r"course.data.path\('log'\)"):
        data.load("log")
    text = (tmp_path / "toy" / "README.md").read_text()
    assert "Lines: 2. File: `server.log`." in text and "Files: 2. Folder: `box`." in text
    assert "One request per line." in text


def test_a_new_version_replaces_a_folder_table_whole(tmp_path, monkeypatch):
    monkeypatch.setitem(build.DATASETS, "toy", _toy())
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    data.ensure("toy", quiet=True)
    (tmp_path / "toy" / "box" / "a.txt").unlink()  # damaged: rebuilt on demand
    assert (data.path("box") / "a.txt").read_bytes() == b"alpha\n"
    monkeypatch.setitem(build.DATASETS, "toy", _toy(version="2", files={"c.txt": b"c"}))
    box = data.path("box")
    assert sorted(p.name for p in box.rglob("*")) == ["c.txt"], "files of the old version are gone"
    assert not [p for p in (tmp_path / "toy").iterdir() if p.name.startswith(".")], "no temporary folders left"
