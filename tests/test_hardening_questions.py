"""Hostile questions (issue 6, §1): each gets a clear refusal or a sound answer, in bounded time.

Through the library API (the session's engine on the shipped corpus), through ``qa ask`` and
``qa ask --jsonl`` as real processes (raw bytes in, raw bytes out), and as properties over
generated text. An over-long question is cut for the encoder and the answer says so.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.documents import strip_controls
from qa.engine import MAX_QUESTION_CHARS, QuestionError, clean_question

from .conftest import CORPUS, ROOT
from .hardening_support import (
    assert_clean_text,
    assert_exact_on_disk,
    assert_json_lines,
    assert_sound_answer,
    survived,
    terminal_controls,
)

#: Seconds one question may take on a busy 2-core machine, model already loaded.
BOUNDED = 30.0
QA = [sys.executable, "-m", "qa"]
LONG = "How many Russian troops are in Armenia? " * 2500  # 100,000 characters
ESCAPES = (
    "\x1b]52;c;ZXZpbA==\x07Where is the \x1b[2J\x1b[H Russian base\x1b[31m in Armenia?\x1b[0m"
    "\x9b2J\x1bP1;2|x\x1b\\\u202e\x07\x00"
)

HOSTILE = {
    "stopwords only": "the of and is to in it that was",
    "french": "Combien de soldats russes sont stationnés en Arménie ?",
    "russian": "Сколько российских военных находится в Армении?",
    "armenian": "Քանի՞ ռուս զինվոր կա Հայաստանում",
    "chinese": "亚美尼亚有多少俄罗斯军队？",
    "arabic (right to left)": "كم عدد القوات الروسية في أرمينيا؟",
    "emoji": "🇦🇲🤝🇷🇺 ❓🪖🪖🪖 how many?",
    "emoji only": "😀😀😀",
    "escape sequences": ESCAPES,
    "markup": "[bold]Who is[/bold] [link=https://evil.example]Lavrov[/link]? [@click=app.quit]x[/] [/",
    "one character": "?",
    "digits": "10000 2023 1921",
    "surrogateescaped bytes": b"Where \xff\xfe is the \xc3 base?".decode("utf-8", "surrogateescape"),
    "lone surrogates": "\ud800 troops \udfff",
    "very long word": "x" * 5000,
    "100,000 characters": LONG,
}
REFUSED = {
    "empty": "",
    "spaces": "     ",
    "whitespace mix": " \t\n\r\u00a0\u2003 \u3000",
    "only control sequences": "\x1b[2J\x1b]0;title\x07\u202e\x00\x7f",
}


def to_bytes(question: str) -> bytes:
    """The bytes a user would send: surrogate-escaped bytes back as they were."""
    try:
        return question.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return question.encode("utf-8", "surrogatepass")  # a lone surrogate: invalid UTF-8 too


def run(*args: str, stdin: bytes | None = None, timeout: float = 300, extra_env: dict | None = None):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_DEBUG": "", **(extra_env or {})}
    return subprocess.run([*QA, *args], input=stdin, capture_output=True, timeout=timeout, cwd=ROOT, env=env)


# --------------------------------------------------------------------------- library API


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_questions_get_a_sound_answer_in_bounded_time(engine, name):
    question = HOSTILE[name]
    started = time.monotonic()
    answer = engine.ask(question)
    assert time.monotonic() - started < BOUNDED
    assert_sound_answer(engine, answer, CORPUS)
    assert answer.hits, "related passages are listed even when nothing answers"
    survived("questions")


@pytest.mark.parametrize("name", list(REFUSED))
def test_empty_questions_are_refused_clearly(engine, name):
    with pytest.raises(QuestionError, match="empty"):
        engine.ask(REFUSED[name])
    with pytest.raises(QuestionError, match="empty"):
        engine.search(REFUSED[name])
    survived("questions")


def test_an_over_long_question_is_cut_and_the_answer_says_so(engine):
    answer = engine.ask(LONG)
    assert len(answer.question) == MAX_QUESTION_CHARS
    assert any("cut to its first" in n for n in answer.notices)
    assert any("truncated to 256 tokens" in n for n in answer.notices)
    assert_sound_answer(engine, answer, CORPUS)
    assert "Gyumri" in " ".join(h.passage.text for h in answer.hits)  # what is kept still finds the base
    # A question just under the character cap but over the encoder's token limit: one notice.
    wordy = "How many Russian troops are in Armenia? " * 35  # 1,400 characters, ~350 tokens
    notices = engine.ask(wordy).notices
    assert len(notices) == 1 and "truncated to 256 tokens" in notices[0]
    assert engine.ask("How many Russian troops are in Armenia?").notices == ()
    survived("questions", 3)


def test_undecodable_bytes_are_replaced_and_noted(engine):
    answer = engine.ask(HOSTILE["surrogateescaped bytes"])
    assert "\ufffd" in answer.question
    assert any("undecodable" in n for n in answer.notices)
    survived("questions")


def test_random_bytes_as_questions(engine):
    """Random byte strings, decoded the way argv and stdin are (surrogateescape)."""
    rng = random.Random(6)
    for _ in range(25):
        raw = rng.randbytes(rng.choice([1, 5, 40, 300]))
        question = raw.decode("utf-8", "surrogateescape")
        try:
            answer = engine.ask(question)
        except QuestionError as exc:
            assert "empty" in str(exc)
        else:
            assert_sound_answer(engine, answer)
        survived("questions")


# --------------------------------------------------------------------------- properties

PIECES = [
    "\x1b[31m", "\x1b]52;c;eA==\x07", "\x1b[2J", "\x9b1m", "\u202e", "\u2066", "\ufeff", "[bold]", "[/", "[@click=x]",
    "\x00", "\x07", "\t", "\n", "\r", " ", "🙂", "🇦🇲", "Armenia", "troops", "the", "?", "\ud800", "\udcff", "\udc80",
]  # fmt: skip
question_text = st.one_of(
    st.text(),  # any Unicode (no surrogates)
    st.lists(st.one_of(st.text(max_size=12), st.sampled_from(PIECES)), max_size=16).map("".join),
)


@settings(max_examples=500, derandomize=True, deadline=None)
@given(raw=question_text)
def test_question_cleaning_property(raw):
    """Any text: either refused as empty, or clean, capped, idempotent text."""
    try:
        text, notices = clean_question(raw)
    except QuestionError:
        assert not strip_controls(raw).split()  # refused only when nothing but controls and spaces
        survived("questions")
        return
    assert text and text == " ".join(text.split())
    assert len(text) <= MAX_QUESTION_CHARS
    assert_clean_text(text)
    assert clean_question(text)[0] == text
    for notice in notices:
        assert_clean_text(notice)
    survived("questions")


@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(raw=question_text)
def test_engine_answers_any_question_soundly(engine, raw):
    try:
        answer = engine.ask(raw, k=3)
    except QuestionError:
        survived("questions")
        return
    assert_sound_answer(engine, answer)
    survived("questions")


#: The plain forms a rule answers its own way (docs/retrieval-and-answers.md: Date lookups, Acronyms, Quoted words),
#: with hostile text where the date, the acronym or the quotation goes.
_PLAIN_FORMS = (
    "What happened on {}?",
    "What happened on September {}?",
    "What is the {}?",
    "What does {} stand for?",
    'Who said "{}"?',
    "Who said “{}”?",
    "What did she mean by '{}'?",
)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(form=st.sampled_from(_PLAIN_FORMS), filler=st.one_of(question_text, st.from_regex(r"[A-Z]{2,9}|\d{1,4}")))
def test_plain_form_questions_with_hostile_fillers_get_a_sound_answer(engine, form, filler):
    try:
        answer = engine.ask(form.format(filler), k=3)
    except QuestionError:
        survived("questions")
        return
    assert_sound_answer(engine, answer)
    survived("questions")


# --------------------------------------------------------------------------- the command line


@pytest.fixture(scope="module")
def index_args(engine) -> list[str]:
    return ["--corpus", str(CORPUS), "--index", str(engine.index_dir)]


def test_jsonl_survives_every_hostile_line_including_invalid_utf8(index_args):
    """One process, every kind of line: one valid JSON object per question, nothing else."""
    rng = random.Random(61)
    lines: list[bytes] = [to_bytes(q) for q in HOSTILE.values()]
    lines += [rng.randbytes(rng.randint(1, 200)).replace(b"\n", b" ") for _ in range(20)]  # random bytes
    lines += [b'{"id": 7, "question": "\\ud800 lone surrogate in JSON"}', b'{"question": 5}', b"{not json"]
    lines += [b'{"id": "bad", "question": "  \\u001b[2J "}']
    stdin = b"\n".join(lines) + b"\n"
    result = run("ask", "--jsonl", "-", *index_args, stdin=stdin)
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
    records = assert_json_lines(result.stdout)
    asked = [line for line in lines if line.decode("utf-8", "surrogateescape").strip()]
    assert len(records) == len(asked)
    errors = [r for r in records if "error" in r]
    assert all("empty" in r["error"] for r in errors)
    assert result.returncode == (1 if errors else 0)
    assert any(r.get("id") == "bad" and "error" in r for r in records)
    for record in records:
        if "error" not in record:
            assert_exact_on_disk(record, CORPUS)
    long_record = records[list(HOSTILE).index("100,000 characters")]
    assert any("cut to its first" in n for n in long_record["notices"])
    survived("questions", len(records))


def test_jsonl_from_a_file_of_random_bytes(index_args, tmp_path):
    path = tmp_path / "random.bin"
    path.write_bytes(random.Random(62).randbytes(4000))
    result = run("ask", "--jsonl", str(path), *index_args)
    assert result.returncode in (0, 1) and b"Traceback" not in result.stderr
    assert result.stderr.strip() == b"" or all(
        line.startswith(b"qa:") for line in result.stderr.strip().splitlines()
    ), result.stderr
    records = assert_json_lines(result.stdout)
    assert records
    survived("questions", len(records))


@pytest.mark.parametrize(
    ("question", "stdout_has"),
    [
        (LONG, "note: question cut to its first 2000 characters"),
        (ESCAPES.replace("\x00", ""), "Where is the Russian base in Armenia?"),  # argv cannot hold NUL
        (HOSTILE["markup"], "[bold]Who is[/bold] [link=https://evil.example]Lavrov[/link]?"),
        (os.fsdecode(b"Where is the \xff\xfe Russian base?"), "undecodable"),
    ],
    ids=["long", "escapes", "markup", "invalid-utf8-argv"],
)
def test_ask_prints_hostile_questions_safely(index_args, question, stdout_has):
    result = run("ask", question, *index_args)
    assert result.returncode == 0, result.stderr
    assert terminal_controls(result.stdout) == []
    out = " ".join(result.stdout.decode("utf-8").split())
    assert stdout_has in out
    as_json = run("ask", "--json", question, *index_args)
    (record,) = assert_json_lines(as_json.stdout)
    assert_exact_on_disk(record, CORPUS)
    if question == LONG:
        assert any("cut to its first" in n for n in record["notices"])
    survived("questions", 2)


@pytest.mark.parametrize("question", ["", "   ", "\x1b[2J\x07", "\u202e\u2066"])
def test_ask_refuses_empty_questions_in_one_line(question):
    result = run("ask", question)
    assert result.returncode == 1
    lines = result.stderr.decode("utf-8").strip().splitlines()
    assert lines == ["qa: error: the question is empty"]
    survived("questions")


def test_errors_never_echo_control_sequences(index_args, tmp_path):
    hostile = tmp_path / "corpus\x1b]52;c;ZXZpbA==\x07\x1b[2J"
    result = run("ask", "x", "--corpus", str(hostile))
    assert result.returncode == 1
    assert terminal_controls(result.stderr) == []
    assert result.stderr.decode().count("\n") == 1 and "corpus folder not found" in result.stderr.decode()
    doc = run("ask", "x", "--doc", "no\x1b[2Jsuch.txt", *index_args)
    assert doc.returncode == 1 and terminal_controls(doc.stderr) == []
    survived("questions", 2)


def test_json_stays_json_when_the_terminal_is_not_utf8(index_args):
    result = run("ask", "--json", HOSTILE["russian"], *index_args, extra_env={"PYTHONIOENCODING": "latin-1"})
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.decode("ascii"))
    assert record["question"] == HOSTILE["russian"]
    survived("questions")
