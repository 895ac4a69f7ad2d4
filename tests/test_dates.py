"""Date lookups ("What happened on September 19?") and sentences naming a date (``qa.dates``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.dates import Date, asked_date, month_spellings, months_named, names_date, other_months, published, readable

_MONTHS = ("January February March April May June July August September October November December").split()


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("What happened on September 19?", Date(9, 19)),
        ("What happened on September 19, 2023?", Date(9, 19, 2023)),
        ("what happened on oct 5", Date(10, 5)),
        ("What happened on Sept. 24?", Date(9, 24)),
        ("What happened on 21 September?", Date(9, 21)),
        ("What occurred on the 1st of September?", Date(9, 1)),
        ("What took place on 5 September 2023?", Date(9, 5, 2023)),
        ("What happened in November 2022?", Date(11, None, 2022)),
        ("What was going on in June 2023?", Date(6, None, 2023)),
        ("  What happened on May 9 ?", Date(5, 9)),
        ("What happened on 2023-09-19?", Date(9, 19, 2023)),  # as notes and logs write it
    ],
)
def test_date_lookups_are_read(question, date):
    assert asked_date(question) == date


@pytest.mark.parametrize(
    "question",
    [
        "What happened in 2023?",  # a year alone asks for a summary
        "What happened to Armenia's CSTO envoy on September 5?",  # asks about something
        "When did Azerbaijan attack Karabakh?",
        "What happened on 9-10 November 2023?",  # several days
        "What happened on September 45?",
        "What happened after September 19?",
        "What did Pashinyan say on September 24?",
        "What happened?",
    ],
)
def test_other_questions_are_no_date_lookups(question):
    assert asked_date(question) is None


def test_a_sentence_names_the_day_or_a_range_holding_it():
    tenth = Date(9, 10)
    assert names_date(tenth, "From September 10 to 11, it hosted Eagle Partner 2023.")
    assert names_date(Date(9, 11), "From September 10 to 11, it hosted Eagle Partner 2023.")
    assert not names_date(Date(9, 12), "From September 10 to 11, it hosted Eagle Partner 2023.")
    assert names_date(Date(11, 10, 2023), "A forum was arranged in Brussels on 9-10 November 2023.")
    assert names_date(Date(9, 24), "In his Sept. 24 address, Mr. Pashinyan asserted …")
    assert not names_date(Date(9, 2), "On September 21, a ceasefire was reached.")  # not day 2
    assert not names_date(tenth, "In September 2022, Azerbaijan attacked.")  # no day
    assert not names_date(tenth, "October 10 was quiet.")


def test_a_note_dated_the_iso_way_names_its_day():
    assert names_date(Date(9, 19), "2023-09-19: Azerbaijan attacks Karabakh.")
    assert names_date(Date(9, 19, 2023), "Meeting notes, 2023-09-19.")
    assert not names_date(Date(9, 19, 2022), "Meeting notes, 2023-09-19.")
    assert not names_date(Date(9, 19), "Build 2023-19-09 failed.")  # no month 19


def test_a_sentence_naming_another_year_does_not_answer():
    sept_2022 = Date(9, None, 2022)
    assert names_date(sept_2022, "… cross-border attacks against Armenia in September 2022.")
    assert not names_date(sept_2022, "On September 5, 2023, Armenia recalled its representative.")
    assert not names_date(Date(9, 5, 2022), "On September 5, 2023, Armenia recalled its representative.")
    # A date without a year, in a sentence naming another year, tells of that year.
    assert not names_date(Date(9, 19, 2022), "On September 19, it reversed what 2023 had begun.")


def test_a_date_without_its_year_is_read_from_when_the_document_was_written():
    sentence = "On September 19, Azerbaijan launched an attack against ethnic Armenian positions."
    october_2023 = published("October 2023")
    assert names_date(Date(9, 19, 2023), sentence, october_2023)
    assert not names_date(Date(9, 19, 2022), sentence, october_2023)
    # A day after the writing is last year's.
    assert names_date(Date(12, 12, 2022), "The December 12 decision to cut off …", published("2023-09-26"))
    assert not names_date(Date(12, 12, 2023), "The December 12 decision to cut off …", published("2023-09-26"))
    # Unknown (a year alone, or nothing): any year may be meant.
    assert names_date(Date(12, 12, 2023), "The December 12 decision to cut off …", published("2023"))
    assert names_date(Date(9, 19, 2022), sentence, None)


def test_catalog_dates_are_read():
    assert published("2023-09-26") == Date(9, 26, 2023)
    assert published("October 2023") == Date(10, None, 2023)
    assert published("3 October 2023") == Date(10, 3, 2023)
    assert published("2023-09") == Date(9, None, 2023)
    assert published("2023") is None
    assert published("") is None


_days = st.integers(1, 28)
_months = st.integers(1, 12)
_years = st.one_of(st.none(), st.integers(1900, 2099))


def _written(day: int, month: int, year: int | None, form: int) -> str:
    name = _MONTHS[month - 1]
    short = name[:3] + "."
    return [
        f"{name} {day}" + (f", {year}" if year else ""),
        f"{day} {name}" + (f" {year}" if year else ""),
        f"{short} {day}" + (f", {year}" if year else ""),
        f"the {day}th of {name}" + (f" {year}" if year else ""),
        f"{year}-{month:02d}-{day:02d}" if year else f"{name} {day}",
    ][form]


@given(_days, _months, _years, st.integers(0, 4), st.integers(0, 4))
def test_any_way_of_writing_a_date_is_read_and_found(day, month, year, asked_form, written_form):
    date = asked_date(f"What happened on {_written(day, month, year, asked_form)}?")
    assert date == Date(month, day, year)
    sentence = f"Something was done on {_written(day, month, year, written_form)} by someone."
    assert names_date(date, sentence)
    other = Date(month, day % 28 + 1, year)  # another day of the same month
    assert not names_date(other, sentence)


def test_a_catalog_date_reads_the_same_way_in_every_citation():
    assert readable("2023-09-26") == "26 September 2023"
    assert readable("2023-01-05") == "5 January 2023"
    assert readable("2023-09") == "September 2023"
    # Anything else is shown as the catalog writes it, an impossible ISO date included.
    for written in ("October 2023", "2023", "", "autumn 2023", "2023-13-01", "2023-02-32", "9/26/2023"):
        assert readable(written) == written


@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)))  # the years dates are read in
def test_an_iso_date_reads_as_the_day_it_names(day):
    assert readable(day.isoformat()) == f"{day.day} {day.strftime('%B')} {day.year:04d}"


def test_a_quote_dated_only_in_other_months_does_not_answer():
    """Blind set 18's b18u11: the November 2020 ceasefire is not what happened "On September 21"."""
    question = "On what exact date in November 2020 was the Moscow-brokered ceasefire signed?"
    assert other_months(question, "On September 21, as the Karabakh armed forces had been no match …") == ("September",)
    assert other_months(question, "The ceasefire of Nov. 10, 2020 ended the war.") == ()
    assert other_months(question, "The ceasefire ended the war.") == ()  # no date: for other checks
    assert other_months("When was the ceasefire signed?", "On September 21, …") == ()  # no month asked
    assert months_named("From Sept. 10 to 11 and on 3 November 2023") == ("September", "November")


def test_the_engine_declines_a_date_in_another_month(engine):
    answer = engine.ask(
        "On what exact date in November 2020 was the Moscow-brokered ceasefire that ended the Karabakh war signed?"
    )
    assert not answer.answered
    assert any(n.startswith("the question asks about November; the closest sentence speaks of") for n in answer.notices)


def test_a_month_abbreviated_is_spelled_every_way():
    assert month_spellings("Nov") == ["november", "nov"]
    assert month_spellings("Sept.") == ["september", "sept", "sep"]
    assert month_spellings("Mayor") == [] and month_spellings("NATO") == []
