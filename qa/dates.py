"""Questions that ask what happened on a date, and sentences that name that date.

"What happened on September 19?" holds no word but its date, and a sentence vector barely
encodes a date: the shipped corpus's "On September 19, Azerbaijan launched an attack against
ethnic Armenian positions in Karabakh …" has cosine 0.25 with it, under the abstention
threshold, and "What happened on September 5?" did not find "On September 5, 2023, Armenia
recalled its representative to the CSTO" in its top five at all. A reader asking this wants the
sentence that names the date, and any sentence naming it is an answer: what happened then. So
a question of the plain form "What happened / occurred / took place on DATE?" is answered by a
sentence that names DATE, and only by one; when no candidate names it, it is declined, saying so.

DATE has a month and a day ("September 19", "19 September 2023", "the 5th of September",
"2023-09-19"), or a month and a year ("September 2022"). A year alone ("What happened in 2023?") asks for a summary
more than for a date, and is left to the general rules, as is every other question. A sentence
names the date when it names that month with that day (or a range holding it: "9-10 November",
"from September 10 to 11"), or, for a month and a year, that month; and when its years do not
say another year than the one asked for ("In September 2022" does not answer "September 2023";
"On September 19, Azerbaijan launched …" names no year and may well). English only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_RANGE = r"\s*(?:-|–|to|and|through|until)\s*"
_YEAR_OF = r"(?:,?\s+(?P<{}>(?:1[89]|20)\d\d)\b)?"
#: A date as prose writes it, in lower-cased text: "september 19", "sept. 10 to 11, 2023",
#: "9-10 november 2023", "the 5th of september", "september 2022", or as notes and logs write
#: it, "2023-09-19" (ISO 8601; other numeric forms are read differently in the US and in
#: Europe, so they are left out). A day is one or two digits not followed by another digit,
#: so "september 2022" is a month and a year, not day 20.
_MENTION = re.compile(
    rf"\b(?P<m1>{_MONTH})\.?\s+(?P<d1>{_DAY})(?!\d)(?:{_RANGE}(?P<e1>{_DAY})(?!\d))?{_YEAR_OF.format('y1')}"
    rf"|\b(?:the\s+)?(?P<d2>{_DAY})(?:{_RANGE}(?P<e2>{_DAY}))?(?:\s+of)?\s+(?P<m2>{_MONTH})\b\.?{_YEAR_OF.format('y2')}"
    rf"|\b(?P<m3>{_MONTH})\.?(?:\s+of)?\s+(?P<y3>(?:1[89]|20)\d\d)\b"
    r"|\b(?P<y4>(?:1[89]|20)\d\d)-(?P<m4>0[1-9]|1[0-2])-(?P<d4>0[1-9]|[12]\d|3[01])\b"
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
#: "What happened on September 19?", "what occurred on 5 sept 2023", "What took place in
#: September 2022?": the event verb, then only the date.
_ASKS = re.compile(
    r"^\W*what\s+(?:(?:has|had)\s+)?(?:happened|happens|occurred|occurs|took\s+place|takes\s+place"
    r"|went\s+on|was\s+going\s+on)\s+(?:on|in|at|during|around)?\s*(?P<date>.+?)\W*$",
    re.I,
)


@dataclass(frozen=True)
class Date:
    """A calendar date as a question asks for it: a month, and a day or a year or both."""

    month: int
    day: int | None = None
    year: int | None = None

    def __str__(self) -> str:
        text = _month_name(self.month) + (f" {self.day}" if self.day else "")
        return text + (f", {self.year}" if self.day and self.year else f" {self.year}" if self.year else "")


def _month_name(month: int) -> str:
    """The month written out ("September" for 9), as ``_MONTH_NUMBERS`` first writes it."""
    return next(n for n, m in _MONTH_NUMBERS.items() if m == month).capitalize()


@dataclass(frozen=True)
class _Mention:
    month: int
    first: int | None
    last: int | None
    year: int | None


def _day(text: str | None) -> int | None:
    """The number of "19", "19th"; None for no day."""
    return int(text.rstrip("stndrh")) if text else None


def _mentions(text: str) -> list[_Mention]:
    return [_mention(m) for m in _MENTION.finditer(text.lower())]


def _mention(m: re.Match[str]) -> _Mention:
    g = m.groupdict()
    first = g["d1"] or g["d2"] or g["d4"]
    year = g["y1"] or g["y2"] or g["y3"] or g["y4"]
    return _Mention(
        month=int(g["m4"]) if g["m4"] else _MONTH_NUMBERS[g["m1"] or g["m2"] or g["m3"]],
        first=_day(first),
        last=_day(g["e1"] or g["e2"] or first),
        year=int(year) if year else None,
    )


def other_months(question: str, text: str) -> tuple[str, ...]:
    """The months of the dates ``text`` writes when the question writes a date and ``text``
    only dates in other months (empty otherwise): "On what date in November 2020 was the
    ceasefire signed?" is not answered by a sentence on what happened "On September 21"."""
    asked, named = months_named(question), months_named(text)
    return named if asked and named and not set(asked).intersection(named) else ()


def months_named(text: str) -> tuple[str, ...]:
    """The months of the dates ``text`` writes, in calendar order ("September")."""
    return tuple(_month_name(m) for m in sorted({m.month for m in _mentions(text)}))


def asked_date(question: str) -> Date | None:
    """The date of "What happened on DATE?"; None for any other question (module docstring)."""
    match = _ASKS.match(question)
    whole = _MENTION.fullmatch(match.group("date").strip().lower()) if match else None
    if whole is None:
        return None
    m = _mention(whole)
    if m.first is not None and m.first != m.last:
        return None  # a range asks about several days: left to the general rules
    if m.first is not None and not 1 <= m.first <= 31:
        return None
    return Date(m.month, m.first, m.year)


def month_spellings(word: str) -> list[str]:
    """Every way of writing the month ``word`` writes ("Nov", "Sept." -> "november", "nov"), or
    nothing when it writes none: a question's "Nov 2023" is mentioned by a document's
    "November"."""
    month = _MONTH_NUMBERS.get(word.lower().rstrip("."))
    return _spellings(month) if month else []


def _spellings(month: int) -> list[str]:
    """The ways ``_MONTH_NUMBERS`` writes a month, the full name first."""
    return [n for n, m in _MONTH_NUMBERS.items() if m == month]


def month_words(date: Date) -> re.Pattern[str]:
    """Any way of writing ``date``'s month, case-insensitive: a cheap test before ``names_date``."""
    names = sorted(_spellings(date.month), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(names)})\b", re.I)


#: A catalog date of a month alone, the ISO way ("2023-09"); a whole date is a ``_MENTION``.
_YEAR_MONTH = re.compile(r"^\s*(?P<y>(?:1[89]|20)\d\d)-(?P<m>0[1-9]|1[0-2])\s*$")


def published(date: str) -> Date | None:
    """A document's date as its catalog gives it ("2023-09-26", "October 2023", "2023-09"),
    when it has a month and a year; None otherwise ("2023", "", "autumn")."""
    found = _mentions(date)
    if found and found[0].year is not None:
        return Date(found[0].month, found[0].first, found[0].year)
    year_month = _YEAR_MONTH.match(date)
    return Date(int(year_month["m"]), None, int(year_month["y"])) if year_month else None


def readable(date: str) -> str:
    """A catalog date as a citation shows it: "26 September 2023" for "2023-09-26", "September
    2023" for "2023-09". A catalog may give ISO dates (front matter does), others write months
    out; citations side by side should read alike. Any other form is shown as written. The ISO
    form is read by the same grammar as dates in questions and sentences (``_MENTION``)."""
    whole = _MENTION.fullmatch(date.strip().lower())
    if whole and whole["y4"]:
        m = _mention(whole)
        return f"{m.first} {_month_name(m.month)} {m.year}"
    if month := _YEAR_MONTH.match(date):
        return f"{_month_name(int(month['m']))} {month['y']}"
    return date


def names_date(date: Date, sentence: str, written: Date | None = None) -> bool:
    """Whether ``sentence`` names ``date`` and says no other year than the one asked for.

    A date written without its year ("On September 19, Azerbaijan launched …") is read as the
    last such day before the document was ``written`` (its catalog date, ``published``), as
    news prose means it: in an article of October 2023 it is 2023's, and does not answer
    "What happened on September 19, 2022?". Without that date it may be any year's.
    """
    years = {int(y) for y in _YEAR.findall(sentence)}
    if date.year is not None and years and date.year not in years:
        return False
    for m in _mentions(sentence):
        if m.month != date.month:
            continue
        year = m.year
        if year is None and written is not None:
            later = (m.month, m.first or 1) > (written.month, written.day or 31)
            year = written.year - 1 if later else written.year
        if date.year is not None and year not in (None, date.year):
            continue
        if date.day is None or (m.first is not None and m.last is not None and m.first <= date.day <= m.last):
            return True
    return False
