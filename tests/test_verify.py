"""``qa verify``: saved answers checked against the files they cite, as a reader would check them.

Answers come from the real engine on the shipped corpus; the files are real copies, edited the
way documents change after a note was taken.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.render import answer_to_dict
from qa.verify import CitedSpan, RecordError, cited_spans, looks_like_notes, notes_records, read_records, verify

from .conftest import CORPUS, ROOT

QUESTIONS = [
    "How many Russian troops are in Armenia?",  # answered
    "What language is spoken in Armenia?",  # declined: passages and closest sentences only
    "Who is Armen Grigoryan?",
]
TROOPS_DOC = "armenia-russia-declining-relationship.txt"


@pytest.fixture(scope="module")
def saved(engine) -> list[dict]:
    return [answer_to_dict(engine.ask(q)) for q in QUESTIONS]


def _jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_every_span_of_real_answers_matches_the_shipped_files(saved):
    result = verify(read_records(_jsonl(saved)), CORPUS)
    assert result.ok and result.mismatches == [] and result.bad_lines == []
    assert result.answers == 3
    assert result.spans == sum(len(r["answer"]) + len(r["passages"]) + len(r["closest"]) for r in saved)
    kinds = {s.where.split()[0] for r in saved for s in cited_spans(r)}
    assert kinds == {"answer", "passage", "closest"}  # all three lists were checked


def test_an_edited_file_is_caught_and_the_moved_text_found(saved, corpus_copy):
    path = corpus_copy / TROOPS_DOC
    original = path.read_text(encoding="utf-8")
    prefix = "Editor's note: this article was updated.\n"
    path.write_text(prefix + original, encoding="utf-8")
    result = verify(read_records(_jsonl(saved[:1])), corpus_copy)
    assert not result.ok
    troops = [m for m in result.mismatches if m.span.where == "answer 1"]
    assert len(troops) == 1
    (m,) = troops
    moved = m.span.start + len(prefix)
    assert m.reason == (
        f"characters {m.span.start}–{m.span.end} hold other text now; the text is at {moved}–{moved + len(m.span.text)}"
    )
    # Every span of that file fails; spans of untouched files still pass.
    assert all(m.span.doc_id == TROOPS_DOC for m in result.mismatches)
    assert len(result.mismatches) == sum(s.doc_id == TROOPS_DOC for s in cited_spans(saved[0]))


def test_reworded_removed_and_shortened_files_are_each_named(saved, corpus_copy):
    troops = saved[0]["answer"][0]
    path = corpus_copy / TROOPS_DOC
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("around 10,000 Russian troops", "around 12,000 Russian troops"), encoding="utf-8")
    others = {p["doc_id"] for p in saved[0]["passages"]} - {TROOPS_DOC}
    removed = sorted(others)[0]
    (corpus_copy / removed).unlink()
    result = verify(read_records(_jsonl(saved[:1])), corpus_copy)
    reasons = {(m.span.where, m.span.doc_id): m.reason for m in result.mismatches}
    assert reasons[("answer 1", TROOPS_DOC)] == (
        f"characters {troops['start']}–{troops['end']} hold other text now; the file no longer holds the text"
    )
    missing = f"the file is missing from {corpus_copy.resolve()}"
    assert any(doc == removed and r == missing for (_, doc), r in reasons.items())
    path.write_text(text[: troops["start"] + 10], encoding="utf-8")
    (m,) = [m for m in verify(read_records(_jsonl(saved[:1])), corpus_copy).mismatches if m.span.where == "answer 1"]
    assert m.reason.startswith(f"characters {troops['start']}–{troops['end']} lie past the end of the file (")


def test_a_cited_path_outside_the_corpus_is_never_read(saved, tmp_path):
    (tmp_path / "secret.txt").write_text("x" * 100, encoding="utf-8")
    inner = tmp_path / "corpus"
    inner.mkdir()
    record = {"answer": [{"quote": "xxxx", "doc_id": "../secret.txt", "start": 0, "end": 4}], "passages": []}
    (m,) = verify(read_records(json.dumps(record)), inner).mismatches
    assert m.reason == "the file is not a path inside the corpus folder"
    record["answer"][0]["doc_id"] = str(tmp_path / "secret.txt")
    (m,) = verify(read_records(json.dumps(record)), inner).mismatches
    assert m.reason == "the file is not a path inside the corpus folder"
    (inner / "link.txt").symlink_to(tmp_path / "secret.txt")
    record["answer"][0]["doc_id"] = "link.txt"
    (m,) = verify(read_records(json.dumps(record)), inner).mismatches
    assert m.reason == "the file is a symbolic link (links are never indexed)"


def test_records_are_read_as_json_lines_or_one_json_document(saved):
    pretty = json.dumps(saved[0], indent=2)  # qa ask --json piped through a pretty-printer
    assert [n for n, _ in read_records(pretty)] == [1]
    assert [n for n, _ in read_records(json.dumps(saved))] == [1, 1, 1]  # a JSON list of answers
    lines = list(read_records("\n" + _jsonl(saved[:2]) + "\nnot json\n"))
    assert [n for n, _ in lines] == [2, 3, 5]
    result = verify(iter(lines), CORPUS)
    assert result.answers == 2 and result.bad_lines == [(5, "not JSON")] and not result.ok
    failed = verify(read_records('{"question": "?", "error": "the question is empty", "line": 1}'), CORPUS)
    assert failed.skipped == 1 and failed.answers == 0 and failed.ok


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"question": "x"}, "not an answer from qa ask --json (no answer or passages)"),
        ([1, 2], "not an answer from qa ask --json (no answer or passages)"),
        ({"answer": "text"}, "not an answer from qa ask --json (no answer or passages)"),
        ({"answer": [], "passages": [3]}, "passage 1 is not an object"),
        ({"answer": [{"quote": "a", "start": 0, "end": 1}]}, "answer 1 has no doc_id or quote"),
        ({"answer": [{"quote": "a", "doc_id": "d", "start": 2, "end": 1}]}, "answer 1 has no valid start and end"),
        ({"answer": [{"quote": "a", "doc_id": "d", "start": True, "end": 1}]}, "answer 1 has no valid start and end"),
        ({"passages": [{"text": "a", "doc_id": "d", "start": -1, "end": 1}]}, "passage 1 has no valid start and end"),
    ],
)
def test_a_line_that_is_not_an_answer_is_reported_not_checked(record, reason):
    result = verify(iter([(7, record)]), CORPUS)
    assert result.bad_lines == [(7, reason)] and result.answers == 0 and result.spans == 0


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab c\n.é—"), min_size=1, max_size=60),
    bounds=st.tuples(st.integers(0, 70), st.integers(0, 70)),
    quote=st.text(alphabet=st.sampled_from("ab c\n.é—"), max_size=10),
)
def test_a_span_passes_exactly_when_the_file_holds_its_text_there(tmp_path_factory, text, bounds, quote):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "d.txt").write_text(text, encoding="utf-8", newline="")
    with open(folder / "d.txt", encoding="utf-8") as handle:
        read = handle.read()  # the promise's own reading (newlines translated)
    start, end = sorted(bounds)
    for claimed in (read[start:end], quote):
        record = {"answer": [{"quote": claimed, "doc_id": "d.txt", "start": start, "end": end}]}
        result = verify(iter([(1, record)]), folder)
        assert result.ok == (read[start:end] == claimed)
        if not result.ok and claimed and claimed in read:
            assert f"the text is at {read.find(claimed)}–" in result.mismatches[0].reason


def _qa(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QA_DEBUG": ""}
    return subprocess.run(
        [sys.executable, "-m", "qa", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def test_qa_verify_on_the_command_line(saved, corpus_copy, tmp_path):
    answers = tmp_path / "answers.jsonl"
    answers.write_text(_jsonl(saved), encoding="utf-8")
    spans = verify(read_records(answers.read_text(encoding="utf-8")), CORPUS).spans
    ok = _qa("verify", str(answers))
    assert ok.returncode == 0 and ok.stderr == ""
    assert ok.stdout == f"All {spans} cited spans of 3 answers match the files in {CORPUS}.\n"
    piped = _qa("verify", stdin=answers.read_text(encoding="utf-8"))
    assert piped.returncode == 0 and piped.stdout == ok.stdout

    path = corpus_copy / TROOPS_DOC
    path.write_text("Updated.\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    changed = _qa("verify", "--corpus", str(corpus_copy), str(answers))
    assert changed.returncode == 1 and changed.stderr == ""
    *lines, summary = changed.stdout.splitlines()
    assert lines and all(line.startswith("line ") and f": {TROOPS_DOC}: characters " in line for line in lines)
    assert summary == f"{len(lines)} of {spans} cited spans of 3 answers do not match the files in {corpus_copy}."
    one = tmp_path / "one.md"
    one.write_text(f"**Q:** q\n\n> {saved[0]['answer'][0]['quote']} [1]\n\n[1] T (`{TROOPS_DOC}`, chars 0–99999)\n")
    assert _qa("verify", str(one)).stdout == f"The one cited span of 1 entry matches the files in {CORPUS}.\n"
    report = json.loads(_qa("verify", "--json", "--corpus", str(corpus_copy), str(answers)).stdout)
    assert report["ok"] is False and report["answers"] == 3 and report["spans"] == spans
    assert len(report["mismatches"]) == len(lines)
    assert set(report["mismatches"][0]) == {"line", "where", "doc_id", "start", "end", "reason"}


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["verify", "/no/such/answers.jsonl"], None, "qa: error: cannot read /no/such/answers.jsonl: "),
        (["verify"], "not json at all\n", "qa: error: no answers to verify in standard input: line 1: not JSON"),
        (["verify"], '{"question": "q"}\n', "qa: error: no answers to verify in standard input: line 1: not an answer"),
        (["verify", "--corpus", "/no/such/folder"], "{}", "qa: error: corpus folder not found: /no/such/folder"),
    ],
)
def test_qa_verify_bad_input_is_one_line_and_a_failure(args, stdin, message):
    result = _qa(*args, stdin=stdin)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr


def test_cited_span_keeps_the_order_a_reader_sees(saved):
    spans = cited_spans(saved[0])
    assert spans[0] == CitedSpan("answer 1", TROOPS_DOC, *(saved[0]["answer"][0][k] for k in ("start", "end", "quote")))
    assert [s.where for s in spans[1:]] == [f"passage {n}" for n in range(1, len(saved[0]["passages"]) + 1)]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=20,
)
_SPAN = st.fixed_dictionaries(
    {
        "quote": st.text(max_size=12),
        "text": st.text(max_size=12),
        "doc_id": st.sampled_from([TROOPS_DOC, "", ".", "/", "../x", "a\x00b", "catalog.toml", "\udcff.txt"])
        | st.text(max_size=12),
        "start": st.integers(-2, 12000) | st.booleans(),
        "end": st.integers(-2, 12000) | _JSON,
    }
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({}, optional={"answer": st.lists(_SPAN | _JSON, max_size=3), "passages": _JSON}) | _JSON,
        max_size=4,
    )
)
def test_any_json_is_verified_or_reported_never_raises(records):
    """Hostile or broken saved answers: every line is checked or reported, nothing raises."""
    result = verify(((n, r) for n, r in enumerate(records, 1)), CORPUS)
    assert result.answers + len(result.bad_lines) + result.skipped == len(records)
    assert all(m.reason for m in result.mismatches)


# ------------------------------------------------------------------ notes in Markdown


def _notes(engine) -> str:
    """Notes as a researcher collects them: answers pasted with ``--markdown`` (one answered,
    one declined), a line of their own, and a source copied from the chat ("c")."""
    from qa.render import answer_to_markdown, hit_to_markdown

    grigoryan = engine.ask("Who is Armen Grigoryan?")
    return (
        "# Notes on Armenia and Russia\n\n"
        + answer_to_markdown(engine.ask(QUESTIONS[0]))
        + "\nMy own remark, citing [1] in passing.\n\n"
        + answer_to_markdown(engine.ask(QUESTIONS[1]))
        + "\n"
        + answer_to_markdown(engine.ask("Why did Armenia refuse to host CSTO drills?"))
        + "\n"
        + hit_to_markdown(grigoryan.hits[0])
    )


def test_notes_in_markdown_are_read_back_into_their_cited_spans(engine):
    notes = _notes(engine)
    records = list(notes_records(notes))
    assert len(records) == 4  # three answers and the copied source
    spans = [s for _, r in records for s in r]
    modes = [s.mode for s in spans]
    assert modes.count("within") == 2 and modes.count("loose") == len(engine.ask(QUESTIONS[1]).closest)
    assert modes[-1] == "exact" and spans[-1].text == engine.ask("Who is Armen Grigoryan?").hits[0].passage.text
    troops = engine.ask(QUESTIONS[0])
    assert spans[0] == CitedSpan(
        "quote 1", TROOPS_DOC, troops.hits[0].passage.start, troops.hits[0].passage.end,
        troops.quotes[0].text, "within", notes.splitlines().index(f"> {troops.quotes[0].text} [1]") + 1,
    )  # fmt: skip
    result = verify(iter(records), CORPUS)
    assert result.ok and result.answers == 4 and result.spans == len(spans)


def test_notes_name_the_line_of_each_quote_a_changed_file_no_longer_holds(engine, corpus_copy):
    notes = _notes(engine)
    path = corpus_copy / TROOPS_DOC
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("around 10,000 Russian troops", "around 12,000 Russian troops"), encoding="utf-8")
    result = verify(notes_records(notes), corpus_copy)
    (m,) = [m for m in result.mismatches if m.span.where == "quote 1"]
    assert notes.splitlines()[m.line - 1].startswith("> Despite Armenia’s critical rhetoric")
    assert m.reason.endswith("; the file no longer holds the text")
    (corpus_copy / "rcds-armenia-anti-russian-turn.txt").unlink()
    missing = [m for m in verify(notes_records(notes), corpus_copy).mismatches if "missing" in m.reason]
    assert missing and all(notes.splitlines()[m.line - 1].lstrip().startswith(">") for m in missing)


def test_a_chat_transcript_verifies_as_notes(engine):
    from tui.turns import Turn, TurnState, transcript_markdown

    turns = [
        Turn(id=n, question=q, k=5, state=TurnState.ANSWERED, answer=engine.ask(q)) for n, q in enumerate(QUESTIONS)
    ]
    result = verify(notes_records(transcript_markdown(turns, "corpus", "today")), CORPUS)
    assert result.ok and result.answers == 3 and result.spans > 3


def test_a_quote_citing_a_source_the_notes_do_not_list_is_reported():
    notes = "**Q:** x?\n\n> Some words. [2]\n\n[1] T — ¶1 (`a.txt`, chars 0–10)\n"
    ((line, record),) = notes_records(notes)
    assert line == 1
    assert isinstance(record, RecordError) and str(record) == "the quote on line 3 cites [2], not listed in the notes"
    assert looks_like_notes(notes) and not looks_like_notes("# My notes\n\n> a quote of my own\n")
    # A question and a quote of the owner's own, citing nothing, are theirs: not checked, no error.
    own = "**Q:** my own question\n\n> my own quote\n\n" + notes
    assert [line for line, _ in notes_records(own)] == [5]


_PIECES = [
    "Armenia left the bloc in 2023. ",
    "Moscow said *nothing* of [it] <then>. ",
    "ab",
    " ",
    "   ",
    "\n",
    "\n   \n",
    ".",
    "*",
    "_",
    "`",
    "[",
    "]",
    "<",
    ">",
    "\\",
    "—",
    "\u2028",
]
_DOC_TEXT = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=80).map("".join)


@settings(max_examples=150, deadline=None)
@given(_DOC_TEXT)
def test_a_copied_source_reads_back_to_its_exact_passage(text):
    """Markdown escapes (``\\*``, ``\\[``…) and blank lines within a passage read back to the
    passage's exact text, so a source copied into notes checks exactly."""
    from qa.documents import make_document
    from qa.passages import make_passages
    from qa.render import hit_to_markdown
    from qa.retrieval import Hit

    doc = make_document("d.txt", text)
    for passage in make_passages(doc)[:3]:
        hit = Hit(passage, doc.meta, 1, 0.0, 0.0, 0.0, (0,), (passage.id,))
        ((_, spans),) = notes_records(hit_to_markdown(hit))
        assert [(s.doc_id, s.start, s.end, s.text, s.mode) for s in spans] == [
            ("d.txt", passage.start, passage.end, passage.text, "exact")
        ]


def test_json_lines_holding_a_line_separator_in_a_string_read_whole(saved):
    """``qa ask --jsonl`` writes U+2028 raw when a document holds it (JSON allows it); it is
    no line break for JSON lines."""
    record = {**saved[0], "question": "a\u2028b"}
    lines = list(read_records(json.dumps(record, ensure_ascii=False) + "\n" + json.dumps(saved[1]) + "\n"))
    assert [n for n, _ in lines] == [1, 2] and lines[0][1]["question"] == "a\u2028b"


@given(st.text())
def test_markdown_escaping_reads_back_exactly(text):
    from qa.markdown_escape import escape, unescape

    assert unescape(escape(text)) == text
