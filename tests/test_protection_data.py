"""The protection data of module 05: fictional everywhere, consistent with its truth, and
calibrated so that each exercise has something to find."""
import hashlib
import ipaddress
import re
from urllib.parse import urlsplit

import pandas as pd
import pytest

from course import data, idcard
from course.data import protection

DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]


def _reserved_host(host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host.endswith((".example", ".test"))
    return any(ip in net for net in DOC_NETS)


def test_generation_is_deterministic():
    """(Its speed is measured by benchmarks/data_generation.py, not timed here.)"""
    first, again = protection.generate(protection.DEFAULT_SEED), protection.generate(protection.DEFAULT_SEED)
    assert all(first[name].equals(again[name]) if hasattr(first[name], "equals") else first[name] == again[name]
               for name in first)


def test_addresses_use_only_reserved_names_and_documentation_ranges():
    urls = data.load("urls")
    for url in urls["url"]:
        parts = urlsplit(url)
        assert _reserved_host(parts.hostname), url
        if parts.username:                      # the part before `@` imitates a real host
            assert _reserved_host(parts.username), url
        if "//" in url.split("://", 1)[1]:      # and so does the target of a `//` redirect
            target = url.split("://", 1)[1].split("//", 1)[1].split("/")[0]
            assert _reserved_host(target), url
    assert urls["url_id"].is_unique and urls["url"].is_unique
    accounts = data.load("leaked_accounts")
    assert accounts["email"].str.split("@").str[1].map(_reserved_host).all()


def test_password_truth_matches_the_hashes_and_the_wordlist():
    accounts = data.load("leaked_accounts")
    plain = data.load("leaked_plaintexts")
    words = set(data.path("wordlist").read_text(encoding="utf-8").splitlines())
    assert len(words) > 3000
    joined = accounts.merge(plain, on="user_id", validate="one_to_one")
    md5 = joined["password"].map(lambda p: hashlib.md5(p.encode("utf-8")).hexdigest())
    assert (md5 == joined["password_md5"].str.lower()).all()
    upper = joined["password_md5"].str.isupper()
    assert 0.1 < upper.mean() < 0.3, "about one hash in five is in capitals"
    assert (joined["password"].isin(words) == (joined["kind"] == "wordlist")).all()
    bulk = joined.loc[joined["kind"] == "bulk", "password"].value_counts()
    assert len(bulk) >= 2 and bulk.min() >= 10, "uncommon passwords shared by bulk-registered accounts"
    assert joined.loc[joined["kind"] == "unique", "password"].is_unique
    shared_in_both_cases = joined[joined["kind"] != "unique"].groupby("password")["password_md5"].agg(
        lambda h: h.str.isupper().any() and h.str.islower().any())
    assert shared_in_both_cases.sum() >= 5, "the same hash appears in both spellings"


def test_url_labels_are_held_out_and_both_kinds_have_near_misses():
    urls = data.load("urls")
    labels = data.load("url_labels")
    both = urls.merge(labels, on="url_id", suffixes=("", "_true"), validate="one_to_one")
    train = both["split"] == "train"
    assert (both.loc[train, "label"] == both.loc[train, "label_true"]).all()
    assert (both.loc[~train, "label"] == "").all(), "held-out labels appear only in the truth"
    assert 0.25 < (both["label_true"] == "phishing").mean() < 0.45
    legit = both[both["label_true"] == "legitimate"]
    hosts = legit["url"].map(lambda u: urlsplit(u).hostname)
    assert hosts.str.contains("-").any() and (hosts.str.count(r"\.") >= 3).any()
    assert (legit["url"].str.len() > 75).any()


def test_the_intended_rule_and_model_clear_the_bars_and_a_careless_rule_does_not():
    from sklearn.tree import DecisionTreeClassifier

    from course.exercises import protection as checks
    from course.hidden import protection as bars  # the hidden tests' bars

    urls = data.load("urls")
    truth = data.load("url_labels").set_index("url_id")["label"] == "phishing"
    feats = pd.DataFrame([checks.expected_features(u) for u in urls["url"]], index=urls["url_id"])
    score = pd.Series([checks.expected_score(u) for u in urls["url"]], index=urls["url_id"])
    train = (urls["split"] == "train").to_numpy()

    def measure(flags):
        t = truth[flags.index]
        return (flags & t).sum() / flags.sum(), (flags & t).sum() / t.sum()

    train_precision = {t: measure(score[train] >= t)[0] for t in (1, 2, 3)}
    chosen = min(t for t in train_precision if train_precision[t] >= 0.8)
    p, r = measure(score[~train] >= chosen)
    assert p >= bars.RULE_MIN_PRECISION + 0.05 and r >= bars.RULE_MIN_RECALL + 0.05
    assert measure(score[~train] >= 1)[0] < bars.RULE_MIN_PRECISION - 0.05

    X = feats.assign(https=urls["url"].str.startswith("https://").to_numpy(),
                     keywords=[sum(w in u.lower() for w in checks.KEYWORDS) for u in urls["url"]])
    y = truth[urls["url_id"]].to_numpy()
    tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X[train], y[train])
    p, r = measure(pd.Series(tree.predict(X[~train]), index=X.index[~train]))
    assert p >= bars.MODEL_MIN_PRECISION + 0.05 and r >= bars.MODEL_MIN_RECALL + 0.05


def test_manifest_matches_the_seized_files_except_the_planted_changes():
    folder = data.path("evidence")
    now = {p.name: p.read_bytes() for p in folder.iterdir()}
    digest = {n: hashlib.sha256(b).hexdigest().upper() for n, b in now.items()}
    manifest = data.load("evidence_manifest")
    changes = data.load("evidence_changes")
    assert manifest["sha256"].str.fullmatch(r"[0-9A-F]{64}").all()
    assert manifest["sha256"].is_unique and manifest["file_name"].is_unique
    change = dict(zip(changes["file_name"], changes["change"]))
    assert sorted(changes["change"].value_counts().items()) == [
        ("altered", 3), ("extra", 1), ("missing", 2), ("renamed", 2)]
    for row in manifest.itertuples(index=False):
        kind = change.get(row.file_name)
        if kind is None:
            assert digest[row.file_name] == row.sha256 and len(now[row.file_name]) == int(row.size_bytes)
        elif kind == "altered":
            assert digest[row.file_name] != row.sha256
        elif kind == "renamed":
            new = changes.loc[changes["file_name"] == row.file_name, "now_named"].item()
            assert row.file_name not in now and digest[new] == row.sha256
        elif kind == "missing":
            assert row.file_name not in now and row.sha256 not in digest.values()
    altered = manifest[manifest["file_name"].map(change) == "altered"]
    same_size = [len(now[n]) == int(s) for n, s in zip(altered["file_name"], altered["size_bytes"])]
    assert sum(same_size) == 2, "two alterations keep the size: sizes prove nothing"
    extra = changes.loc[changes["change"] == "extra", "file_name"].item()
    assert extra in now and extra not in set(manifest["file_name"])
    assert digest[extra] not in set(manifest["sha256"])
    assert len(now) == len(manifest) - 2 + 1
    assert any(b"\r\n" in b for n, b in now.items() if n.startswith("chat_")), "some Windows line ends"
    assert any(b"\r\n" not in b for n, b in now.items() if n.startswith("chat_"))


@pytest.fixture(scope="module")
def citizens():
    return data.load("citizens")


def test_citizens_are_valid_fictional_and_consistent(citizens):
    ids = citizens["id_number"]
    assert ids.is_unique and ids.map(idcard.is_valid).all()
    assert ids.str[:6].isin(list(idcard.FICTIONAL_REGIONS)).all()
    assert (citizens["township"] == ids.str[:6].map(idcard.FICTIONAL_REGIONS)).all()
    male = ids.str[16].astype(int) % 2 == 1
    assert ((citizens["sex"] == "M") == male).all()
    birth = pd.to_datetime(ids.str[6:14], format="%Y%m%d")
    day = protection.REFERENCE_DAY
    age = day.year - birth.dt.year - ((birth.dt.month > day.month)
                                      | ((birth.dt.month == day.month) & (birth.dt.day > day.day)))
    assert (age == citizens["age"].astype(int)).all()
    assert citizens["phone"].str.fullmatch(rf"{protection.PHONE_BLOCK}\d{{4}}").all() and citizens["phone"].is_unique
    assert not citizens["phone"].str.match(r"1[3-9]").any(), "no number may have a real mobile prefix"
    assert citizens["name"].duplicated().any(), "names repeat"


def test_hashed_callers_are_recoverable_from_the_block(citizens):
    calls = data.load("hashed_calls")
    numbers = data.load("caller_numbers")
    assert set(calls["caller_sha256"]) == set(numbers["caller_sha256"])
    assert (numbers["phone"].map(lambda p: hashlib.sha256(p.encode("ascii")).hexdigest())
            == numbers["caller_sha256"]).all()
    assert numbers["phone"].str.fullmatch(rf"{protection.PHONE_BLOCK}\d{{4}}").all()
    endings = numbers["phone"].str[-4:].astype(int)
    assert (endings < 1000).sum() >= 3 and 9999 in set(endings), "zero-padding and range ends matter"
    in_register = numbers["phone"].isin(citizens["phone"])
    assert in_register.sum() == 100 and (~in_register).sum() == 20


def test_quasi_identifiers_single_people_out_until_generalised(citizens):
    quasi = ["age", "sex", "township"]
    assert citizens.groupby(quasi).size().min() == 1

    def band(age):
        return "18-49" if age < 50 else "80+" if age >= 80 else f"{age // 10 * 10}-{age // 10 * 10 + 9}"

    bands = citizens.assign(age=citizens["age"].astype(int).map(band))
    assert bands.groupby(quasi).size().min() >= 5
    plain_bands = citizens.assign(age=citizens["age"].astype(int) // 10)
    assert plain_bands.groupby(quasi).size().min() < 5, "plain ten-year bands are not enough"
    assert re.fullmatch(r"[\w ]+", " ".join(citizens["diagnosis"].unique()))
