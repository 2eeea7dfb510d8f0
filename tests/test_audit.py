"""course.audit (append-only run records with input hashes) and course.pseudonym (keyed pseudonyms)."""
import datetime as dt
import hashlib
import json

import pandas as pd
import pytest

from course import audit, pseudonym

WHEN = dt.datetime(2026, 5, 11, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def files(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(b"id,x\n1,2\n")
    b.write_bytes(b"other bytes\n")
    return a, b


def _run(log, files, **changes):
    kw = dict(who="Wang Fang, data office", model="Test model", version="1.0", inputs=list(files),
              clues=pd.DataFrame({"code": ["C1", "C2"], "key": ["k1", "k2"]}), when=WHEN)
    kw.update(changes)
    return audit.record_run(log, **kw)


def test_a_record_says_who_what_when_which_files_and_what_left(tmp_path, files):
    entry = _run(tmp_path / "log.jsonl", files)
    assert entry["who"] == "Wang Fang, data office" and entry["model"] == "Test model"
    assert entry["version"] == "1.0" and entry["run_at"] == "2026-05-11T09:30:00+08:00"
    assert [f["file"] for f in entry["inputs"]] == ["a.csv", "b.csv"]
    assert entry["inputs"][0]["sha256"] == hashlib.sha256(b"id,x\n1,2\n").hexdigest()
    assert entry["inputs"][1]["bytes"] == len(b"other bytes\n")
    assert entry["n_clues"] == 2 and entry["columns"] == ["code", "key"]
    assert entry["previous"] is None
    assert json.loads((tmp_path / "log.jsonl").read_text(encoding="utf-8")) == entry


def test_records_are_appended_never_overwritten_and_chained(tmp_path, files):
    log = tmp_path / "log.jsonl"
    first = _run(log, files)
    before = log.read_bytes()
    second = _run(log, files, version="1.1")
    assert log.read_bytes().startswith(before), "the earlier record is untouched"
    assert audit.read_log(log) == [first, second]
    assert second["previous"] == hashlib.sha256(before.rstrip(b"\n")).hexdigest()
    assert audit.verify_log(log) == []


def test_an_edited_or_removed_record_breaks_the_chain(tmp_path, files):
    log = tmp_path / "log.jsonl"
    for v in ("1", "2", "3"):
        _run(log, files, version=v)
    lines = log.read_text(encoding="utf-8").splitlines()
    edited = tmp_path / "edited.jsonl"
    edited.write_text("\n".join([lines[0].replace('"n_clues": 2', '"n_clues": 1')] + lines[1:]) + "\n")
    assert audit.verify_log(edited) == ["line 2 does not follow line 1: a record was changed, removed or inserted"]
    removed = tmp_path / "removed.jsonl"
    removed.write_text("\n".join([lines[0], lines[2]]) + "\n")
    assert len(audit.verify_log(removed)) == 1


def test_a_changed_input_file_gives_another_hash(tmp_path, files):
    log = tmp_path / "log.jsonl"
    one = _run(log, files)
    files[0].write_bytes(b"id,x\n1,3\n")
    two = _run(log, files)
    assert one["inputs"][0]["sha256"] != two["inputs"][0]["sha256"]
    assert one["inputs"][1]["sha256"] == two["inputs"][1]["sha256"]


@pytest.mark.parametrize("changes, message", [
    ({"who": ""}, "who ran the model"),
    ({"model": "  "}, "which model"),
    ({"inputs": []}, "inputs"),
    ({"inputs": ["/no/such/file.csv"]}, "not a file"),
    ({"clues": [1, 2]}, "DataFrame"),
    ({"when": dt.datetime(2026, 5, 11)}, "time zone"),
])
def test_incomplete_records_are_refused_and_nothing_is_written(tmp_path, files, changes, message):
    log = tmp_path / "log.jsonl"
    with pytest.raises(audit.AuditError, match=message):
        _run(log, files, **changes)
    assert not log.exists()


def test_a_log_with_a_cut_off_last_line_is_not_appended_to(tmp_path, files):
    log = tmp_path / "log.jsonl"
    _run(log, files)
    log.write_bytes(log.read_bytes().rstrip(b"\n"))
    with pytest.raises(audit.AuditError, match="incomplete"):
        _run(log, files)


KEY = "a-training-key-of-some-length"


def test_pseudonym_is_a_keyed_hash_of_the_clean_id():
    ident = "34990119320413332X"
    want = __import__("hmac").new(KEY.encode(), ident.encode(), hashlib.sha256).hexdigest()[:16]
    assert pseudonym.pseudonymise(ident, KEY) == want
    assert pseudonym.pseudonymise(ident, KEY + "!") != want, "another key, another pseudonym"
    assert want != hashlib.sha256(ident.encode()).hexdigest()[:16], "not a plain hash"


def test_pseudonyms_join_like_the_ids_they_replace():
    ids = pd.Series(["34990119320413332X", "349902198512120413", "34990119320413332X"])
    keys = pseudonym.pseudonymise_column(ids, KEY)
    assert keys[0] == keys[2] and keys[0] != keys[1]
    assert keys.str.fullmatch(r"[0-9a-f]{16}").all()


@pytest.mark.parametrize("dirty", ["34990119320413332x", " 34990119320413332X", "3499011932041333 2X",
                                   "３４９９０１１９３２０４１３３３２Ｘ", "3499011932", None])
def test_a_dirty_id_is_refused(dirty):
    with pytest.raises(pseudonym.NotClean, match="clean"):
        pseudonym.pseudonymise(dirty, KEY)


def test_a_short_key_is_refused():
    with pytest.raises(pseudonym.NotClean, match="at least 16"):
        pseudonym.pseudonymise("34990119320413332X", "short")
