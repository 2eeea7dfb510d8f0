"""Checks and hints of assignment 05-network-protection ("Network security II: protection").

In the notebook::

    from course.exercises import protection as q
    q.reused.check()   # after the answer cell
    q.reused.hint()

Each question's `qid` is also the suffix of its cells' grade ids (``answer_<qid>``,
``check_<qid>``, ``hidden_<qid>``) and the key of its wrong-answer fixtures in
``tests/fixtures/05-network-protection/mistakes.toml``.

The storyline: a fraud case against an online-lending app. Its leaked user table shows how
badly passwords were kept; reported web addresses are screened for phishing; the seized
evidence is verified against its manifest; and the personal data the case needs are masked,
pseudonymised and generalised before anyone else sees them.

The expected values are computed here from the generated data (`answer_key`) and from the
exercise's own parameters (`ITERATIONS`, `HMAC_KEY`, which the notebook's setup cell repeats),
by code written for checking. No check here reads a truth table: the labels of the held-out
addresses, which measure the trainee's predictions the way a model is judged, are read by
the hidden tests only (`course.hidden.protection`).
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import re
import unicodedata
from urllib.parse import urlsplit

import pandas as pd

from course import data
from course.checking import CheckFailed, as_plain, call, expect_frame
from course.i18n import N_, translator
from course.question import Question, question_maker
from course.transport import SafeFunction

ASSIGNMENT = "05-network-protection"
_ = translator(ASSIGNMENT)

# --- parameters of the exercise (the notebook's setup cell holds the same values) ---------

ITERATIONS = 10_000                 # PBKDF2 rounds here; OWASP asks for 600,000 in production
HMAC_KEY = "yuanhe-procuratorate-2024"
PHONE_BLOCK = "1000000"             # callers are 1000000 0000 ... 1000000 9999 (no mobile begins with 10)
QUASI = ["age", "sex", "township"]  # quasi-identifiers of the register
KEYWORDS = ["login", "verify", "secure", "account", "update"]

STATUSES = ("ok", "altered", "renamed", "missing", "extra")


# --- expected results of the functions, written for checking -----------------------------

def expected_hash(password: str, salt: str, iterations: int = ITERATIONS) -> str:
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), iterations).hex()


def expected_strength(password: str, common) -> bool:
    kinds = 0
    kinds += bool(re.search(r"[a-z]", password))
    kinds += bool(re.search(r"[A-Z]", password))
    kinds += bool(re.search(r"[0-9]", password))
    kinds += bool(re.search(r"[^A-Za-z0-9]", password))
    return len(password) >= 12 and kinds >= 3 and password.lower() not in {c.lower() for c in common}


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def expected_features(url: str) -> dict:
    host = _host(url)
    # "four numbers joined by dots", the whole host (as the question and the reference read it)
    is_ip = re.fullmatch(r"\d+\.\d+\.\d+\.\d+", host) is not None
    after_scheme = url[url.index("://") + 3:]
    return {"ip_host": is_ip, "at_sign": "@" in url, "redirect": "//" in after_scheme,
            "hyphen": "-" in host, "dots": host.count("."), "length": len(url)}


def expected_score(url: str) -> int:
    f = expected_features(url)
    return int(f["ip_host"]) + int(f["at_sign"]) + int(f["redirect"]) + int(f["hyphen"]) \
        + int(f["dots"] >= 3) + int(f["length"] > 75)


def expected_mask(raw: str) -> str:
    clean = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)).upper()
    return clean[:6] + "*" * 8 + clean[14:]


def expected_pseudonym(value: str, key: str) -> str:
    return hmac.new(key.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()


# --- the answer key, computed from the data ------------------------------------------------

def _evidence_status(manifest: pd.DataFrame, now: dict[str, str]) -> dict[str, tuple[str, str]]:
    """file name -> (status, name in the folder now), by comparing SHA-256 values."""
    seized = {n: h.lower() for n, h in zip(manifest["file_name"], manifest["sha256"])}
    by_hash = {}
    for name, digest in now.items():
        by_hash.setdefault(digest, []).append(name)
    out = {}
    for name, digest in seized.items():
        if name in now:
            out[name] = ("ok" if now[name] == digest else "altered", name)
        elif digest in by_hash:
            out[name] = ("renamed", by_hash[digest][0])
        else:
            out[name] = ("missing", "")
    accounted = set(seized) | {found for _status, found in out.values()}
    for name in now:
        if name not in accounted:
            out[name] = ("extra", name)
    return out


@functools.lru_cache(maxsize=1)
def answer_key() -> dict:
    """Expected values of the visible checks (`course.hidden.protection` uses them too)."""
    accounts = data.load("leaked_accounts")
    lower = accounts["password_md5"].str.lower()
    counts: dict[str, int] = {}
    for h in lower:
        counts[h] = counts.get(h, 0) + 1
    reused = {h: n for h, n in counts.items() if n >= 2}

    words = data.path("wordlist").read_bytes().decode("utf-8").split("\n")
    md5_of = {hashlib.md5(w.encode("utf-8")).hexdigest(): w for w in words if w}
    cracked = {u: md5_of[h] for u, h in zip(accounts["user_id"], lower) if h in md5_of}
    cracked_lower_only = {u for u, raw in zip(accounts["user_id"], accounts["password_md5"])
                          if raw in md5_of}

    urls = data.load("urls")
    scores = {i: expected_score(u) for i, u in zip(urls["url_id"], urls["url"])}
    test_ids = [i for i, s in zip(urls["url_id"], urls["split"]) if s == "test"]
    train_ids = [i for i, s in zip(urls["url_id"], urls["split"]) if s == "train"]

    train_labels = {i: lab == "phishing" for i, lab, s in zip(urls["url_id"], urls["label"], urls["split"])
                    if s == "train"}
    precision = {}
    for t in (1, 2, 3):
        flagged = [i for i in train_ids if scores[i] >= t]
        precision[t] = sum(train_labels[i] for i in flagged) / len(flagged) if flagged else 0.0
    threshold = min(t for t in precision if precision[t] >= 0.8)

    folder = data.path("evidence")
    now_bytes = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    now = {n: hashlib.sha256(b).hexdigest() for n, b in now_bytes.items()}
    manifest = data.load("evidence_manifest")
    status = _evidence_status(manifest, now)

    calls = data.load("hashed_calls")
    block = {}
    for k in range(10_000):
        phone = f"{PHONE_BLOCK}{k:04d}"
        block[hashlib.sha256(phone.encode("ascii")).hexdigest()] = phone
    recovered = {h: block[h] for h in set(calls["caller_sha256"]) if h in block}

    citizens = data.load("citizens")
    groups: dict[tuple, int] = {}
    for row in citizens[QUASI].itertuples(index=False):
        groups[tuple(row)] = groups.get(tuple(row), 0) + 1
    pid_of = {i: expected_pseudonym(i, HMAC_KEY) for i in citizens["id_number"]}
    return {
        "n_accounts": len(accounts),
        "reused": reused,
        "cracked": cracked,                      # user_id -> password
        "cracked_lower_only": cracked_lower_only,
        "scores": scores,                        # url_id -> rule score
        "test_ids": test_ids,
        "train_ids": train_ids,
        "train_precision": precision,            # t -> precision of "score >= t" on the training rows
        "threshold": threshold,
        "hashes_now": now,                       # file name -> sha256 (lower case)
        "sizes_now": {n: len(b) for n, b in now_bytes.items()},
        "status": status,                        # file name -> (status, found as)
        "manifest": dict(zip(manifest["file_name"], manifest["sha256"].str.lower())),
        "recovered": recovered,                  # caller hash -> phone
        "n_callers": calls["caller_sha256"].nunique(),
        "k_raw": min(groups.values()),
        "citizens": citizens,
        "pid": [pid_of[i] for i in citizens["id_number"]],
    }


# --- helpers -------------------------------------------------------------------------------

def _flag(value, what: str) -> bool:
    """True/False written as a bool, 0/1 or the label text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("phishing", "legitimate"):
        raise CheckFailed(_("{what} holds the words \"phishing\" and \"legitimate\", but the question "
                            "asks for True (phishing) or False (legitimate). Train on True/False, "
                            "`urls[\"label\"] == \"phishing\"`, or turn your words into True/False with "
                            "`== \"phishing\"`.", what=what))
    raise CheckFailed(_("{what} should hold True (phishing) or False (legitimate) for each address; "
                        "it holds {value}.", what=what, value=repr(value)))


def _predictions(pred, name: str) -> dict[str, bool]:
    if type(pred) is not pd.Series:
        raise CheckFailed(_("`{name}` should be a pandas Series (one True/False per address, the "
                            "`url_id` as its index), but it is a {kind}.", name=name,
                            kind=type(pred).__name__))
    got = as_plain(pred, f"`{name}`")
    index = [str(i) for i in got["index"]]
    key = answer_key()
    if set(index) == set(key["train_ids"]) or set(index) == set(key["train_ids"]) | set(key["test_ids"]):
        raise CheckFailed(_("`{name}` covers the training addresses. Predict only the held-out "
                            "addresses (`split == \"test\"`): the training ones have labels already, "
                            "and a model is judged on addresses it has not seen.", name=name))
    if not set(index) <= set(key["scores"]):
        raise CheckFailed(_("The index of `{name}` should be the `url_id` of each held-out address "
                            "(R00801, ...), not row numbers. Take the ids of the held-out rows only, "
                            "the same rows you predicted: `index=urls.loc[~train, \"url_id\"]` (400 "
                            "ids), or `X.index[~train]` when your table `X` has `url_id` as its index.",
                            name=name))
    if len(index) != len(set(index)) or set(index) != set(key["test_ids"]):
        raise CheckFailed(_("`{name}` should have exactly one entry for each held-out address "
                            "({expected} of them); it has {count} entries.", name=name,
                            expected=len(key["test_ids"]), count=len(index)))
    return {i: _flag(v, f"`{name}`") for i, v in zip(index, got["values"])}


def _text(value, what: str) -> str:
    if value is None:
        raise CheckFailed(_("{what} returned nothing (None). Give the result back with `return`, "
                            "not `print`.", what=what))
    if isinstance(value, SafeFunction):
        raise CheckFailed(_("{what} returned a function. Did you forget the round brackets `()` "
                            "after a method, as in `.hexdigest()`?", what=what))
    if not isinstance(value, str):
        raise CheckFailed(_("{what} should return text, but it returned a {kind}.", what=what,
                            kind=type(value).__name__))
    return value


def _table(value, name: str, columns: list[str]) -> pd.DataFrame:
    """A real DataFrame with the needed columns; a missing column's message says what to do next
    (generic: could move to `course.checking` beside `expect_frame`)."""
    if type(value) is pd.Series:
        raise CheckFailed(_("`{name}` should be a pandas table (DataFrame), but it is a Series, a "
                            "single column. Select columns with a list, in double brackets "
                            "(`df[[\"a\", \"b\"]]`), or turn a Series into a table with `.reset_index()`.",
                            name=name))
    df = expect_frame(value, name)
    have = ", ".join(map(str, df.columns))
    for col in columns:
        if col in df.columns:
            continue
        if col in [n for n in df.index.names if n is not None]:
            raise CheckFailed(_("`{column}` is the index of `{name}`, not one of its columns: add "
                                "`.reset_index()`.", column=col, name=name))
        rename = f'.rename(columns={{"your name": "{col}"}})'
        raise CheckFailed(_("`{name}` has no column `{column}`; its columns are: {columns}. If you made "
                            "that column under another name, rename it: `{rename}`; if not, add it as "
                            "the question describes.", name=name, column=col, columns=have, rename=rename))
    return df


def _hexes(values) -> bool:
    return all(isinstance(v, str) and re.fullmatch(r"[0-9a-fA-F]+", v) for v in values)


# --- checks --------------------------------------------------------------------------------

def _check_reused(reused) -> str:
    if type(reused) is not pd.Series:
        if type(reused) is pd.DataFrame:
            raise CheckFailed(_("`reused` is a table (DataFrame), but the question asks for a Series: "
                                "the hash as its index, the number of accounts as its value. Leave out "
                                "`.reset_index()` (or `.to_frame()`): `.value_counts()` already gives "
                                "that Series."))
        raise CheckFailed(_("`reused` should be a pandas Series (hash -> number of accounts), but it "
                            "is a {kind}. `.value_counts()` on a column gives one.",
                            kind=type(reused).__name__))
    got = as_plain(reused, "`reused`")
    index = [str(i) for i in got["index"]]
    if not index:
        raise CheckFailed(_("`reused` is empty, yet many accounts share a password. Count how often "
                            "each hash appears and keep those that appear twice or more."))
    if not _hexes(index) or any(len(i) != 32 for i in index):
        raise CheckFailed(_("The index of `reused` should be the password hashes (32 hex digits "
                            "each). Count the values of the hash column: `...value_counts()`."))
    if len({i.lower() for i in index}) == len(index) and any(i != i.lower() for i in index):
        raise CheckFailed(_("The hashes in the index of `reused` are written in capitals. The question "
                            "asks for small letters, the spelling `.hexdigest()` gives: use "
                            "`.str.lower()` instead of `.str.upper()` before counting."))
    if len({i.lower() for i in index}) < len(index):
        raise CheckFailed(_("Some hash appears twice in `reused`, once in small letters and once in "
                            "capitals. It is the same hash: turn the column into lower case "
                            "(`.str.lower()`) before counting."))
    values = got["values"]
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
        raise CheckFailed(_("The values of `reused` should be numbers of accounts."))
    if any(v < 2 for v in values):
        raise CheckFailed(_("`reused` also lists hashes that only one account uses. Keep the hashes "
                            "used by two or more accounts (`counts[counts >= 2]`)."))
    key = answer_key()["reused"]
    if len(index) != len(key):
        raise CheckFailed(_("`reused` lists {count} hashes; that is not the number of hashes "
                            "shared by two or more accounts. Did you count every account, after "
                            "writing all hashes in lower case?", count=len(index)))
    if list(values) != sorted(values, reverse=True):
        raise CheckFailed(_("`reused` is not sorted with the most shared hash first. `.value_counts()` "
                            "sorts that way by itself; after `.groupby(...).size()` or another sort, "
                            "add `.sort_values(ascending=False)`."))
    return _("{count} passwords are shared by two or more accounts.", count=len(index))


def _check_cracked(cracked) -> str:
    df = _table(cracked, "cracked", ["user_id", "password"])
    key = answer_key()
    got = as_plain(df[["user_id", "password"]], "cracked")
    users = [str(u) for u in got["data"]["user_id"]]
    n, expected = len(users), len(key["cracked"])
    if n == 0:
        raise CheckFailed(_("`cracked` is empty: no hash matched. Check two things: each word must be "
                            "hashed without its line end (`.splitlines()` removes the `\\n` that "
                            "`readlines()` keeps), and with MD5, the algorithm the app used."))
    if len(set(users)) != n:
        raise CheckFailed(_("Some accounts appear more than once in `cracked`: keep one row per account."))
    passwords = [str(p) for p in got["data"]["password"]]
    if passwords and all(re.fullmatch(r"[0-9a-fA-F]{32}", p) for p in passwords):
        raise CheckFailed(_("The `password` column of `cracked` holds MD5 hashes (32 hex digits), not "
                            "the words they came from. Put the word of the wordlist whose hash "
                            "matched in it: map each lower-case hash to its word with a dictionary "
                            "hash -> word."))
    if set(users) == key["cracked_lower_only"] and n < expected:
        raise CheckFailed(_("`cracked` has {count} accounts, but it misses those whose hash is written "
                            "in capitals. Compare in lower case: `.str.lower()` on the hash column.",
                            count=n))
    if n != expected or set(users) != set(key["cracked"]):
        raise CheckFailed(_("`cracked` has {count} accounts; that is not the number whose MD5 hash is "
                            "the hash of a word in the wordlist. Hash every word, look each account's "
                            "hash (in lower case) up, and keep the accounts that were found.", count=n))
    wrong = [u for u, p in zip(users, passwords) if p != key["cracked"][u]]
    if wrong:
        raise CheckFailed(_("{count} accounts in `cracked` carry a password that is not the word "
                            "behind their own hash, for example {example}. Keep each account's "
                            "`user_id` and its word on the same row: look each account's hash up in "
                            "a dictionary hash -> word (`.map(...)`), rather than building the two "
                            "columns separately or sorting one of them.", count=len(wrong), example=wrong[0]))
    return _("{count} of {total} accounts cracked with a list of common passwords.", count=n,
             total=key["n_accounts"])


SALT_EXAMPLES = [("123456", "6a1f09c2d83be4577f0e2c9b18a4d635"),
                 ("Kd#2023@yh", "00ff10ee20dd30cc40bb50aa60997088")]


def _diagnose_hash(got: str, password: str, salt: str, shown: str) -> None:
    pw = password.encode("utf-8")
    if got.lower() == expected_hash(password, salt) and got != got.lower():
        return
    if got == hashlib.pbkdf2_hmac("sha256", pw, salt.encode("utf-8"), ITERATIONS).hex():
        raise CheckFailed(_("`{call}` used the 32 characters of the salt text as the salt. The salt "
                            "is written in hex: turn it back into its 16 bytes with `bytes.fromhex(salt)`.",
                            call=shown))
    for fast in (hashlib.sha256(salt.encode() + pw).hexdigest(), hashlib.sha256(pw + salt.encode()).hexdigest(),
                 hashlib.sha256(bytes.fromhex(salt) + pw).hexdigest(), hashlib.sha256(pw + bytes.fromhex(salt)).hexdigest(),
                 hashlib.md5(salt.encode() + pw).hexdigest(), hashlib.md5(pw + salt.encode()).hexdigest()):
        if got == fast:
            raise CheckFailed(_("`{call}` is a single fast hash of salt and password. A fast hash can "
                                "be tried billions of times a second; use the slow "
                                "`hashlib.pbkdf2_hmac(\"sha256\", ...)` with `ITERATIONS` rounds.",
                                call=shown))
    for rounds in (1, 1000, 100_000, 600_000):
        if got == expected_hash(password, salt, rounds):
            raise CheckFailed(_("`{call}` used another number of rounds. Use `ITERATIONS` from the "
                                "setup cell, so that everyone's hashes can be compared.", call=shown))
    if got == hashlib.pbkdf2_hmac("sha1", pw, bytes.fromhex(salt), ITERATIONS).hex():
        raise CheckFailed(_("`{call}` used SHA-1 inside PBKDF2; the question asks for \"sha256\".",
                            call=shown))
    raise CheckFailed(_("`{call}` returned {start}..., which is not the PBKDF2-HMAC-SHA256 "
                        "hash of the password with that salt. Encode the password with "
                        "`.encode(\"utf-8\")`, the salt with `bytes.fromhex(salt)`, and return `.hex()`.",
                        call=shown, start=got[:12]))


def _check_salted(hash_password, new_record) -> str:
    for password, salt in SALT_EXAMPLES:
        shown = f"hash_password({password!r}, {salt!r})"
        got = _text(call(hash_password, password, salt, what="hash_password"), f"`{shown}`")
        if got != expected_hash(password, salt):
            _diagnose_hash(got, password, salt, shown)
            if got.lower() == expected_hash(password, salt):
                raise CheckFailed(_("`{call}` returned the right hash in capital letters. Return it "
                                    "as `.hex()` gives it, in small letters.", call=shown))
    records = []
    for _attempt in range(2):
        rec = _text(call(new_record, "123456", what="new_record"), "`new_record(\"123456\")`")
        parts = rec.split("$")
        if len(parts) != 2:
            raise CheckFailed(_("`new_record(\"123456\")` should return the salt and the hash joined by "
                                "one `$`, like \"<salt>$<hash>\"; it returned {start}....",
                                start=repr(rec[:20])))
        salt, digest = parts
        if not (len(salt) == 32 and _hexes([salt])):
            raise CheckFailed(_("The salt in `new_record`'s result should be 32 hex digits (16 random "
                                "bytes): `secrets.token_hex(16)`."))
        if digest != expected_hash("123456", salt):
            raise CheckFailed(_("The hash in `new_record`'s result is not `hash_password` of the "
                                "password with the salt written in front of it. Use the same salt "
                                "for both."))
        records.append(salt)
    if records[0] == records[1]:
        raise CheckFailed(_("`new_record` gave the same salt twice. Then two users with the same "
                            "password get the same record, and one table of guesses cracks them all. "
                            "Draw a new random salt at every call: `secrets.token_hex(16)` inside the "
                            "function."))
    return _("PBKDF2 with a fresh random salt for every record.")


STRENGTH_EXAMPLES = [
    "Yuanhe#Court2024", "Jcy2024!", "abcdefghijklmnop", "Fayuan#Wuhu7", "ABCD-EFGH-1234",
    "yuanhe court 2024", "Password123!", "Qwerty123456", "QWERTY123456", "zhangwei张伟1985",
    "ZhangWei1985", "qwerty123456",
]
STRENGTH_COMMON = ["password123!", "Qwerty123456", "123456", "Zhangwei1985"]   # the list has capitals too


def _kinds(password: str) -> int:
    return sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))


def _returned(shown_call: str) -> str:
    # TRANSLATORS: the subject of a sentence of course/plain.py, such as "… holds a function …"
    return _("what `{call}` returned", call=shown_call)


def _check_strength(strong_enough) -> str:
    for password in STRENGTH_EXAMPLES:
        want = expected_strength(password, STRENGTH_COMMON)
        shown = f"strong_enough({password!r}, common)"
        got = as_plain(call(strong_enough, password, list(STRENGTH_COMMON), what="strong_enough"),
                       _returned(shown))
        if not isinstance(got, bool):
            raise CheckFailed(_("`{call}` should return True or False, but it returned {value}.",
                                call=shown, value=repr(got)))
        if got == want:
            continue
        kinds = _kinds(password)
        if want and len(password) == 12:
            raise CheckFailed(_("`{call}` is False, but a password of exactly 12 characters is long "
                                "enough: use `>= 12`.", call=shown))
        if not password.isascii():
            raise CheckFailed(_("`{call}` is {value}, but the password has {kinds} kinds of character: "
                                "a Chinese character (or a full-width letter or digit such as `Ａ` or "
                                "`１`) is not one of a–z, A–Z or 0–9, so it counts as an \"other\" "
                                "character. Python's `c.isalnum()`, `c.isupper()` and `c.isdigit()` "
                                "say True for such characters too; test the plain letters and digits "
                                "with `re.search(r\"[A-Z]\", password)` and so on, and the others with "
                                "`re.search(r\"[^A-Za-z0-9]\", password)`.", call=shown, value=got, kinds=kinds))
        if want and " " in password:
            raise CheckFailed(_("`{call}` is False, but a space is an \"other\" character too: "
                                "anything that is not a–z, A–Z or 0–9 counts "
                                "(`re.search(r\"[^A-Za-z0-9]\", password)`).", call=shown))
        if want and kinds == 3:
            raise CheckFailed(_("`{call}` is False, but the password has three of the four kinds of "
                                "character, which is enough. Count the kinds and compare with `>= 3`.",
                                call=shown))
        if not want and password.lower() in {c.lower() for c in STRENGTH_COMMON}:
            raise CheckFailed(_("`{call}` is True, but that password is on the list of common "
                                "passwords, written with other capitals. The list itself holds capitals "
                                "too (this one has `Zhangwei1985` and `Qwerty123456`): write both sides "
                                "in small letters, `password.lower() not in {{w.lower() for w in common}}`.",
                                call=shown))
        if not want and len(password) < 12:
            raise CheckFailed(_("`{call}` is True, but the password is shorter than 12 characters.",
                                call=shown))
        if not want and kinds < 3:
            raise CheckFailed(_("`{call}` is True, but the password has only {kinds} kind(s) of "
                                "character; three are needed.", call=shown, kinds=kinds))
        raise CheckFailed(_("`{call}` should be {value}. Check the three rules one at a time.",
                            call=shown, value=want))
    return _("the three rules are applied as asked.")


FEATURE_EXAMPLES = [
    "https://www.court.example/notice/2024-03-15.html",
    "http://www.spp.example@198.51.100.7/case/verify.php",
    "http://203.0.113.45/login",
    "https://s.test//court-gov.test/account",
    "https://court.gov.cn.login.test/index.html",
    "http://203.0.113.45.pay-check.test/login",
]
FEATURE_KEYS = ["ip_host", "at_sign", "redirect", "hyphen", "dots", "length"]

# What to do when a warning sign is wrong, one whole sentence per sign.
FEATURE_ADVICE = {
    "ip_host": N_("Take the host with `urlsplit(url).hostname`: in an address with `@`, the "
                  "real host is what comes after the `@`."),
    "at_sign": N_("Look for `@` anywhere in the address: `\"@\" in url`."),
    "redirect": N_("Look for `//` only after the `://` of the scheme: "
                   "`url.split(\"://\", 1)[1]`."),
    "hyphen": N_("Look for `-` in the host only, not in the path (a date such as "
                 "2024-03-15 in a path is harmless)."),
    "dots": N_("Count the dots of the host only (`host.count(\".\")`, with the host from "
               "`urlsplit(url).hostname`), not of the whole address: `index.html` is not a "
               "sub-domain, and the part before an `@` is not the host."),
    "length": N_("`len(url)` counts every character of the address, a Chinese character as one."),
}


def compare_features(url_features, url: str) -> None:
    shown = f"url_features({url!r})"
    got = as_plain(call(url_features, url, what="url_features"), _returned(shown))
    if not isinstance(got, dict):
        raise CheckFailed(_("`{call}` should return a dictionary with the six features, but it "
                            "returned {kind}.", call=shown, kind=type(got).__name__))
    if sorted(map(str, got)) != sorted(FEATURE_KEYS):
        raise CheckFailed(_("The keys of `{call}` should be exactly {keys}; yours are: {yours}.",
                            call=shown, keys=", ".join(FEATURE_KEYS), yours=", ".join(map(str, got))))
    want = expected_features(url)
    for k in FEATURE_KEYS[:4]:
        v = got[k]
        if not (isinstance(v, bool) or (isinstance(v, int) and v in (0, 1))):
            raise CheckFailed(_("`{feature}` in `{call}` should be True or False; it is {value}.",
                                feature=k, call=shown, value=repr(v)))
        if bool(v) != want[k]:
            host = _host(url)
            if k == "ip_host" and v and re.search(r"\d+\.\d+\.\d+\.\d+", host):
                raise CheckFailed(_("`ip_host` is True for {url}, but its host {host} is a name "
                                    "that only begins with four numbers. The whole host must be the "
                                    "four numbers: use `re.fullmatch(...)`, not `re.search(...)` or "
                                    "`re.match(...)`.", url=repr(url), host=repr(host)))
            if k == "at_sign" and "@" in url and "@" not in urlsplit(url).netloc:
                raise CheckFailed(_("`at_sign` is wrong for {url}: its `@` comes after the host, in "
                                    "the path. The question asks whether the address contains `@` "
                                    "anywhere: `\"@\" in url`.", url=repr(url)))
            raise CheckFailed(_("`{feature}` is wrong for {url}. {advice}", feature=k, url=repr(url),
                                advice=_(FEATURE_ADVICE[k])))
    for k in FEATURE_KEYS[4:]:
        v = got[k]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v != want[k]:
            raise CheckFailed(_("`{feature}` is wrong for {url}. {advice}", feature=k, url=repr(url),
                                advice=_(FEATURE_ADVICE[k])))


def _check_features(url_features) -> str:
    for url in FEATURE_EXAMPLES:
        compare_features(url_features, url)
    return _("the six warning signs of a phishing address, measured as asked.")


class _Missing:
    """Stands for an answer name the notebook has not defined (yet)."""


MISSING = _Missing()


@dataclasses.dataclass
class _InOrder(Question):
    """A question with several answers, checked in the order of `names`: a name that is not
    defined yet is reported only after the answers before it have passed, so a trainee whose
    cell stopped halfway hears about what is wrong in the first part (generic: could move to
    `course.question`)."""

    def _answers(self, namespace: dict) -> dict:
        have = tuple(n for n in self.names if n in namespace)
        if not have:
            return Question._answers(self, namespace)
        got = Question._answers(dataclasses.replace(self, names=have), namespace)
        return {n: got.get(n, MISSING) for n in self.names}


def _defined(value, name: str, made_by: str) -> None:
    """`made_by`: what the name holds, marked with N_() by the caller."""
    if value is MISSING:
        raise CheckFailed(_("I can't find `{name}` yet. Run the answer cell above this check; it must "
                            "create `{name}` ({what}). If that cell stopped with an error, read the "
                            "error: it names the line to fix.", name=name, what=_(made_by)))


def _check_rule(scores, rule_pred) -> str:
    _defined(scores, "scores", N_("the number of warning signs of every address"))
    if type(scores) is not pd.Series:
        raise CheckFailed(_("`scores` should be a pandas Series (url_id -> score), but it is a "
                            "{kind}. Adding up columns of a table gives a Series.",
                            kind=type(scores).__name__))
    key = answer_key()
    got = as_plain(scores, "`scores`")
    index = [str(i) for i in got["index"]]
    if sorted(index) != sorted(key["scores"]):
        raise CheckFailed(_("`scores` should have one entry for every address (training and held-out), "
                            "with the `url_id` as its index: build the table of features with "
                            "`index=urls[\"url_id\"]`."))
    values = dict(zip(index, got["values"]))
    if all(isinstance(v, bool) for v in values.values()):
        raise CheckFailed(_("`scores` holds True/False, not numbers from 0 to 6. Adding True/False "
                            "columns with `+` gives True/False again (\"or\", not a count), so the "
                            "thresholds 2 and 3 find nothing. Turn the first column into numbers "
                            "before adding: `features[\"ip_host\"].astype(int) + features[\"at_sign\"] + ...`."))
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values.values()):
        raise CheckFailed(_("The values of `scores` should be whole numbers (0 to 6), the count of "
                            "warning signs. Add the True/False columns up after `.astype(int)`."))
    wrong = [i for i in index if values[i] != key["scores"][i]]
    if wrong:
        raise CheckFailed(_("{count} scores are not right, for example address {example}. One "
                            "point each for: IP host, `@`, `//` redirect, hyphen in the host, three or "
                            "more dots in the host (`>= 3`), longer than 75 characters (`> 75`).",
                            count=len(wrong), example=wrong[0]))
    _defined(rule_pred, "rule_pred", N_("True/False for each held-out address"))
    flags = _predictions(rule_pred, "rule_pred")
    test = key["test_ids"]
    chosen = [t for t in (1, 2, 3, 4, 5, 6) if all(flags[i] == (key["scores"][i] >= t) for i in test)]
    if not chosen:
        raise CheckFailed(_("`rule_pred` is not \"score >= t\" for one threshold t: use the same t for "
                            "every held-out address, `rule_pred = scores[~train] >= t`."))
    t = chosen[0]
    if t != key["threshold"]:
        p = key["train_precision"].get(t)
        if p is not None and p < 0.8:
            precision = f"{p:.2f}"
            raise CheckFailed(_("`rule_pred` uses the threshold {threshold}. On the training rows, "
                                "\"score >= {threshold}\" has a precision of {precision}, below 0.8: too "
                                "many false alarms. Take the smallest t whose training precision is at "
                                "least 0.8.", threshold=t, precision=precision))
        raise CheckFailed(_("`rule_pred` uses the threshold {threshold}, but a smaller one already "
                            "reaches a training precision of 0.8. Take the smallest such t: a higher "
                            "one misses more phishing addresses.", threshold=t))
    return _("the scores are right; `rule_pred` applies the threshold the training rows support.")


@functools.lru_cache(maxsize=2)
def _tree_predictions(leak: bool) -> dict[str, bool]:
    """What the question's tree predicts for the held-out rows: trained on the training rows
    (leak=False), or on all 1,200 rows, the held-out ones (no label, so "not phishing")
    included (leak=True: the mistake to recognise). No held-out label is read."""
    from sklearn.tree import DecisionTreeClassifier
    urls = data.load("urls")
    rows = []
    for u in urls["url"]:
        f = expected_features(u)
        rows.append([f[k] for k in FEATURE_KEYS] + [u.startswith("https://"),
                                                    sum(w in u.lower() for w in KEYWORDS)])
    target = [lab == "phishing" for lab in urls["label"]]
    learn = range(len(rows)) if leak else [i for i, s in enumerate(urls["split"]) if s == "train"]
    tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit([rows[i] for i in learn],
                                                                   [target[i] for i in learn])
    test = [i for i, s in enumerate(urls["split"]) if s == "test"]
    pred = tree.predict([rows[i] for i in test])
    return {urls["url_id"][i]: bool(p) for i, p in zip(test, pred)}


def _check_model(model_pred) -> str:
    flags = _predictions(model_pred, "model_pred")
    if all(flags.values()) or not any(flags.values()):
        raise CheckFailed(_("`model_pred` gives the same answer for every address. Did the model "
                            "train on the labelled rows, with the labels as True/False?"))
    leaked = _tree_predictions(leak=True)
    if flags == leaked:
        raise CheckFailed(_("`model_pred` is what the tree predicts when it learns from all 1,200 rows. "
                            "The held-out rows have no label, so `== \"phishing\"` calls them all "
                            "legitimate and the tree learns that wrong answer. Fit on the training "
                            "rows only: `.fit(X[train], y_train)`."))
    # The question fixes the tree, its inputs and its training rows, so its predictions are
    # fixed too (another column order gives the same). A walkthrough's `X["https"] =
    # urls["url"].str...` without `.to_numpy()` left two empty (NaN) columns, which the tree
    # silently ignores: 13% of the predictions differed, and nothing said so.
    right = _tree_predictions(leak=False)
    differ = sum(flags.get(url_id) != pred for url_id, pred in right.items())
    if differ > 0.05 * len(right):
        raise CheckFailed(_("`model_pred` differs from what the question's tree predicts for {count} of the "
                            "{total} held-out addresses. Check the inputs: `X.isna().sum()` should be 0 in "
                            "every column (a column made from `urls[...]` needs `.to_numpy()`, because "
                            "`features` is indexed by `url_id`); `keywords` counts how many of the five words "
                            "appear; the tree is `DecisionTreeClassifier(max_depth=4, random_state=0)`, fitted on "
                            "`X[train]` and `y_train`.", count=differ, total=len(right)))
    return _("`model_pred` has a prediction for every held-out address.")


def _check_hashes(hashes_now) -> str:
    got = as_plain(hashes_now, "`hashes_now`")
    if not isinstance(got, dict):
        raise CheckFailed(_("`hashes_now` should be a dictionary (file name -> SHA-256), but it is "
                            "{kind}.", kind=type(got).__name__))
    key = answer_key()["hashes_now"]
    names = [str(k) for k in got]
    if any("/" in n or "\\" in n for n in names):
        raise CheckFailed(_("The keys of `hashes_now` are whole paths. Use the file name only: "
                            "`path.name`."))
    if sorted(names) != sorted(key):
        raise CheckFailed(_("`hashes_now` has {count} entries; the evidence folder has "
                            "{files} files. Make one entry per file in the folder, keyed by its "
                            "name.", count=len(names), files=len(key)))
    values = {str(k): v for k, v in got.items()}
    if not _hexes(values.values()):
        raise CheckFailed(_("The values of `hashes_now` should be hex text, as `.hexdigest()` gives it."))
    if all(len(v) == 32 for v in values.values()):
        raise CheckFailed(_("The values of `hashes_now` have 32 hex digits: that is MD5. The manifest "
                            "uses SHA-256 (64 hex digits): `hashlib.sha256(...)`."))
    if any(len(v) != 64 for v in values.values()):
        raise CheckFailed(_("Each value of `hashes_now` should be a SHA-256 value of 64 hex digits."))
    if all(v.lower() == hashlib.sha256(n.encode("utf-8")).hexdigest() for n, v in values.items()):
        raise CheckFailed(_("`hashes_now` holds the hashes of the file names. Hash the contents: "
                            "`path.read_bytes()`."))
    wrong = sorted(n for n in names if values[n].lower() != key[n])
    if wrong:
        raise CheckFailed(_("{count} values are not the SHA-256 of the file's bytes, e.g. "
                            "{example}. Read each file as bytes (`path.read_bytes()`, or "
                            "`open(path, \"rb\")`): reading it as text changes Windows line ends and "
                            "cannot read binary files.", count=len(wrong), example=wrong[0]))
    return _("the SHA-256 of all {count} files in the folder.", count=len(names))


def _status_counts(have: dict[str, int]) -> str:
    """How many files have each status, such as "9 ok, 2 altered, ..." (the statuses are data:
    the values of the `status` column, never translated)."""
    # TRANSLATORS: {status} is a value of the `status` column, kept as it is; {count}: how many files
    counts = [_("{count} {status}", count=have[s], status=s) for s in STATUSES]
    # TRANSLATORS: what separates two of those counts in a list
    return _(", ").join(counts)


def _check_report(report) -> str:
    df = _table(report, "report", ["file_name", "status", "found_as"])
    got = as_plain(df[["file_name", "status", "found_as"]], "report")
    names = [str(n) for n in got["data"]["file_name"]]
    status = [str(s) for s in got["data"]["status"]]
    if any(not isinstance(f, str) for f in got["data"]["found_as"]):
        raise CheckFailed(_("Some rows of `report` have no text in `found_as` (None or NaN). The "
                            "question asks for the empty text `\"\"` for a missing file, so that the "
                            "column holds text in every row: write `\"\"`, or add "
                            "`.fillna(\"\")` to the column."))
    key = answer_key()["status"]
    odd = sorted(set(status) - set(STATUSES))
    if odd:
        raise CheckFailed(_("`status` should only hold {statuses}; it also holds: {others}.",
                            statuses=", ".join(STATUSES), others=", ".join(odd)))
    if len(names) != len(set(names)):
        raise CheckFailed(_("A file appears twice in `report`. A renamed file is one row, under its "
                            "name in the manifest, with its new name in `found_as`; it is not also "
                            "an extra file."))
    want = {s: sum(1 for v in key.values() if v[0] == s) for s in STATUSES}
    have = {s: status.count(s) for s in STATUSES}
    manifest = answer_key()["manifest"]
    if not set(manifest) <= set(names):
        raise CheckFailed(_("Every file of the manifest needs one row in `report`, also the ones that "
                            "are missing now."))
    if have["altered"] > want["altered"] + want["ok"] // 2:
        raise CheckFailed(_("`report` calls {count} files altered: nearly all of them. The "
                            "manifest writes SHA-256 in capitals, `.hexdigest()` in small letters; "
                            "compare them in the same case (`.str.lower()`).", count=have["altered"]))
    if have["renamed"] == 0 and have["missing"] > want["missing"]:
        raise CheckFailed(_("`report` has no renamed file but {missing} missing and "
                            "{extra} extra ones. A file that is gone under its old name may be "
                            "in the folder under a new one: look its manifest hash up among the "
                            "hashes of the files now before you call it missing.",
                            missing=have["missing"], extra=have["extra"]))
    if have["altered"] < want["altered"]:
        raise CheckFailed(_("`report` finds only {count} altered file(s). Two files "
                            "changed without changing size: compare the hashes, not the sizes.",
                            count=have["altered"]))
    if have == want:
        found = dict(zip(names, (str(f) for f in got["data"]["found_as"])))
        for name, (st, now) in key.items():
            if found.get(name) == now:
                continue
            if st == "renamed":
                raise CheckFailed(_("`found_as` of the renamed file {name} should be its name in the "
                                    "folder now, the file whose SHA-256 matches, not its name in the "
                                    "manifest.", name=name))
            if st == "missing":
                raise CheckFailed(_("`found_as` of the missing file {name} should be the empty text "
                                    "`\"\"`: it is nowhere in the folder.", name=name))
            raise CheckFailed(_("`found_as` of {name} ({status}) should be the file's own name: it is in "
                                "the folder under that name.", name=name, status=st))
    if have != want:
        raise CheckFailed(_("`report` has {counts}; that is not what the hashes show. Compare each "
                            "manifest file by name first, then by hash, and list files in the folder "
                            "that the manifest does not know as extra.", counts=_status_counts(have)))
    return _("{count} rows: {counts}.", count=len(names), counts=_status_counts(have))


def _mask_examples() -> list[str]:
    ids = list(answer_key()["citizens"]["id_number"])
    with_x = [i for i in ids if i.endswith("X")]
    spaced = " ".join(ids[2][i:i + 4] for i in range(0, 18, 4))   # typed in groups of four
    return [ids[0], ids[1]] + [i[:17] + "x" for i in with_x[:1]] + [spaced]


def _check_mask(mask_id) -> str:
    for raw in _mask_examples():
        shown = f"mask_id({raw!r})"
        got = _text(call(mask_id, raw, what="mask_id"), f"`{shown}`")
        want = expected_mask(raw)
        if got == want:
            continue
        if any(c.isspace() for c in got):
            raise CheckFailed(_("`{call}` returned {value}, which still holds a space or a tab. "
                                "Remove every space and tab, also inside the number: "
                                "`re.sub(r\"\\s+\", \"\", text)` (`.strip()` removes them only at the ends).",
                                call=shown, value=repr(got)))
        if not got.isascii():
            raise CheckFailed(_("`{call}` returned {value}, which still holds full-width characters "
                                "such as `３` or `ｘ`. Fold them into ordinary ones first, as in module "
                                "01: `unicodedata.normalize(\"NFKC\", id_number)`.", call=shown, value=repr(got)))
        if got.endswith("x"):
            raise CheckFailed(_("`{call}` returned {value}, which ends with a small `x`. The question "
                                "asks for a capital `X`: add `.upper()`.", call=shown, value=repr(got)))
        if raw[6:14] in got:
            raise CheckFailed(_("`{call}` returned {value}: the birth date (characters 7 to 14) "
                                "is still readable, and with the region and sex it points to one "
                                "person. Hide characters 7 to 14.", call=shown, value=repr(got)))
        if len(got) != 18:
            raise CheckFailed(_("`{call}` returned {count} characters. Keep the length of 18: "
                                "6 characters, 8 stars, 4 characters.", call=shown, count=len(got)))
        raise CheckFailed(_("`{call}` returned {value}. Keep the first 6 characters (the region) "
                            "and the last 4, and write 8 stars `*` in between.", call=shown, value=repr(got)))
    return _("the region and the last four characters stay; the birth date is hidden.")


def _check_recovered(recovered) -> str:
    got = as_plain(recovered, "`recovered`")
    if not isinstance(got, dict):
        raise CheckFailed(_("`recovered` should be a dictionary (caller hash -> phone number), but "
                            "it is {kind}.", kind=type(got).__name__))
    key = answer_key()
    want = key["recovered"]
    if not got:
        raise CheckFailed(_("`recovered` is empty: none of your guesses matched. Write each number as "
                            "the operator did: 11 digits, no spaces or dashes, e.g. 10000000042 "
                            "(`f\"1000000{k:04d}\"`), and hash its text with SHA-256."))
    if not set(map(str, got)) <= set(want):
        raise CheckFailed(_("Some keys of `recovered` are not caller hashes of `hashed_calls`. Use "
                            "the `caller_sha256` values as keys."))
    numbers = [v for v in got.values() if not isinstance(v, str)]
    if numbers:
        raise CheckFailed(_("The phone numbers in `recovered` should be text (such as \"10000000042\"), "
                            "but some are {kind}. Keep the text you hashed as the "
                            "value, not `int(...)` of it: a number loses the leading zeros of other "
                            "blocks and does not match a text column such as `citizens[\"phone\"]`.",
                            kind=type(numbers[0]).__name__))
    wrong = [h for h, v in got.items() if str(v) != want[h]]
    if wrong:
        raise CheckFailed(_("Some hashes in `recovered` point to the wrong number. Keep each number as "
                            "text, exactly as you hashed it."))
    missing = [want[h] for h in want if h not in got]
    if missing:
        low = [p for p in missing if int(p[-4:]) < 1000]
        hint = (_("Numbers such as 10000000042 need their zeros: `f\"{k:04d}\"` writes 42 as 0042.")
                if low else _("Try all 10,000 endings, 0000 to 9999: `range(10_000)` stops before "
                              "10,000 and includes 9,999."))
        raise CheckFailed(_("`recovered` has {count} of the {total} callers. {advice}", count=len(got),
                            total=key["n_callers"], advice=hint))
    return _("all {count} callers identified by trying 10,000 numbers: a plain hash hid nothing.",
             count=len(got))


PSEUDO_EXAMPLES = [("349901195612106051", HMAC_KEY), ("10000001234", "another-key")]
IDENTIFIERS = ["name", "id_number", "phone"]
SHARED_COLUMNS = ["pid", "age", "sex", "township", "diagnosis"]


def _check_pseudonyms(pseudonymise, shared) -> str:
    for value, secret in PSEUDO_EXAMPLES:
        shown = f"pseudonymise({value!r}, {secret!r})"
        got = _text(call(pseudonymise, value, secret, what="pseudonymise"), f"`{shown}`")
        if got == expected_pseudonym(value, secret):
            continue
        if got == expected_pseudonym(secret, value):
            raise CheckFailed(_("`{call}` swapped the key and the value: the key comes first in "
                                "`hmac.new(key, value, hashlib.sha256)`.", call=shown))
        plain_hashes = {hashlib.sha256(x.encode()).hexdigest() for x in
                        (value, secret + value, value + secret)}
        if got in plain_hashes:
            raise CheckFailed(_("`{call}` is a plain SHA-256 hash. Anyone can recompute a plain hash "
                                "(or a hash of key and value glued together, which has known "
                                "weaknesses); use `hmac.new(...)`.", call=shown))
        raise CheckFailed(_("`{call}` is not the HMAC-SHA256 of the value with that key, in hex. "
                            "Encode both as UTF-8 and return `.hexdigest()`.", call=shown))
    df = _table(shared, "shared", ["pid"])
    kept = [c for c in IDENTIFIERS if c in df.columns]
    if kept:
        raise CheckFailed(_("`shared` still has the column {columns}. The analyst needs none "
                            "of them: drop every direct identifier (minimum necessary, PIPL art. 6).",
                            columns=", ".join(kept)))
    extra = [str(c) for c in df.columns if c not in SHARED_COLUMNS]
    absent = [c for c in SHARED_COLUMNS if c not in df.columns]
    wanted = ", ".join(SHARED_COLUMNS)
    if extra:
        raise CheckFailed(_("`shared` should have exactly the columns {wanted}, but it also has "
                            "{extra}. Select the five by name: `[[\"pid\", \"age\", ...]]`.",
                            wanted=wanted, extra=", ".join(extra)))
    if absent:
        raise CheckFailed(_("`shared` should have exactly the columns {wanted}, but it lacks "
                            "{absent}. Select the five by name: `[[\"pid\", \"age\", ...]]`.",
                            wanted=wanted, absent=", ".join(absent)))
    pids = [str(p) for p in as_plain(df["pid"], _("column `pid`"))["values"]]
    if pids != answer_key()["pid"] and sorted(pids) == sorted(answer_key()["pid"]):
        raise CheckFailed(_("The rows of `shared` are not in the order of `citizens`: the pseudonyms are "
                            "right, but sorted or shuffled. Keep the rows as they come (no "
                            "`.sort_values(...)`), so that the analyst's extract lines up with the register."))
    if pids != answer_key()["pid"]:
        raise CheckFailed(_("The `pid` column is not the HMAC pseudonym of each person's ID number "
                            "with `HMAC_KEY`, in the order of `citizens`."))
    return _("a keyed pseudonym in place of the identifiers.")


def band_range(band) -> tuple[float, float] | None:
    """The ages (lowest, highest) a band label such as "50-59", "80+" or "18-49" covers; None if
    it cannot be read."""
    text = str(band).strip().replace("–", "-").replace(" ", "")
    m = re.fullmatch(r"(\d+)-(\d+)", text)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.fullmatch(r"(\d+)\+", text)
    if m:
        return int(m.group(1)), float("inf")
    m = re.fullmatch(r"(?:<|under)(\d+)", text)
    if m:
        return float("-inf"), int(m.group(1)) - 1
    return None


def _check_bands(bands: list) -> None:
    """Each band is text that names its ages, and no two bands share an age."""
    numbers = [b for b in bands if isinstance(b, (int, float)) and not isinstance(b, bool)]
    if numbers:
        raise CheckFailed(_("`age_band` holds numbers (such as {example}), but the question asks "
                            "for text that names the band, such as \"60-69\": build it with an "
                            "f-string, `f\"{{start}}-{{start + 9}}\"`.", example=repr(numbers[0])))
    ranges = {}
    for b in set(map(str, bands)):
        r = band_range(b)
        if r is None or r[0] > r[1]:
            raise CheckFailed(_("The band {band} in `age_band` cannot be read as a range of ages. Write "
                                "bands as \"60-69\" (both ends included) and the open one as "
                                "\"80+\"; an age that falls outside every band of `pd.cut` becomes "
                                "NaN: start the first band at or below the youngest age.", band=repr(b)))
        ranges[b] = r
    ordered = sorted(ranges.items(), key=lambda item: item[1])
    for (a, (_a_lo, a_hi)), (b, (b_lo, _b_hi)) in zip(ordered, ordered[1:]):
        if b_lo <= a_hi:
            raise CheckFailed(_("The bands {first} and {second} overlap: an age of {age} fits in both, so a "
                                "reader cannot tell which band a person is in. Let each band end one "
                                "year before the next begins, such as \"18-49\" and \"50-59\".",
                                first=repr(a), second=repr(b), age=b_lo))


def _check_k(k_raw, generalised) -> str:
    key = answer_key()
    k = as_plain(k_raw, "`k_raw`")
    if isinstance(k, bool) or not isinstance(k, (int, float)):
        raise CheckFailed(_("`k_raw` should be one whole number: the size of the smallest group of "
                            "people who share age, sex and township; it is a "
                            "{kind}. `.size().min()` after `groupby([...])` gives it.",
                            kind=type(k).__name__))
    if isinstance(k, float):
        raise CheckFailed(_("`k_raw` is {value}, a decimal number, but k counts people: write it as a "
                            "whole number with `int(...)`.", value=repr(k)))
    if int(k) != key["k_raw"]:
        raise CheckFailed(_("`k_raw` is {value}, which is not the size of the smallest group over "
                            "the three quasi-identifiers age, sex and township. Group by exactly those "
                            "three columns (`groupby([...]).size()`) and take the smallest group "
                            "(`.min()`); the diagnosis is what we protect, not a quasi-identifier.",
                            value=int(k)))
    df = _table(generalised, "generalised", ["pid", "age_band", "sex", "township", "diagnosis"])
    kept = [c for c in IDENTIFIERS + ["age"] if c in df.columns]
    if kept:
        raise CheckFailed(_("`generalised` still has the column {columns}: the exact value "
                            "undoes the generalisation. Drop it.", columns=", ".join(kept)))
    got = as_plain(df[["age_band", "sex", "township"]], "generalised")
    _check_bands(list(got["data"]["age_band"]))
    rows = list(zip(*(got["data"][c] for c in ("age_band", "sex", "township"))))
    if len(rows) != len(key["pid"]):
        raise CheckFailed(_("`generalised` has {count} rows; the register has {expected}. "
                            "Generalise every person; do not drop rows.", count=len(rows),
                            expected=len(key["pid"])))
    pids = [str(p) for p in as_plain(df["pid"], _("column `pid`"))["values"]]
    if sorted(pids) != sorted(key["pid"]):
        raise CheckFailed(_("The `pid` column of `generalised` should be the one of `shared`: start "
                            "from `shared` and replace only the age."))
    age_of = dict(zip(key["pid"], (int(a) for a in key["citizens"]["age"])))
    for pid, band in zip(pids, got["data"]["age_band"]):
        low, high = band_range(band)
        if not low <= age_of[pid] <= high:
            raise CheckFailed(_("Someone aged {age} is in the band {band}, which does not "
                                "contain that age. Compute each person's band from their own age "
                                "(`shared[\"age\"].astype(int).map(band)`), and let the bands "
                                "cover every age from 18 up.", age=age_of[pid], band=repr(band)))
    sizes: dict[tuple, int] = {}
    for r in rows:
        sizes[tuple(map(str, r))] = sizes.get(tuple(map(str, r)), 0) + 1
    smallest = min(sizes.values())
    if smallest < 5:
        raise CheckFailed(_("Over age band, sex and township together, the smallest group of "
                            "`generalised` has {count} person(s), so k = {count}, not yet 5. Check "
                            "k over all three quasi-identifiers, and widen the bands where groups are "
                            "small (the youngest and the oldest).", count=smallest))
    return _("k = {k} after generalisation, up from {k_raw}.", k=smallest, k_raw=key["k_raw"])


# --- the questions, in notebook order ------------------------------------------------------

_q = question_maker(ASSIGNMENT)


reused = _q(1, "reused", N_("passwords shared by several accounts"), ("reused",), _check_reused, [
    N_("An unsalted hash of the same password is always the same text, so repeated passwords show "
       "as repeated hashes. First make one spelling: `accounts[\"password_md5\"].str.lower()`."),
    N_("`.value_counts()` on that lower-case column counts each hash, largest first."),
    N_("`counts = accounts[\"password_md5\"].str.lower().value_counts()`, then keep "
       "`counts[counts >= 2]`."),
])
cracked = _q(2, "cracked", N_("a dictionary attack"), ("cracked",), _check_cracked, [
    N_("Read the list with `wordlist_path.read_text(encoding=\"utf-8\").splitlines()`: `.splitlines()` "
       "drops the line ends, which would otherwise be hashed too."),
    N_("Build a dictionary from hash to word: `{hashlib.md5(w.encode(\"utf-8\")).hexdigest(): w for w "
       "in words}`."),
    N_("`.map(that_dictionary)` on the lower-case hash column gives the password or NaN; keep the rows "
       "where it is not NaN (`.notna()`), with the columns `user_id` and `password`."),
])
salted_hash = _q(3, "salted_hash", N_("store a password the right way"), ("hash_password", "new_record"),
                 _check_salted, [
    N_("`hashlib.pbkdf2_hmac(\"sha256\", password_bytes, salt_bytes, ITERATIONS)` returns bytes; "
       "`.hex()` turns them into text."),
    N_("The password becomes bytes with `password.encode(\"utf-8\")`; the salt is hex text, so it "
       "becomes bytes with `bytes.fromhex(salt)`."),
    N_("In `new_record`: `salt = secrets.token_hex(16)` inside the function (a new salt at every call), "
       "then `return salt + \"$\" + hash_password(password, salt)`."),
])
strength = _q(4, "strength", N_("password strength rules"), ("strong_enough",), _check_strength, [
    N_("Write the three rules as three True/False values, then combine them with `and`."),
    N_("For the kinds, `re.search(r\"[A-Z]\", password)` finds a capital (or gives None); do the same "
       "with `[a-z]`, `[0-9]` and `[^A-Za-z0-9]` (anything else, Chinese characters included), turn "
       "each result into True/False with `bool(...)` and add the four up: True counts as 1."),
    N_("`len(password) >= 12 and kinds >= 3 and password.lower() not in {w.lower() for w in common}`"),
])
url_features = _q(5, "url_features", N_("warning signs in a web address"), ("url_features",),
                  _check_features, [
    N_("Work with two texts: `host = urlsplit(url).hostname or \"\"` for `ip_host`, `hyphen` and "
       "`dots` (`or \"\"` gives empty text where an address has no host, instead of None), and the "
       "whole `url` for `at_sign`, `redirect` and `length`."),
    N_("`re.fullmatch(r\"\\d+\\.\\d+\\.\\d+\\.\\d+\", host)` matches an IP address; `is not None` "
       "turns the result into True/False. For the redirect, look in `url.split(\"://\", 1)[1]`."),
    N_("Return `{\"ip_host\": ..., \"at_sign\": \"@\" in url, \"redirect\": ..., \"hyphen\": \"-\" in "
       "host, \"dots\": host.count(\".\"), \"length\": len(url)}`."),
])
rule = _InOrder(qid="rule", number=6, title=N_("a rule score and its threshold"),
               names=("scores", "rule_pred"), checker=_check_rule, assignment=ASSIGNMENT, hints=[
    N_("A score is a count, so its parts must be numbers: `features[\"ip_host\"].astype(int)` turns "
       "True/False into 1/0. Once the first part is a number, adding True/False columns to it "
       "counts each True as 1; True/False plus True/False alone stays True/False."),
    N_("`scores = features[\"ip_host\"].astype(int) + features[\"at_sign\"] + features[\"redirect\"] "
       "+ features[\"hyphen\"] + (features[\"dots\"] >= 3) + (features[\"length\"] > 75)`."),
    N_("In a loop over t = 1, 2, 3: `flagged = (scores[train] >= t).to_numpy()`, then "
       "`precision_score(y_train, flagged, zero_division=0)` and `recall_score(y_train, flagged)`. "
       "Take the smallest t with a precision of at least 0.8; `rule_pred = scores[~train] >= t` keeps "
       "the `url_id` of the held-out rows as its index."),
])
model = _q(7, "model", N_("a small classifier"), ("model_pred",), _check_model, [
    N_("Start from `features` of Question 6 and add two columns: `https` "
       "(`urls[\"url\"].str.startswith(\"https://\").to_numpy()`: `.to_numpy()` because `features` "
       "is indexed by `url_id`) and `keywords`: with `lure_words = [\"login\", \"verify\", "
       "\"secure\", \"account\", \"update\"]`, the list "
       "`[sum(w in u.lower() for w in lure_words) for u in urls[\"url\"]]`."),
    N_("`DecisionTreeClassifier(max_depth=4, random_state=0).fit(X[train], y_train)` learns from the "
       "labelled rows only. `train` and `y_train` are the ones Question 6's answer cell made: `y_train` "
       "is already True/False (True where a training address is phishing), so use it as it is."),
    N_("`model_pred = pd.Series(tree.predict(X[~train]), index=X.index[~train])`."),
])
hashes_now = _q(8, "hashes_now", N_("integrity check values of the evidence"), ("hashes_now",),
                _check_hashes, [
    N_("An integrity check value is computed from the bytes exactly as stored: `path.read_bytes()`. "
       "Reading the file as text would change Windows line ends and fail on the binary fragments."),
    N_("`hashlib.sha256(some_bytes).hexdigest()` gives the value as hex text in small letters."),
    N_("Inside the loop: `hashes_now[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()`"),
])
report = _q(9, "report", N_("the verification report"), ("report",), _check_report, [
    N_("Decide each manifest file in this order: is its name in `hashes_now`? (then ok or altered, by "
       "comparing the hashes); if not, is its hash in `name_now`? (renamed); if neither, missing."),
    N_("Collect one tuple `(file_name, status, found_as)` per file in a list `rows`; `name_now[digest]` "
       "is the new name of a renamed file. Then add as extra every name of `hashes_now` that is "
       "neither in `seized` nor the new name of a renamed file."),
    N_("`report = pd.DataFrame(rows, columns=[\"file_name\", \"status\", \"found_as\"])`"),
])
mask_id = _q(10, "mask_id", N_("mask an ID number"), ("mask_id",), _check_mask, [
    N_("Work on `clean`, which the first line of the function gives you: it is 18 ordinary characters."),
    N_("Slicing the clean text: `clean[:6]` is the region, `clean[14:]` the last four characters, and "
       "`\"*\" * 8` writes eight stars."),
    N_("`return clean[:6] + \"*\" * 8 + clean[14:]`"),
])
phone_hashes = _q(11, "phone_hashes", N_("undo a plain hash by trying every number"), ("recovered",),
                  _check_recovered, [
    N_("There are only 10,000 numbers in the block: make each one with "
       "`f\"1000000{k:04d}\"` for `k` in `range(10_000)`."),
    N_("Hash each one exactly as the operator did: `hashlib.sha256(phone.encode(\"ascii\")).hexdigest()`, "
       "and keep a dictionary hash -> phone."),
    N_("`recovered = {h: table[h] for h in calls[\"caller_sha256\"].unique() if h in table}`"),
])
pseudonyms = _q(12, "pseudonyms", N_("keyed pseudonyms and minimum columns"), ("pseudonymise", "shared"),
                _check_pseudonyms, [
    N_("`hmac.new(key_bytes, value_bytes, hashlib.sha256).hexdigest()`: the key first, both "
       "encoded with `.encode(\"utf-8\")`."),
    N_("Add `pid` with `citizens[\"id_number\"].map(lambda v: pseudonymise(v, HMAC_KEY))`."),
    N_("Then keep only what the analyst needs: `citizens.assign(pid=...)[[\"pid\", \"age\", \"sex\", "
       "\"township\", \"diagnosis\"]]`."),
])
k_anonymity = _q(13, "k_anonymity", N_("k-anonymity and generalisation"), ("k_raw", "generalised"), _check_k, [
    N_("k is the size of the smallest group of rows that share every quasi-identifier: "
       "`int(citizens.groupby([\"age\", \"sex\", \"township\"]).size().min())`."),
    N_("Write a small function `band(age)`: `if age < 50: return \"18-49\"`, `if age >= 80: return "
       "\"80+\"`, otherwise `start = age // 10 * 10` and `return f\"{start}-{start + 9}\"`."),
    N_("`generalised = shared.assign(age_band=shared[\"age\"].astype(int).map(band)).drop(columns=\"age\")`; "
       "then `generalised.groupby([\"age_band\", \"sex\", \"township\"]).size().min()` shows the new k."),
])

QUESTIONS = [reused, cracked, salted_hash, strength, url_features, rule, model, hashes_now, report,
             mask_id, phone_hashes, pseudonyms, k_anonymity]
