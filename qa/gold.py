"""Gold questions for a corpus, and when a passage counts as answering one.

Relevance is judged by evidence snippets rather than passage ids, so the gold set survives
any change of chunking: a passage (or quote) is relevant when it contains a snippet after
normalisation. Empty evidence marks a question the corpus cannot answer.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "–": "-", "—": "-"}
)


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    evidence: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)


class GoldError(ValueError):
    """The gold file is malformed; the message names the line."""


def normalise(text: str) -> str:
    """NFKC, lower case, curly quotes straight, en/em dashes to "-", whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def contains_evidence(text: str, evidence: tuple[str, ...]) -> bool:
    norm = normalise(text)
    return any(normalise(e) in norm for e in evidence)


def load_gold(path: str | Path) -> list[GoldQuestion]:
    path = Path(path)
    questions: list[GoldQuestion] = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"cannot read gold file {path}: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            qid, question, evidence = str(obj["id"]), str(obj["question"]), obj.get("evidence", [])
            if not isinstance(evidence, list) or not all(isinstance(e, str) and e.strip() for e in evidence):
                raise TypeError("evidence must be a list of non-empty strings")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}:{n}: not a gold question ({exc})") from exc
        if qid in seen:
            raise GoldError(f"{path}:{n}: duplicate id {qid!r}")
        seen.add(qid)
        questions.append(GoldQuestion(qid, question, tuple(evidence)))
    if not questions:
        raise GoldError(f"{path}: no questions")
    return questions
