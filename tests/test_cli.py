"""The ``qa`` command as a user runs it: a real process, real model, real index."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT

QA = [sys.executable, "-m", "qa"]


def run(*args: str, stdin: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_DEBUG": ""}
    return subprocess.run([*QA, *args], input=stdin, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def index_args(engine) -> list[str]:
    """Point the CLI at the session's already-built index of the shipped corpus."""
    return ["--corpus", str(CORPUS), "--index", str(engine.index_dir)]


def assert_exact(record: dict, corpus: Path = CORPUS) -> None:
    for q in [*record["answer"], *record.get("closest", [])]:
        text = (corpus / q["doc_id"]).read_text(encoding="utf-8")
        assert text[q["start"] : q["end"]] == q["quote"]
    for p in record["passages"]:
        text = (corpus / p["doc_id"]).read_text(encoding="utf-8")
        assert text[p["start"] : p["end"]] == p["text"]


def test_ask_json_schema(index_args):
    result = run("ask", "--json", "How many Russian troops are in Armenia?", *index_args)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert set(record) >= {"question", "answered", "answer", "passages", "timings_ms"}
    assert record["question"] == "How many Russian troops are in Armenia?"
    assert record["answered"] is True
    keys = {"quote", "doc_id", "start", "end", "citation", "paragraph", "last_paragraph"}
    assert record["answer"] and set(record["answer"][0]) == keys
    assert "10,000 Russian troops" in record["answer"][0]["quote"]
    assert isinstance(record["answer"][0]["citation"], int)
    # The sentence is in the article's last paragraph, whichever paragraph its passage starts in.
    assert record["answer"][0]["paragraph"] == record["answer"][0]["last_paragraph"] == 10
    assert record["closest"] == []  # answered: no related reading to point into
    assert len(record["passages"]) == 5
    for rank, p in enumerate(record["passages"], 1):
        assert set(p) >= {
            "rank",
            "citation",
            "doc_id",
            "title",
            "paragraph",
            "last_paragraph",
            "start",
            "end",
            "text",
            "score",
            "dense_score",
            "bm25_score",
            "lifted",
            "section",
        }
        assert p["rank"] == rank
        assert p["lifted"] is False  # not a question with a rule-given answer
        assert p["section"] == "" and "§" not in p["citation"]  # plain-text articles have no headings
        assert p["citation"].startswith(p["title"])
        first, last = p["paragraph"], p["last_paragraph"]
        assert 1 <= first <= last and p["citation"].endswith(f"¶{first}" if first == last else f"¶{first}–{last}")
    assert record["timings_ms"]["total"] > 0
    # The quote is closer to the question than to the names in it ("Russian Armenia").
    assert 0 < record["subject_similarity"] < record["confidence"]
    assert record["unmentioned"] == []
    assert_exact(record)


def test_a_who_is_question_says_which_passage_says_who(index_args):
    result = run("ask", "--json", "Who is Russia's foreign minister?", *index_args)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["answered"] and "Foreign Minister Sergey Lavrov" in record["answer"][0]["quote"]
    first = record["passages"][0]
    assert first["lifted"] is True and record["answer"][0]["citation"] == 1
    assert first["score"] > max(p["score"] for p in record["passages"][1:])
    assert_exact(record)
    result = run("ask", "--explain", "Who is the Kremlin spokesman?", *index_args)
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "none of the top passages says who is the Kremlin spokesman" in out
    assert "Not found" in out and "lifted" not in out


def test_ask_text_output_cites_sources(index_args):
    result = run("ask", "What did Lavrov say about Americans?", "--explain", "-k", "3", *index_args)
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())  # rich wraps lines to the terminal width
    assert "Americans bring trouble wherever they go" in out
    assert "[1] " in out and "Sources" in out
    assert "dense" in out and "bm25" in out  # --explain


def test_ask_abstains_honestly(index_args):
    result = run("ask", "--json", "Which team won the 2022 FIFA World Cup?", *index_args)
    record = json.loads(result.stdout)
    assert record["answered"] is False and record["answer"] == []
    assert record["passages"], "related passages are still listed"
    assert record["unmentioned"] == ["FIFA World Cup"]  # a name no document mentions
    # Each related passage's closest sentence, a pointer for the reader, inside its passage.
    passages = {p["rank"]: p for p in record["passages"]}
    assert [c["citation"] for c in record["closest"]] == sorted(passages)
    for c in record["closest"]:
        p = passages[c["citation"]]
        assert c["doc_id"] == p["doc_id"] and p["start"] <= c["start"] < c["end"] <= p["end"]
    assert_exact(record)
    text = " ".join(run("ask", "Which team won the 2022 FIFA World Cup?", *index_args).stdout.split())
    assert "Not found in the corpus" in text
    assert "the documents never mention “FIFA World Cup”" in text


def test_jsonl_answers_many_questions_in_one_process(index_args, gold):
    lines = [q.question for q in gold[:60]]
    stdin = (
        "\n".join(lines[:30])
        + "\n\n"
        + "\n".join(json.dumps({"id": f"x{i}", "question": q}) for i, q in enumerate(lines[30:]))
        + "\n"
    )
    result = run("ask", "--jsonl", "-", *index_args, stdin=stdin)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 60
    assert [r["question"] for r in records] == lines
    assert records[30]["id"] == "x0"
    for r in records:
        assert_exact(r)


def test_jsonl_reports_bad_lines_and_keeps_going(index_args, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": 1, "question": "   "}\nWhere is the Russian base in Armenia?\n', encoding="utf-8")
    result = run("ask", "--jsonl", str(path), *index_args)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert "error" in records[0] and records[0]["id"] == 1
    assert records[1]["answered"] is True
    assert result.returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "   "], "empty"),
        (["ask", "\x1b[2J"], "empty"),
        (["ask"], "no question"),
        (["ask", "hi", "--corpus", "/nonexistent/folder"], "corpus folder not found"),
        (["ask", "hi", "-k", "0"], "at least 1"),
        (["ask", "--jsonl", "/nonexistent/q.jsonl"], "cannot read"),
        (["index", "--status", "--corpus", "/nonexistent"], "not found"),
    ],
)
def test_errors_are_one_line_without_traceback(args, message):
    result = run(*args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0] and "Traceback" not in result.stderr


def test_unreadable_index_is_reported_or_rebuilt(tmp_path, corpus_copy):
    index_dir = tmp_path / "idx"
    index_dir.mkdir()
    (index_dir / "CURRENT").write_text("../../etc\n")
    status = run("index", "--status", "--corpus", str(corpus_copy), "--index", str(index_dir))
    assert status.returncode == 0 and "stale" in status.stdout and "generation" in status.stdout
    # A file where the index folder should be: a clear error, nothing overwritten.
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("precious")
    result = run("ask", "hi there", "--corpus", str(corpus_copy), "--index", str(blocker))
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert blocker.read_text() == "precious"


def test_index_status_and_refresh(index_args):
    status = run("index", "--status", *index_args)
    assert status.returncode == 0
    assert "up to date" in status.stdout and "all-MiniLM-L6-v2" in status.stdout and "passages" in status.stdout
    refresh = run("index", *index_args)
    assert refresh.returncode == 0 and "up to date" in refresh.stdout


def test_markup_in_questions_is_printed_literally(index_args):
    result = run("ask", "[bold]Who is Lavrov?[/bold] [link=http://x]x[/link]", *index_args)
    assert result.returncode == 0, result.stderr
    assert "[bold]Who is Lavrov?[/bold]" in " ".join(result.stdout.split())


def ask_notes(notes: Path, index: Path, files: dict[str, str], question: str) -> tuple[list[str], dict]:
    """Write a folder of notes, ask it one question with ``--json``; the folder arguments and
    the (exact-span-checked) answer."""
    notes.mkdir()
    for name, text in files.items():
        (notes / name).write_text(text, encoding="utf-8")
    args = ["--corpus", str(notes), "--index", str(index)]
    result = run("ask", "--json", question, *args)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert_exact(record, notes)
    return args, record


def test_a_markdown_note_is_cited_by_its_front_matter(tmp_path):
    notes = tmp_path / "notes"
    talks = (
        "---\ntitle: Notes on the Yerevan talks\nauthor: Jane Roe\ndate: 2024-01-02\n---\n\n# Talks\n\n"
        "The delegations met in Yerevan on Monday and agreed to meet again in spring.\n"
    )
    _, record = ask_notes(notes, tmp_path / "idx", {"talks.md": talks}, "Where did the delegations meet?")
    assert record["answer"][0]["quote"].startswith("The delegations met in Yerevan")
    assert record["passages"][0]["citation"] == "Notes on the Yerevan talks — Jane Roe, 2 January 2024, § Talks, ¶1"
    assert all("title:" not in p["text"] for p in record["passages"])


def test_folder_options_count_before_the_command_as_after_it(tmp_path):
    """``qa --corpus DIR ask …`` (as ``qa --help`` lists the options) searched the shipped
    corpus: the subcommand's default overwrote the folder given before it."""
    args, record = ask_notes(
        tmp_path / "notes", tmp_path / "idx", {"talks.md": "The delegations met in Yerevan on Monday.\n"}, "Who met?"
    )
    assert {p["doc_id"] for p in record["passages"]} == {"talks.md"}
    for argv in (
        [*args, "ask", "--json", "Where did the delegations meet?"],  # before the command
        ["--corpus", str(CORPUS), "ask", "--json", "Where did the delegations meet?", *args],  # after wins
    ):
        result = run(*argv)
        assert result.returncode == 0, result.stderr
        assert {p["doc_id"] for p in json.loads(result.stdout)["passages"]} == {"talks.md"}, argv
    status = run(*args, "index", "--status")
    assert status.returncode == 0 and str(tmp_path / "notes") in status.stdout
    missing = run("--corpus", str(tmp_path / "nowhere"), "ask", "x")
    assert missing.returncode == 1 and missing.stderr.strip().startswith("qa: error: corpus folder not found")


def test_markdown_output_for_notes(index_args):
    result = run("ask", "--markdown", "How many Russian troops are in Armenia?", *index_args)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "**Q:** How many Russian troops are in Armenia?"
    quote = next(line for line in lines if line.startswith("> "))
    assert "around 10,000 Russian troops" in quote and quote.endswith("[1]")
    source = next(line for line in lines if line.startswith("[1] "))
    m = re.search(r"\(`([^`]+)`, chars (\d+)–(\d+)\)$", source)
    assert m, source
    text = (CORPUS / m.group(1)).read_text(encoding="utf-8")[int(m.group(2)) : int(m.group(3))]
    assert "around 10,000 Russian troops" in text  # the cited span is where the quote is
    declined = run("ask", "--markdown", "What did China say about the Karabakh offensive?", *index_args)
    assert declined.returncode == 0
    assert "_Not found in the corpus: the documents never mention “China”._" in declined.stdout
    both = run("ask", "--markdown", "--json", "x", *index_args)
    assert both.returncode == 1 and both.stderr.strip() == "qa: error: give either --json or --markdown, not both"


def test_code_blocks_and_tables_in_notes_can_be_quoted(tmp_path):
    from .test_documents import GUIDE

    notes = tmp_path / "notes"
    files = {"guide.md": GUIDE, "other.md": "# Other\n\nThe weather was mild in spring.\n"}
    args, record = ask_notes(notes, tmp_path / "idx", files, "Which versions are end of life?")
    assert record["answer"][0]["quote"].endswith("| 2.7 | end of life |")
    assert "```sh\ntool install 3.10.4\ntool global 3.10.4\n```" in record["passages"][0]["text"]
    # In Markdown every line of a multi-line quote stays inside the blockquote.
    md = run("ask", "--markdown", "Which versions are end of life?", *args).stdout.splitlines()
    quote = md[2 : md.index("", 2)]
    assert len(quote) == 4 and all(line.startswith("> ") for line in quote), md
