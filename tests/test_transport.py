"""A checker sees a fresh copy of each answer (`course.transport`): the copy must be the answer,
value for value and type for type, or the trainee gets a crash instead of feedback."""
import numpy as np
import pandas as pd
import pytest

from course.transport import NotTransportable, materialize


def round_trip(value):
    copy = materialize(value)
    assert copy is not value
    return copy


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "Europe/Berlin"])
def test_zoned_times_keep_their_zone(zone):
    times = pd.Series(pd.to_datetime(["2024-02-26 00:30:54", "2024-07-31 02:30:01.25", None],
                                     format="ISO8601")).dt.tz_localize(zone)
    assert round_trip(times).equals(times)
    assert round_trip(pd.DatetimeIndex(times)).equals(pd.DatetimeIndex(times))


def test_a_fixed_offset_parsed_from_a_log_survives():
    # `%z` gives a fixed +08:00 offset rather than a named zone: a trainee who forgets
    # `.dt.tz_localize(None)` must get the checker's message, not a crash in the copy
    parsed = pd.to_datetime(pd.Series(["26/Feb/2024:00:30:54 +0800"]), format="%d/%b/%Y:%H:%M:%S %z")
    copy = round_trip(pd.DataFrame({"time": parsed}))
    assert isinstance(copy["time"].dtype, pd.DatetimeTZDtype)
    assert copy["time"].equals(parsed)


def test_whole_and_fractional_seconds_in_one_column():
    times = pd.Series(pd.to_datetime(["2024-01-01 10:00:00", "2024-01-01 10:00:00.5", None],
                                     format="ISO8601"))
    assert round_trip(times).equals(times)
    assert round_trip(times.to_frame("t").set_index("t")).index.equals(pd.DatetimeIndex(times, name="t"))


def test_units_and_mixed_objects():
    seconds = pd.Series(pd.to_datetime(["2024-01-01 10:00:00"])).astype("datetime64[s]")
    assert round_trip(seconds).dtype == seconds.dtype
    mixed = pd.Series([pd.Timestamp("2024-01-01", tz="UTC"), "x", np.int64(3)])
    assert round_trip(mixed).tolist() == [pd.Timestamp("2024-01-01", tz="UTC"), "x", 3]


def test_foreign_objects_are_refused_with_a_message():
    with pytest.raises(NotTransportable, match="type `object`"):
        materialize(pd.Series([object()]))


def test_bytes_such_as_a_digest_come_through():
    import hashlib

    digest = hashlib.sha256(b"evidence").digest()
    assert round_trip(digest) == digest and type(round_trip(digest)) is bytes
    assert round_trip({"file.pdf": digest}) == {"file.pdf": digest}
    assert round_trip(pd.Series([digest, b""])).tolist() == [digest, b""]


def test_a_chart_arrives_with_what_each_part_says():
    """Chart checks read the words and values a reader sees: ticks, legend, notes, lines."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    day = pd.date_range("2024-03-01", periods=3)
    ax.plot(day, [5, 7, 2], label="requests per minute")
    ax.axvline(pd.Timestamp("2024-03-02"), color="red", label="break-in")
    ax.set_yticks([0, 5, 10], ["none", "five", "ten"])
    ax.legend()
    ax.text(0.1, 0.9, "first login")
    got = materialize(fig).axes[0]
    plt.close(fig)
    assert got.legend == ["requests per minute", "break-in"]
    assert got.texts == ["first login"]
    assert got.yticklabels == ["none", "five", "ten"]
    assert got.lines == 2
    first, marker = got.line_data
    assert first["y"] == [5.0, 7.0, 2.0] and first["n"] == 3
    assert marker["color"] == "#ff0000" and marker["x"][0] == marker["x"][1] == first["x"][1]


def test_the_ticks_of_a_number_axis_are_those_the_reader_sees():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.bar([2023, 2024], [5.0, 7.0])
    got = materialize(fig).axes[0]
    plt.close(fig)
    assert "2023.0" in got.xticklabels or "2023.00" in got.xticklabels   # ticks between the years too
    assert any(t not in ("2023", "2024", "") for t in got.xticklabels)
