"""Generator for module 05 (network security II: protection): passwords, URLs, evidence, personal data.

Five small exhibits of the kind a prosecutor meets when a case turns on how data were
protected, each with the ground truth of what was planted in it:

- the user table of a seized online-lending app, passwords stored as unsalted MD5, and a
  dictionary of common passwords built from patterns (words and years, keyboard walks,
  pinyin names and birthdays);
- web addresses reported to the county's anti-fraud centre, some labelled, some held out;
- a folder of seized electronic evidence with the manifest made at seizure, and the folder
  as it is now, with a few files altered, renamed, lost or added;
- a chronic-disease register and a table of call records "anonymised" with a plain hash of
  the caller's phone number.

Everything is drawn from one seeded `random.Random`; the same seed gives byte-identical
files in a fraction of a second. Hosts use only the documentation IP ranges and the
reserved `.example` / `.test` domains; phone numbers the block 100-0000-xxxx (no Chinese
mobile number begins with 10); ID numbers the course's fictional region codes.
"""
from __future__ import annotations

import hashlib
import random
import string

import pandas as pd

from course import idcard
from course.data.schema import Column, Table

# Bump when the output changes in any way: stale copies on trainees' machines are rebuilt.
VERSION = "6"
DEFAULT_SEED = 20240318

# --- constants the exercises refer to --------------------------------------------------

DOC_NETS = ("192.0.2", "198.51.100", "203.0.113")   # RFC 5737 documentation ranges
PHONE_BLOCK = "1000000"                              # 11-digit numbers 1000000 0000-9999: no
                                                     # Chinese mobile number begins with 10
REFERENCE_DAY = pd.Timestamp("2024-06-30")           # ages in `citizens` are on this day

SURNAMES = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou",
            "xu", "sun", "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo"]
GIVEN = ["wei", "fang", "na", "xiuying", "min", "jing", "li", "qiang", "lei", "jun", "yang",
         "yong", "yan", "jie", "juan", "tao", "ming", "chao", "lan", "xia", "ping", "gang"]
HANZI_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
HANZI_GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂")

WORDS = ["password", "iloveyou", "dragon", "monkey", "sunshine", "princess", "football",
         "welcome", "admin", "letmein", "master", "shadow", "superman", "baseball", "flower",
         "hello", "lucky", "tiger", "angel", "happy", "summer", "love", "woaini", "nihao",
         "aini", "wodemima", "zhongguo", "beijing", "shanghai", "anhui", "hefei", "wuhu",
         "money", "facai", "jiayou", "qq", "abc", "test", "user", "china"]
DIGIT_RUNS = ["123456", "12345678", "123456789", "1234567890", "111111", "000000", "666666",
              "888888", "999999", "123123", "112233", "520520", "5201314", "1314520",
              "147258369", "159357", "654321", "121212", "789456", "168168", "11111111",
              "00000000", "88888888", "12344321", "987654321"]
KEYBOARD = ["qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbnm", "1qaz2wsx", "qazwsx",
            "1q2w3e4r", "q1w2e3r4", "zaq12wsx", "1qaz@wsx", "qwe123", "asd123", "zxc123",
            "qweasd", "qweasdzxc", "1q2w3e", "!qaz2wsx", "qwer1234", "asdf1234", "a1b2c3",
            "abc123", "abcd1234", "aa123456", "qq123456"]
# Well-known Chinese love-number passwords ("I love you for a lifetime") that any real list has.
# They are appended to the published list after the accounts are drawn, so that the accounts
# (drawn from the list above) stay as they were.
FAMOUS = ["woaini1314", "aini1314", "iloveyou1314", "woaini5201314", "1314woaini"]
# Passwords that several accounts share although no dictionary has them: set by whoever
# registered the accounts in bulk.
BULK_PASSWORDS = ["Kd#2023@yh", "xd8866!QL", "QLagent-0601"]

MANIFEST_BY = ["Wang Lei", "Chen Jing"]

DIAGNOSES = {  # the sensitive attribute of the register, with its share
    "hypertension": 0.34, "type 2 diabetes": 0.24, "coronary heart disease": 0.12,
    "COPD": 0.09, "chronic kidney disease": 0.07, "depression": 0.07,
    "chronic hepatitis B": 0.05, "HIV infection": 0.02,
}

TABLES = [
    Table("leaked_accounts", "User table of the QuickLoan app (快贷), seized with its server",
          "the lending platform's database, exported by the police", [
              Column("user_id", "text", "account number, unique"),
              Column("username", "text", "login name (pinyin and digits)"),
              Column("email", "text", "e-mail address (`.example` / `.test` domains)"),
              Column("registered", "text, YYYY-MM-DD", "day the account was opened"),
              Column("password_md5", "text, 32 hex digits", "unsalted MD5 of the password, as the app stored it"),
          ], dirt=[
              "About 1 in 5 hashes is written in capital hex digits (`5F4DCC3B…`): an older part "
              "of the database stored them that way. Same hash, different case.",
              "Many accounts share a password, so the same hash appears many times.",
          ]),
    Table("wordlist", "Common passwords (字典)", "generated from patterns", file="wordlist.txt",
          layout="One password per line, UTF-8, lines end with `\\n`, no blank lines. Patterns: "
                 "common words alone and with a year (1960-2024), `123` or `!`; digit runs; "
                 "keyboard walks; pinyin full names with a birth year, a birthday (MMDD) or `123`."),
    Table("urls", "Web addresses reported to the anti-fraud centre (反诈中心)", "public reports and web logs", [
        Column("url_id", "text", "report number, unique"),
        Column("url", "text", "the address as reported"),
        Column("split", "text", "`train` (labelled, to build a rule or model) or `test` (held out)"),
        Column("label", "text", "`phishing` or `legitimate` for `train` rows; empty for `test` rows"),
    ], dirt=[
        "Legitimate addresses can look suspicious too: long addresses with query strings, "
        "hyphenated names, several sub-domains, digits in a name.",
        "Phishing addresses imitate official sites: look-alike names (`spp-gov.test`, "
        "`court.gov.cn.login.test`, `c0urt.test`), an IP address as host, `@` or `//` tricks.",
    ]),
    Table("evidence", "Seized electronic evidence (电子数据), the folder as it is now", "case file",
          file="evidence", layout="One file per exhibit: chat exports (`chat_NN.txt`, some with "
          "Windows line endings), payment receipts (`receipt_NN.csv`), notes (`note_NN.txt`) and "
          "binary phone-backup fragments (`backup_NN.dat`). Compare with `evidence_manifest`."),
    Table("evidence_manifest", "Evidence list (电子数据清单) attached to the record of collection and "
          "extraction (收集、提取笔录), made at seizure", "investigators", [
        Column("file_name", "text", "name of the file when it was seized"),
        Column("size_bytes", "integer", "size in bytes"),
        Column("sha256", "text, 64 hex digits", "SHA-256 integrity check value (完整性校验值), "
               "written in capital hex digits as the seizure tool prints it"),
        Column("source", "text", "where the file was extracted from"),
        Column("collected_by", "text", "investigator who extracted it"),
        Column("collected_at", "text, YYYY-MM-DD HH:MM:SS", "when it was extracted"),
    ]),
    Table("citizens", "Chronic-disease register (慢性病登记), extract", "county health commission", [
        Column("name", "text", "name in Chinese characters; names repeat"),
        Column("id_number", "text, 18 chars", "resident ID number (fictional region codes)"),
        Column("phone", "text, 11 digits",
               "number in the block 1000000xxxx, shaped like a mobile number; no real one begins with 10"),
        Column("age", "integer", f"age in whole years on {REFERENCE_DAY:%Y-%m-%d} (matches the ID)"),
        Column("sex", "text", "`M` or `F` (matches the ID)"),
        Column("township", "text", "Chengguan, Hexi or Shanbei (matches the ID's region code)"),
        Column("diagnosis", "text", "registered chronic disease: sensitive personal information"),
    ]),
    Table("hashed_calls", "Call records shared \"anonymised\" with a plain hash", "telecom operator", [
        Column("call_id", "text", "record number"),
        Column("caller_sha256", "text, 64 hex digits", "SHA-256 of the caller's 11-digit number (no key, no salt)"),
        Column("call_date", "text, YYYY-MM-DD", "day of the call"),
        Column("minutes", "integer", "length of the call"),
    ]),
    Table("leaked_plaintexts", "Truth: the password of every leaked account", "planted", [
        Column("user_id", "text", "the account"),
        Column("password", "text", "its password"),
        Column("kind", "text", "`wordlist` (in `wordlist.txt`), `bulk` (shared, not in the list) or `unique`"),
    ], truth=True),
    Table("url_labels", "Truth: the label of every address, held-out ones included", "planted", [
        Column("url_id", "text", "the report"),
        Column("label", "text", "`phishing` or `legitimate`"),
    ], truth=True),
    Table("evidence_changes", "Truth: what happened to the evidence folder after seizure", "planted", [
        Column("file_name", "text", "name in the manifest (for an added file: its name now)"),
        Column("change", "text", "`altered`, `renamed`, `missing` or `extra`"),
        Column("now_named", "text", "name in the folder now; empty when missing"),
        Column("detail", "text", "what was done"),
    ], truth=True),
    Table("caller_numbers", "Truth: the phone number behind every hashed caller", "planted", [
        Column("caller_sha256", "text", "as in `hashed_calls`"),
        Column("phone", "text", "the number"),
    ], truth=True),
]


# --- passwords -----------------------------------------------------------------------------

def _wordlist(rng: random.Random) -> list[str]:
    words: list[str] = []
    words += DIGIT_RUNS + KEYBOARD
    for w in WORDS:
        words += [w, w + "123", w + "1", w + "!", w.capitalize() + "123", w + "520"]
        words += [w + str(y) for y in range(1960, 2025)]
    for s in SURNAMES:
        for g in GIVEN:
            name = s + g
            years = rng.sample(range(1960, 2006), 3)
            days = [f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" for _ in range(2)]
            words += [name, name + "123"] + [name + str(y) for y in years] + [name + d for d in days]
    seen, out = set(), []
    for w in words:
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def _random_password(rng: random.Random) -> str:
    pool = string.ascii_letters + string.digits + "!@#$%&*?-_"
    return "".join(rng.choice(pool) for _ in range(rng.randint(9, 15)))


def _accounts(rng: random.Random, wordlist: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = 2000
    common = set(wordlist)
    # Popular passwords first: a Zipf-like choice from the head of a shuffled list.
    popular = DIGIT_RUNS[:10] + KEYBOARD[:6] + [w for w in wordlist if w not in DIGIT_RUNS + KEYBOARD]
    head = popular[:16]
    tail = popular[16:]
    weights = [1.0 / (k + 1) ** 1.1 for k in range(len(head))]
    rows, truth = [], []
    used_names = set()
    for i in range(n):
        r = rng.random()
        if r < 0.22:
            pw, kind = rng.choices(head, weights=weights)[0], "wordlist"
        elif r < 0.42:
            pw, kind = rng.choice(tail), "wordlist"
        elif r < 0.47:
            pw, kind = rng.choice(BULK_PASSWORDS), "bulk"
        else:
            pw = _random_password(rng)
            while pw in common:
                pw = _random_password(rng)
            kind = "unique"
        while True:
            uname = rng.choice(SURNAMES) + rng.choice(GIVEN) + str(rng.randint(1, 9999))
            if uname not in used_names:
                used_names.add(uname)
                break
        domain = rng.choice(["mail.example", "inbox.test", "post.example", "qmail.test"])
        day = pd.Timestamp("2019-01-01") + pd.Timedelta(days=rng.randint(0, 5 * 365))
        digest = hashlib.md5(pw.encode("utf-8")).hexdigest()
        if rng.random() < 0.2:
            digest = digest.upper()
        uid = f"U{i + 1:05d}"
        rows.append((uid, uname, f"{uname}@{domain}", day.strftime("%Y-%m-%d"), digest))
        truth.append((uid, pw, kind))
    accounts = pd.DataFrame(rows, columns=["user_id", "username", "email", "registered", "password_md5"])
    plain = pd.DataFrame(truth, columns=["user_id", "password", "kind"])
    assert plain.loc[plain["kind"] == "unique", "password"].is_unique
    return accounts, plain


# --- URLs ----------------------------------------------------------------------------------

LEGIT_HOSTS = [  # (host, weight): real-looking official and commercial sites, all fictional
    ("www.spp.example", 6), ("www.court.example", 6), ("wenshu.court.example", 4),
    ("ssfw.court.example", 3), ("www.ahjcy.example", 5), ("www.yuanhe.test", 5),
    ("mail.yuanhe.test", 2), ("www.12309.example", 3), ("pay.bank.example", 3),
    ("www.bank.example", 4), ("shop.example", 4), ("news.example", 4), ("video.example", 2),
    # near misses: hyphens, several sub-domains, digits
    ("www.yuanhe-court.test", 3), ("e-bank.example", 2), ("www.anhui-news.example", 2),
    ("docs.office.yuanhe.test", 2), ("static.cdn.shop.example", 2), ("m.news.example", 2),
    ("www.china-tax.example", 2), ("www.12368.test", 1),
]
LEGIT_PATHS = ["/", "/index.html", "/xxgk/", "/news/{n}.html", "/xwfb/{y}/{m:02d}/t{y}{m:02d}{d:02d}_{n}.shtml",
               "/login", "/account/login", "/search?q={q}&page={p}", "/cases/{y}/{n}",
               "/notice/{n}", "/service/online"]
LONG_QUERY = "?id={n}&source=wechat&utm_source=share&utm_medium={q}&utm_campaign=spring{y}&from=timeline"
# Queries of legitimate sharing and search links: most short, one in four the long tracking one,
# so that long legitimate addresses exist but are rare, as on the real web.
QUERIES = ["?id={n}&from=timeline", "?id={n}&source=wechat&utm_source=share",
           "?q={q}&page={p}&sort=date", LONG_QUERY]

BRANDS = ["spp", "court", "ahjcy", "wenshu", "bank", "12309", "tax", "police", "yuanhe"]
LURE_WORDS = ["login", "verify", "secure", "account", "update", "notice", "refund", "case"]
SHORTENERS = ["t.example", "s.test", "go.example", "url.test"]


def _ip(rng: random.Random) -> str:
    return f"{rng.choice(DOC_NETS)}.{rng.randint(1, 254)}"


def _fill(path: str, rng: random.Random) -> str:
    return path.format(n=rng.randint(1000, 999999), y=rng.choice([2022, 2023, 2024]),
                       m=rng.randint(1, 12), d=rng.randint(1, 28), p=rng.randint(2, 9),
                       q=rng.choice(["pension", "fraud", "notice", "refund", "loan", "case"]))


def _legit_url(rng: random.Random) -> str:
    host = rng.choices([h for h, _ in LEGIT_HOSTS], weights=[w for _, w in LEGIT_HOSTS])[0]
    scheme = "https" if rng.random() < 0.85 else "http"
    path = _fill(rng.choice(LEGIT_PATHS), rng)
    if rng.random() < 0.10:   # the query is chosen from the path, not drawn: the stream stays as it was
        path = path.split("?")[0] + _fill(QUERIES[len(path) % len(QUERIES)], rng)
    return f"{scheme}://{host}{path}"


def _lookalike_host(rng: random.Random) -> str:
    brand = rng.choice(BRANDS)
    tld = rng.choice(["test", "example"])
    style = rng.choices(["hyphen", "deep", "digit", "plain"], weights=[4, 3, 2, 2])[0]
    if style == "hyphen":
        name = rng.choice([f"{brand}-gov", f"{brand}-{rng.choice(LURE_WORDS)}",
                           f"{rng.choice(LURE_WORDS)}-{brand}", f"{brand}-gov-cn"])
        host = f"{name}.{tld}"
    elif style == "deep":
        host = rng.choice([f"{brand}.gov.cn.{rng.choice(LURE_WORDS)}.{tld}",
                           f"www.{brand}.example.{rng.choice(LURE_WORDS)}.{tld}",
                           f"{brand}.{rng.choice(LURE_WORDS)}.center.{tld}"])
    elif style == "digit":
        swapped = brand.replace("o", "0").replace("l", "1").replace("s", "5", 1)
        if swapped == brand:
            swapped = brand + "0"
        host = f"{swapped}.{tld}"
    else:
        host = f"{brand}{rng.choice(['gov', 'online', 'service', 'cn'])}.{tld}"
    if rng.random() < 0.3 and not host.startswith("www."):
        host = "www." + host
    return host


def _phish_url(rng: random.Random) -> str:
    scheme = "https" if rng.random() < 0.5 else "http"
    word = rng.choice(LURE_WORDS)
    path = rng.choice([f"/{word}", f"/{word}.php", f"/{word}/index.html", f"/{word}/account",
                       f"/case/{word}?id={rng.randint(1000, 99999)}"])
    if rng.random() < 0.55:
        size = rng.randint(32, 64)
        token = "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(size))
        path += ("&" if "?" in path else "?") + f"token={token}"
        if size > 44:   # a session id as well, made from the token (no draw): phishing links run long
            path += f"&sid={token[::-1]}"
    trick = rng.choices(["ip", "at", "redirect", "host"], weights=[18, 12, 10, 60])[0]
    if trick == "ip":
        return f"{scheme}://{_ip(rng)}{path}"
    if trick == "at":
        real = rng.choice(["www.spp.example", "www.court.example", "www.bank.example", "www.12309.example"])
        target = _ip(rng) if rng.random() < 0.5 else _lookalike_host(rng)
        return f"{scheme}://{real}@{target}{path}"
    if trick == "redirect":
        return f"{scheme}://{rng.choice(SHORTENERS)}//{_lookalike_host(rng)}{path}"
    return f"{scheme}://{_lookalike_host(rng)}{path}"


BOUNDARY_LENGTH = 75   # the lecture's point: an address "longer than 75 characters" is suspicious


def _plant_boundary_length(rows: list[tuple[str, str]], split: list[str]) -> None:
    """Make sure each split holds a legitimate address of exactly 75 characters, so that a rule
    written `>= 75` instead of `> 75` gives another result on every class's data. Where a split
    has none, its first short legitimate address gets a query string padded to that length
    (a token made from the address, no random draw: the rest of the data stays as it was)."""
    seen = {u for u, _ in rows}
    for part in ("train", "test"):
        where = [i for i, s in enumerate(split) if s == part]
        if any(len(rows[i][0]) == BOUNDARY_LENGTH for i in where):
            continue
        for i in where:
            url, label = rows[i]
            base = url + ("&" if "?" in url else "?") + "ref="
            if label == "legitimate" and 40 < len(base) < BOUNDARY_LENGTH - 4:
                padded = base + hashlib.sha256(url.encode()).hexdigest()[:BOUNDARY_LENGTH - len(base)]
                if padded not in seen:
                    rows[i] = (padded, label)
                    seen.add(padded)
                    break


def _urls(rng: random.Random) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_train, n_test = 800, 400
    rows, seen = [], set()
    while len(rows) < n_train + n_test:
        phishing = rng.random() < 0.35
        url = _phish_url(rng) if phishing else _legit_url(rng)
        while url in seen:   # draw again, keeping the label, so the share stays as set
            url = _phish_url(rng) if phishing else _legit_url(rng)
        seen.add(url)
        rows.append((url, "phishing" if phishing else "legitimate"))
    split = ["train"] * n_train + ["test"] * n_test
    _plant_boundary_length(rows, split)
    ids = [f"R{i + 1:05d}" for i in range(len(rows))]
    urls = pd.DataFrame({
        "url_id": ids,
        "url": [u for u, _ in rows],
        "split": split,
        "label": [lab if s == "train" else "" for (_, lab), s in zip(rows, split)],
    })
    labels = pd.DataFrame({"url_id": ids, "label": [lab for _, lab in rows]})
    return urls, labels


# --- evidence --------------------------------------------------------------------------------

CHAT_LINES = [
    "钱明天转到这张卡上", "收到了，老地方见", "额度批下来了吗", "先别打电话，发微信", "合同我改好了",
    "这批客户的资料发你邮箱", "利息按每天千分之五算", "逾期的那几个再催一下", "账号密码都用统一的",
    "The loan contract is ready", "Send me the customer list tonight", "Delete the old group",
    "转账记录截图发我", "明天上午十点开会", "新的收款码在群里",
]
NOTE_LINES = [
    "Meeting with the platform's operator, second floor office.",
    "Customer list exported on the laptop, folder D:/clients.",
    "Agents register accounts with the shared initial password.",
    "收款账户共三个，分别尾号 0831、2207、5516。",
    "Server rented from a hosting company, paid by card.",
    "催收话术第二版，不要提到利率。",
    "The app was taken off the store on 12 March.",
]


def _chat(rng: random.Random, n: int, crlf: bool) -> bytes:
    people = [rng.choice(HANZI_SURNAMES) + rng.choice(HANZI_GIVEN) for _ in range(2)]
    start = pd.Timestamp("2024-01-02 08:00:00") + pd.Timedelta(minutes=rng.randint(0, 60 * 24 * 60))
    lines = [f"# chat export {n:02d}: {people[0]} / {people[1]}"]
    t = start
    for _ in range(rng.randint(8, 20)):
        t += pd.Timedelta(seconds=rng.randint(20, 4000))
        lines.append(f"{t:%Y-%m-%d %H:%M:%S}  {rng.choice(people)}: {rng.choice(CHAT_LINES)}")
    sep = "\r\n" if crlf else "\n"
    return (sep.join(lines) + sep).encode("utf-8")


def _receipt(rng: random.Random) -> bytes:
    lines = ["date,payer,payee,amount,memo"]
    for _ in range(rng.randint(3, 8)):
        day = pd.Timestamp("2024-01-01") + pd.Timedelta(days=rng.randint(0, 70))
        amount = rng.choice([800, 1500, 2000, 3000, 4800, 5000, 8000, 12000]) + rng.choice([0, 0, 50, 200])
        lines.append(f"{day:%Y-%m-%d},{rng.choice(SURNAMES).title()} {rng.choice(GIVEN).title()},"
                     f"QuickLoan Ltd,{amount:.2f},{rng.choice(['loan fee', 'service fee', 'repayment', 'deposit'])}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _note(rng: random.Random) -> bytes:
    return ("\n".join(rng.sample(NOTE_LINES, rng.randint(2, 5))) + "\n").encode("utf-8")


def _blob(rng: random.Random) -> bytes:
    body = bytes(rng.getrandbits(8) for _ in range(rng.randint(600, 3000)))
    return b"BKUP\x00\x01" + body


def _evidence(rng: random.Random):
    files: dict[str, tuple[bytes, str]] = {}
    crlf = set(rng.sample(range(1, 11), 4))
    for k in range(1, 11):
        files[f"chat_{k:02d}.txt"] = (_chat(rng, k, k in crlf), "suspect's phone")
    for k in range(1, 9):
        files[f"receipt_{k:02d}.csv"] = (_receipt(rng), "suspect's laptop")
    for k in range(1, 7):
        files[f"note_{k:02d}.txt"] = (_note(rng), "suspect's laptop")
    for k in range(1, 7):
        files[f"backup_{k:02d}.dat"] = (_blob(rng), "cloud account")
    names = sorted(files)
    at = pd.Timestamp("2024-03-18 09:05:00")
    manifest = []
    for name in names:
        at += pd.Timedelta(seconds=rng.randint(40, 400))
        content, source = files[name]
        manifest.append((name, len(content), hashlib.sha256(content).hexdigest().upper(), source,
                         MANIFEST_BY[0] if name.startswith(("chat", "backup")) else MANIFEST_BY[1],
                         f"{at:%Y-%m-%d %H:%M:%S}"))
    manifest = pd.DataFrame(manifest, columns=["file_name", "size_bytes", "sha256", "source",
                                               "collected_by", "collected_at"])

    now = {name: content for name, (content, _) in files.items()}
    changes = []
    # Altered, same name. A receipt amount changed digit for digit (same size!), a chat line
    # deleted, one byte flipped in a backup fragment (same size).
    receipt = rng.choice([n for n in names if n.startswith("receipt")])
    text = now[receipt].decode("utf-8").split("\n")
    row = rng.randrange(1, len([l for l in text if l]))
    fields = text[row].split(",")
    old = fields[3]
    new = ("1" if old[0] != "1" else "7") + old[1:]
    fields[3] = new
    text[row] = ",".join(fields)
    now[receipt] = "\n".join(text).encode("utf-8")
    changes.append((receipt, "altered", receipt, f"amount on line {row + 1} changed from {old} to {new}"))

    chat = rng.choice([n for n in names if n.startswith("chat")])
    sep = b"\r\n" if b"\r\n" in now[chat] else b"\n"
    lines = now[chat].split(sep)
    cut = rng.randrange(2, len(lines) - 2)
    removed = lines.pop(cut).decode("utf-8")
    now[chat] = sep.join(lines)
    changes.append((chat, "altered", chat, f"message on line {cut + 1} deleted: {removed}"))

    blob = rng.choice([n for n in names if n.startswith("backup")])
    data = bytearray(now[blob])
    pos = rng.randrange(100, len(data))
    data[pos] ^= 0x20
    now[blob] = bytes(data)
    changes.append((blob, "altered", blob, f"one byte flipped at offset {pos}"))

    touched = {receipt, chat, blob}
    rest = [n for n in names if n not in touched]
    rng.shuffle(rest)
    renamed = {rest[0]: "export_" + rest[0], rest[1]: "copy_of_" + rest[1]}
    for old_name, new_name in renamed.items():
        now[new_name] = now.pop(old_name)
        changes.append((old_name, "renamed", new_name, "same content under a new name"))
    for gone in rest[2:4]:
        del now[gone]
        changes.append((gone, "missing", "", "file not in the folder"))
    extra = f"receipt_{len([n for n in names if n.startswith('receipt')]) + 1:02d}.csv"
    now[extra] = _receipt(rng)
    changes.append((extra, "extra", extra, "file added after seizure, not in the manifest"))
    truth = pd.DataFrame(changes, columns=["file_name", "change", "now_named", "detail"])
    return now, manifest, truth


# --- personal data ------------------------------------------------------------------------------

def _identity(rng: random.Random, region: str, age: int, male: bool, ids: set) -> str:
    """A new ID number of someone aged exactly `age` on the reference day."""
    while True:
        last = REFERENCE_DAY - pd.DateOffset(years=age)
        birth = last - pd.Timedelta(days=rng.randint(0, 364))
        seq = rng.randint(0, 498) * 2 + (1 if male else 2)   # odd for men, even for women
        first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
        ident = first17 + idcard.check_char(first17)
        if ident not in ids:
            ids.add(ident)
            return ident


K_BANDS = ["18-49", "50-59", "60-69", "70-79", "80+"]   # Question 13's bands (module 05)


def _k_band(age: int) -> str:
    return "18-49" if age < 50 else "80+" if age >= 80 else f"{age // 10 * 10}-{age // 10 * 10 + 9}"


def _reach_k(rows: list[dict], ids: set, fix: random.Random, k: int = 5) -> None:
    """Question 13 promises that ten-year bands leave a group smaller than k = 5 and that
    widening the bands at the ends reaches it. The smallest groups (the oldest and the youngest,
    in the smallest township) hold about three to seven people, so a seed can break either
    promise: people of the same sex and township are then moved between ages to keep both."""
    region_of = {town: code for code, town in idcard.FICTIONAL_REGIONS.items()}

    def move(i: int, low: int, high: int) -> None:
        ids.discard(rows[i]["id_number"])
        rows[i]["age"] = fix.randint(low, high)
        rows[i]["id_number"] = _identity(fix, region_of[rows[i]["township"]], rows[i]["age"],
                                         rows[i]["sex"] == "M", ids)

    groups: dict[tuple, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault((_k_band(r["age"]), r["sex"], r["township"]), []).append(i)
    pairs = sorted({(r["sex"], r["township"]) for r in rows})
    for sex, town in pairs:
        for band in K_BANDS:
            short = k - len(groups.get((band, sex, town), []))
            if short <= 0 or band == "60-69":
                continue
            # into the upper part of the young band: the under-40s must stay few (below)
            low, high = {"18-49": (40, 49), "80+": (80, 89)}.get(band) or map(int, band.split("-"))
            for i in fix.sample(groups[("60-69", sex, town)], short):
                move(i, low, high)
    young = {pair: [i for i, r in enumerate(rows) if (r["sex"], r["township"]) == pair and r["age"] < 40]
             for pair in pairs}
    fewest = min(pairs, key=lambda pair: (len(young[pair]), pair))
    for i in fix.sample(young[fewest], max(0, len(young[fewest]) - (k - 1))):
        move(i, 40, 49)  # ten-year bands must fail somewhere, or widening teaches nothing


def _citizens(rng: random.Random, fix: random.Random) -> pd.DataFrame:
    n = 800
    regions = list(idcard.FICTIONAL_REGIONS)
    suffixes = rng.sample(range(1, 9999), n - 2) + [0, 9999]   # both ends of the block appear
    rng.shuffle(suffixes)
    rows, ids = [], set()
    diagnoses, shares = list(DIAGNOSES), list(DIAGNOSES.values())
    for i in range(n):
        age = int(min(96, max(18, round(rng.gauss(62, 13)))))
        region = rng.choices(regions, weights=[0.5, 0.3, 0.2])[0]
        male = rng.random() < 0.5
        ident = _identity(rng, region, age, male, ids)
        rows.append({
            "name": rng.choice(HANZI_SURNAMES) + rng.choice(HANZI_GIVEN)
                    + (rng.choice(HANZI_GIVEN) if rng.random() < 0.45 else ""),
            "id_number": ident,
            "phone": f"{PHONE_BLOCK}{suffixes[i]:04d}",
            "age": age,
            "sex": "M" if male else "F",
            "township": idcard.FICTIONAL_REGIONS[region],
            "diagnosis": rng.choices(diagnoses, weights=shares)[0],
        })
    _reach_k(rows, ids, fix)
    return pd.DataFrame(rows)


def _calls(rng: random.Random, citizens: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    phones = list(citizens["phone"])
    ends = [p for p in phones if p.endswith(("0000", "9999"))]
    low = [p for p in phones if int(p[-4:]) < 1000 and p not in ends]
    callers = ends + rng.sample(low, 8) + rng.sample([p for p in phones if p not in ends + low], 90)
    taken = set(phones)
    strangers = [f"{PHONE_BLOCK}{k:04d}" for k in rng.sample(range(10000), 60)
                 if f"{PHONE_BLOCK}{k:04d}" not in taken][:20]
    callers += strangers
    rows = []
    for k in range(360):
        phone = rng.choice(callers) if k >= len(callers) else callers[k]
        day = pd.Timestamp("2024-01-01") + pd.Timedelta(days=rng.randint(0, 120))
        rows.append((phone, f"{day:%Y-%m-%d}", rng.randint(1, 45)))
    rng.shuffle(rows)
    calls = pd.DataFrame({
        "call_id": [f"C{i + 1:05d}" for i in range(len(rows))],
        "caller_sha256": [hashlib.sha256(p.encode("ascii")).hexdigest() for p, _, _ in rows],
        "call_date": [d for _, d, _ in rows],
        "minutes": [m for _, _, m in rows],
    })
    numbers = (pd.DataFrame({"caller_sha256": calls["caller_sha256"], "phone": [p for p, _, _ in rows]})
               .drop_duplicates().sort_values("phone").reset_index(drop=True))
    return calls, numbers


def generate(seed: int = DEFAULT_SEED) -> dict:
    """Build every table (see TABLES): DataFrames, the wordlist as text, the evidence folder."""
    rng = random.Random(seed)
    words = _wordlist(rng)
    accounts, plaintexts = _accounts(rng, words)
    urls, labels = _urls(rng)
    folder, manifest, changes = _evidence(rng)
    citizens = _citizens(rng, random.Random(seed * 10 + 7))  # its own stream: see _reach_k
    calls, numbers = _calls(rng, citizens)
    return {
        "leaked_accounts": accounts,
        "wordlist": "\n".join(words + [w for w in FAMOUS if w not in words]) + "\n",
        "urls": urls,
        "evidence": folder,
        "evidence_manifest": manifest,
        "citizens": citizens,
        "hashed_calls": calls,
        "leaked_plaintexts": plaintexts,
        "url_labels": labels,
        "evidence_changes": changes,
        "caller_numbers": numbers,
    }


TITLE = "Protection data: passwords, web addresses, evidence files and personal data"
DESCRIPTION = """\
Exhibits for module 05 (network security II: protection), all invented. QuickLoan (快贷) is
a fictional online-lending app whose server was seized in a fraud case: its user table
stored passwords as unsalted MD5. The county's anti-fraud centre collected reported web
addresses. Investigators seized chat exports, receipts, notes and phone-backup fragments
and listed them with SHA-256 values in a manifest; the folder has since been handled.
The health commission's chronic-disease register and a telecom operator's call records
are the personal data to protect.

Hosts are only in the documentation IP ranges (192.0.2.0/24, 198.51.100.0/24,
203.0.113.0/24) and the reserved `.example` and `.test` domains. Phone numbers are 11
digits in the block 1000000 0000-9999: China has no reserved range of fictional mobile
numbers, but every mainland mobile number begins with 13 to 19, and numbers beginning with
10 belong to short telecom service codes, so none of these can be anyone's mobile number.
ID numbers use the region codes 349901-349903, which no real region has. No address,
number or person is real."""
HOW = """\
`course/data/protection.py` draws everything from one `random.Random` seeded with the seed
above. The wordlist is built from patterns, plus a few famous passwords such as
`woaini1314`. Of 2,000 accounts, about 40% use a password from
the wordlist (a few very popular ones many times), about 5% one of three uncommon passwords
shared by accounts registered in bulk, and the rest a random password of 9-15 characters.
URLs: about 35% phishing; each phishing address uses one trick (IP host, `@`, `//`
redirect or a look-alike host), and more than half carry a long token, so they run long;
legitimate ones are mostly short (a few sharing and search links are long) and include
hyphenated and deep hosts. Evidence: 30 files listed in the manifest; afterwards three were altered, two
renamed, two removed and one added. The register has 800 adults, most of them over 45;
the call records come from 120 numbers, 100 of them in the register."""
PLANTED = {
    "leaked_plaintexts": "every account's password and whether it is in the wordlist",
    "url_labels": "the label of every address; the `test` labels appear nowhere else",
    "evidence_changes": "3 files altered (2 keep their size), 2 renamed, 2 missing, 1 added after seizure",
    "caller_numbers": "the number behind each hashed caller (found again by trying the 10,000 numbers of the block)",
}
