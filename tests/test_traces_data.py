"""The traces of module 04: fictional addresses only, every line in its documented shape, a
believable week, and planted attacks that agree with their truth and with each other; careless
rules fall short on the near misses while the intended rules find everything."""
import ipaddress
import re
from urllib.parse import unquote_plus

import pandas as pd
import pytest

from course import data
from course.data import traces

DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]
IP = re.compile(r"(?<![\w/.])\d{1,3}(?:\.\d{1,3}){3}\b")  # not a version such as Chrome/121.0.0.0
SQLI = r"union\W+(?:all\W+)?select|'\W*(?:or|and)\b|\b(?:or|and)\s+\d+=\d+|--|\(\s*select|sleep\(|information_schema"
TRAVERSAL = r"\.\.[/\\]|/etc/(?:passwd|shadow|hosts)|win\.ini"


def _documentation(address: str) -> bool:
    return any(ipaddress.ip_address(address) in net for net in DOC_NETS)


@pytest.fixture(scope="module")
def tables():
    return traces.generate(traces.DEFAULT_SEED)


@pytest.fixture(scope="module")
def log(tables):
    lines = tables["access_log"].splitlines()
    df = pd.Series(lines).str.extract(traces.ACCESS_PATTERN)
    df["time"] = pd.to_datetime(df["time"], format=traces.ACCESS_TIME_FORMAT).dt.tz_localize(None)
    df["status"] = df["status"].astype(int)
    df["decoded"] = df["path"].map(unquote_plus)
    return df


@pytest.fixture(scope="module")
def auth(tables):
    df = pd.Series(tables["auth_log"].splitlines()).str.extract(traces.AUTH_PATTERN)
    df["time"] = pd.to_datetime("2024 " + df["month"] + " " + df["day"] + " " + df["clock"],
                                format="%Y %b %d %H:%M:%S")
    logins = df["message"].str.extract(traces.LOGIN_PATTERN)
    return df.join(logins)


@pytest.fixture(scope="module")
def flows(tables):
    df = tables["flows"].copy()
    df["time"] = pd.to_datetime(df["ts"].astype(float), unit="s") + pd.Timedelta(hours=8)
    return df


def _precision_recall(flags: pd.Series, truth: pd.DataFrame, kind: str) -> tuple[float, float]:
    wanted = set(truth.loc[truth["kind"] == kind, "line"] - 1)
    found = set(flags[flags].index)
    hit = len(wanted & found)
    return hit / max(len(found), 1), hit / len(wanted)


def test_the_build_writes_text_files():
    """(Generation speed is measured by benchmarks/data_generation.py, not timed here.)"""
    assert data.path("access_log").name == "access.log" and data.path("auth_log").name == "auth.log"
    assert list(data.load("flows").columns) == ["ts", "src_ip", "src_port", "dst_ip", "dst_port", "proto",
                                                "duration", "packets", "bytes", "conn_state", "label"]


def test_only_documentation_addresses_and_reserved_names(tables):
    text = tables["access_log"] + tables["auth_log"] + tables["flows"].to_csv(index=False)
    for t in ("web_attacks", "web_attack_lines", "ssh_attacks", "flow_attacks"):
        text += tables[t].to_csv(index=False)
    addresses = set(IP.findall(text))
    assert addresses and all(_documentation(a) for a in addresses), sorted(a for a in addresses if not _documentation(a))[:5]
    hosts = set(re.findall(r"https?://([^/\s\"'();]+)", text))
    assert hosts and all(h.endswith((".example", ".test")) for h in hosts), sorted(hosts)


def test_every_line_has_the_documented_shape(tables):
    access = re.compile(traces.ACCESS_PATTERN)
    lines = tables["access_log"].splitlines()
    assert len(lines) > 20_000
    assert all(access.match(line) for line in lines)
    syslog = re.compile(traces.AUTH_PATTERN)
    assert all(syslog.match(line) for line in tables["auth_log"].splitlines())
    assert "Mar  1 " in tables["auth_log"] and "Feb 29 " in tables["auth_log"], "padded day and leap day"
    flows = tables["flows"]
    assert flows["ts"].astype(float).is_monotonic_increasing
    assert set(flows["conn_state"]) <= {"SF", "S0", "REJ", "RSTO", "RSTR"}


def test_a_week_with_a_day_and_night_rhythm(log):
    assert log["time"].min() >= pd.Timestamp("2024-02-26") and log["time"].max() < pd.Timestamp("2024-03-04")
    assert log["time"].is_monotonic_increasing
    per_hour = log.set_index("time").resample("h").size()
    assert len(per_hour) == 7 * 24 and per_hour.min() > 0, "every hour has requests"
    weekdays = per_hour[per_hour.index.dayofweek < 5]
    day = weekdays[weekdays.index.hour.isin(range(9, 17))].mean()
    night = weekdays[weekdays.index.hour.isin(range(3, 6))].mean()
    assert day > 5 * night
    per_day = per_hour.groupby(per_hour.index.dayofweek).sum()
    assert per_day[[5, 6]].max() < 0.7 * per_day[[0, 1, 2, 3, 4]].min()


def test_a_realistic_status_mix(log):
    share = log["status"].value_counts(normalize=True)
    assert share[200] > 0.7 and 0.05 < share[304] < 0.25 and 0.01 < share[404] < 0.06
    assert 0 < share[302] < 0.02 and 0 < share[500] < 0.005


def test_the_intended_injection_and_traversal_rules_find_everything_and_careless_ones_do_not(log, tables):
    truth = tables["web_attack_lines"]
    decoded = log["decoded"]
    assert _precision_recall(decoded.str.contains(SQLI, case=False), truth, "sql_injection") == (1.0, 1.0)
    assert _precision_recall(decoded.str.contains(TRAVERSAL, case=False), truth, "path_traversal") == (1.0, 1.0)
    careless = {
        "not decoded": log["path"].str.contains(SQLI, case=False),
        "capitals ignored": decoded.str.contains(SQLI, case=True),
        "the word select": decoded.str.contains("select", case=False),
        "any apostrophe": decoded.str.contains("'", regex=False),
    }
    for name, flags in careless.items():
        p, r = _precision_recall(flags, truth, "sql_injection")
        assert min(p, r) < 0.9, name
    for flags in (log["path"].str.contains(TRAVERSAL, case=False), decoded.str.contains("passwd")):
        assert min(_precision_recall(flags, truth, "path_traversal")) < 0.9
    near = decoded.str.contains("select|union|'", case=False) & ~decoded.str.contains(SQLI, case=False)
    assert near.sum() >= 40, "legitimate searches that look like injections"


def test_scanners_stand_out_only_in_a_short_window(log, tables):
    attacks = tables["web_attacks"]
    scanners = set(attacks.loc[attacks["kind"] == "scanner", "ip"])
    not_found = log[log["status"] == 404]
    windows = not_found.groupby(["ip", pd.Grouper(key="time", freq="10min")]).size()
    assert set(windows[windows >= 50].index.get_level_values("ip")) == scanners
    assert set(windows[windows == 50].index.get_level_values("ip")) == {traces.SCANNER_EDGE}, \
        "one scanner sits exactly on the bar, so that `> 50` misses it"
    rolling = not_found.set_index("time").assign(n=1).groupby("ip")["n"].rolling("10min").sum()
    assert set(rolling[rolling >= 50].index.get_level_values("ip")) == scanners, "fixed and sliding windows agree"
    whole_week = not_found["ip"].value_counts()
    assert set(whole_week[whole_week >= 50].index) > scanners, "a crawler meets many stale links over the week"


def test_brute_force_truth_matches_the_log(log, tables):
    attacks = tables["web_attacks"].set_index(["ip", "kind"])
    posts = log[(log["method"] == "POST") & (log["path"] == "/login")]
    failures = posts[posts["status"] == 200].groupby("ip")["time"].agg(["size", "min", "max"])
    guessers = failures[failures["size"] >= 20]
    assert set(guessers.index) == {traces.INTRUDER, traces.CARRIER_NAT, traces.GUESSER_EDGE}
    assert failures.loc[traces.GUESSER_EDGE, "size"] == 20, "one guesser sits exactly on the bar of 20"
    assert failures["size"].drop(guessers.index).max() <= 6, "honest lawyers mistype a few times at most"
    wins = posts[posts["status"] == 302]
    for ip, row in guessers.iterrows():
        later = wins[(wins["ip"] == ip) & (wins["time"] > row["min"])]
        assert (not later.empty) == (ip == traces.INTRUDER)
        assert attacks.loc[(ip, "brute_force"), "got_in"] == ("yes" if ip == traces.INTRUDER else "no")
        assert attacks.loc[(ip, "brute_force"), "first"] == f"{row['min']:%Y-%m-%d %H:%M:%S}"
    earlier = wins[(wins["ip"] == traces.CARRIER_NAT) & (wins["time"] < guessers.loc[traces.CARRIER_NAT, "min"])]
    assert len(earlier) == 1, "a lawyer logged in from the shared address before the guessing"
    lines = tables["web_attack_lines"]
    assert (log.loc[lines["line"] - 1, "ip"].to_numpy() == lines["ip"].to_numpy()).all()
    for (ip, kind), row in attacks.iterrows():
        part = lines[(lines["ip"] == ip) & (lines["kind"] == kind)]
        times = log.loc[part["line"] - 1, "time"]
        assert len(part) == row["requests"] and f"{times.min():%Y-%m-%d %H:%M:%S}" == row["first"]


def test_ssh_truth_matches_the_log_and_the_near_misses_behave(auth, tables):
    truth = tables["ssh_attacks"].set_index("ip")
    failed = auth[auth["result"] == "Failed"].sort_values("time")
    assert failed["ip"].value_counts().drop("192.0.2.131").to_dict() == truth["failures"].to_dict()
    sliding = failed.set_index("time").assign(n=1).groupby("ip")["n"].rolling("30min").sum().groupby("ip").max()
    assert {ip: int(n) for ip, n in sliding.drop("192.0.2.131").items()} == truth["max_30min"].to_dict()
    zeek = set(sliding[sliding >= 30].index)     # the course's sliding rule (Question 8)
    assert len(zeek) == 3
    fixed = failed.groupby(["ip", pd.Grouper(key="time", freq="30min")]).size().groupby("ip").max()
    assert {ip: int(n) for ip, n in fixed.drop("192.0.2.131").items()} == truth["max_half_hour"].to_dict()
    notice = set(truth.index[truth["zeek_notice"] == "yes"])  # Zeek's periods: the clock's half-hours
    assert set(fixed[fixed >= 30].index) == notice == zeek - {traces.SSH_D}, "fixed half-hours split one burst"
    week = failed["ip"].value_counts()
    assert traces.SSH_C in set(week[week >= 30].index) - zeek, "a slow guesser fails all week"
    mentions = auth[auth["message"].str.contains("fail", case=False)].groupby(
        auth["message"].str.extract(r"(\d+\.\d+\.\d+\.\d+)")[0]).size()
    assert mentions[traces.SSH_E] >= 30 > truth.loc[traces.SSH_E, "max_30min"], "lines are not failures"
    accepted = auth[auth["result"] == "Accepted"]
    got_in = {}
    for ip in zeek:
        after = accepted[(accepted["ip"] == ip) & (accepted["time"] > failed.loc[failed["ip"] == ip, "time"].min())]
        if not after.empty:
            got_in[ip] = (after.iloc[0]["user"], f"{after.iloc[0]['time']:%Y-%m-%d %H:%M:%S}")
    expected = truth[truth["got_in"] == "yes"]
    assert got_in == {ip: (r["user"], r["accepted_at"]) for ip, r in expected.iterrows()}
    assert not accepted[accepted["ip"] == traces.SSH_D].empty, "the partner's address logged in before"


def test_flows_hold_the_scans_and_floods_of_the_truth(flows, tables):
    truth = tables["flow_attacks"]
    ports = flows.groupby(["src_ip", "dst_ip"])["dst_port"].nunique()
    scans = truth[truth["kind"] == "PortScan"]
    assert set(ports[ports >= 100].index) == set(zip(scans["src_ip"], scans["dst_ip"]))
    assert list(ports[ports == 100].index) == [(traces.SCAN_SAT, traces.MAIL_SERVER)], "one scan sits on the bar"
    per_source = flows.groupby("src_ip")["dst_port"].nunique()
    assert traces.MONITOR in set(per_source[per_source >= 100].index), "the monitor checks many ports overall"
    assert flows["src_ip"].value_counts().index[0] == traces.MONITOR, "the busiest source is no scanner"
    web = flows[(flows["dst_ip"] == traces.WEB_SERVER) & flows["dst_port"].isin([80, 443])]
    per_minute = web.groupby(web["time"].dt.floor("min")).size()
    flood = per_minute[per_minute >= 100]
    assert per_minute[per_minute < 100].max() < 80, "ordinary minutes stay well below the bar"
    floods = truth[truth["kind"] == "DoS"].groupby("attack").agg(first=("first", "min"), last=("last", "max"))
    minutes = set()
    for _, row in floods.iterrows():
        minutes |= set(pd.date_range(pd.Timestamp(row["first"]).floor("min"), pd.Timestamp(row["last"]).floor("min"),
                                     freq="min"))
    assert set(flood.index) == minutes
    anyport = flows[flows["dst_ip"] == traces.WEB_SERVER].groupby(flows["time"].dt.floor("min")).size()
    assert len(anyport[anyport >= 100]) > len(flood), "a port scan of the web server looks like a flood on any port"
    labelled = flows["time"] < pd.Timestamp("2024-02-29")
    assert (flows.loc[labelled, "label"] != "").all() and (flows.loc[~labelled, "label"] == "").all()
    assert {"PortScan", "DoS", "BENIGN", "SSH-Patator"} <= set(flows.loc[labelled, "label"])
    assert (flows.loc[labelled & flows["label"].eq("PortScan"), "src_ip"] == traces.SCAN_TUE).all()


# --- the visible checks' own labelling, held to the planted truth ------------------------------

@pytest.mark.parametrize("seed", [traces.DEFAULT_SEED, 1, 7, 2024])
def test_the_checkers_own_labelling_of_the_requests_is_the_planted_truth(seed):
    """The visible checks of Questions 3 and 4 measure against `_is_injection` / `_is_traversal`, not the
    truth: on the course's data (and on other seeds) they mark exactly the planted attack requests, so a
    visible precision or recall is the one the truth gives."""
    from course.exercises.traces import _is_injection, _is_traversal, _query_values

    tables = traces.generate(seed)
    access = re.compile(traces.ACCESS_PATTERN)
    paths = [access.match(line)["path"] for line in tables["access_log"].splitlines()]
    truth = tables["web_attack_lines"]
    injections = {i for i, p in enumerate(paths) if any(map(_is_injection, _query_values(p)))}
    traversals = {i for i, p in enumerate(paths) if _is_traversal(p)}
    assert injections == set(truth.loc[truth["kind"] == "sql_injection", "line"] - 1)
    assert traversals == set(truth.loc[truth["kind"] == "path_traversal", "line"] - 1)


def test_the_visible_checks_agree_with_the_truth_without_reading_it(monkeypatch):
    """The answer key's attack rows and report findings are the planted ones; the visible checks of
    Questions 3, 4 and 13 pass the truth's own answers while every truth table is out of reach."""
    from course.exercises import traces as q
    from course.hidden import traces as hidden

    q.answer_key.cache_clear()
    hidden.truth.cache_clear()
    truth = hidden.truth()
    key = q.answer_key()
    assert key["attacks"] == {k: truth["lines"][k] for k in ("sql_injection", "path_traversal")}
    assert key["findings"] == {k: (log, got_in) for k, (log, _, _, got_in) in truth["report"].items()}

    hidden_tables = {t.name for t in traces.TABLES if t.truth}
    real = {"load": data.load, "path": data.path}
    for fn in real:
        monkeypatch.setattr(data, fn, lambda name, *a, _fn=fn, **k: (
            (_ for _ in ()).throw(PermissionError(f"truth/{name} is readable by instructors only"))
            if name in hidden_tables else real[_fn](name, *a, **k)))
    q.answer_key.cache_clear()
    n = q.answer_key()["n_lines"]
    for question, kind in ((q.sqli, "sql_injection"), (q.traversal, "path_traversal")):
        flags = pd.Series([i in truth["lines"][kind] for i in range(n)])
        assert question.checker(flags).startswith("precision 1.00, recall 1.00")
    rows = [(ip, log, attack, pd.Timestamp(first), pd.Timestamp(last), got_in)
            for (ip, attack), (log, first, last, got_in) in truth["report"].items()]
    # the question's order: by the time each finding starts
    report = pd.DataFrame(rows, columns=q.REPORT_COLUMNS).sort_values("first", kind="stable")
    assert q.report.checker(report).startswith(f"{len(rows)} findings")
