"""A city-sized version of the pension payments, as Parquet, for module 03.

The county data fit in memory easily; this generator makes the same kind of data at a
scale where that stops being true: by default 430,000 pensioners paid monthly for two years,
about 10.2 million payment rows. It works in chunks of pensioners (seeded per chunk, so the output
does not depend on the chunk order or the machine), shows a progress bar, and writes a
Parquet dataset partitioned by year plus a small Parquet table of deaths. Nothing here is
committed to git: `course data big` rebuilds it from the seed.

Planted as in the county data: about 3% of pensioners die during the two years; the pension
stops from the month after death (从死亡次月起停发), so the month of death is still paid,
except that for about 15% of them the agency goes on paying for 1-12 later months.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from course import i18n, idcard
from course.i18n import N_

VERSION = "2"
DEFAULT_SEED = 20240301
SIZES = {"small": 10_000, "large": 430_000}  # pensioners; rows = 24 x pensioners, minus stops
N_MONTHS = 24
CHUNK = 20_000
TOWNSHIPS = np.array(list(idcard.FICTIONAL_REGIONS.values()))
REGIONS = np.array(list(idcard.FICTIONAL_REGIONS))
PAY_DATES = np.array([np.datetime64(f"{2023 + m // 12}-{m % 12 + 1:02d}-15") for m in range(N_MONTHS)])


def _chunk(seed: int, index: int, n: int, first_id: int) -> tuple[dict, dict]:
    rng = np.random.default_rng([seed, index])
    region_idx = rng.integers(0, len(REGIONS), size=n)
    # (birth day, sequence) from a bijection of the running person number: IDs never repeat.
    n_days = int((np.datetime64("1963-12-31") - np.datetime64("1930-01-01")).astype(int))
    space = n_days * 1000
    code = (7_919_993 * (first_id + np.arange(n, dtype=np.int64)) + 12_345) % space
    birth = np.datetime64("1930-01-01") + (code // 1000)
    seq = (code % 1000).astype(int)
    births = np.datetime_as_string(birth, unit="D")
    first17 = np.char.add(np.char.add(REGIONS[region_idx], np.char.replace(births, "-", "")),
                          np.char.zfill(seq.astype(str), 3))
    ids = np.char.add(first17, idcard.check_chars_vectorised(first17))
    base = np.round(rng.uniform(1600, 4200, size=n), -1)
    dies = rng.random(n) < 0.03
    death_day = np.datetime64("2023-01-01") + rng.integers(0, 690, size=n)
    keeps_paying = dies & (rng.random(n) < 0.15)
    extra = rng.integers(1, 13, size=n)

    # The pension stops from the month after death (从死亡次月起停发): the payment of the month
    # of death is due even when it is made after the day of death, so a pensioner who dies is
    # paid up to and including that month; the planted anomalies are payments of later months.
    death_month = (death_day.astype("datetime64[M]") - np.datetime64("2023-01", "M")).astype(int)
    paid_until = np.where(dies, death_month + 1, N_MONTHS)
    paid_until = np.where(keeps_paying, np.minimum(paid_until + extra, N_MONTHS), paid_until)
    counts = paid_until.astype(int)
    person = np.repeat(np.arange(n), counts)
    month = np.concatenate([np.arange(c) for c in counts]) if n else np.array([], dtype=int)
    amount = base[person] * np.where(month >= 12, 1.03, 1.0)
    payments = {
        "payment_no": (first_id * N_MONTHS + person * N_MONTHS + month).astype(np.int64),
        "id_number": ids[person],
        "township": TOWNSHIPS[region_idx[person]],
        "pay_date": PAY_DATES[month],
        "amount": np.round(amount, 2),
        "year": (2023 + month // 12).astype(np.int16),
    }
    deaths = {"id_number": ids[dies], "death_date": death_day[dies]}
    return payments, deaths


def build(folder: Path, size: str = "large", seed: int = DEFAULT_SEED, quiet: bool = False) -> Path:
    """Write `folder/payments/year=YYYY/*.parquet` and `folder/deaths.parquet`."""
    n_people = SIZES[size]
    import os
    import uuid

    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    # A private build folder, renamed into place at the end: concurrent builders (parallel
    # tests, grading workers) never see or damage each other's half-written files.
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.building")
    (tmp / "payments").mkdir(parents=True)
    writers: dict[int, pq.ParquetWriter] = {}
    deaths_parts = []
    rows = 0
    schema = pa.schema([("payment_no", pa.int64()), ("id_number", pa.string()),
                        ("township", pa.dictionary(pa.int8(), pa.string())),
                        ("pay_date", pa.date32()), ("amount", pa.float64())])
    chunks = range(0, n_people, CHUNK)
    people = f"{n_people:,}"
    _ = i18n.translator(CATALOG)
    desc = _("Generating {count} pensioners' payments", count=people)
    for i, start in enumerate(tqdm(chunks, desc=desc,
                                   unit="chunk", file=sys.stderr, disable=quiet)):
        n = min(CHUNK, n_people - start)
        payments, deaths = _chunk(seed, i, n, start)
        deaths_parts.append(deaths)
        for year in (2023, 2024):
            m = payments["year"] == year
            table = pa.table({
                "payment_no": payments["payment_no"][m],
                "id_number": pa.array(payments["id_number"][m].tolist(), pa.string()),
                "township": pa.array(payments["township"][m].tolist(), pa.string()).dictionary_encode()
                .cast(pa.dictionary(pa.int8(), pa.string())),
                "pay_date": pa.array(payments["pay_date"][m].astype("datetime64[D]"), pa.date32()),
                "amount": payments["amount"][m],
            }, schema=schema)
            if year not in writers:
                (tmp / "payments" / f"year={year}").mkdir()
                writers[year] = pq.ParquetWriter(tmp / "payments" / f"year={year}" / "part-0.parquet", schema,
                                                 compression="zstd")
            writers[year].write_table(table)
            rows += table.num_rows
    for w in writers.values():
        w.close()
    deaths = pa.table({
        "id_number": pa.array(np.concatenate([d["id_number"] for d in deaths_parts]).tolist(), pa.string()),
        "death_date": pa.array(np.concatenate([d["death_date"] for d in deaths_parts]).astype("datetime64[D]"),
                               pa.date32()),
    })
    pq.write_table(deaths, tmp / "deaths.parquet", compression="zstd")
    (tmp / "manifest.json").write_text(json.dumps({"version": VERSION, "seed": seed, "size": size,
                                                   "pensioners": n_people, "payment_rows": rows}, indent=1))
    try:
        tmp.rename(folder)
    except OSError:  # the folder exists: an older build, or a concurrent one that finished first
        if _current(folder):
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            trash = folder.with_name(f".{folder.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.old")
            folder.rename(trash)
            tmp.rename(folder)
            shutil.rmtree(trash, ignore_errors=True)
    return folder


def _current(folder: Path, size: str | None = None) -> bool:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        return False
    return manifest.get("version") == VERSION and manifest.get("seed") == DEFAULT_SEED and \
        (size is None or manifest.get("size") == size)


def ensure(root: Path, size: str = "small", quiet: bool = False) -> Path:
    folder = Path(root) / f"bigpay-{size}"
    if _current(folder, size):
        return folder
    return build(folder, size, quiet=quiet)


# --- the data card (datasets/bigpay/README.md and its translations), written from this module ---

CATALOG = "datasets"   # this module's words belong to the data cards' catalog (course.translate)

COLUMNS = [
    ("payments", "payment_no", "int64", N_("number of the payment, unique")),
    ("payments", "id_number", "string", N_("recipient's resident ID number (fictional region codes, valid check digit)")),
    ("payments", "township", "dictionary string", N_("township of the recipient's household registration")),
    ("payments", "pay_date", "date32", N_("date of payment, the 15th of each month")),
    ("payments", "amount", "float64", N_("amount paid, yuan (raised 3% in the second year)")),
    ("payments", "year", "partition", N_("year of payment: the folder `year=YYYY`, not a column in the files")),
    ("deaths", "id_number", "string", N_("resident ID number of a pensioner who died")),
    ("deaths", "death_date", "date32", N_("date of death")),
]


def card_text(small_folder: Path, lang: str = i18n.ENGLISH) -> str:
    """The Markdown data card in `lang`; row counts of the small size are read from its manifest."""
    from course.data.card import words

    _ = words(lang)
    small = json.loads((Path(small_folder) / "manifest.json").read_text())
    rows = "\n".join("| `{}` | `{}` | {} | {} |".format(t, c, d, _(m)) for t, c, d, m in COLUMNS)
    counts = {"small": f"{SIZES['small']:,}", "large": f"{SIZES['large']:,}", "rows": f"{small['payment_rows']:,}",
              "most": f"{N_MONTHS * SIZES['large']:,}", "chunk": f"{CHUNK:,}"}
    sizes = "\n".join([
        _("| size | pensioners | payment rows | folder |"),
        "|---|---|---|---|",
        _("| small (graded assignment) | {pensioners} | {rows} | `datasets/bigpay-small/` |",
          pensioners=counts["small"], rows=counts["rows"]),
        _("| large (lecture, benchmark) | {pensioners} | up to {rows} (fewer after deaths); the exact count "
          "is in its `manifest.json` | `datasets/bigpay-large/` |",
          pensioners=counts["large"], rows=counts["most"]),
    ])
    blocks = [
        _("# Data card: city-sized pension payments (module 03)"),
        "<!-- " + _("Generated from course/data/bigpay.py; a test compares it with this file.") + " -->",
        _("The pension payments of a fictional city of Anhui made from one seed, at a size where pandas\n"
          "starts to strain: monthly payments for two years (2023 and 2024), stored as Parquet and\n"
          "partitioned by year, with a table of the pensioners who died. Module 03 runs one collision\n"
          "model (payments for months after the month of death) on pandas, DuckDB and PySpark with it."),
        _("## How it is made"),
        _("Generator version {version}, seed {seed}, in chunks of {chunk} pensioners, each chunk\n"
          "seeded on its own so the files do not depend on the machine. The same seed gives\n"
          "byte-identical files. Nothing is kept in git: `course.data.bigpay_dir(\"small\")` builds the\n"
          "small size when a notebook needs it, `course data big` builds the large one (a progress bar\n"
          "shows the way).", version=VERSION, seed=DEFAULT_SEED, chunk=counts["chunk"]),
        sizes,
        _("Layout: `payments/year=2023/part-0.parquet`, `payments/year=2024/part-0.parquet` (zstd\n"
          "compressed), `deaths.parquet`, `manifest.json`."),
        _("## Columns"),
        _("| table | column | Parquet type | meaning |") + "\n|---|---|---|---|\n" + rows,
        _("## Planted anomalies"),
        _("About 3% of pensioners die during the two years. The pension stops from the month after\n"
          "death (从死亡次月起停发): the month of death is still paid, even when the pay day comes after\n"
          "the day of death. The pensioners draw the basic pension of employees (基本养老金, Social\n"
          "Insurance Law art. 16), and the national rule says so: 死亡离退休人员从次月起停发基本养老金\n"
          "(劳社厅发〔2001〕8号). Provincial rules say the same for the urban and rural residents' pension\n"
          "(城乡居民基本养老保险, 国发〔2014〕8号), e.g. Hubei's\n"
          "《湖北省人民政府关于完善城乡居民基本养老保险制度的意见》. For about 15% of those who die the agency goes on paying for 1 to 12 later\n"
          "months: those payments are the clues. IDs are clean here (module 01 teaches the cleaning);\n"
          "the lesson is scale."),
        _("## Use and limits"),
        _("Synthetic teaching data: the rates make the exercise work and describe no real city. Treat\n"
          "the files as if they were personal information all the same."),
    ]
    return "\n\n".join(blocks) + "\n"
