"""One collision model, three engines: pensions paid after death, by township.

The same question as module 01, asked of the city-sized Parquet data (`course.data.bigpay`):
which payments were for a month after the month of the recipient's death, and how much was
overpaid in each township. The pension stops from the month after death (从死亡次月起停发,
劳社厅发〔2001〕8号 for the employees' basic pension), so the payment of the month of death is
due even when it is made after the day of death: the engines compare months, not days. `pandas` reads everything into memory first; `duckdb` runs SQL over the
Parquet files, streaming and filtering before it joins; `spark` does the same on a local
Spark session, the path to a cluster when the data outgrow one machine.

Each returns a DataFrame indexed by township with `people` and `amount` (yuan).
"""
from __future__ import annotations

import shutil
from pathlib import Path

SQL = """
SELECT p.township,
       count(DISTINCT p.id_number) AS people,
       round(sum(p.amount), 2)      AS amount
FROM read_parquet('{payments}/*/*.parquet', hive_partitioning = true) AS p
JOIN read_parquet('{deaths}') AS d ON p.id_number = d.id_number
WHERE date_trunc('month', p.pay_date) > date_trunc('month', d.death_date)
GROUP BY p.township
ORDER BY p.township
"""


def _tidy(df):
    df = df.astype({"township": str}).set_index("township").sort_index()
    df["people"] = df["people"].astype("int64")
    df["amount"] = df["amount"].astype(float).round(2)
    return df[["people", "amount"]]


def overpaid_pandas(folder: Path):
    import pandas as pd

    payments = pd.read_parquet(Path(folder) / "payments")
    deaths = pd.read_parquet(Path(folder) / "deaths.parquet")
    joined = payments.merge(deaths, on="id_number")
    late = joined[pd.to_datetime(joined["pay_date"]).dt.to_period("M")
                  > pd.to_datetime(joined["death_date"]).dt.to_period("M")]
    out = late.groupby("township", observed=True).agg(people=("id_number", "nunique"),
                                                       amount=("amount", "sum")).reset_index()
    return _tidy(out)


def overpaid_duckdb_rows(folder: Path, memory_limit: str | None = None) -> list[tuple]:
    """The DuckDB answer as plain rows (township, people, amount): no pandas needed."""
    import duckdb

    con = duckdb.connect()
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    sql = SQL.format(payments=Path(folder) / "payments", deaths=Path(folder) / "deaths.parquet")
    return [(str(t), int(p), round(float(a), 2)) for t, p, a in con.execute(sql).fetchall()]


def overpaid_duckdb(folder: Path, memory_limit: str | None = None):
    import pandas as pd

    rows = overpaid_duckdb_rows(folder, memory_limit)
    return _tidy(pd.DataFrame(rows, columns=["township", "people", "amount"]))


def spark_available() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


def overpaid_spark(folder: Path):
    import os

    from pyspark.sql import SparkSession, functions as F

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode: no network needed
    spark = (SparkSession.builder.master("local[2]").appName("collision")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4")
             # On a class's hub 30 trainees may reach this cell together: a small heap is
             # enough for this join (a broadcast of the deaths) and keeps the JVM in bounds.
             .config("spark.driver.memory", "512m")
             .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        payments = spark.read.parquet(str(Path(folder) / "payments"))
        deaths = spark.read.parquet(str(Path(folder) / "deaths.parquet"))
        late = (payments.join(F.broadcast(deaths), "id_number")
                .where(F.trunc("pay_date", "month") > F.trunc("death_date", "month")))
        out = (late.groupBy("township")
               .agg(F.countDistinct("id_number").alias("people"), F.round(F.sum("amount"), 2).alias("amount"))
               .toPandas())
    finally:
        spark.stop()
        _end_jvm()
    return _tidy(out)


def _end_jvm() -> None:
    """End the Java process Spark started, which stop() leaves running (and holding hundreds of
    MiB) for as long as the notebook's kernel lives; the next call starts a new one."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is not None:
        gateway.shutdown()
        proc = getattr(gateway, "proc", None)
        if proc is not None:
            proc.stdin.close()   # the JVM exits when its stdin from Python closes
            proc.wait(timeout=30)
        SparkContext._gateway = None
        SparkContext._jvm = None


ENGINES = {"pandas": overpaid_pandas, "duckdb": overpaid_duckdb, "spark": overpaid_spark}
