"""course.modelcard: the card is written from the data, in the template, and refuses to be empty."""
import pandas as pd
import pytest

from course import modelcard

PROSE = dict(title="Test model", version="1.0", overview="Finds things.", legal_basis="Some Law Art. 1.",
             supervision_point="An agency failed.", screening_rule="a <= b", limits="Clues only.",
             reusability="Elsewhere too.")


def _clues():
    return pd.DataFrame({"code": ["C1", "C2", "C3"], "person": ["P1", "P1", "P2"],
                         "amount": ["100.50", "200", "0.25"]})


def _inputs():
    return {"register": ("market regulator", pd.DataFrame({"code": ["C1"], "rep_id": ["x"], "appointed": ["d"]})),
            "judgments": ("court", pd.DataFrame({"case_no": ["A", "B"], "charge": ["c", "d"]}))}


def _card(**changes):
    kw = dict(PROSE, inputs=_inputs(), clues=_clues(), key="code")
    kw.update(changes)
    return modelcard.render(**kw)


def test_every_section_of_the_template_in_order():
    card = _card()
    positions = [card.index(f"## {h}") for h in modelcard.HEADINGS]
    assert positions == sorted(positions)
    assert card.startswith("# Model card: Test model")
    assert modelcard.HEADINGS[0].startswith("1. Overview") and modelcard.HEADINGS[-1].startswith("9. Reusability")


def test_data_elements_and_sources_come_from_the_tables_passed():
    card = _card()
    assert "| `register` | `code`, `rep_id`, `appointed` |" in card
    assert "| `judgments` | `case_no`, `charge` |" in card
    assert "| `register` | market regulator | 1 |" in card and "| `judgments` | court | 2 |" in card


def test_results_are_computed_from_the_clue_list():
    card = _card(person="person", amount="amount")
    assert "- Clues: 3 (one per `code`)" in card
    assert "- Persons: 2" in card
    assert "- Amount: 300.75 yuan" in card
    assert "Precision" not in card  # nothing to measure against


def test_precision_from_hand_checks_and_recall_from_a_confirmed_list():
    checks = pd.DataFrame({"code": ["C1", "C2", "C9"], "verdict": ["confirmed", "rejected", "confirmed"]})
    card = _card(hand_checks=checks, confirmed=["C1", "C3", "C7", "C8"])
    assert "- Hand-checked clues: 2 of the 3; confirmed: 1" in card
    assert "- Precision on the hand-checked sample: 1 of 2 confirmed (50%)" in card
    assert "- Confirmed in the hand checks but not flagged: 1" in card
    assert "- Precision against the confirmed list: 2 of 3 (67%)" in card
    assert "- Recall against the confirmed list: 2 of 4 (50%)" in card


@pytest.mark.parametrize("section", ["legal_basis", "supervision_point", "limits", "reusability", "title"])
@pytest.mark.parametrize("empty", ["", "   ", "TODO", "...", "待补充"])
def test_an_empty_section_is_refused_by_name(section, empty):
    with pytest.raises(modelcard.CardIncomplete, match=section.replace("_", " ")):
        _card(**{section: empty})


def test_other_incomplete_cards_are_refused_with_a_reason():
    with pytest.raises(modelcard.CardIncomplete, match="inputs"):
        _card(inputs={})
    with pytest.raises(modelcard.CardIncomplete, match="pair"):
        _card(inputs={"register": _clues()})
    with pytest.raises(modelcard.CardIncomplete, match="no column 'nope'"):
        _card(key="nope")
    with pytest.raises(modelcard.CardIncomplete, match="one clue, one row"):
        _card(clues=pd.concat([_clues(), _clues()]))
    with pytest.raises(modelcard.CardIncomplete, match="verdict"):
        _card(hand_checks=pd.DataFrame({"code": ["C1"]}))
    with pytest.raises(modelcard.CardIncomplete, match="should be text"):
        _card(overview=42)
