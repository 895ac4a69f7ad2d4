"""Which names of a question the documents never mention (``qa.mentions``), on small texts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qa.bm25 import Bm25Index, Bm25Settings
from qa.mentions import _one_edit, name_heads, unmentioned

TEXTS = [
    "Samantha Power, head of the U.S. Agency for International Development, visited Yerevan.",
    "Pashinyan told the Italian newspaper La Repubblica that Türkiye and Iran share borders.",
]
#: The word index the engine consults first, built as the engine builds it.
BM25 = Bm25Index.build(TEXTS, Bm25Settings())


def missing(*names: str) -> list[str]:
    return unmentioned(names, TEXTS, BM25.knows, BM25.vocabulary)


def test_names_split_at_linking_words_and_lose_possessives_and_repeats():
    assert name_heads(["Armenia's", "GDP of Armenia", "Ilham Aliyev’s", "U.S. Agency for Development", "I"]) == [
        ("Armenia", "Armenia"),
        ("GDP", "GDP"),
        ("Ilham Aliyev", "Aliyev"),
        ("U.S. Agency", "Agency"),
        ("Development", "Development"),
    ]


def test_a_name_no_text_holds_is_unmentioned():
    assert missing("China", "Yerevan") == ["China"]
    assert missing("GDP of Iran") == ["GDP"]


def test_names_the_texts_hold_are_mentioned():
    assert missing("Yerevan", "Pashinyan's", "La Repubblica", "Iran") == []


def test_a_stopword_name_has_nothing_to_miss():
    assert missing("US", "IT") == []


def test_a_name_is_judged_by_its_last_word():
    assert missing("Nikol Pashinyan", "Samantha Power") == []  # a first name the texts omit
    assert missing("President Power", "Agency Chief") == ["Agency Chief"]


def test_a_common_last_word_leaves_the_name_to_its_other_words():
    # Licences write "license" in lower case too, so "License" does not say which one is meant.
    texts = ["Mozilla Public License Version 2.0", "This license applies to any software."]
    bm25 = Bm25Index.build(texts, Bm25Settings())
    assert unmentioned(["Eclipse Public License", "Mozilla Public License"], texts, bm25.knows, bm25.vocabulary) == [
        "Eclipse Public License"
    ]
    # A proper last word still decides alone: "Ilham" is not needed where "Aliyev" is written.
    texts = ["President Aliyev spoke.", "Aliyev's office replied."]
    bm25 = Bm25Index.build(texts, Bm25Settings())
    assert unmentioned(["Ilham Aliyev"], texts, bm25.knows, bm25.vocabulary) == []


def test_an_acronym_spelled_out_with_dotted_initials_and_linking_words_is_mentioned():
    assert missing("USAID") == []
    assert missing("USAIX") == ["USAIX"]
    assert unmentioned(["USAID"], [], BM25.knows, BM25.vocabulary) == ["USAID"]  # only texts spell it out


def test_an_acronym_ending_in_a_roman_numeral_is_spelled_out_with_it():
    import re

    from qa.mentions import expansion_pattern

    texts = ["… evoking comparisons with the siege of Stalingrad during World War II."]
    bm25 = Bm25Index.build(texts, Bm25Settings())
    # "Which WWII siege …?" had been declined: "the documents never mention “WWII”" (blind set 10).
    assert unmentioned(["WWII"], texts, bm25.knows, bm25.vocabulary) == []
    assert unmentioned(["WWIII"], texts, bm25.knows, bm25.vocabulary) == ["WWIII"]
    assert re.search(expansion_pattern("WWII"), "in World War 2")
    assert not re.search(expansion_pattern("WWII"), "World War III")
    assert re.search(expansion_pattern("HIV"), "Human Immunodeficiency Virus")  # one letter: no numeral read


def test_near_spellings_of_long_words_are_mentioned_short_words_are_not_stretched():
    assert missing("Italy") == []  # "Italian"
    assert missing("Pashinian") == []  # one letter off
    assert missing("Turkiye") == []  # the diacritic dropped
    assert missing("Iraq") == ["Iraq"]  # "Iran" is one letter off, but four letters match too much
    assert missing("Georgia") == ["Georgia"]


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


@given(st.text("abc", max_size=7), st.text("abc", max_size=7))
def test_one_edit_is_levenshtein_distance_at_most_one(a, b):
    assert _one_edit(a, b) == (_levenshtein(a, b) <= 1)


def test_file_names_and_the_catalog_name_documents():
    from qa.references import catalog_index, name_forms, named_documents

    catalog = catalog_index([("licenses/BSD.txt", "", "Adam Morrow"), ("MPL-2.0.txt", "Mozilla"), ("GPL-3.txt",)])
    years = catalog_index([("Report-2023.txt",), ("notes.txt",)])
    assert named_documents(["Budget-2023-Q4"], years, lambda word: set(), 2) == set()  # "2023" is no name
    assert catalog["bsd"] == catalog["morrow"] == {0} and catalog["mpl"] == {1} and catalog["txt"] == {0, 1, 2}
    assert name_forms("GPLv3") == ["GPLv3", "GPL"] and name_forms("CC0") == ["CC0", "CC"]
    assert name_forms("Apache-licensed") == ["Apache-licensed", "Apache", "licensed"]
    assert name_forms("MPL-2.0") == ["MPL-2.0", "MPL"]

    def using(word: str) -> set[int]:  # which documents' text holds the word
        return {"gpl": {2, 1}, "mpl": set(), "bsd": {0}}.get(word.lower(), set())

    assert named_documents(["MPL"], catalog, using, 3) == {1}  # named, and no other text uses it
    assert named_documents(["GPLv3"], catalog, using, 3) == set()  # the MPL's text uses "GPL" too
    assert named_documents(["BSD", "Morrow"], catalog, using, 3) == {0}
    assert named_documents(["Txt"], catalog, using, 3) == set()  # every document's: names none
    assert named_documents(["MPL-licensed"], catalog, using, 3) == {1}
    assert named_documents(["Mozilla Public License"], catalog, using, 3) == {1}  # any word of a name
    assert named_documents(["China"], catalog, using, 3) == set()
