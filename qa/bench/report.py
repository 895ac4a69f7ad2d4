"""The benchmark report: targets checked against the figures, Markdown tables, JSON.

Every ratio compares the project with the baseline measured in the same run (``baseline ÷
qa`` for times: above 1 the project is faster), since on a shared machine absolute times
move with the load while same-run ratios hold.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from qa.files import write_atomically
from qa.vectors import DenseSettings

#: (key, description, limit, unit, lower is better)
TARGETS = (
    ("shipped_hybrid_p50", "warm hybrid query p50, shipped corpus", 15.0, "ms"),
    ("scifact_hybrid_p50", "warm hybrid query p50, SciFact", 40.0, "ms"),
    ("ask_cold", "`qa ask` cold: process start → answer printed", 2.0, "s"),
    ("chat_first_screen", "chat: process start → first screen", 1.0, "s"),
    ("scifact_build_speedup", "SciFact index build, baseline ÷ qa", 2.0, "×"),
    ("scifact_ndcg_drop", "SciFact hybrid nDCG@10 lost to faster embedding", 0.005, ""),
    ("ann_recall", "approximate index at 1M: recall@10 vs exact", 0.95, ""),
    ("ann_p50", "approximate index at 1M: p50 (k=10)", 5.0, "ms"),
    ("ann_p50_depth", "approximate index at 1M: p50 at the hybrid depth (k=1000)", 5.0, "ms"),
)
_HIGHER_IS_BETTER = {"scifact_build_speedup", "ann_recall"}


def _get(report: dict, *path: str) -> float | None:
    node: object = report
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, int | float) else None


def chosen_ann(report: dict, n: int = 1_000_000, data: str = "gmm") -> dict | None:
    """The scale row of the approximate index the project uses (``DenseSettings``) at ``n``."""
    settings = DenseSettings()
    for run in (report.get("scale") or {}).get("runs", []):
        if run["n"] != n or run["data"] != data:
            continue
        kind = settings.ann_kind
        rows = [r for r in run["rows"] if r["index"] == kind]
        if kind == "ivf":
            rows = [r for r in rows if r.get("nprobe") == settings.ivf_nprobe]
        elif kind == "hnsw":
            rows = [r for r in rows if r.get("efSearch") == settings.hnsw_ef_search]
        if rows:
            return rows[0]
    return None


def targets(report: dict) -> list[dict]:
    """Each target with the figure, the baseline's figure where there is one, and whether it is met."""
    values: dict[str, tuple[float | None, float | None]] = {
        "shipped_hybrid_p50": (
            _get(report, "shipped", "latency", "ours", "p50_ms", "hybrid"),
            _get(report, "shipped", "latency", "baseline", "p50_ms", "hybrid"),
        ),
        "scifact_hybrid_p50": (
            _get(report, "scifact", "latency", "ours", "p50_ms", "hybrid"),
            _get(report, "scifact", "latency", "baseline", "p50_ms", "hybrid"),
        ),
        "ask_cold": (
            _get(report, "shipped", "cold", "ask", "answer"),
            _get(report, "shipped", "cold", "ask_baseline", "answer"),
        ),
        "chat_first_screen": (
            _get(report, "shipped", "cold", "chat", "first_screen"),
            _get(report, "shipped", "cold", "bare_textual", "first_screen"),
        ),
    }
    ours_s = _get(report, "scifact", "build", "ours", "seconds")
    base_s = _get(report, "scifact", "build", "baseline", "seconds")
    values["scifact_build_speedup"] = (base_s / ours_s if ours_s and base_s else None, None)
    ours_ndcg = _get(report, "scifact", "ndcg", "ours", "ndcg@10")
    base_ndcg = _get(report, "scifact", "ndcg", "baseline_vectors", "ndcg@10")
    values["scifact_ndcg_drop"] = (
        round(base_ndcg - ours_ndcg, 4) if ours_ndcg is not None and base_ndcg is not None else None,
        None,
    )
    ann = chosen_ann(report)
    values["ann_recall"] = (ann.get("recall@10") if ann else None, None)
    values["ann_p50"] = (ann.get("p50_ms_k10") if ann else None, None)
    values["ann_p50_depth"] = (ann.get("p50_ms_k1000") if ann else None, None)
    out = []
    for key, what, limit, unit in TARGETS:
        value, base = values[key]
        met = None
        if value is not None:
            met = value >= limit if key in _HIGHER_IS_BETTER else value <= limit
        out.append(
            {"key": key, "target": what, "limit": limit, "unit": unit, "value": value, "baseline": base, "met": met}
        )
    return out


# --------------------------------------------------------------------------- formatting


def _num(x: float | None, unit: str = "", digits: int | None = None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if digits is None:
        digits = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2 if abs(x) >= 0.1 else 3
    text = f"{x:,.{digits}f}"
    return f"{text} {unit}".strip() if unit not in ("×", "") else f"{text}{unit}"


def _ratio(base: float | None, ours: float | None, better: str = "faster") -> str:
    """``baseline ÷ qa`` as words: how many times faster (or smaller) the project is."""
    if not base or not ours or math.isnan(base) or math.isnan(ours):
        return "—"
    r = base / ours
    return f"{r:.1f}× {better}" if r >= 1 else f"{1 / r:.1f}× {'slower' if better == 'faster' else 'larger'}"


def _limit(t: dict) -> str:
    sign = "≥" if t["key"] in _HIGHER_IS_BETTER else "≤"
    return f"{sign} {_num(t['limit'], t['unit'], 3 if t['limit'] < 0.1 else None)}"


def targets_table(report: dict) -> list[str]:
    lines = ["| target | goal | qa | baseline / reference | met |", "|---|---|---|---|---|"]
    for t in report.get("targets", []):
        if t["value"] is None:
            continue
        unit = t["unit"]
        digits = 4 if t["key"] in ("scifact_ndcg_drop", "ann_recall") else None
        met = "yes" if t["met"] else "**no**"
        lines.append(
            f"| {t['target']} | {_limit(t)} | {_num(t['value'], unit, digits)} | {_num(t['baseline'], unit)} | {met} |"
        )
    return lines


def _build_rows(section: dict, label: str) -> list[str]:
    b = section["build"]
    ours, base = b["ours"], b["baseline"]
    n = len(ours["runs"])
    runs = f" (median of {n})" if n > 1 else ""
    return [
        f"| {label} index build{runs}: wall | {_num(ours['seconds'], 's')} | {_num(base['seconds'], 's')} "
        f"| {_ratio(base['seconds'], ours['seconds'])} |",
        f"| {label} passages/s (passages + sentences embedded) | {_num(ours['passages_per_s'])} "
        f"| {_num(base['passages_per_s'])} | {_ratio(ours['passages_per_s'], base['passages_per_s'])} |",
        f"| {label} build peak RSS | {_num(ours['peak_rss_mb'], 'MB')} | {_num(base['peak_rss_mb'], 'MB')} "
        f"| {_ratio(base['peak_rss_mb'], ours['peak_rss_mb'], 'smaller')} |",
    ]


def _latency_rows(section: dict, label: str) -> list[str]:
    lat = section["latency"]
    ours, base = lat["ours"], lat["baseline"]
    rows = []
    for r in ("bm25", "dense", "hybrid"):
        o50, o95 = ours["p50_ms"][r], ours["p95_ms"][r]
        b50, b95 = base["p50_ms"][r], base["p95_ms"][r]
        rows.append(
            f"| {label} warm {r} query p50 / p95 ({ours['queries']} queries) | {_num(o50, 'ms')} / {_num(o95, 'ms')} "
            f"| {_num(b50, 'ms')} / {_num(b95, 'ms')} | {_ratio(b50, o50)} |"
        )
    rows.append(
        f"| {label} warm full answer (`Engine.ask`) p50 / p95 | {_num(ours['p50_ms']['ask'], 'ms')} / "
        f"{_num(ours['p95_ms']['ask'], 'ms')} | — | — |"
    )
    rows.append(
        f"| {label} query process peak RSS | {_num(ours['process_peak_rss_mb'], 'MB')} "
        f"| {_num(base['process_peak_rss_mb'], 'MB')} "
        f"| {_ratio(base['process_peak_rss_mb'], ours['process_peak_rss_mb'], 'smaller')} |"
    )
    return rows


def _refresh_rows(section: dict, label: str) -> list[str]:
    full = section["build"]["ours"]["seconds"]
    rows = []
    for name, r in section.get("refresh", {}).items():
        embedded = r["passages"] - r["reused_vectors"]
        sent = r["sentences"] - r["reused_sentence_vectors"]
        rows.append(
            f"| {label} refresh after “{name}” ({embedded} of {r['passages']} passages and {sent} of "
            f"{r['sentences']} sentences embedded) | {_num(r['seconds'], 's')} | full build {_num(full, 's')} "
            f"| {_ratio(full, r['seconds'])} |"
        )
    return rows


def _cold_rows(cold: dict) -> list[str]:
    ask, base = cold["ask"], cold["ask_baseline"]
    n = len(ask["runs"])
    chat, tui, bare = cold["chat"], cold["chat_tui"], cold["bare_textual"]
    return [
        f"| `qa ask` cold, process start → answer on the terminal (median of {n}) | {_num(ask['answer'], 's')} "
        f"| {_num(base['answer'], 's')} | {_ratio(base['answer'], ask['answer'])} |",
        f"| `qa ask` cold, process start → exit | {_num(ask['exit'], 's')} | {_num(base['exit'], 's')} "
        f"| {_ratio(base['exit'], ask['exit'])} |",
        f"| `qa ask` peak RSS | {_num(ask['peak_rss_mb'], 'MB')} | {_num(base['peak_rss_mb'], 'MB')} "
        f"| {_ratio(base['peak_rss_mb'], ask['peak_rss_mb'], 'smaller')} |",
        f"| chat (`qa`): start → first screen (reference: a bare Textual app) | {_num(chat['first_screen'], 's')} "
        f"| {_num(bare['first_screen'], 's')} | — |",
        f"| chat (`python -m tui`): start → first screen | {_num(tui['first_screen'], 's')} | — | — |",
        f"| chat (`qa`): start → ready to answer (index loaded, model loaded) | {_num(chat['ready'], 's')} | — | — |",
    ]


def _scale_lines(scale: dict) -> list[str]:
    lines = [
        "| data | vectors | index | parameters | build | size | p50 k=10 | p50 k=1000 | recall@10 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in scale.get("runs", []):
        for r in run["rows"]:
            params = ", ".join(
                f"{k}={v}" for k, v in r.items() if k in ("M", "efConstruction", "efSearch", "nlist", "nprobe")
            )
            lines.append(
                f"| {run['data']} | {run['n']:,} | {r['index']} | {params or '—'} | {_num(r.get('build_s'), 's')} "
                f"| {_num(r.get('size_mb'), 'MB')} | {_num(r.get('p50_ms_k10'), 'ms')} "
                f"| {_num(r.get('p50_ms_k1000'), 'ms')} "
                f"| {_num(r.get('recall@10'), '', 3)} |"
            )
    return lines


def markdown(report: dict) -> str:
    machine = report["machine"]
    lines = [
        f"`qa bench` on {report['started']}: {machine['cpus']} CPUs ({machine['processor']}), one-minute load "
        f"{report['load_start']} at the start and {report['load_end']} at the end; {report['seconds'] / 60:.0f} min.",
        "",
        *targets_table(report),
        "",
        "| measure | qa | baseline | vs baseline |",
        "|---|---|---|---|",
    ]
    if "shipped" in report:
        s = report["shipped"]
        lines += _build_rows(s, "Shipped corpus:")
        lines += _refresh_rows(s, "Shipped corpus:")
        lines += _latency_rows(s, "Shipped corpus:")
        lines += _cold_rows(s["cold"])
    if "scifact" in report:
        s = report["scifact"]
        label = "SciFact:" if not s.get("subsample") else f"SciFact ({s['subsample']} records):"
        lines += _build_rows(s, label)
        nd = s.get("ndcg", {})
        if nd:
            lines.append(
                f"| {label} hybrid nDCG@10 (same passages and ranking; vectors from each build) "
                f"| {_num(nd['ours']['ndcg@10'], '', 4)} | {_num(nd['baseline_vectors']['ndcg@10'], '', 4)} "
                f"| {nd['ours']['ndcg@10'] - nd['baseline_vectors']['ndcg@10']:+.4f} |"
            )
        lines += _refresh_rows(s, label)
        lines += _latency_rows(s, label)
    if "scale" in report:
        lines += ["", *_scale_lines(report["scale"])]
    return "\n".join(lines) + "\n"


def write(report: dict, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    md, js = out / "report.md", out / "report.json"
    js.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    md.write_text(f"# qa bench\n\n{markdown(report)}", encoding="utf-8")
    return md, js


README_BEGIN = "<!-- bench:begin -->"
README_END = "<!-- bench:end -->"


def update_readme(readme: Path, report: dict) -> bool:
    """Replace the text between the bench markers of the README with the report's tables."""
    text = readme.read_text(encoding="utf-8")
    if README_BEGIN not in text or README_END not in text:
        return False
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    write_atomically(readme, f"{head}{README_BEGIN}\n{markdown(report)}{README_END}{tail}")
    return True
