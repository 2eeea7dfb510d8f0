import numpy as np
import pytest

from course import idcard


def test_check_char_of_the_standards_worked_example():
    # GB 11643-1999 uses 11010519491231002X as its example.
    assert idcard.check_char("11010519491231002") == "X"
    assert idcard.is_valid("11010519491231002X")


@pytest.mark.parametrize("bad", ["11010519491231002x", "11010519491231002", "110105194912310021",
                                 "1101051949123100２X", None, 110105194912310021, ""])
def test_invalid_forms(bad):
    assert idcard.is_valid(bad) is False


def test_vectorised_matches_scalar():
    rng = np.random.default_rng(1)
    bodies = np.array(["".join(map(str, rng.integers(0, 10, 17))) for _ in range(500)])
    fast = idcard.check_chars_vectorised(bodies)
    assert list(fast) == [idcard.check_char(b) for b in bodies]


def test_every_single_digit_typo_is_caught():
    good = "34990119500101001" + idcard.check_char("34990119500101001")
    for pos in range(17):
        for d in "0123456789":
            if d != good[pos]:
                assert not idcard.is_valid(good[:pos] + d + good[pos + 1:])


def test_fictional_regions_are_not_real_prefectures():
    # Anhui's prefectures are 3401-3418; 3499 does not exist.
    assert all(code.startswith("3499") for code in idcard.FICTIONAL_REGIONS)
