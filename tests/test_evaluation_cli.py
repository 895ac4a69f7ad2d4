"""``qa eval`` as CI and evaluators run it: real processes, the real model, no mocks.

The shipped gold set runs with ``--fail-under`` guards; a BEIR-format collection of eight
records (tests/data/beir-mini) goes end to end through ``qa eval --beir``.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from .conftest import CORPUS, GOLD, ROOT

QA = [sys.executable, "-m", "qa"]
BEIR_MINI = ROOT / "tests" / "data" / "beir-mini"
METRIC_KEYS = {"ndcg@10", "mrr@10", "recall@10", "recall@100", "hit@1", "hit@3", "hit@5"}
LATENCY = {"latency_p50_ms", "latency_p95_ms"}

#: Regression floors for the shipped gold set: a little under the figures measured when they
#: were set (README, Results). Raise them as retrieval improves.
GOLD_FLOORS = [
    "hybrid.hit@5=0.95",
    # The issue's target: 0.900 since a prediction, what should be done and a route are asked for
    # and a quote the kind check confirms is answered from 0.40 (a14, a56, a63 listed first);
    # 0.876 since a date is read in the clause doing what is asked (a60's quoted passage listed first);
    # 0.867 since a pretext and how someone sees something are cued (a63 4th -> 3rd, a41 12th -> 9th);
    # 0.864 since a measure taken after something is a response (a07), a denial cues a yes/no
    # question (a21) and a scare-quoted term no claim (a18); 0.843 since a response is read with
    # what it responds to (a38), a description as the acronym the documents define (a27) and a
    # degree is cued by a figure (a37);
    "hybrid.mrr@10=0.90",  # 0.815 since "How did X characterise …?" asks for X's words (gold a39);
    # 0.807 (0.815 before sentences were read with their lead-ins: gold
    # a27 now quotes a passage without the evidence and lists it first; 0.807 before hits took in
    # the sentence that continues them; 0.798 before the passage the answer quotes was listed first)
    "hybrid.ndcg@10=0.91",  # 0.917 (0.899, 0.892, 0.887, 0.871, 0.869, 0.848, 0.843, 0.846)
    # 0.843 since a prediction, what should be done and a route are asked for, a pretext is
    # checked and a confirmed quote answers from 0.40 (a14, a56, a63, a70);
    # 0.786 since a date is read in the clause doing what is asked (a60); 0.771 since titles in other
    # words are read (a39; 0.757, 0.714, 0.671).
    "hybrid.answer_accuracy@1=0.84",
    # 0.889: 16 of 18 declined are unanswerable (a39 answered since "top diplomat" reads as
    # foreign minister); 0.842 (a21 answered since a denial is cued; 0.800
    # before; 0.842 before a21, misquoted, was declined by the ending check; 0.882 before a39,
    # misquoted, was; 0.833: one answerable declined less)
    "hybrid.abstention_precision=0.88",
    "hybrid.abstention_recall=0.99",  # 1.000: 16 of 16 (0.938 before the sum check, gold u04)
]
#: The quality targets of issue 4 (README, Results); the floors above hold them too.
GOLD_TARGETS = {"hit@5": 0.95, "mrr@10": 0.90, "answer_accuracy@1": 0.80}


def run(*args: str, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_DEBUG": ""}
    return subprocess.run([*QA, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def gold_run(engine) -> tuple[subprocess.CompletedProcess[str], dict]:
    """One ``qa eval`` of the shipped gold set (hybrid, as shipped) with the CI guards."""
    guards = [a for g in GOLD_FLOORS for a in ("--fail-under", g)]
    result = run("eval", str(GOLD), "--json", "--corpus", str(CORPUS), "--index", str(engine.index_dir), *guards)
    return result, json.loads(result.stdout) if result.stdout else {}


def test_gold_set_passes_its_ci_guards(gold_run):
    result, report = gold_run
    assert result.returncode == 0, result.stderr
    assert report["guards"] and all(g["passed"] for g in report["guards"]), report["guards"]


def test_gold_json_layout(gold_run, gold):
    _, report = gold_run
    assert report["kind"] == "gold" and report["level"] == "passage"
    answerable = [q.id for q in gold if q.answerable]
    assert report["queries"] == len(gold) and report["evaluated"] == len(answerable)
    assert set(report["skipped"]) == {q.id for q in gold if not q.answerable}
    assert report["warnings"] == []  # every evidence snippet is found in some passage
    hybrid = report["retrievers"]["hybrid"]
    assert set(report["retrievers"]) == {"hybrid"}
    answer_keys = {"answer_accuracy@1", "answered_rate", "abstention_precision", "abstention_recall"}
    assert hybrid.keys() >= METRIC_KEYS | LATENCY | answer_keys | {"ranks", "misses", "answer_misses"}
    for key in METRIC_KEYS | answer_keys:
        assert 0.0 <= hybrid[key] <= 1.0
    assert hybrid["latency_p50_ms"] <= hybrid["latency_p95_ms"]
    # Per-query ranks agree with the metrics they come from.
    ranks = hybrid["ranks"]
    assert set(ranks) == set(answerable)
    assert math.isclose(sum(r == 1 for r in ranks.values()) / len(ranks), hybrid["hit@1"], abs_tol=1e-4)
    assert math.isclose(
        sum(1 / r for r in ranks.values() if r and r <= 10) / len(ranks), hybrid["mrr@10"], abs_tol=1e-4
    )
    # Each headline metric comes with its 95% interval (seeded bootstrap over the questions it
    # is a mean of); one retriever evaluated: nothing to compare it with.
    assert set(hybrid["ci95"]) == {"ndcg@10", "mrr@10", "hit@5", "answer_accuracy@1"}
    for metric, (low, high) in hybrid["ci95"].items():
        assert low <= hybrid[metric] <= high and high - low > 0.05, metric
    assert report["comparisons"] == []
    # Misses are the questions not answered by the first passage, with what came first.
    assert {m["id"] for m in hybrid["misses"]} == {q for q, r in ranks.items() if r != 1}
    for m in hybrid["misses"]:
        assert m["expected"] and m["first"] and m["first_doc"] and m["rank"] == ranks[m["id"]]


def test_gold_set_reaches_the_issue_targets(gold_run):
    _, report = gold_run
    hybrid = report["retrievers"]["hybrid"]
    assert all(hybrid[k] >= v for k, v in GOLD_TARGETS.items()), {k: hybrid[k] for k in GOLD_TARGETS}


@pytest.fixture(scope="module")
def beir_index(tmp_path_factory):
    return tmp_path_factory.mktemp("beir-mini-index")


@pytest.fixture(scope="module")
def beir_run(beir_index) -> tuple[subprocess.CompletedProcess[str], dict]:
    result = run("eval", "--beir", str(BEIR_MINI), "--retriever", "all", "--json", "--index", str(beir_index))
    return result, json.loads(result.stdout) if result.stdout else {}


def test_beir_collection_end_to_end(beir_run):
    result, report = beir_run
    assert result.returncode == 0, result.stderr
    assert "indexing beir-mini (8 documents)" in result.stderr  # built once, with its progress
    assert report["kind"] == "beir" and report["level"] == "document"
    assert report["documents"] == 8
    assert report["queries"] == 5 and report["evaluated"] == 4 and report["skipped"] == ["q3"]
    assert list(report["retrievers"]) == ["bm25", "dense", "hybrid"]
    for name, r in report["retrievers"].items():
        assert r.keys() >= METRIC_KEYS | LATENCY | {"ranks", "misses"}, name
        assert "answer_accuracy@1" not in r
        # Every query finds its document first on a collection this small and distinct.
        assert r["ranks"] == {"q1": 1, "q2": 1, "q4": 1, "q5": 1}, name
        assert r["hit@1"] == 1.0 and r["misses"] == []
        # q4's second relevant document (d99) is not in the corpus: recall 1/2 there.
        assert r["recall@100"] == pytest.approx((1 + 1 + 0.5 + 1) / 4)


def test_beir_titles_are_searchable(beir_run):
    # "zebrafish" appears only in d1's title: BM25 can find it only if titles are indexed.
    _, report = beir_run
    assert report["retrievers"]["bm25"]["ranks"]["q1"] == 1


def test_beir_index_is_reused_and_guards_fail_clearly(beir_run, beir_index):
    args = ["eval", "--beir", str(BEIR_MINI), "--retriever", "all", "--index", str(beir_index)]
    result = run(*args, "--misses", "--fail-under", "recall@100=1", "--fail-under", "dense.hit@1=1")
    assert "indexing" not in result.stderr  # the cached index is fresh
    assert result.returncode == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("qa: eval:")]
    assert failed == ["qa: eval: hybrid.recall@100 = 0.8750 is under 1 (--fail-under recall@100=1)"]
    # One table with the three retrievers side by side.
    header = next(line for line in result.stdout.splitlines() if "metric" in line)
    assert header.index("bm25") < header.index("dense") < header.index("hybrid")
    assert "nDCG@10" in result.stdout and "Recall@100" in result.stdout and "Search p95" in result.stdout
    assert "0 of 4 ranked something else first" in result.stdout
    # Each headline metric has its interval under it (no answers on BEIR: no answer accuracy).
    rows = [line.split("│")[1].strip() for line in result.stdout.splitlines() if line.startswith("│")]
    assert [rows[i - 1] for i, row in enumerate(rows) if row == "95% interval"] == ["nDCG@10", "MRR@10", "Hit@5"]
    assert "hybrid against each single retriever, paired on the same 4 queries" in result.stdout
    assert "MRR@10, hybrid − bm25" in result.stdout and "Hit@5, hybrid − dense" in result.stdout


@pytest.mark.parametrize(
    ("args", "message", "status"),
    [
        (["eval", "--beir", "/nonexistent/beir"], "BEIR folder not found", 1),
        (["eval", str(ROOT / "README.md")], "not a gold question", 1),
        (["eval", "/nonexistent/gold.jsonl"], "cannot read gold file", 1),
        (["eval"], "give a gold file or --beir", 1),
        (["eval", str(GOLD), "--beir", str(BEIR_MINI)], "give a gold file or --beir", 1),
        (["eval", "--beir", str(BEIR_MINI), "--corpus", str(CORPUS)], "--corpus does not apply", 1),
        (["eval", str(GOLD), "--fail-under", "mrr@10"], "expected [RETRIEVER.]METRIC=VALUE", 2),
        (["eval", str(GOLD), "--fail-under", "dense.mrr@10=0.5"], "dense is not evaluated", 2),
        (["eval", "--beir", str(BEIR_MINI), "--fail-under", "answer_accuracy@1=0.5"], "unknown metric", 2),
    ],
)
def test_eval_errors_are_one_line_without_traceback(args, message, status):
    result = run(*args, timeout=120)
    assert result.returncode == status
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0] and "Traceback" not in result.stderr


def test_the_cli_module_stays_light():
    code = (
        "import sys, qa.cli; heavy = {'qa.evaluation', 'ir_measures', 'torch', 'qa.beir'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


#: A second kind of collection: Markdown technical documentation (pyenv 2.6.30's docs, MIT
#: licence, in tests/data/pyenv-docs) with 22 questions a user of it would ask. Its floors are
#: a little under what was measured when Markdown headings, code blocks and tables began to be
#: read (docs/other-collections.md): hybrid Hit@5 0.864, MRR@10 0.793 (0.636 / 0.466 before); with section
#: leads (``qa.sections``) ranked first and quoted, 0.909 / 0.919, answer accuracy@1 0.909; with
#: hard-wrapped list items holding long links read whole, 0.955 / 0.932; with every candidate
#: looked at for a section lead, 1.000 / 0.977, answer accuracy@1 0.955; with code fences under
#: list items (the install steps' commands) and described list items read, 1.000 / 1.000.
DOCS = ROOT / "tests" / "data" / "pyenv-docs"
DOCS_FLOORS = ["hybrid.hit@5=0.95", "hybrid.mrr@10=0.98", "hybrid.ndcg@10=0.98", "hybrid.answer_accuracy@1=0.95"]


#: A third: two files of Node.js's API reference (path, os; MIT licence) and 20 questions,
#: written before "What does X do?" was answered by the first sentence of X's section
#: (``qa.sections``): answer accuracy@1 0.700 before, 0.850 with it, 1.000 once HTML comments
#: were no longer read as body text; hybrid Hit@5 1.000, MRR@10 0.950 (0.975 with section leads
#: ranked first). Since a list item that says something besides its links is body text, the
#: parameter lists above each description are passages too, and two questions' descriptions
#: rank second behind a neighbouring function's ("How do I check whether a path is absolute?"
#: finds path.matchesGlob's "* Returns: {boolean} Whether or not the `path` matched"): MRR@10
#: 0.950, answers unchanged; the answer quotes the description, and since the passage it quotes
#: is listed first, MRR@10 is 1.000.
NODE_DOCS = ROOT / "tests" / "data" / "node-docs"
NODE_FLOORS = ["hybrid.hit@5=0.95", "hybrid.mrr@10=0.98", "hybrid.answer_accuracy@1=0.95"]


#: A fourth, plain text: six licences (tests/data/licenses) that say similar things, and 32
#: questions a developer would ask (24 answerable, 8 not), written by a helper before anything
#: was tried on them. Blind: hybrid Hit@5 0.792, MRR@10 0.729, answer accuracy@1 0.417,
#: abstention recall 0.250. With a question held to the documents it names (``qa.references``:
#: "Under the MPL, …"), versions and hyphens read in names ("GPLv3", "Apache-licensed"), and
#: no quote that holds only a web address: 0.875 / 0.785 / 0.542 / 0.500.
LICENSES = ROOT / "tests" / "data" / "licenses"
LICENSE_FLOORS = [
    "hybrid.hit@5=0.91",  # 0.917 (0.875 before defined terms were read with their definitions)
    "hybrid.mrr@10=0.83",  # 0.840 (0.819 before "In addition" continued a sentence; 0.785 before
    # defined terms; 0.826 with BM25's k1 1.2, b 0.75 and no one-letter tokens)
    "hybrid.ndcg@10=0.85",  # 0.860 (0.844; 0.808; 0.850 likewise)
    "hybrid.answer_accuracy@1=0.66",  # 0.667 (0.625 before sentences were read with their lead-ins;
    # 0.583; 0.542)
    "hybrid.abstention_recall=0.87",  # 0.875 (0.500 before the Eclipse/Boost licences were declined as
    # never mentioned and "Section 3.1" stopped counting as a figure)
]


def test_plain_text_licences_pass_their_floors(tmp_path):
    guards = [a for g in LICENSE_FLOORS for a in ("--fail-under", g)]
    gold = str(ROOT / "tests" / "data" / "licenses.jsonl")
    args = ["eval", gold, "--retriever", "all", "--json", "--corpus", str(LICENSES), "--index", str(tmp_path / "idx")]
    result = run(*args, *guards)
    assert result.returncode == 0, result.stderr + result.stdout[-2000:]
    r = json.loads(result.stdout)["retrievers"]
    # Hybrid stays within 0.01 of the better single retriever on every metric the issue names
    # (nDCG@10 0.850 against dense 0.851; it was 0.808 against BM25 0.830 while a licence's
    # defined terms were read as headings, apart from their definitions: docs/other-collections.md).
    for metric in ("hit@5", "mrr@10", "ndcg@10"):
        assert r["hybrid"][metric] >= max(r["bm25"][metric], r["dense"][metric]) - 0.01, metric
    # With all three evaluated, hybrid is compared with each single retriever on the same questions.
    comparisons = json.loads(result.stdout)["comparisons"]
    assert {(c["second"], c["metric"]) for c in comparisons} == {
        (other, m) for other in ("bm25", "dense") for m in ("ndcg@10", "mrr@10", "hit@5", "answer_accuracy@1")
    }
    for c in comparisons:
        assert c["first"] == "hybrid" and c["queries"] == 24 and 0 < c["p_value"] <= 1
        expected = r["hybrid"][c["metric"]] - r[c["second"]][c["metric"]]
        assert c["difference"] == pytest.approx(expected, abs=1e-3)
        assert c["ci95"][0] <= c["difference"] <= c["ci95"][1]


@pytest.mark.parametrize(
    ("gold", "corpus", "floors"),
    [("pyenv_docs.jsonl", DOCS, DOCS_FLOORS), ("node_docs.jsonl", NODE_DOCS, NODE_FLOORS)],
    ids=["pyenv", "node"],
)
def test_markdown_documentation_passes_its_floors(tmp_path, gold, corpus, floors):
    guards = [a for g in floors for a in ("--fail-under", g)]
    gold = str(ROOT / "tests" / "data" / gold)
    args = ["eval", gold, "--retriever", "all", "--json", "--corpus", str(corpus), "--index", str(tmp_path / "idx")]
    result = run(*args, *guards)
    assert result.returncode == 0, result.stderr + result.stdout[-2000:]
    report = json.loads(result.stdout)
    assert not report["skipped"]  # every question's evidence is in some passage (none is furniture)
    r = report["retrievers"]
    for metric in ("hit@5", "mrr@10"):  # hybrid stays at least as good as either retriever here too
        assert r["hybrid"][metric] >= max(r["bm25"][metric], r["dense"][metric]), metric


def test_a_report_gives_each_headline_metric_per_query(gold_run):
    """``per_query`` holds what the means are means of: ``--compare`` pairs on it."""
    _, report = gold_run
    hybrid = report["retrievers"]["hybrid"]
    per_query = hybrid["per_query"]
    assert set(per_query) == {"ndcg@10", "mrr@10", "hit@5", "answer_accuracy@1"}
    for metric, values in per_query.items():
        assert sum(values.values()) / len(values) == pytest.approx(hybrid[metric], abs=1e-4), metric
    assert set(per_query["mrr@10"]) == {q for q in hybrid["ranks"]}


def test_two_saved_reports_are_compared_query_by_query(gold_run, tmp_path):
    import copy

    from qa.evaluation import ReportError, compare_reports

    _, before = gold_run
    after = copy.deepcopy(before)
    mrr = after["retrievers"]["hybrid"]["per_query"]["mrr@10"]
    lowered = sorted(q for q, v in mrr.items() if v == 1.0)[:10]
    for q in lowered:  # ten questions whose answer passage fell from first to second
        mrr[q] = 0.5
    result = compare_reports(before, after, ("before.json", "after.json"))
    by_metric = dict(zip((c.metric for c in result.comparisons), result.comparisons, strict=True))
    assert set(by_metric) == {"ndcg@10", "mrr@10", "hit@5", "answer_accuracy@1"}
    changed = by_metric["mrr@10"]
    assert changed.first == "after.json" and changed.second == "before.json" and changed.queries == len(mrr)
    assert changed.difference.mean == pytest.approx(-5 / len(mrr))
    assert changed.difference.high < 0 and changed.p_value < 0.01  # ten losses, no gain
    assert by_metric["hit@5"].difference.mean == 0 and by_metric["hit@5"].p_value == 1.0
    assert result.notes == ()

    elsewhere = {**copy.deepcopy(after), "source": "tests/data/holdout.jsonl"}
    assert "different sets" in compare_reports(before, elsewhere, ("a", "b")).notes[0]
    old = copy.deepcopy(before)
    del old["retrievers"]["hybrid"]["per_query"]
    with pytest.raises(ReportError, match="has no per-query values"):
        compare_reports(old, after, ("old.json", "after.json"))
    with pytest.raises(ReportError, match="evaluated no retriever in common"):
        compare_reports(before, {**after, "retrievers": {"bm25": after["retrievers"]["hybrid"]}}, ("a", "b"))

    # The command line: a table, or JSON; bad files are one line and exit 1.
    paths = [tmp_path / "before.json", tmp_path / "after.json"]
    for path, report in zip(paths, (before, after), strict=True):
        path.write_text(json.dumps(report), encoding="utf-8")
    shown = run("eval", "--compare", *map(str, paths))
    assert shown.returncode == 0, shown.stderr
    row = next(line for line in shown.stdout.splitlines() if "MRR@10 (hybrid)" in line)
    assert f"{-5 / len(mrr):+.3f}" in row
    rows = json.loads(run("eval", "--compare", *map(str, paths), "--json").stdout)["comparisons"]
    assert {r["metric"] for r in rows} == set(by_metric) and all(r["retriever"] == "hybrid" for r in rows)
    (tmp_path / "bad.json").write_text("not json", encoding="utf-8")
    for args, message in [
        (["--compare", str(tmp_path / "bad.json"), str(paths[1])], "is not a qa eval --json report (not JSON)"),
        (["--compare", str(tmp_path / "none.json"), str(paths[1])], "cannot read"),
        (["--compare", *map(str, paths), str(GOLD)], "give no gold file or --beir with it"),
        (["--compare", *map(str, paths), "--fail-under", "mrr@10=0.5"], "apply to an evaluation, not to --compare"),
    ]:
        failed = run("eval", *args)
        assert failed.returncode == 1 and message in failed.stderr and failed.stderr.count("\n") == 1, failed.stderr
