"""Hidden tests of assignment 03-big-data: the expected values only they use.

The late payments and the townships are what visible checks measure too, so they stay in
`course.exercises.big_data`'s `answer_key` (imported here); the total amount and the rows of
2024 only hidden tests compare with.
"""
from __future__ import annotations

import functools

from course import data
from course.exercises.big_data import answer_key  # noqa: F401


@functools.lru_cache(maxsize=1)
def hidden_key() -> dict:
    """Expected values that only hidden tests compare with, computed with pyarrow."""
    import pyarrow.dataset as ds

    folder = data.bigpay_dir("small")
    payments = ds.dataset(folder / "payments", partitioning="hive").to_table().to_pandas()
    return {"rows_2024": int((payments["year"] == 2024).sum()),
            "amount_total": round(float(payments["amount"].sum()), 2)}
