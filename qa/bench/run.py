"""``qa bench``: every measurement of issue 5 in one run, side by side with the naive baseline.

Sections (each a sequence of child processes, run one at a time so they do not compete for
the two cores): the shipped corpus (builds, refresh after a one-file change, warm latency,
cold ``qa ask``, chat start), SciFact (builds, hybrid nDCG@10 of both sets of vectors, warm
latency, refresh after a one-document change) and scale (FAISS exact vs approximate on
synthetic vectors). ``--quick`` runs the shipped corpus only.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from qa.bench.measure import ProcessResult, load_average, median, run_json, run_measured, run_on_terminal
from qa.defaults import PROJECT_ROOT

SCIFACT = PROJECT_ROOT.parent / "shared" / "benchmarks" / "scifact"
GOLD_FILES = (PROJECT_ROOT / "tests" / "data" / "gold.jsonl", PROJECT_ROOT / "tests" / "data" / "holdout.jsonl")
ASK_QUESTION = "How many Russian troops are in Armenia?"
CHAT_FIRST_SCREEN = "Ask a question about the documents"
CHAT_READY = "● ready"


@dataclass
class BenchOptions:
    out: Path
    quick: bool = False
    corpus: Path = PROJECT_ROOT / "corpus"
    scifact: Path = SCIFACT
    scifact_docs: int = 0  # 0: all records
    repeat: int = 3  # builds of the shipped corpus, cold starts (x2)
    queries: int = 0  # latency queries per collection (0: all)
    scale_sizes: tuple[int, ...] = (100_000, 1_000_000)
    uniform_sizes: tuple[int, ...] = (100_000,)
    sections: tuple[str, ...] = ("shipped", "scifact", "scale")
    keep_work: bool = False

    @property
    def work(self) -> Path:
        return self.out / "work"


Say = Callable[[str], None]


def _say(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def _qa() -> list[str]:
    """The installed ``qa`` command (what a user runs), or ``python -m qa`` without one."""
    script = Path(sys.executable).with_name("qa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qa"]


def _worker(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "qa.bench.worker", *map(str, args)]


def _env(options: BenchOptions) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("QA_FAULT", None)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env["QA_CONFIG_DIR"] = str(options.work / "config")  # the chat's history stays out of the user's
    env["QA_BENCH_TMP"] = str(options.work)
    env["COLUMNS"] = "120"
    return env


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def _check(result: ProcessResult, what: str) -> ProcessResult:
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-10:])
        raise RuntimeError(f"{what} failed (exit {result.returncode}):\n{tail}")
    return result


def _build_summary(runs: list[dict]) -> dict:
    seconds = [r["seconds"] for r in runs]
    passages = runs[-1]["passages"]
    wall = median(seconds)
    return {
        "runs": runs,
        "seconds": wall,
        "passages": passages,
        "sentences": runs[-1].get("sentences", 0),
        "passages_per_s": passages / wall if wall else float("nan"),
        "peak_rss_mb": median([r["peak_rss_mb"] for r in runs]),
    }


# --------------------------------------------------------------------------- shipped corpus


def shipped(options: BenchOptions, say: Say) -> dict:
    env = _env(options)
    work = options.work / "shipped"
    corpus = _fresh(work) / "corpus"
    shutil.copytree(options.corpus, corpus)
    questions = work / "questions.json"
    from qa.bench.texts import gold_questions

    questions.write_text(json.dumps(gold_questions(list(GOLD_FILES))), encoding="utf-8")

    say("shipped corpus: warming up (ONNX export if missing, page cache) …")
    _check(run_measured([*_qa(), "index", "--corpus", corpus, "--index", work / "warm"], env=env), "qa index")
    run_json(_worker("build-baseline", "--kind", "folder", "--path", corpus, "--out", work / "warm-base"), env=env)

    ours, base = [], []
    for i in range(options.repeat):
        say(f"shipped corpus: build {i + 1}/{options.repeat} (qa index, then the baseline) …")
        index = _fresh(work / f"index-{i}")
        result = _check(run_measured([*_qa(), "index", "--corpus", corpus, "--index", index], env=env), "qa index")
        info, _ = run_json(_worker("manifest", "--index", index), env=env)
        ours.append({**_without_rss(info), "seconds": result.seconds, "peak_rss_mb": result.peak_rss_mb})
        out = _fresh(work / f"base-{i}")
        info, result = run_json(_worker("build-baseline", "--kind", "folder", "--path", corpus, "--out", out), env=env)
        base.append({**_without_rss(info), "seconds": result.seconds, "peak_rss_mb": result.peak_rss_mb})
    index, base_dir = work / f"index-{options.repeat - 1}", work / f"base-{options.repeat - 1}"
    report: dict = {"build": {"ours": _build_summary(ours), "baseline": _build_summary(base)}}
    _same_passages(report["build"])

    report["latency"] = _latency(options, "folder", corpus, index, base_dir, questions, say, "shipped corpus")
    report["cold"] = _cold(options, corpus, index, base_dir, say)
    report["refresh"] = _refresh_folder(options, corpus, index, say)
    return report


def _without_rss(info: dict) -> dict:
    return {k: v for k, v in info.items() if k != "peak_rss_mb"}


def _same_passages(build: dict) -> None:
    ours, base = build["ours"], build["baseline"]
    if (ours["passages"], ours["sentences"]) != (base["passages"], base["sentences"]):
        raise RuntimeError(
            f"the baseline indexed {base['passages']} passages / {base['sentences']} sentences, "
            f"the project {ours['passages']} / {ours['sentences']}: not the same texts"
        )


def _latency(
    options: BenchOptions, kind: str, path: Path, index: Path, base_dir: Path, questions: Path, say: Say, label: str
) -> dict:
    env = _env(options)
    limit = str(options.queries)
    say(f"{label}: warm query latency (qa) …")
    ours, proc = run_json(
        _worker(
            "latency-ours", "--kind", kind, "--path", path, "--index", index, "--queries", questions, "--limit", limit
        ),
        env=env,
    )
    ours["process_peak_rss_mb"] = proc.peak_rss_mb
    say(f"{label}: warm query latency (baseline) …")
    base, proc = run_json(
        _worker("latency-baseline", "--folder", base_dir, "--queries", questions, "--limit", limit), env=env
    )
    base["process_peak_rss_mb"] = proc.peak_rss_mb
    return {"ours": ours, "baseline": base}


def _squeeze(text: str, n: int = 40) -> str:
    return "".join(text.split())[:n]


def _cold(options: BenchOptions, corpus: Path, index: Path, base_dir: Path, say: Say) -> dict:
    """Process start → answer on screen (``qa ask`` and the baseline); chat first screen and ready."""
    env = _env(options)
    ask = [*_qa(), "ask", "--corpus", str(corpus), "--index", str(index), ASK_QUESTION]
    probe = _check(run_measured([*ask[:2], "--json", *ask[2:]], env=env), "qa ask --json")
    answer = json.loads(probe.stdout)
    expected = answer["answer"][0]["quote"] if answer["answer"] else answer["passages"][0]["text"]
    base_cmd = _worker("baseline-ask", "--folder", base_dir, "--question", ASK_QUESTION)
    base_probe = _check(run_measured(base_cmd, env=env), "baseline ask")
    base_expected = base_probe.stdout.splitlines()[0]
    chat = [*_qa(), "--corpus", str(corpus), "--index", str(index)]
    tui = [sys.executable, "-m", "tui", "--corpus", str(corpus), "--index", str(index)]
    bare = [sys.executable, "-c", _BARE_TEXTUAL]
    runs: dict[str, list[dict]] = {k: [] for k in ("ask", "ask_baseline", "chat", "chat_tui", "bare_textual")}
    for i in range(2 * options.repeat - 1):
        say(f"cold start {i + 1}/{2 * options.repeat - 1} (qa ask, baseline, chat) …")
        t = run_on_terminal(ask, [_squeeze(expected)], env=env, wait_exit=True, timeout=120)
        runs["ask"].append(_terminal(t, {"answer": _squeeze(expected)}))
        t = run_on_terminal(base_cmd, [_squeeze(base_expected)], env=env, wait_exit=True, timeout=300)
        runs["ask_baseline"].append(_terminal(t, {"answer": _squeeze(base_expected)}))
        for name, cmd in (("chat", chat), ("chat_tui", tui)):
            t = run_on_terminal(cmd, [CHAT_FIRST_SCREEN, CHAT_READY], env=env, timeout=120)
            runs[name].append(_terminal(t, {"first_screen": CHAT_FIRST_SCREEN, "ready": CHAT_READY}))
        t = run_on_terminal(bare, [_BARE_MARKER], env=env, timeout=60)
        runs["bare_textual"].append(_terminal(t, {"first_screen": _BARE_MARKER}))
    summary = {
        name: {
            **{key: median([r[key] for r in rs if r.get(key) is not None]) for key in rs[0] if key != "peak_rss_mb"},
            "peak_rss_mb": median([r["peak_rss_mb"] for r in rs]),
            "runs": rs,
        }
        for name, rs in runs.items()
    }
    summary["question"] = ASK_QUESTION
    return summary


def _terminal(run, markers: dict[str, str]) -> dict:
    out = {name: run.seen.get(marker) for name, marker in markers.items()}
    missing = [name for name, v in out.items() if v is None]
    if missing:
        raise RuntimeError(f"never saw {missing} on the terminal; it showed:\n{run.screen[-2000:]}")
    out["exit"] = run.exited
    out["peak_rss_mb"] = run.peak_rss_mb
    return out


_BARE_MARKER = "bare textual app"
_BARE_TEXTUAL = f"""
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static({_BARE_MARKER!r})
Bare().run()
"""


def _refresh_folder(options: BenchOptions, corpus: Path, index: Path, say: Say) -> dict:
    """Change, add and delete one file of the corpus; time ``qa index`` after each."""
    env = _env(options)
    docs = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md"))
    changed = docs[len(docs) // 2]
    original = changed.read_text(encoding="utf-8")
    added = corpus / "bench-added-note.txt"
    steps = {
        "change one file": lambda: changed.write_text(
            original.rstrip("\n") + "\n\nThe benchmark appended this sentence to change one file.\n", encoding="utf-8"
        ),
        "add one file": lambda: added.write_text(
            "A benchmark note\n\nThe benchmark added this file to measure an incremental build. "
            "It holds two short paragraphs.\n\nThis is the second one, with a second sentence.\n",
            encoding="utf-8",
        ),
        "delete one file": added.unlink,
        "restore the changed file": lambda: changed.write_text(original, encoding="utf-8"),
    }
    out = {}
    for name, step in steps.items():
        step()
        say(f"shipped corpus: refresh after '{name}' …")
        result = _check(run_measured([*_qa(), "index", "--corpus", corpus, "--index", index], env=env), "qa index")
        info, _ = run_json(_worker("manifest", "--index", index), env=env)
        out[name] = {**_without_rss(info), "seconds": result.seconds, "peak_rss_mb": result.peak_rss_mb}
    return out


# --------------------------------------------------------------------------- SciFact


def scifact(options: BenchOptions, say: Say) -> dict:
    env = _env(options)
    work = options.work / "scifact"
    work.mkdir(parents=True, exist_ok=True)
    path = options.scifact
    if options.scifact_docs:
        from qa.bench.texts import subsample_beir

        path = subsample_beir(options.scifact, _fresh(work / f"scifact-{options.scifact_docs}"), options.scifact_docs)
    from qa.bench.texts import beir_queries

    questions = work / "questions.json"
    questions.write_text(json.dumps(beir_queries(path)), encoding="utf-8")
    index, base_dir = _fresh(work / "index"), _fresh(work / "baseline")
    say(f"SciFact: building with qa (load {load_average()}) …")
    info, result = run_json(_worker("build-ours", "--path", path, "--index", index), env=env, timeout=6 * 3600)
    ours = {**_without_rss(info), "seconds": result.seconds, "peak_rss_mb": result.peak_rss_mb, "load": load_average()}
    say(
        f"SciFact: qa built {info['passages']} passages in {result.seconds:.0f} s; "
        f"now the baseline (load {load_average()}) …"
    )
    info, result = run_json(
        _worker("build-baseline", "--kind", "beir", "--path", path, "--out", base_dir), env=env, timeout=6 * 3600
    )
    base = {**_without_rss(info), "seconds": result.seconds, "peak_rss_mb": result.peak_rss_mb, "load": load_average()}
    say(f"SciFact: baseline built in {result.seconds:.0f} s")
    report: dict = {
        "documents": ours["documents"],
        "subsample": options.scifact_docs or None,
        "build": {"ours": _build_summary([ours]), "baseline": _build_summary([base])},
    }
    _same_passages(report["build"])
    say("SciFact: hybrid nDCG@10 with the project's vectors and with the baseline's …")
    report["ndcg"], _ = run_json(
        _worker("ndcg", "--path", path, "--index", index, "--baseline", base_dir), env=env, timeout=4 * 3600
    )
    report["latency"] = _latency(options, "beir", path, index, base_dir, questions, say, "SciFact")
    report["refresh"] = _refresh_beir(options, path, index, work, say)
    return report


def _refresh_beir(options: BenchOptions, path: Path, index: Path, work: Path, say: Say) -> dict:
    """One record's text changed: the index of the changed collection, built over the old one."""
    env = _env(options)
    changed = _fresh(work / "changed")
    changed.mkdir(parents=True)
    (changed / "qrels").mkdir()
    shutil.copy(path / "queries.jsonl", changed / "queries.jsonl")
    shutil.copy(path / "qrels" / "test.tsv", changed / "qrels" / "test.tsv")
    lines = (path / "corpus.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    middle = len(lines) // 2
    record = json.loads(lines[middle])
    record["text"] = record.get("text", "") + " The benchmark appended this sentence to change one document."
    lines[middle] = json.dumps(record) + "\n"
    (changed / "corpus.jsonl").write_text("".join(lines), encoding="utf-8")
    say("SciFact: refresh after changing one document …")
    info, result = run_json(_worker("build-ours", "--path", changed, "--index", index), env=env, timeout=4 * 3600)
    return {"change one document": {**_without_rss(info), "seconds": result.seconds, "peak_rss_mb": result.peak_rss_mb}}


# --------------------------------------------------------------------------- scale


def scale(options: BenchOptions, say: Say) -> dict:
    env = _env(options)
    work = options.work / "scale"
    work.mkdir(parents=True, exist_ok=True)
    real = work / "real.npy"
    base_dir = options.work / "scifact" / "baseline"
    say("scale: real MiniLM vectors to fit the synthetic data to …")
    _real_vectors(base_dir, real)
    out: dict = {"real_vectors": str(real), "runs": []}
    out["realism"], _ = run_json(_worker("scale", "--data", "realism", "--real", real), env=env)
    plan = [("gmm", n) for n in options.scale_sizes] + [("uniform", n) for n in options.uniform_sizes]
    for data, n in plan:
        say(f"scale: {data} data, {n:,} vectors (flat, HNSW, IVF) …")
        result, proc = run_json(
            _worker("scale", "--data", data, "--n", str(n), "--real", real), env=env, timeout=6 * 3600
        )
        result["process_seconds"] = proc.seconds
        out["runs"].append(result)
    return out


def _real_vectors(base_dir: Path, target: Path) -> None:
    """The SciFact baseline's passage and sentence vectors (fp32 sentence-transformers)."""
    import numpy as np

    if target.exists():
        return
    if not (base_dir / "dense.faiss").exists():
        raise RuntimeError("the scale section needs the SciFact section's vectors: run it first (or together)")
    import faiss

    index = faiss.read_index(str(base_dir / "dense.faiss"))
    vectors = np.concatenate([index.reconstruct_n(0, index.ntotal), np.load(base_dir / "sentences.npy")])
    np.save(target, vectors.astype(np.float32))


# --------------------------------------------------------------------------- the whole run


def run_bench(options: BenchOptions, say: Say = _say) -> dict:
    from qa.bench.report import targets

    options.out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    report: dict = {
        "schema": 1,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "machine": _machine(),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(options).items()},
        "load_start": load_average(),
    }
    sections = ("shipped",) if options.quick else options.sections
    runners = {"shipped": shipped, "scifact": scifact, "scale": scale}
    for name in ("shipped", "scifact", "scale"):
        if name in sections:
            t0 = time.perf_counter()
            report[name] = runners[name](options, say)
            report[name]["section_seconds"] = round(time.perf_counter() - t0, 1)
    report["load_end"] = load_average()
    report["seconds"] = round(time.time() - started, 1)
    report["targets"] = targets(report)
    if not options.keep_work:
        shutil.rmtree(options.work, ignore_errors=True)
    return report


def _machine() -> dict:
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for name in ("numpy", "faiss-cpu", "onnxruntime", "torch", "sentence-transformers", "bm25s"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpus": len(os.sched_getaffinity(0)),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "versions": versions,
    }


@dataclass
class Written:
    markdown: Path
    json: Path
    table: str = field(default="")
