"""Generator for module 08 (AI models for legal text): synthetic first-instance criminal
judgments of the basic courts of Huaichuan (淮川市, a fictional city in Anhui), one JSON
object per line in the structure of CAIL2018 (thunlp/CAIL), which is imitated, never
downloaded or copied.

Each judgment has a ``fact`` written as a court writes it ("经审理查明：……") and a ``meta``
with the labels CAIL uses (``accusation``, ``relevant_articles``, ``term_of_imprisonment``,
``punish_of_money``, ``criminals``), plus the course's fields ``case_id``, ``court``,
``judgment_date`` and ``defendant`` (household registration, age band, gender: attributes a
model must never use as features).

How a case is made:

1. A *plan* is drawn: the charge (dangerous driving the most frequent on purpose, as it was
   the most prosecuted crime of 2021), the amount or the blood-alcohol level or the injury,
   how the case came to light, surrender, confession, restitution, a criminal record, the
   defendant and the court.
2. The fact is written from the plan with several templates per charge, synonyms, optional
   sentences and several ways of writing dates and amounts. The confusable charges share
   their words: theft, fraud and snatching all take phones and bicycles "趁被害人不备";
   intentional injury and picking quarrels both "拳打脚踢" after a quarrel. A few facts of
   those four charges are borderline (`BORDERLINE`): written alike for both charges of a pair,
   so that the court's charge, not the words, decides them.
3. The term is the sentencing formula of `formula_months` (in the spirit of the Supreme
   People's Court's 量刑指导意见, 法发〔2021〕21号), then noise; a few percent of terms are
   planted far off the formula (outliers), and one court, drawn from the seed, sentences
   non-local (外地) defendants about a quarter more harshly (the disparity). Non-local
   defendants are often described in the fact as living somewhere temporarily (暂住) or as
   registered outside the province: a proxy a model can learn even when household
   registration is dropped.
4. Some cases are copied with light rewording (another name and date, sentences in another
   order, a few synonyms): the planted near-duplicates for similar-case search.

Everything is drawn from seeded `random.Random` generators, so the same seed gives
byte-identical files, in well under two seconds. No person, court, street or case is real:
names are a surname and 某 or 某某, courts and streets are invented, car plates are masked.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import random
import re

import pandas as pd

from course.data.schema import Column, Table

# Bump when the output changes in any way: stale copies on trainees' machines are rebuilt.
VERSION = "3"
DEFAULT_SEED = 20240508

N_CASES = 4000          # training cases, with labels
N_HELDOUT = 1000        # held-out cases, labels in truth/heldout_labels.csv
# planted near-duplicate pairs: (split of the original, split of the copy) -> pairs
DUPLICATES = {("cases", "cases"): 24, ("cases", "heldout"): 24, ("heldout", "heldout"): 12}
N_ANNOTATED = 300       # training cases whose facts the data office annotated by hand
ANNOTATED_COLUMNS = ["case_id", "charge", "amount", "bac", "date", "surrender", "confession", "restitution", "record"]
OUTLIER_SHARE = 0.03    # of the cases of each split, terms far off the formula
DISPARITY_FACTOR = 1.25  # one court's terms for non-local defendants, against the formula
NONLOCAL_SHARE = 0.30   # defendants with household registration outside the city (外地)
FIRST_DAY, DAYS = _dt.date(2022, 6, 1), 640   # offences from June 2022 to February 2024

# The patterns a trainee's extraction can start from (the tests hold the facts to them).
BAC_PATTERN = r"(?:血液中?|血样中)[^。，；]{0,12}?(\d+(?:\.\d+)?)\s*(?:mg|毫克)\s*/\s*100\s*(?:ml|mL|毫升)"
PROXY_PATTERN = r"暂住|外来务工|外省|户籍地[^，。）]{0,8}(?:省|自治区)"

# charge -> (article of the Criminal Law as CAIL writes it, share of the cases). CAIL writes
# Art. 133-1 (危险驾驶) as 133, the article of 交通肇事: both charges share article 133.
CHARGES = {
    "危险驾驶": (133, 0.34),
    "盗窃": (264, 0.21),
    "诈骗": (266, 0.12),
    "故意伤害": (234, 0.10),
    "寻衅滋事": (293, 0.07),
    "抢夺": (267, 0.05),
    "交通肇事": (133, 0.05),
    "开设赌场": (303, 0.03),
    "掩饰、隐瞒犯罪所得": (312, 0.03),
}

# The basic courts (fictional), their code in case numbers, their share of the cases and the
# places of their district.
COURTS = {
    "元和县人民法院": ("皖9921", 0.26, "元和县", ["城关镇", "柳塘镇", "白石乡"]),
    "淮川市青岚区人民法院": ("皖9902", 0.24, "淮川市青岚区", ["青岚街道", "望湖街道"]),
    "淮川市东屏区人民法院": ("皖9903", 0.22, "淮川市东屏区", ["东屏街道", "经济开发区"]),
    "丰溪县人民法院": ("皖9922", 0.15, "丰溪县", ["丰溪镇", "石埠乡"]),
    "汀湖县人民法院": ("皖9923", 0.13, "汀湖县", ["汀湖镇", "渡口镇"]),
}
STREETS = ["柳塘路", "望湖路", "青岚大道", "元和大道", "东屏北路", "丰溪西路", "汀湖路", "桂香街", "槐荫路",
           "栖凤路", "云栖路", "凤鸣街", "杏林路", "明德路", "榴园路", "沁水路", "银杏大道", "松涛路"]
SITES = ["某超市", "某小区", "某烧烤店", "某网吧", "某菜市场", "某KTV", "某停车场", "某商场", "某快递驿站",
         "某宾馆", "某小吃店", "某公交站台"]
FACTORY_SITES = ["某电子厂宿舍", "某工地", "某物流园", "某出租屋"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢汪")
PROVINCES = ["河南省", "江苏省", "湖北省", "江西省", "山东省", "浙江省", "四川省", "贵州省", "湖南省", "广西壮族自治区"]
AGE_BANDS = {"18-25": 0.22, "26-35": 0.32, "36-45": 0.25, "46-60": 0.17, "60+": 0.04}
FEMALE_SHARE = {"危险驾驶": 0.05, "盗窃": 0.15, "诈骗": 0.30, "故意伤害": 0.08, "寻衅滋事": 0.04, "抢夺": 0.06,
                "交通肇事": 0.08, "开设赌场": 0.20, "掩饰、隐瞒犯罪所得": 0.15}

# Amount bands (元) that the formula turns on; see formula_months for the legal bases.
THEFT_BANDS = (2000, 50000, 400000)        # 数额较大 / 巨大 / 特别巨大 (法释〔2013〕8号, Anhui-like)
FRAUD_BANDS = (6000, 100000, 500000)       # 法释〔2011〕7号, Anhui-like
SNATCH_BANDS = (2000, 50000, 300000)       # 法释〔2013〕25号, Anhui-like
GAMBLING_SERIOUS = 30000                   # 抽头渔利 3万元以上: 情节严重
DRUNK = 80                                 # mg/100ml: 醉酒驾驶 (GB 19522-2010)
INJURIES = {"轻伤二级": 8.0, "轻伤一级": 14.0, "重伤二级": 40.0}   # 故意伤害 starting points, months
# Share of each charge's cases whose facts sit on the line to its neighbour, written alike for
# both charges: a phone taken "to make a call" (盗窃 or 诈骗: did the victim hand it over?) and
# a beating after a quarrel over a trifle (故意伤害 or 寻衅滋事: 法释〔2013〕18号 art. 1 turns on
# whether the defendant 借故生非). Courts have decided such facts either way; the label is the
# court's, so no model can read it from the words alone. Most such phone cases are theft, as the
# mainstream view holds (the victim lent the phone for a moment and never gave it up: no 处分行为).
BORDERLINE = {"盗窃": 0.20, "诈骗": 0.12, "故意伤害": 0.15, "寻衅滋事": 0.50}


# --- the sentencing formula --------------------------------------------------------------------

def _band(amount: float, bands: tuple, starts: tuple, widths: tuple) -> float:
    """Months for an amount: a starting point per band, rising linearly within it."""
    low, high, top = bands
    if amount < high:
        return starts[0] + widths[0] * (amount - low) / (high - low)
    if amount < top:
        return starts[1] + widths[1] * (amount - high) / (top - high)
    return min(starts[2] + widths[2] * (amount - top) / top, starts[2] + widths[2])


def base_months(charge: str, amount: float | None = None, bac: float | None = None, injury: str = "",
                victims: int = 1, accident: bool = False, escaped: bool = False) -> float:
    """The baseline term in months (基准刑) before the adjustments, by charge:

    - 危险驾驶 (Criminal Law Art. 133-1: 拘役 of 1-6 months and a fine): 1 month at 80 mg/100ml
      (醉酒, GB 19522-2010), one more per 40 mg/100ml, one more for an accident (the 2023 opinion
      on drunk driving, 高检发办字〔2023〕187号, names an accident and a high level among the
      aggravating circumstances); at most 6.
    - 盗窃 (Art. 264; 法释〔2013〕8号, thresholds here 2,000 / 50,000 / 400,000 元): from 4 months
      at 数额较大 to 36 at 数额巨大 (starting point 3-4 years in 法发〔2021〕21号), 120 at 特别巨大.
    - 诈骗 (Art. 266; 法释〔2011〕7号, here 6,000 / 100,000 / 500,000 元): from 6 months, 36 at 巨大,
      120 at 特别巨大.
    - 抢夺 (Art. 267; 法释〔2013〕25号, here 2,000 / 50,000 / 300,000 元): from 8 months, 36, 120.
    - 故意伤害 (Art. 234): 8 months for 轻伤二级, 14 for 轻伤一级, 40 for 重伤二级 (starting points
      of 法发〔2021〕21号: up to 2 years for 轻伤, 3-5 years for 重伤).
    - 寻衅滋事 (Art. 293; 法释〔2013〕18号): 6 months, 3 more for each further victim, 4 more when a
      victim has 轻伤; for property damaged or taken by force, 6 months and one more per 2,000 元.
    - 交通肇事 (Art. 133; 法释〔2000〕33号): 15 months for a death with main responsibility, 36 and
      more when the driver fled (逃逸, 3-7 years).
    - 开设赌场 (Art. 303; 法释〔2005〕3号 and the 2010 opinion on online gambling): 6 months at
      5,000 元 of 抽头渔利, up to 30; 情节严重 from 30,000 元: 60 months and up.
    - 掩饰、隐瞒犯罪所得 (Art. 312; 法释〔2015〕11号): 6 months plus one per 10,000 元, at most 36.
    """
    a = float(amount or 0)
    if charge == "危险驾驶":
        return min(6.0, 1.0 + max(0.0, float(bac) - DRUNK) / 40.0 + (1.0 if accident else 0.0))
    if charge == "盗窃":
        return _band(a, THEFT_BANDS, (4, 36, 120), (32, 84, 60))
    if charge == "诈骗":
        return _band(a, FRAUD_BANDS, (6, 36, 120), (30, 84, 60))
    if charge == "抢夺":
        return _band(a, SNATCH_BANDS, (8, 36, 120), (28, 84, 60))
    if charge == "故意伤害":
        return INJURIES[injury]
    if charge == "寻衅滋事":
        if injury:   # 随意殴打他人
            return 6.0 + 3.0 * (victims - 1) + (4.0 if injury.startswith("轻伤") else 0.0)
        return 6.0 + a / 2000.0   # 强拿硬要 or 任意毁损 property
    if charge == "交通肇事":
        return 36.0 + 6.0 * (victims - 1) if escaped else 15.0 + 6.0 * (victims - 1)
    if charge == "开设赌场":
        if a >= GAMBLING_SERIOUS:
            return min(120.0, 60.0 + 60.0 * (a - GAMBLING_SERIOUS) / 270000.0)
        return 6.0 + 24.0 * (a - 5000) / (GAMBLING_SERIOUS - 5000)
    if charge == "掩饰、隐瞒犯罪所得":
        return min(36.0, 6.0 + a / 10000.0)
    raise ValueError(f"unknown charge {charge!r}")


# Adjustments to the baseline (法发〔2021〕21号, 常见量刑情节), added up as the opinion says
# (同向相加、逆向相减): 自首 up to -40 % (here -25 %), 坦白 up to -20 % (here -15 %), 退赃退赔
# up to -30 % (here -20 %), 赔偿并取得谅解 up to -40 % (here -30 %), 累犯 +10 % to +40 %
# (here +25 %), a record that is not 累犯 (前科) up to +10 % (here +10 %).
ADJUSTMENTS = {"surrender": -0.25, "confession": -0.15, "退赃": -0.20, "退赔": -0.20, "赔偿谅解": -0.30,
               "累犯": 0.25, "前科": 0.10}


def formula_months(charge: str, amount: float | None = None, bac: float | None = None, injury: str = "",
                   victims: int = 1, accident: bool = False, escaped: bool = False, surrender: bool = False,
                   confession: bool = False, restitution: str = "", record: str = "", **_ignored) -> float:
    """The term the formula gives, in months (not rounded): `base_months` times one plus the
    adjustments; at least one month, and for dangerous driving at most six (拘役)."""
    factor = 1.0
    if surrender:
        factor += ADJUSTMENTS["surrender"]
    elif confession:
        factor += ADJUSTMENTS["confession"]
    if restitution:
        factor += ADJUSTMENTS[restitution]
    if record:
        factor += ADJUSTMENTS[record]
    months = base_months(charge, amount, bac, injury, victims, accident, escaped) * factor
    return min(6.0, max(1.0, months)) if charge == "危险驾驶" else max(1.0, months)


def fine_yuan(charge: str, months: int, amount: float | None = None) -> int:
    """The fine (罚金) in 元: for drunk driving 2,000 and 1,000 more per month of 拘役 beyond the
    first (the 2023 opinion: not below the administrative fine for drink-driving, 1,000 to
    5,000 more per month); for theft, snatching, fraud and concealment half the amount, at
    least 1,000 (法释〔2013〕8号 art. 14: from 1,000 up to twice the amount); for gambling the
    amount taken, at least 5,000; none for injury, picking quarrels and traffic accidents,
    whose articles carry no fine here."""
    a = float(amount or 0)
    if charge == "危险驾驶":
        return 2000 + 1000 * (months - 1)
    if charge in ("盗窃", "诈骗", "抢夺", "掩饰、隐瞒犯罪所得"):
        return max(1000, int(round(a * 0.5 / 1000.0)) * 1000)
    if charge == "开设赌场":
        return max(5000, int(round(a / 1000.0)) * 1000)
    return 0


# --- writing a fact --------------------------------------------------------------------------

CN_DIGITS = "〇一二三四五六七八九"
CN_MONTHS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


def _cn_number(n: int) -> str:
    """1-31 in Chinese numerals, as a date writes them (二十一)."""
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else "") + (CN_DIGITS[units] if units else "")


def _date_text(d: _dt.date, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.04:   # 二〇二三年五月一日
        return "".join(CN_DIGITS[int(c)] for c in str(d.year)) + f"年{CN_MONTHS[d.month]}月{_cn_number(d.day)}日"
    if r < 0.14:   # zero-padded
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    return f"{d.year}年{d.month}月{d.day}日"


def _when(d: _dt.date, rng: random.Random, night: bool = False) -> str:
    hour = rng.choice([0, 1, 2, 21, 22, 23]) if night else rng.randint(7, 23)
    text = _date_text(d, rng)
    r = rng.random()
    if r < 0.45:
        return f"{text}{hour}时许"
    if r < 0.65:
        return f"{text}{'凌晨' if hour < 6 else '晚' if hour >= 19 else '下午' if hour >= 13 else '上午'}"
    if r < 0.80 and hour >= 13:
        return f"{text}{'晚' if hour >= 19 else '下午'}{hour - 12}时许"
    return text


def _money(amount: int, rng: random.Random) -> str:
    r = rng.random()
    if amount % 100 == 0 and amount >= 1000 and r < 0.25:
        return f"{amount}余元"
    if r < 0.55:
        return f"人民币{amount}元"
    return f"{amount}元"


# Synonyms the near-duplicate copies swap (in either direction).
SYNONYMS = [("随后", "之后"), ("案发后", "事发后"), ("经鉴定", "经检验"), ("如实供述", "如实交代"),
            ("逃离现场", "逃离"), ("被害人", "受害人"), ("查获", "抓获"), ("归案", "到案"),
            ("当日", "当天"), ("经审理查明：", "经审理查明，"), ("价值人民币", "价值"),
            ("拳打脚踢", "拳脚相加"), ("民警", "公安民警"), ("现场", "当场")]


MEASURE = {"手机": "一部", "电动自行车": "一辆", "笔记本电脑": "一台", "金项链": "一条", "摩托车": "一辆",
           "平板电脑": "一台", "挎包": "一个", "手提包": "一个"}


class _Writer:
    """Writes the fact of one plan. A copy's fact uses the same template draws (same seed), so
    that the near-duplicate differs only where it is reworded on purpose."""

    def __init__(self, plan: dict, rng: random.Random):
        self.p, self.rng = plan, rng
        self.n = plan["name"]

    def pick(self, *options):
        return self.rng.choice(options)

    def place(self) -> str:
        p = self.p
        return f"{p['area']}{p['town']}{p['street']}{p['site']}"

    def defendant(self) -> str:
        """The first mention of the defendant, with the household proxy when there is one."""
        p = self.p
        proxy = p["proxy"]
        if proxy == "暂住":
            return f"被告人{self.n}（暂住{p['area']}{p['town']}）"
        if proxy == "户籍":
            return f"被告人{self.n}（户籍地{p['province']}）"
        if proxy == "务工":
            return f"外来务工人员{self.n}"
        if proxy == "本地户籍":
            return f"被告人{self.n}（户籍地{p['area']}）"
        return f"被告人{self.n}"

    def core(self) -> list[str]:
        return getattr(self, "_" + {"危险驾驶": "drunk", "盗窃": "theft", "诈骗": "fraud", "抢夺": "snatch",
                                    "故意伤害": "injury", "寻衅滋事": "quarrel", "交通肇事": "traffic",
                                    "开设赌场": "gambling", "掩饰、隐瞒犯罪所得": "conceal"}[self.p["charge"]])()

    # each returns the core sentences; the first opens with the date and the defendant

    def _drunk(self) -> list[str]:
        p, d, n = self.p, self.defendant(), self.n
        when = _when(p["date"], self.rng, night=self.rng.random() < 0.7)
        car = self.pick("小型轿车", "小型普通客车", "普通二轮摩托车", "小型越野客车", "轻型厢式货车")
        plate = self.pick("", "", f"牌号为皖Q×××××的", "无号牌")
        road = f"{p['area']}{p['street']}"
        s = [self.pick(
            f"{when}，{d}酒后驾驶{plate}{car}沿{road}由东向西行驶，行至{road}{p['site']}附近路段时",
            f"{when}，{d}在{p['area']}{p['town']}某饭店饮酒后，驾驶{plate}{car}行驶至{road}路段时",
            f"{d}于{when}饮酒后驾驶{plate}{car}上路行驶，行至{road}时",
        )]
        if p["accident"]:
            s[0] += self.pick("与停放在路边的车辆发生碰撞，造成两车受损的交通事故。",
                              "与同向行驶的一辆电动自行车发生碰撞，致对方车辆受损、驾驶人受轻微伤。")
            s.append(self.pick("民警接警后赶至现场，将" + n + "查获。", "事故发生后，" + n + "在现场等候处理。"))
        else:
            s[0] += self.pick("被执勤民警查获。", "被正在巡逻的民警拦停检查，当场查获。",
                              "被设卡检查的交警查获。")
        bac = p["bac_text"]
        if p["breath"] is not None:
            s.append(f"经呼气酒精含量检测，{n}呼气酒精含量为{p['breath']}mg/100ml。")
        s.append(self.pick(f"经鉴定，{n}血液中乙醇含量为{bac}。", f"经抽取血样送检，{n}血液中乙醇含量为{bac}，属醉酒驾驶。",
                           f"经司法鉴定，{n}血样中乙醇含量为{bac}。"))
        return s

    def _property(self, verb_options: tuple, item: str, victim: str) -> list[str]:
        p, d, n = self.p, self.defendant(), self.n
        place = self.place()
        if p["parts"]:
            a1, a2 = p["parts"]
            how = self.pick("趁无人之机窃取他人财物", "采用撬锁的方式盗窃他人电动自行车", "扒窃他人财物")
            return [f"{d}于{_date_text(p['date'], self.rng)}起，先后两次在{p['area']}{p['street']}等地{how}，"
                    f"所得财物分别价值{a1}元、{a2}元，共计价值{_money(p['amount'], self.rng)}。"]
        when = _when(p["date"], self.rng)
        verb = self.pick(*verb_options)
        if "手机" in verb or "口袋" in verb:
            item = "手机"
        elif "撬锁" in verb:
            item = "电动自行车"
        taken = {"盗窃": "盗", "诈骗": "骗", "抢夺": "夺"}[p["charge"]]
        return [f"{when}，{d}在{place}，{verb}{victim}{item}{MEASURE[item]}。",
                self.pick(f"经价格认定，上述财物价值{_money(p['amount'], self.rng)}。",
                          f"经鉴定，涉案{item}价值{_money(p['amount'], self.rng)}。",
                          f"经{p['area']}价格认证中心认定，被{taken}财物价值{_money(p['amount'], self.rng)}。")]

    def _item(self) -> str:
        return self.pick("手机", "电动自行车", "笔记本电脑", "金项链", "摩托车", "平板电脑")

    def _borrowed_phone(self) -> list[str]:
        p, d = self.p, self.defendant()
        victim = "被害人" + self.pick("王某", "周某", "孙某")
        when = _when(p["date"], self.rng)
        return [f"{when}，{d}在{self.place()}，以借用手机打电话为由，从{victim}处接过手机一部，"
                f"{self.pick('假装通话，趁其不注意离开', '边打电话边走远，随后离开')}。",
                self.pick(f"经价格认定，上述手机价值{_money(p['amount'], self.rng)}。",
                          f"经鉴定，涉案手机价值{_money(p['amount'], self.rng)}。")]

    def _trifle_fight(self) -> list[str]:
        p, n = self.p, self.n
        victim = "被害人" + self.pick("刘某", "陈某", "何某")
        reason = self.pick(f"因琐事与{victim}发生口角，{n}对{victim}拳打脚踢",
                           f"因琐事与{victim}发生争执，继而对{victim}拳打脚踢")
        return [self._fight(reason) + f"，致{victim}受伤。",
                self.pick(f"经鉴定，{victim}的损伤程度为{p['injury']}。", f"经法医鉴定，{victim}所受损伤构成{p['injury']}。")]

    def _theft(self) -> list[str]:
        if self.p["borderline"]:
            return self._borrowed_phone()
        item = self._item()
        return self._property(("趁无人之机，秘密窃取", "趁被害人不备，从其口袋中窃取", "采用撬锁的方式盗走",
                               "以借用手机打电话为由，趁其不注意窃走"), item, "被害人" + self.pick("王某", "李某", "赵某") + "的")

    def _fraud(self) -> list[str]:
        p, d, n = self.p, self.defendant(), self.n
        if p["borderline"]:
            return self._borrowed_phone()
        if self.rng.random() < 0.5 and not p["parts"]:
            when = _when(p["date"], self.rng)
            pretext = self.pick("以帮助办理贷款需缴纳保证金为由", "以低价出售手机为由", "冒充被害人的朋友，以急需用钱为由",
                                "以可以帮助其子女安排工作为由", "通过网络虚构出售演唱会门票的事实")
            return [f"{when}，{d}{pretext}，虚构事实、隐瞒真相，骗取被害人" + self.pick("周某", "孙某", "吴某")
                    + f"{self.pick('通过微信转账', '通过支付宝转账', '现金')}{_money(p['amount'], self.rng)}。",
                    self.pick("得款后，" + n + "将钱款用于个人消费。", n + "得手后将被害人微信拉黑。", "随后" + n + "逃离。")]
        item = self.pick("手机", "笔记本电脑", "平板电脑")
        return self._property(("以借用手机打电话为由，骗取", "谎称帮助检修，骗走", "以帮助维修为由，骗取"),
                              item, "被害人" + self.pick("周某", "孙某", "吴某") + "的")

    def _snatch(self) -> list[str]:
        item = self.pick("手机", "金项链", "挎包", "手提包")
        return self._property(("趁被害人不备，一把夺过", "驾驶电动自行车靠近被害人，趁其不备强行夺走",
                               "趁被害人打电话之机，猛然抢夺"), item, "被害人" + self.pick("郑某", "钱某", "冯某") + "的") + \
            [self.pick("得手后" + self.n + "逃离现场。", "随后" + self.n + "骑车逃离。")]

    def _fight(self, reason: str) -> str:
        p, d = self.p, self.defendant()
        when = _when(p["date"], self.rng, night=self.rng.random() < 0.5)
        return f"{when}，{d}在{self.place()}，{reason}"

    def _injury(self) -> list[str]:
        p, n = self.p, self.n
        if p["borderline"]:
            return self._trifle_fight()
        victim = "被害人" + self.pick("刘某", "陈某", "何某")
        reason = self.pick(f"因琐事与{victim}发生口角，继而发生厮打，{n}持木棍击打{victim}头部",
                           f"因邻里纠纷与{victim}发生争执，{n}对{victim}拳打脚踢",
                           f"因停车问题与{victim}发生争执，{n}用拳头击打{victim}面部",
                           f"因债务纠纷与{victim}发生冲突，{n}持水果刀划伤{victim}手臂")
        s = [self._fight(reason) + f"，致{victim}受伤。",
             self.pick(f"经鉴定，{victim}的损伤程度为{p['injury']}。", f"经法医鉴定，{victim}所受损伤构成{p['injury']}。")]
        return s

    def _quarrel(self) -> list[str]:
        p, n = self.p, self.n
        if p["borderline"]:
            return self._trifle_fight()
        if p["injury"]:
            k = p["victims"]
            who = "被害人" + "、".join(self.rng.sample(["刘某", "陈某", "何某", "罗某", "高某"], k))
            reason = self.pick(f"酒后无故对{who}拳打脚踢", f"借故生非，随意殴打{who}", f"因琐事与{who}发生口角，继而随意殴打{who}",
                               f"酒后滋事，持啤酒瓶随意殴打{who}")
            return [self._fight(reason) + "。",
                    self.pick(f"经鉴定，{who}的损伤程度均为{p['injury']}。" if k > 1 else f"经鉴定，{who}的损伤程度为{p['injury']}。",
                              f"经法医鉴定，{who}所受损伤构成{p['injury']}。")]
        act = self.pick("强拿硬要摊位上的财物", "随意砸毁店内的桌椅、玻璃门等财物", "任意毁损停放在路边的车辆")
        return [self._fight(f"酒后借故生非，{act}") + "。",
                f"经价格认定，被毁损或强拿硬要的财物价值{_money(p['amount'], self.rng)}。"]

    def _traffic(self) -> list[str]:
        p, d, n = self.p, self.defendant(), self.n
        when = _when(p["date"], self.rng)
        car = self.pick("小型轿车", "重型半挂牵引车", "轻型货车")
        victims = "一人" if p["victims"] == 1 else f"{'二三'[p['victims'] - 2]}人"
        s = [f"{when}，{d}驾驶{car}沿{p['area']}{p['street']}行驶时，因{self.pick('未注意观察路面情况', '超速行驶', '未按规定让行')}，"
             f"与行人发生碰撞，造成{victims}死亡的交通事故。"]
        if p["escaped"]:
            s.append(f"事故发生后，{n}驾车逃离现场。")
        s.append(f"经{p['area']}公安局交通管理大队认定，{n}负事故{self.pick('全部', '主要')}责任。")
        if p["bac_text"]:
            s.append(f"经鉴定，{n}血液中乙醇含量为{p['bac_text']}，系饮酒后驾驶。")
        return s

    def _gambling(self) -> list[str]:
        p, d = self.p, self.defendant()
        when = _date_text(p["date"], self.rng)
        how = self.pick(f"在{self.place()}内设置麻将机，组织他人赌博", f"租用{self.place()}的房间，提供场所、赌具供他人赌博",
                        "建立微信群，组织群成员以抢红包的方式进行赌博")
        return [f"{d}于{when}起，{how}，并从中抽头渔利，共计获利{_money(p['amount'], self.rng)}。"]

    def _conceal(self) -> list[str]:
        p, d = self.p, self.defendant()
        when = _when(p["date"], self.rng)
        item = self.pick("电动自行车", "手机", "电瓶")
        return [f"{when}，{d}明知是他人盗窃所得的{item}，仍在{self.place()}予以收购，"
                f"{self.pick('并转手出售', '并藏匿于其住处')}。",
                f"经价格认定，涉案{item}共计价值{_money(p['amount'], self.rng)}。"]

    def tail(self) -> list[str]:
        """What came after: arrest or surrender, confession, restitution, record (any order)."""
        p, n = self.p, self.n
        s = []
        if p["surrender"]:
            s.append(self.pick(f"{self.pick('当日', '次日')}，{n}主动到公安机关投案，并如实供述了自己的罪行。",
                               f"案发后，{n}主动投案，如实供述了犯罪事实。"))
        else:
            if p["charge"] != "危险驾驶":
                s.append(self.pick(f"{self.pick('同年', '')}{p['date'].month}月{min(28, p['date'].day + 3)}日，{n}被公安机关抓获归案。",
                                   f"后{n}被民警抓获归案。", f"被害人报警后，{n}被抓获。"))
            if p["confession"]:
                s.append(self.pick(f"{n}归案后如实供述了自己的罪行。", f"{n}到案后如实供述了上述事实，系坦白。",
                                   f"案发后，{n}如实供述了自己的罪行。"))
        r = p["restitution"]
        if r == "退赃":
            s.append(self.pick("涉案财物已追回并发还被害人。", f"{n}已退缴全部赃款。", f"案发后，{n}退赃。"))
        elif r == "退赔":
            s.append(self.pick(f"案发后，{n}已退赔被害人全部经济损失。", f"{n}已退赔被害人经济损失{_money(p['amount'], self.rng)}。"))
        elif r == "赔偿谅解":   # after a fatal accident, the victim's family forgives
            v = "被害人家属" if p["charge"] == "交通肇事" else "被害人"
            s.append(self.pick(f"案发后，{n}赔偿了{v}经济损失，并取得{v}的谅解。",
                               f"{n}的亲属代为赔偿{v}{_money(p['comp'], self.rng)}，{v}对其表示谅解。"))
        if p["record"]:
            # 累犯 needs an earlier sentence of 有期徒刑 (Criminal Law art. 65); 危险驾驶 carries 拘役 only
            prior = self.pick("盗窃罪", "故意伤害罪", "诈骗罪") if p["record"] == "累犯" else \
                self.pick("盗窃罪", "危险驾驶罪", "故意伤害罪", "诈骗罪")
            year = p["date"].year - self.rng.randint(2, 4)
            if p["record"] == "累犯":
                s.append(self.pick(f"另查明，{n}曾因犯{prior}于{year}年被判处有期徒刑一年，刑满释放后五年内再犯，系累犯。",
                                   f"{n}曾因犯{prior}被判处有期徒刑八个月，{year + 1}年刑满释放。"))
            else:
                s.append(f"另查明，{n}曾因犯{prior}于{year}年被判处拘役三个月。")
        return s


def _fact(plan: dict, seed: int, copy_rng: random.Random | None = None) -> str:
    w = _Writer(plan, random.Random(seed))
    core, tail = w.core(), w.tail()
    opening = w.pick("经审理查明：", "经审理查明：", "本院经审理查明：", "经审理查明，")
    if copy_rng is not None:   # a near-duplicate: another order, a few synonyms
        if len(tail) >= 2:
            i = copy_rng.randrange(len(tail) - 1)
            tail[i], tail[i + 1] = tail[i + 1], tail[i]
        elif len(core) >= 3:
            core[1], core[2] = core[2], core[1]
    text = opening + "".join(core + tail)
    if copy_rng is not None:
        pairs = [(a, b) if a in text else (b, a) for a, b in SYNONYMS if a in text or b in text]
        for a, b in copy_rng.sample(pairs, min(len(pairs), copy_rng.randint(2, 3))):
            text = text.replace(a, b, 1)
    return text


# --- planning cases ------------------------------------------------------------------------

def _weighted(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=[v if isinstance(v, (int, float)) else v[1] for v in table.values()])[0]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + ("某某" if rng.random() < 0.45 else "某")


def _amount(rng: random.Random, low: float, median: float, high: float) -> int:
    a = math.exp(rng.gauss(math.log(median), 0.9))
    a = min(max(a, low), high)
    return int(round(a, -2)) if rng.random() < 0.35 else int(a)


def _plan(rng: random.Random, disparity_court: str) -> dict:
    charge = _weighted(rng, CHARGES)
    court = _weighted(rng, {c: v[1] for c, v in COURTS.items()})
    code, _, area, towns = COURTS[court]
    household = "外地" if rng.random() < NONLOCAL_SHARE else "本地"
    p = {"charge": charge, "court": court, "area": area, "town": rng.choice(towns), "street": rng.choice(STREETS),
         "site": rng.choice(SITES), "household": household, "name": _name(rng),
         "gender": "女" if rng.random() < FEMALE_SHARE[charge] else "男", "age_band": _weighted(rng, AGE_BANDS),
         "province": rng.choice(PROVINCES), "amount": None, "parts": None, "bac": None, "bac_text": "",
         "breath": None, "injury": "", "victims": 1, "accident": False, "escaped": False, "comp": 0}
    if household == "外地":
        if rng.random() < 0.5:
            p["site"] = rng.choice(FACTORY_SITES)
        p["proxy"] = rng.choices(["暂住", "户籍", "务工", ""], weights=[0.40, 0.25, 0.12, 0.23])[0]
    else:
        p["proxy"] = rng.choices(["暂住", "本地户籍", ""], weights=[0.04, 0.20, 0.76])[0]
    day = FIRST_DAY + _dt.timedelta(days=rng.randrange(DAYS))
    p["date"] = day
    p["judgment_date"] = day + _dt.timedelta(days=rng.randint(45, 240))
    # the facts the charge turns on
    if charge == "危险驾驶":
        bac = DRUNK + rng.gammavariate(2.0, 32.0)
        bac = min(bac, 320.0)
        p["bac"] = round(bac, 1) if rng.random() < 0.6 else float(int(bac))
        unit = rng.choice(["mg/100ml", "mg/100ml", "mg/100mL", "毫克/100毫升"])
        p["bac_text"] = (f"{p['bac']:.1f}" if p["bac"] != int(p["bac"]) else f"{int(p['bac'])}") + unit
        p["accident"] = rng.random() < 0.15
        if rng.random() < 0.3:
            p["breath"] = int(max(DRUNK + 1, p["bac"] * rng.uniform(0.75, 1.1)))
    elif charge in ("盗窃", "诈骗", "抢夺"):
        low = {"盗窃": THEFT_BANDS, "诈骗": FRAUD_BANDS, "抢夺": SNATCH_BANDS}[charge][0]
        p["amount"] = _amount(rng, low, low * 3.5, low * 150)
        if charge == "盗窃" and rng.random() < 0.2:
            a1 = int(p["amount"] * rng.uniform(0.25, 0.75))
            p["parts"] = (a1, p["amount"] - a1)
    elif charge == "故意伤害":
        p["injury"] = rng.choices(list(INJURIES), weights=[0.62, 0.26, 0.12])[0]
    elif charge == "寻衅滋事":
        if rng.random() < 0.7:
            p["victims"] = rng.choice([1, 2, 2, 3])
            p["injury"] = "轻伤二级" if p["victims"] == 1 or rng.random() < 0.2 else "轻微伤"
        else:
            p["amount"] = _amount(rng, 2000, 5000, 40000)
    elif charge == "交通肇事":
        p["victims"] = rng.choices([1, 2], weights=[0.85, 0.15])[0]
        p["escaped"] = rng.random() < 0.2
        if rng.random() < 0.25:   # drank, but below the level of drunk driving
            p["bac"] = float(rng.randint(21, 78))
            p["bac_text"] = f"{int(p['bac'])}mg/100ml"
    elif charge == "开设赌场":
        p["amount"] = _amount(rng, 5000, 16000, 300000)
    else:
        p["amount"] = _amount(rng, 3000, 20000, 300000)
    p["borderline"] = (charge in BORDERLINE and not p["parts"] and rng.random() < BORDERLINE[charge]
                       and (charge != "寻衅滋事" or (p["victims"] == 1 and p["injury"] == "轻伤二级"))
                       and (charge != "故意伤害" or p["injury"] != "重伤二级"))
    if p["borderline"] and charge in ("盗窃", "诈骗"):   # a phone's worth, above either threshold
        low = THEFT_BANDS[0] if charge == "盗窃" else FRAUD_BANDS[0]
        p["amount"] = low + int(rng.gammavariate(2.0, 1500.0))
    # circumstances
    p["surrender"] = rng.random() < (0.08 if charge == "危险驾驶" else 0.15)
    p["confession"] = p["surrender"] or rng.random() < 0.8
    victim = charge not in ("危险驾驶", "开设赌场", "掩饰、隐瞒犯罪所得")
    r = rng.random()
    if charge in ("盗窃", "诈骗", "抢夺", "掩饰、隐瞒犯罪所得"):
        p["restitution"] = "退赃" if r < 0.3 else "退赔" if r < 0.55 else "赔偿谅解" if r < 0.7 else ""
    elif victim or (charge == "危险驾驶" and p["accident"]):
        p["restitution"] = "赔偿谅解" if r < 0.45 else ""
    else:
        p["restitution"] = ""
    if p["restitution"] == "赔偿谅解":
        p["comp"] = int(round(rng.uniform(2000, 80000), -2)) if p["amount"] is None else p["amount"]
    r = rng.random()
    p["record"] = "累犯" if r < 0.08 else "前科" if r < 0.16 else ""
    p["disparity"] = court == disparity_court and household == "外地"
    return p


def _round(x: float, rng: random.Random) -> int:
    """Stochastic rounding: unbiased, so that a 25 % effect survives on terms of one or two months."""
    whole = math.floor(x)
    return int(whole + (rng.random() < x - whole))


def _sentence(p: dict, rng: random.Random) -> None:
    expected = formula_months(**p)
    noisy = expected * math.exp(max(-0.15, min(0.15, rng.gauss(0.0, 0.06))))
    if p["disparity"]:
        noisy *= DISPARITY_FACTOR
    months = max(1, _round(noisy, rng))
    p["months"] = min(6, months) if p["charge"] == "危险驾驶" else months
    p["expected"] = expected


def _make_outlier(p: dict, rng: random.Random) -> bool:
    """Move a term far off the formula (too harsh or too lenient), within the legal range of
    the charge; False when neither direction can be far enough."""
    e = p["expected"]
    cap = 6 if p["charge"] == "危险驾驶" else 180
    directions = ["harsh", "lenient"]
    rng.shuffle(directions)
    for direction in directions:
        t = e * (rng.uniform(2.2, 3.0) if direction == "harsh" else rng.uniform(0.2, 0.4))
        t = int(min(cap, max(1, round(t))))
        if abs(math.log((t + 1) / (e + 1))) >= 0.6:
            p["months"], p["outlier"] = t, direction
            return True
    return False


def _copy(p: dict, rng: random.Random) -> dict:
    """A near-duplicate plan: the same facts and court, another defendant's name, another date."""
    q = dict(p)
    q["name"] = _name(rng)
    while q["name"] == p["name"]:
        q["name"] = _name(rng)
    q["date"] = min(FIRST_DAY + _dt.timedelta(days=DAYS - 1),
                    max(FIRST_DAY, p["date"] + _dt.timedelta(days=rng.randint(-120, 120))))
    q["judgment_date"] = q["date"] + _dt.timedelta(days=rng.randint(45, 240))
    return q


def _record(p: dict, case_id: str, labels: bool) -> str:
    article = CHARGES[p["charge"]][0]
    meta = {"criminals": [p["name"]]}
    if labels:
        meta = {"relevant_articles": [article], "accusation": [p["charge"]], "punish_of_money": p["fine"],
                "criminals": [p["name"]],
                "term_of_imprisonment": {"death_penalty": False, "life_imprisonment": False,
                                         "imprisonment": p["months"]}}
    obj = {"case_id": case_id, "court": p["court"], "judgment_date": p["judgment_date"].isoformat(),
           "fact": p["fact"], "meta": meta,
           "defendant": {"household": p["household"], "age_band": p["age_band"], "gender": p["gender"]}}
    return json.dumps(obj, ensure_ascii=False)


def generate(seed: int = DEFAULT_SEED) -> dict:
    """Build every table (see TABLES): the two JSON Lines files as text, the truth as tables."""
    rng = random.Random(seed)
    disparity_court = rng.choice(sorted(COURTS))   # drawn from the seed, so a class's data differ
    n_total = N_CASES + N_HELDOUT
    n_copies = sum(DUPLICATES.values())
    plans = [_plan(rng, disparity_court) for _ in range(n_total - n_copies)]
    for p in plans:
        p["split"], p["outlier"], p["seed"], p["copy_of"] = "", "", rng.getrandbits(32), None
    # which plans go to which split: the first N_CASES - copies in cases, the rest held out
    originals_in_cases = N_CASES - DUPLICATES[("cases", "cases")]
    for i, p in enumerate(plans):
        p["split"] = "cases" if i < originals_in_cases else "heldout"
    # near-duplicates: copy an original of the first split into the second
    copies = []
    pool = {"cases": [p for p in plans if p["split"] == "cases"], "heldout": [p for p in plans if p["split"] == "heldout"]}
    used: set[int] = set()
    for (a, b), count in DUPLICATES.items():
        for _ in range(count):
            src = rng.choice(pool[a])
            while id(src) in used:
                src = rng.choice(pool[a])
            used.add(id(src))
            q = _copy(src, rng)
            q["split"], q["copy_of"] = b, src
            copies.append(q)
    everyone = plans + copies
    for p in everyone:
        _sentence(p, rng)
    # outliers: a few percent of each split, never a near-duplicate pair (their terms stay alike)
    for split, size in (("cases", N_CASES), ("heldout", N_HELDOUT)):
        candidates = [p for p in everyone if p["split"] == split and id(p) not in used and p["copy_of"] is None]
        want = round(size * OUTLIER_SHARE)
        for p in rng.sample(candidates, len(candidates)):
            if want == 0:
                break
            if _make_outlier(p, rng):
                want -= 1
    for p in everyone:
        p["fine"] = fine_yuan(p["charge"], p["months"], p["amount"])
        copy_rng = random.Random(p["seed"] ^ 0x5EED) if p["copy_of"] is not None else None
        p["fact"] = _fact(p, p["seed"], copy_rng)
    # case numbers: by court and year of judgment, in date order, over both splits
    rng.shuffle(everyone)
    everyone.sort(key=lambda p: (p["judgment_date"], p["court"]))
    counters: dict[tuple, int] = {}
    for p in everyone:
        key = (p["court"], p["judgment_date"].year)
        counters[key] = counters.get(key, 0) + rng.randint(1, 4)
        p["case_id"] = f"（{key[1]}）{COURTS[p['court']][0]}刑初{counters[key]}号"
    cases = [p for p in everyone if p["split"] == "cases"]
    heldout = [p for p in everyone if p["split"] == "heldout"]
    # what a data office has done by hand on the training cases, drawn apart so that the
    # rest stays as it was: facts annotated on a sample, and the similar pairs it came upon
    office = random.Random(seed ^ 0xA11075)
    sample = sorted(office.sample(cases, N_ANNOTATED), key=lambda p: p["case_id"])
    annotated = _extracted(sample)[ANNOTATED_COLUMNS]
    pairs = _pairs(copies)
    return {
        "cases": "".join(_record(p, p["case_id"], True) + "\n" for p in cases),
        "heldout": "".join(_record(p, p["case_id"], False) + "\n" for p in heldout),
        "heldout_labels": pd.DataFrame({
            "case_id": [p["case_id"] for p in heldout],
            "accusation": [p["charge"] for p in heldout],
            "article": [CHARGES[p["charge"]][0] for p in heldout],
            "imprisonment": [p["months"] for p in heldout],
            "fine": [p["fine"] for p in heldout]}),
        "annotated": annotated,
        "similar_pairs": pairs[(pairs["split_a"] == "cases") & (pairs["split_b"] == "cases")][["case_a", "case_b"]]
        .reset_index(drop=True),
        "near_duplicates": pairs,
        "sentencing_outliers": _outliers(everyone),
        "disparity": _disparity(everyone, disparity_court),
        "facts_extracted": _extracted(everyone),
    }


def _pairs(copies: list[dict]) -> pd.DataFrame:
    rows = sorted((q["copy_of"]["case_id"], q["case_id"], q["copy_of"]["split"], q["split"]) for q in copies)
    return pd.DataFrame(rows, columns=["case_a", "case_b", "split_a", "split_b"])


def _outliers(everyone: list[dict]) -> pd.DataFrame:
    rows = sorted((p["case_id"], p["split"], p["charge"], f"{p['expected']:.1f}", p["months"], p["outlier"])
                  for p in everyone if p["outlier"])
    return pd.DataFrame(rows, columns=["case_id", "split", "accusation", "expected_months", "actual_months", "direction"])


def _disparity(everyone: list[dict], court: str) -> pd.DataFrame:
    def ratio(group):
        values = [p["months"] / p["expected"] for p in group]
        return f"{sum(values) / len(values):.3f}"
    ordinary = [p for p in everyone if not p["outlier"]]
    here = [p for p in ordinary if p["court"] == court and p["household"] == "外地"]
    local = [p for p in ordinary if p["court"] == court and p["household"] == "本地"]
    elsewhere = [p for p in ordinary if p["court"] != court and p["household"] == "外地"]
    return pd.DataFrame([{"court": court, "household": "外地", "planted_factor": f"{DISPARITY_FACTOR:.2f}",
                          "cases": len(here), "mean_ratio": ratio(here), "mean_ratio_local_same_court": ratio(local),
                          "mean_ratio_nonlocal_elsewhere": ratio(elsewhere)}])


def _extracted(everyone: list[dict]) -> pd.DataFrame:
    rows = sorted(everyone, key=lambda p: p["case_id"])
    return pd.DataFrame({
        "case_id": [p["case_id"] for p in rows],
        "split": [p["split"] for p in rows],
        "charge": [p["charge"] for p in rows],
        "amount": ["" if p["amount"] is None else str(p["amount"]) for p in rows],
        "bac": ["" if p["bac"] is None else f"{p['bac']:g}" for p in rows],
        "date": [p["date"].isoformat() for p in rows],
        "injury": [p["injury"] for p in rows],
        "victims": [p["victims"] for p in rows],
        "accident": ["yes" if p["accident"] else "no" for p in rows],
        "escaped": ["yes" if p["escaped"] else "no" for p in rows],
        "surrender": ["yes" if p["surrender"] else "no" for p in rows],
        "confession": ["yes" if p["confession"] else "no" for p in rows],
        "restitution": [p["restitution"] for p in rows],
        "record": [p["record"] for p in rows],
        "proxy_phrase": ["yes" if re.search(PROXY_PATTERN, p["fact"]) else "no" for p in rows],
        "borderline": ["yes" if p["borderline"] else "no" for p in rows],
    })


# --- what the card says -------------------------------------------------------------------

_DEFENDANT = ("`defendant`: `household` (`本地`, registered in the city, or `外地`, elsewhere), `age_band` "
              "(`18-25`, `26-35`, `36-45`, `46-60`, `60+`) and `gender` (`男` or `女`). These are protected "
              "attributes: they are there to audit a model for fairness, never to be its features.")
TABLES = [
    Table("cases", "Criminal judgments of first instance with their labels (刑事一审判决，训练集)",
          "the basic courts of Huaichuan, in the structure of CAIL2018", file="cases.jsonl",
          layout="One judgment per line, a JSON object (JSON Lines, UTF-8, Chinese written as it is): `case_id` "
                 "(the case number, such as `（2023）皖9921刑初123号`), `court`, `judgment_date` (`YYYY-MM-DD`), "
                 "`fact` (the facts the court found, beginning `经审理查明`), `meta` and `defendant`. `meta` holds the "
                 "labels as CAIL2018 writes them: `relevant_articles` (a list of article numbers of the Criminal Law; "
                 "Art. 133-1, dangerous driving, is written 133 as in CAIL), `accusation` (a list of charges, one "
                 "here), `punish_of_money` (the fine in yuan, 0 when none), `criminals` (the defendant's masked "
                 "name) and `term_of_imprisonment` (`death_penalty`, `life_imprisonment`, and `imprisonment`, the "
                 "term of fixed-term imprisonment or criminal detention in whole months). " + _DEFENDANT + " Read "
                 "with `pd.read_json(course.data.path('cases'), lines=True)`.",
          dirt=["Charges are unbalanced on purpose: dangerous driving is about a third of the cases, and the rarest "
                "charges have about a hundred.",
                "Theft, fraud and snatching share their words (a phone, a bicycle, the victim caught off guard), "
                "and so do intentional injury and picking quarrels (a quarrel, then blows): the words alone do not "
                "always tell the charge.",
                "Some facts sit on the line between two charges and are written alike for both: a phone taken after "
                "asking to borrow it for a call (theft or fraud) and a beating after a quarrel over a trifle "
                "(intentional injury or picking quarrels). Courts have decided such facts either way, the phone cases "
                "mostly as theft, as the mainstream view holds (the victim lent the phone for a moment and never "
                "gave it up). The label is the court's: no model can tell them apart from the words.",
                "Dates are written in several ways (`2023年5月1日`, `2023年05月01日`, `二〇二三年五月一日`, with or "
                "without the hour), and a fact may hold a second date (the arrest, an earlier sentence).",
                "Amounts are written as `3000元`, `人民币3000元` or `3000余元`; a theft in two episodes names both "
                "amounts and their total, which is the amount that counts.",
                "Some drunk-driving facts give a breath-test value before the blood test: the blood level is the one "
                "that counts. Some traffic-accident facts give a blood level below 80 mg/100ml (drinking, not drunk).",
                "Defendants share names: a name is not a person.",
                "Some facts describe where the defendant is registered or lives temporarily (暂住): words that "
                "stand for household registration."]),
    Table("heldout", "Held-out judgments without their labels (测试集)",
          "the basic courts of Huaichuan, in the structure of CAIL2018", file="heldout.jsonl",
          layout="The same objects as in `cases`, but `meta` keeps only `criminals`: the charge, the article, the "
                 "term and the fine are withheld, for scoring predictions.",
          dirt=["The same dirt as in `cases`."]),
    Table("annotated", "Facts annotated by hand on a sample of the training judgments (人工标注样本)",
          "the procuratorate's data office", [
              Column("case_id", "text", "the judgment in `cases`"),
              Column("charge", "text", "the charge"),
              Column("amount", "integer, yuan", "the amount the charge turns on; empty when none"),
              Column("bac", "number, mg/100ml", "blood alcohol level in the blood test; empty when none"),
              Column("date", "text, YYYY-MM-DD", "the date of the offence (the first date in the fact)"),
              Column("surrender", "text", "`yes` for surrender (自首)"),
              Column("confession", "text", "`yes` for a truthful confession (如实供述, 坦白)"),
              Column("restitution", "text", "`退赃`, `退赔`, `赔偿谅解` or empty"),
              Column("record", "text", "`累犯`, `前科` or empty"),
          ], dirt=["Only 300 of the 4,000 training judgments are annotated: enough to measure an extraction, "
                   "not to replace it."]),
    Table("similar_pairs", "Pairs of similar judgments found by hand in the training cases (人工标注类案)",
          "the procuratorate's data office", [
              Column("case_a", "text", "a judgment in `cases`"),
              Column("case_b", "text", "another judgment in `cases` with the same facts, reworded"),
          ]),
    Table("heldout_labels", "Truth: the labels of the held-out judgments", "planted", [
        Column("case_id", "text", "the judgment in `heldout`"),
        Column("accusation", "text", "the charge"),
        Column("article", "integer", "the article of the Criminal Law, as CAIL writes it"),
        Column("imprisonment", "integer", "the term in months"),
        Column("fine", "integer", "the fine in yuan, 0 when none"),
    ], truth=True),
    Table("near_duplicates", "Truth: pairs of judgments whose facts are the same, lightly reworded", "planted", [
        Column("case_a", "text", "the original judgment"),
        Column("case_b", "text", "its reworded copy: another name and date, sentences in another order, a few synonyms"),
        Column("split_a", "text", "`cases` or `heldout`: where the original is"),
        Column("split_b", "text", "`cases` or `heldout`: where the copy is"),
    ], truth=True),
    Table("sentencing_outliers", "Truth: terms planted far from what the sentencing formula gives", "planted", [
        Column("case_id", "text", "the judgment"),
        Column("split", "text", "`cases` or `heldout`"),
        Column("accusation", "text", "the charge"),
        Column("expected_months", "number", "the term the formula gives for the facts, one decimal"),
        Column("actual_months", "integer", "the term in the judgment"),
        Column("direction", "text", "`harsh` (far above the formula) or `lenient` (far below)"),
    ], truth=True),
    Table("disparity", "Truth: the court that sentences non-local defendants more harshly", "planted", [
        Column("court", "text", "the court"),
        Column("household", "text", "the group sentenced more harshly (`外地`)"),
        Column("planted_factor", "number", "the factor applied to the formula's term for that group in that court"),
        Column("cases", "integer", "judgments of that group in that court, outliers left out"),
        Column("mean_ratio", "number", "their mean ratio of the actual term to the formula's"),
        Column("mean_ratio_local_same_court", "number", "the same for local defendants in that court"),
        Column("mean_ratio_nonlocal_elsewhere", "number", "the same for non-local defendants in the other courts"),
    ], truth=True),
    Table("facts_extracted", "Truth: the facts each judgment was written from, to measure an extraction", "planted", [
        Column("case_id", "text", "the judgment, in `cases` or `heldout`"),
        Column("split", "text", "`cases` or `heldout`"),
        Column("charge", "text", "the charge"),
        Column("amount", "integer, yuan", "the amount the charge turns on (value taken or obtained, money made from "
               "gambling, property damaged or taken by force); empty when none"),
        Column("bac", "number, mg/100ml", "blood alcohol level in the blood test; empty when none"),
        Column("date", "text, YYYY-MM-DD", "the date of the offence (the first date in the fact)"),
        Column("injury", "text", "the injury grade (`轻微伤`, `轻伤二级`, `轻伤一级`, `重伤二级`); empty when none"),
        Column("victims", "integer", "victims beaten or killed (1 when the charge has no such count)"),
        Column("accident", "text", "`yes` when a drunk driver caused an accident"),
        Column("escaped", "text", "`yes` when a driver fled after a fatal accident (逃逸)"),
        Column("surrender", "text", "`yes` for surrender (自首)"),
        Column("confession", "text", "`yes` for a truthful confession (如实供述, 坦白; also with a surrender)"),
        Column("restitution", "text", "`退赃` (stolen goods returned), `退赔` (losses repaid), `赔偿谅解` (compensation "
               "and the victim's forgiveness) or empty"),
        Column("record", "text", "`累犯` (reoffended within five years of a prison term), `前科` (an earlier "
               "sentence) or empty"),
        Column("proxy_phrase", "text", "`yes` when the fact has words that stand for household registration "
               "(`course.data.judgments.PROXY_PATTERN`)"),
        Column("borderline", "text", "`yes` when the fact is written alike for two charges (`BORDERLINE`): the "
               "court's charge cannot be read from the words"),
    ], truth=True),
]

TITLE = "Criminal judgments for legal text models (judgments_text)"
DESCRIPTION = """\
Synthetic first-instance criminal judgments of five basic courts of Huaichuan (淮川市), a
fictional city in Anhui: Yuanhe County (元和县人民法院), Qinglan and Dongping districts and
Fengxi and Tinghu counties, all invented. They imitate the structure of CAIL2018 (thunlp/CAIL),
the reference data of legal text AI: one JSON object per judgment, with the facts the court
found and the labels a model predicts (charges, articles, term, fine). CAIL itself is never
downloaded or copied; its licence is unknown.

Names are a surname and 某 or 某某, car plates are masked, and no court, street, person or case
is real. Each judgment also names its court, its date and three attributes of the defendant
(household registration, age band, gender), which are there for a fairness audit and must
never be a model's features."""
HOW = """\
`course/data/judgments.py` draws everything from one seeded `random.Random`. For each case it
first plans the facts: the charge (dangerous driving, the most prosecuted crime of 2021, about a
third of the cases; theft, fraud and snatching; intentional injury and picking quarrels; and
rarer traffic accidents, gambling dens and concealing criminal proceeds), the amount, the blood
alcohol level (at least 80 mg/100ml, the level of drunk driving in GB 19522-2010) or the injury,
surrender, confession, restitution and a criminal record. Then it writes the fact from several
templates per charge, with synonyms and optional sentences.

The term follows a documented formula in the spirit of the sentencing guidance of the Supreme
People's Court and the Supreme People's Procuratorate (量刑指导意见, 法发〔2021〕21号): a baseline by charge and amount band (theft under
法释〔2013〕8号 with the thresholds 2,000, 50,000 and 400,000 yuan; fraud under 法释〔2011〕7号
with 6,000, 100,000 and 500,000; snatching under 法释〔2013〕25号; drunk driving 1 to 6 months of
criminal detention by alcohol level and accident, under Art. 133-1 and the 2023 opinion on drunk
driving; injury by grade; picking quarrels under 法释〔2013〕18号; traffic accidents under
法释〔2000〕33号; gambling under 法释〔2005〕3号; concealing criminal proceeds under 法释〔2015〕11号), then the adjustments added up: surrender -25 %,
confession -15 %, restitution -20 %, compensation with forgiveness -30 %, recidivism +25 %, an
earlier sentence +10 %. The result is multiplied by random noise of at most 15 % and rounded to
whole months. `course.data.judgments.formula_months` computes the formula, and `fine_yuan` the
fine. Then a few percent of the terms are moved far off the formula, one court drawn from the
seed sentences non-local defendants 25 % more harshly, and some cases are copied with light
rewording."""
PLANTED = {
    "heldout_labels": "the charge, article, term and fine of every held-out judgment",
    "near_duplicates": "60 pairs of judgments with the same facts, lightly reworded: 24 within the training cases, "
                       "24 from the training cases into the held-out ones, 12 within the held-out ones",
    "sentencing_outliers": "3 % of the judgments of each split with a term far above or far below the formula "
                           "(at least 82 % more or 45 % less, counting months plus one)",
    "disparity": "one court that sentences non-local defendants 25 % more harshly than the formula, for the same "
                 "facts; non-local defendants are also often described with words that give them away",
    "facts_extracted": "the amount, alcohol level, date and circumstances each fact was written from, and whether "
                       "the fact sits on the line between two charges",
}
