"""Article text to HTML with layered highlights (paragraphs › sentences › cited span › quotes › entities and
time expressions). Every piece of article text goes through `escape`; tags and attributes come from our own
values only, so no article can inject markup.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    once: tuple[str, ...] = field(default=("id",))  # attributes kept on the first piece only when a span is split


def non_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Spans sorted by start; of two that overlap, the earlier (then the longer) wins."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if s.end <= s.start:
            continue
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


def render(text: str, layers: list[list[Span]], block: str | None = "p") -> Markup:
    """HTML for `text` with each layer's spans wrapped in their tags, outer layers first. A span that crosses
    a boundary of an outer layer is split into pieces (its id stays on the first piece). With `block`, the
    outermost layer holds blocks (paragraphs): what lies between them is dropped when blank."""
    layers = [non_overlapping(layer) for layer in layers]
    starts = [[s.start for s in layer] for layer in layers]
    ends = [[s.end for s in layer] for layer in layers]
    emitted: set[tuple[int, int, int]] = set()

    def leaf(a: int, b: int) -> str:
        return str(escape(text[a:b])).replace("\n", "<br>")

    def gap(a: int, b: int, depth: int) -> str:
        # Text between blocks of the outermost layer: blank lines vanish, stray text becomes its own block.
        if depth == 0 and block:
            return "" if not text[a:b].strip() else f"<{block}>" + inner(a, b, 1) + f"</{block}>"
        return inner(a, b, depth + 1)

    def inner(a: int, b: int, depth: int) -> str:
        if depth == len(layers):
            return leaf(a, b)
        layer, out, pos = layers[depth], [], a
        i = max(0, bisect_left(ends[depth], a + 1))
        while i < len(layer) and starts[depth][i] < b:
            sp = layer[i]
            i += 1
            s, e = max(sp.start, a), min(sp.end, b)
            if e <= s:
                continue
            if s > pos:
                out.append(gap(pos, s, depth))
            key = (depth, sp.start, sp.end)
            first = key not in emitted
            emitted.add(key)
            out.append(_open(sp, first) + inner(s, e, depth + 1) + f"</{sp.tag}>")
            pos = e
        if pos < b:
            out.append(gap(pos, b, depth))
        return "".join(out)

    return Markup(inner(0, len(text), 0))


def _open(sp: Span, first: bool) -> str:
    attrs = "".join(
        f' {name}="{escape(value)}"' for name, value in sp.attrs if first or name not in sp.once
    )
    return f"<{sp.tag}{attrs}>"


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans: blocks separated by blank lines."""
    out, pos = [], 0
    for block in text.split("\n\n"):
        start = text.find(block, pos)
        end = start + len(block)
        pos = end
        lead = len(block) - len(block.lstrip())
        trail = len(block) - len(block.rstrip())
        if end - trail > start + lead:
            out.append(Span(start + lead, end - trail, "p"))
    return out
