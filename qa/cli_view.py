"""How answers and index status look in a terminal (rich).

Every piece of document or question text enters rich as a ``Text`` object, never as markup,
so a passage containing ``[bold]`` or ``[link=…]`` prints literally.
"""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from qa.answer import Answer
from qa.documents import is_markdown
from qa.index import IndexStatus
from qa.render import display_pieces, hit_citation, quote_marker

QUOTE_STYLE = "bold yellow"
#: A related passage's closest sentence: marked for the eye, not in the colour of an answer.
CLOSEST_STYLE = "bold"


def _console() -> Console:
    return Console(highlight=False, emoji=False, markup=False, soft_wrap=False)


def print_answer(answer: Answer, *, explain: bool = False, console: Console | None = None) -> None:
    console = console or _console()
    console.print(Text.assemble(("Q: ", "bold"), answer.question))
    for notice in answer.notices:
        console.print(Text(f"note: {notice}", style="dim"))
    console.print()
    if answer.answered:
        for quote in answer.quotes:
            pieces = display_pieces(quote.text, quote.start, [], markdown=is_markdown(quote.doc_id))
            shown = "".join(piece for piece, _ in pieces)
            marker = f" {quote_marker(answer, quote)}"
            console.print(Padding(Text.assemble(("“", "dim"), (shown, QUOTE_STYLE), ("”", "dim"), marker), (0, 2)))
        console.print()
        console.print(Text("Sources", style="bold underline"))
    else:
        console.print(Text("Not found in the corpus.", style="bold red"))
        console.print(
            Text(
                "The closest passages are listed as related reading, not as an answer; the sentence of each"
                " that reads closest to the question is in bold.",
                style="dim",
            )
        )
        console.print()
        console.print(Text("Related passages", style="bold underline"))
    quotes_by_rank: dict[int, list[tuple[int, int]]] = {}
    for q in answer.quotes or answer.closest:
        quotes_by_rank.setdefault(q.citation, []).append((q.start, q.end))
    marked = QUOTE_STYLE if answer.answered else CLOSEST_STYLE
    for hit in answer.hits:
        console.print(Text.assemble((f"[{hit.rank}] ", "bold cyan"), (hit_citation(hit), "cyan")))
        body = Text()
        p = hit.passage
        quoted = quotes_by_rank.get(hit.rank, [])
        for piece, highlighted in display_pieces(p.text, p.start, quoted, markdown=is_markdown(p.doc_id)):
            body.append(piece, marked if highlighted else None)
        console.print(Padding(body, (0, 0, 0, 4)))
        if explain:
            console.print(
                Padding(
                    Text(
                        f"score {hit.score:.4f} · dense {hit.dense_score:.4f} · bm25 {hit.bm25_score:.4f}"
                        + (" · lifted: holds the answer" if hit.lifted else "")
                        + f" · {hit.passage.doc_id} [{hit.passage.start}:{hit.passage.end}]",
                        style="dim",
                    ),
                    (0, 0, 0, 4),
                )
            )
        console.print()
    if explain:
        subject = "" if answer.subject_similarity is None else f"names alone {answer.subject_similarity:.4f} · "
        console.print(
            Text(
                f"confidence {answer.confidence:.4f} · {subject}"
                + " · ".join(f"{k} {v:.1f} ms" for k, v in answer.timings_ms.items()),
                style="dim",
            )
        )


def print_status(status: IndexStatus, console: Console | None = None) -> None:
    console = console or _console()
    if not status.exists:
        console.print(Text(f"No index yet in {status.index_dir}. Run `qa index` (or just ask a question) to build it."))
        return
    if status.model_id is None:  # there is an index, but it cannot be read (damaged, another format)
        console.print(Text(f"The index in {status.index_dir} is stale and cannot be used; `qa index` rebuilds it:"))
        for reason in status.reasons:
            console.print(Text(f"  {reason}", style="red"))
        return
    state = Text("stale", style="bold red") if status.stale else Text("up to date", style="bold green")
    rows = [
        ("index", Text(str(status.index_dir))),
        ("state", state),
        ("corpus", Text(status.corpus_root or "(not a folder)")),
        ("model", Text(f"{status.model_id} ({status.dim} dimensions)")),
        ("documents", Text(str(status.documents))),
        ("passages", Text(str(status.passages))),
        ("vector index", Text(status.dense_kind or "?")),
        ("built", Text(status.built_at or "?")),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        console.print(Text.assemble((key.ljust(width) + "  ", "bold"), value))
    for reason in status.reasons:
        console.print(Text(f"  stale: {reason}", style="red"))
    for warning in status.warnings:
        console.print(Text(f"  skipped at build: {warning}", style="yellow"))
