"""A cited extractive summary of a story: sentences that cover the most corroborated content, without repeats.

Concepts are pairs of adjacent words (stemmed; pairs of two function words left out). A concept weighs the
square of the number of independent text origins that state it (a wire copy and its republications count once), so the summary leans on what several outlets
report. Sentences are picked greedily by the weight of the concepts they add per word (the greedy form of
Gillick and Favre's concept-coverage model); a concept already covered adds nothing, which keeps repeats
out. For an update summary, concepts already present before the given date weigh almost nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import SummarySentence
from .captions import is_caption_or_credit
from .statements import Statement

DEFAULT_WORDS = 100
LENGTH_EXPONENT = 1.0  # gain is divided by words**exponent: 1 favours short dense sentences, 0 long ones
SEEN_WEIGHT = 0.1  # weight left to a concept the reader already knows (update summaries)
MIN_ORIGINS = 3  # a concept counts once this many origins state it (all but one when the story has fewer)
WEIGHT_POWER = 2.0  # concept weight = origins**power: broad agreement matters more than its share of words
LEAD_BONUS = 1.5  # extra weight of an article's first sentence, decaying as 1/(1+position): news leads carry the gist


def concept_weights(stmts: Sequence[Statement], seen: Iterable[Statement] = ()) -> dict[str, float]:
    """Weight of each concept from the number of independent origins stating it; rare concepts weigh nothing."""
    origins_of: dict[str, set[str]] = {}
    for s in stmts:
        for c in s.concepts:
            origins_of.setdefault(c, set()).add(s.origin)
    n_origins = len({s.origin for s in stmts})
    floor = min(MIN_ORIGINS, max(1, n_origins - 1))
    weights = {c: float(len(o)) ** WEIGHT_POWER for c, o in origins_of.items() if len(o) >= floor}
    known = {c for s in seen for c in s.concepts}
    return {c: w * (SEEN_WEIGHT if c in known else 1.0) for c, w in weights.items()}


def select(
    stmts: Sequence[Statement],
    words: int = DEFAULT_WORDS,
    seen: Sequence[Statement] = (),
) -> list[Statement]:
    """Statements in the order picked, until `words` is reached (the last one may run past it)."""
    weights = concept_weights(stmts, seen)
    seen_texts = {" ".join(s.stems) for s in seen}
    covered: set[str] = set()
    chosen: list[Statement] = []
    used_texts: set[str] = set()
    total = 0
    candidates = [s for s in stmts if s.concepts and not is_caption_or_credit(s.text)]  # captions are no news
    while total < words and candidates:
        best, best_gain = None, 0.0
        for s in candidates:
            key = " ".join(s.stems)
            if key in used_texts or key in seen_texts:
                continue
            gain = sum(weights.get(c, 0.0) for c in s.concepts - covered)
            if gain <= 0:
                continue
            gain *= 1 + LEAD_BONUS / (1 + s.position)
            gain /= max(1, s.words) ** LENGTH_EXPONENT
            if gain > best_gain:
                best, best_gain = s, gain
        if best is None:
            break
        chosen.append(best)
        used_texts.add(" ".join(best.stems))
        covered |= best.concepts
        total += best.words
        candidates = [s for s in candidates if s is not best]
    return chosen


def reading_order(chosen: Sequence[Statement], article_order: Sequence[str]) -> list[Statement]:
    """Earlier articles first (by publication date, then story order), and article order within one."""
    rank = {a: i for i, a in enumerate(article_order)}
    return sorted(chosen, key=lambda s: (s.published or "9999", rank.get(s.article, len(rank)), s.start))


def summarise(
    stmts: Sequence[Statement],
    article_order: Sequence[str],
    words: int = DEFAULT_WORDS,
    after: str | None = None,
) -> tuple[SummarySentence, ...]:
    """The story summary; with `after` (an ISO date), only what articles published after it add."""
    seen: list[Statement] = []
    if after:
        seen = [s for s in stmts if s.published and s.published[: len(after)] <= after]
        stmts = [s for s in stmts if not (s.published and s.published[: len(after)] <= after)]
    chosen = select(stmts, words=words, seen=seen)
    return tuple(SummarySentence(s.text, (s.citation,)) for s in reading_order(chosen, article_order))
