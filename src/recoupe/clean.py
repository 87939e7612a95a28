"""Cleaning: remove site furniture, keep the journalism, and keep a record of what was removed.

The text is split into lines (a scraped page's paragraphs); inline furniture is cut out of each line,
lines that are furniture as a whole are dropped, the title is lifted out, and exact or near-exact
repeated paragraphs are dropped (the fuller copy is kept). Nothing is dropped silently: every piece
goes to `removed` with its kind.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from .config import CleanParams
from .furniture import BLOCK, FURNITURE_OPENERS, INLINE, RELATED_MARKER, SENTENCE_STARTERS
from .model import Removed

_WORD = re.compile(r"\S+")
_TERMINAL = re.compile(r"[.!?…»”\"]\s*$")
_SENTENCE_END = re.compile(r"[.!?…][»”\"]?\s*$")
# A short intertitle glued between two sentences by scraping: ". Pont fermé Le Courrier de Kelvanie, …"
_GLUED_HEADING = re.compile(
    r"(?<=[.!?»”])\s+([A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+[a-zà-ÿ'’-]+){1,4})\s+(?=([A-ZÀ-Ý][\w'’]*)[\s,])"
)
_FUNCTION_WORDS = frozenset("avec de du des à au aux en pour sur par le la les et ou un une d l".split())


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    title: str | None
    removed: tuple[Removed, ...]


def clean(text: str, title: str | None = None, params: CleanParams | None = None) -> Cleaned:
    params = params or CleanParams()
    removed: list[Removed] = []
    pieces: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        for piece in _split_glued_headings(_strip_inline(line.strip(), removed, params.headline_words)):
            kind = _block_kind(piece)
            if kind:
                removed.append(Removed(kind, piece))
            else:
                pieces.append(piece)
    title, pieces = _lift_title(pieces, title, removed)
    pieces = _drop_repeats(pieces, removed, params.compared_paragraphs)
    if title is None and pieces:
        title = _first_sentence(pieces[0])
    return Cleaned(text="\n\n".join(pieces), title=title, removed=tuple(removed))


def normalise(text: str) -> str:
    """Comparison key: case, accents, punctuation and spacing folded away."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _strip_inline(line: str, removed: list[Removed], headline_words: int) -> list[str]:
    """Cut inline furniture out of one line; return the journalism pieces left, in order."""
    out: list[str] = []
    rest = line
    firsts = [_first_match(pattern, rest) for pattern in _INLINE_PATTERNS]
    while rest:
        hit = _earliest_inline(rest, firsts, headline_words)
        if hit is None:
            out.append(rest)
            break
        kind, start, end = hit
        before, piece = rest[:start].strip(), rest[start:end].strip()
        tail = rest[end:]
        shift = end + len(tail) - len(tail.lstrip())  # `rest` never ends in whitespace: only the left is stripped
        rest = rest[shift:]
        firsts = [_shifted(pattern, rest, first, shift) for pattern, first in zip(_INLINE_PATTERNS, firsts)]
        if before:
            out.append(before)
        if piece:
            removed.append(Removed(kind, piece))
    return [p for p in out if p]


# RELATED_MARKER first, then INLINE in order: on equal starts the earlier pattern wins.
_INLINE_PATTERNS = [RELATED_MARKER, *(pattern for _, pattern in INLINE)]
_INLINE_KINDS = ["related", *(kind for kind, _ in INLINE)]


def _first_match(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    m = pattern.search(text)
    return (m.start(), m.end()) if m else None


def _shifted(pattern, text: str, first: tuple[int, int] | None, shift: int) -> tuple[int, int] | None:
    """A pattern's first match in `text`, the old text less its first `shift` characters, reusing the old answer.

    Each line used to be searched again from scratch after every cut (quadratic on lines full of furniture).
    A match attempt at a position depends only on the text from there on and the one character before it
    (the patterns' lookbehinds and word boundaries), so the old first match still holds if it starts beyond
    the cut, unless the new text's very first position now matches ("^", lookbehinds at the start).
    """
    if first is not None and first[0] <= shift:
        return _first_match(pattern, text)  # the old first match was cut away
    at_start = pattern.match(text)
    if at_start:
        return (0, at_start.end())
    return (first[0] - shift, first[1] - shift) if first is not None else None


def _earliest_inline(text: str, firsts: list[tuple[int, int] | None],
                     headline_words: int) -> tuple[str, int, int] | None:
    best: tuple[str, int, int] | None = None
    for i, (kind, first) in enumerate(zip(_INLINE_KINDS, firsts)):
        if first is None:
            continue
        start, end = first
        if i == 0:  # "Lire aussi :" runs on to the end of the headline that follows it
            best = (kind, start, _headline_end(text, end, headline_words))
        elif end > start and (best is None or start < best[1]):
            best = (kind, start, end)
    return best


def _headline_end(text: str, start: int, headline_words: int) -> int:
    """Where the headline of a run-on "Lire aussi : <headline> <article goes on>" stops.

    Headlines carry no final full stop, so the end is found at the first word that opens a sentence
    ("Lundi,", "Le", "Selon" …) after a few headline words, at the next piece of furniture, after a
    sentence-final mark, or at the end of the line.
    """
    words = list(itertools.islice(_WORD.finditer(text, start), headline_words + 2))  # all the loop reads
    for i, w in enumerate(words):
        token = w.group()
        if any(token.startswith(f) or text.startswith(f, w.start()) for f in FURNITURE_OPENERS) and i > 0:
            return w.start()
        if i >= 3 and token.strip(",;:") in SENTENCE_STARTERS:
            prev = words[i - 1].group()
            if not prev.endswith(("«", "“", '"', ":", "(", "'", "’")):
                return w.start()
        if i >= 3 and _TERMINAL.search(token) and not token.endswith("»") and i + 1 < len(words):
            nxt = words[i + 1].group()
            if nxt[:1].isupper():
                return w.end()
        if i >= headline_words:
            return w.start()
    return len(text)


def _split_glued_headings(pieces: list[str]) -> list[str]:
    """Put intertitles that scraping glued into a paragraph on their own line (nothing is removed)."""
    out: list[str] = []
    for piece in pieces:
        cuts = []
        for m in _GLUED_HEADING.finditer(piece):
            words = m.group(1).split()
            nxt = m.group(2)
            opens_sentence = nxt in SENTENCE_STARTERS or nxt == "Plus" or nxt.startswith(("L'", "L’", "D'", "D’"))
            if opens_sentence and words[0] not in SENTENCE_STARTERS and words[-1].lower() not in _FUNCTION_WORDS:
                cuts.append((m.start(1), m.end(1)))
        last = 0
        for start, end in cuts:
            out.extend(p for p in (piece[last:start].strip(), piece[start:end].strip()) if p)
            last = end
        rest = piece[last:].strip()
        if rest:
            out.append(rest)
    return out


def _block_kind(piece: str) -> str | None:
    for kind, pattern in BLOCK:
        if pattern.search(piece):
            return kind
    return None


def _lift_title(pieces: list[str], title: str | None, removed: list[Removed]) -> tuple[str | None, list[str]]:
    """Take the headline out of the body (scraped pages repeat it, sometimes several times)."""
    if title is None and pieces and len(pieces[0]) <= 250 and not _SENTENCE_END.search(pieces[0]):
        title = pieces[0]
        if (
            len(title.split()) <= 5
            and len(pieces) > 1
            and len(pieces[1].split()) > len(title.split())
            and len(pieces[1]) <= 250
            and not _SENTENCE_END.search(pieces[1])
        ):
            # a short kicker ("Kelvanie - Vessarie") above the headline
            removed.append(Removed("kicker", title))
            pieces = pieces[1:]
            title = pieces[0]
    if title is None:
        return None, pieces
    key = normalise(title)
    if not key:
        return title, pieces
    kept = []
    for piece in pieces:
        norm = normalise(piece)
        # the title alone, or the title repeated with a few words of site furniture around it
        if norm == key or (key in norm and len(norm.replace(key, "")) < 0.5 * len(norm)):
            removed.append(Removed("title", piece))
        else:
            kept.append(piece)
    return title, kept


def _drop_repeats(pieces: list[str], removed: list[Removed], compared: int) -> list[str]:
    """Drop exact and near-exact repeated paragraphs, keeping the first copy.

    Only when a later copy carries clearly more (a quarter more words, at least four new ones) does it
    take the first copy's place, so that no information is lost. Near copies are looked for among the
    first `compared` paragraphs (`CleanParams.compared_paragraphs`) (every pair is compared); later ones only drop exact repeats.
    """
    if len(pieces) > compared:
        kept = _drop_near_repeats(pieces[:compared], removed)
        seen = {normalise(p) for p in kept}
        for piece in pieces[compared:]:
            key = normalise(piece)
            if key and key in seen:
                removed.append(Removed("duplicate_paragraph", piece))
            else:
                seen.add(key)
                kept.append(piece)
        return kept
    return _drop_near_repeats(pieces, removed)


def _drop_near_repeats(pieces: list[str], removed: list[Removed]) -> list[str]:
    keys = [normalise(p) for p in pieces]
    tokens = [set(k.split()) for k in keys]
    drop: set[int] = set()
    for j in range(len(pieces)):
        if not keys[j]:
            continue
        for i in range(j):
            if i in drop or not keys[i]:
                continue
            if keys[i] == keys[j]:
                drop.add(j)
                break
            small, big = (i, j) if len(tokens[i]) <= len(tokens[j]) else (j, i)
            if len(tokens[small]) < 6 or len(tokens[small] & tokens[big]) < 0.9 * len(tokens[small]):
                continue
            if len(tokens[big]) > 1.6 * len(tokens[small]) and keys[small] not in keys[big]:
                continue  # a short paragraph whose words recur in a much longer, different one
            fuller_later = big == j and len(tokens[j] - tokens[i]) >= 4 and len(tokens[j]) >= 1.25 * len(tokens[i])
            if fuller_later:
                pieces[i], pieces[j] = pieces[j], pieces[i]
                keys[i], keys[j] = keys[j], keys[i]
                tokens[i], tokens[j] = tokens[j], tokens[i]
            drop.add(j)
            break
    for j in sorted(drop):
        removed.append(Removed("duplicate_paragraph", pieces[j]))
    return [p for k, p in enumerate(pieces) if k not in drop]


def drop_outlet_lines(cleaned: Cleaned, outlet: str | None) -> Cleaned:
    """Short lines that only name the outlet (slogans, "Écoutez … sur 98.4 FM") once the outlet is known."""
    if not outlet or len(outlet) < 3:
        return cleaned
    key = normalise(outlet)
    kept, removed = [], list(cleaned.removed)
    for para in cleaned.text.split("\n\n"):
        if key in normalise(para) and len(para) <= 150 and not _SENTENCE_END.search(para):
            removed.append(Removed("boilerplate", para))
        else:
            kept.append(para)
    if len(kept) == len(cleaned.text.split("\n\n")) or not kept:
        return cleaned
    return Cleaned("\n\n".join(kept), cleaned.title, tuple(removed))


def _first_sentence(text: str, limit: int = 200) -> str:
    m = re.search(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«“\"])", text)
    sentence = text[: m.start()] if m else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + " …"
    return sentence.strip()
