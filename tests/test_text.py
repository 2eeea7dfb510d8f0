"""The legal segmenter of module 08 (course.text): jieba with the course's user dictionary."""
from course import text
from course.data import judgments


def test_the_user_dictionary_knows_every_place_of_the_city():
    words = set(text.LEGAL_WORDS.read_text(encoding="utf-8").split())
    places = {p for _code, _share, district, towns in judgments.COURTS.values()
              for p in [*towns, district.removeprefix("淮川市")]} | set(judgments.STREETS)
    assert places - words == set()


def test_legal_terms_and_places_stay_whole_only_with_the_dictionary():
    sentence = "经审理查明：被告人在元和县白石乡元和大道醉酒驾驶机动车，血液酒精含量为126mg/100ml，到案后如实供述。"
    with_words = text.segmenter().lcut(sentence)
    plain = text.segmenter(legal_words=False).lcut(sentence)
    for term in ("元和县", "白石乡", "醉酒驾驶", "血液酒精含量", "如实供述"):
        assert term in with_words and term not in plain, term
    assert "".join(with_words) == sentence   # a segmenter cuts, it never drops or adds
