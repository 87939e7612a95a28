"""Find what stands between quotation marks, in every style news text uses.

« … » (with or without no-break spaces), “ … ”, „ … “, `` … '' (tokenised English, see `normalise_marks`),
and straight "…" whose opening and closing marks look
alike: a straight mark opens or closes depending on what touches it, falling back on whether a quotation is
open. French quotations that run over several paragraphs reopen each paragraph with a mark and close only
at the end: a new opening mark at the start of a line closes the open quotation at the end of the line
before. Only outermost quotations are returned (inner marks belong to the quoted words).
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = {"«": "»", "“": "”", "„": "“", "‹": "›"}
CLOSERS = {"»", "”", "›"}
STRAIGHT = '"'
_SPACE = " \t\u00a0\u202f\u2009"
_AFTER_CLOSE = set(",.;:!?)]}»…-–—'’") | set(_SPACE) | {"\n", "\r"}
_BEFORE_OPEN = set("([{—–-:'’/") | set(_SPACE) | {"\n", "\r", "«"}
MAX_OPEN_CHARS = 3000  # a quotation left open longer than this was a stray mark


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    open: int  # offset of the opening mark (or where an unopened quotation starts)
    close: int  # offset of the closing mark (or the end of the line for an unclosed one)
    start: int  # first character of the quoted words (marks and spaces next to them excluded)
    end: int
    closed: bool = True

    @property
    def outer_end(self) -> int:
        return self.close + 1 if self.closed else self.close


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE + "\n\r":
        start += 1
    while end > start and text[end - 1] in _SPACE + "\n\r,":
        end -= 1  # a comma before the closing mark belongs to the sentence (“…,” she said)
    return start, end


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _line_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _straight_role(text: str, i: int) -> str:
    """'open', 'close' or '?' for a straight double quote at i, from the characters touching it."""
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    opener = prev in _BEFORE_OPEN and (nxt.isalnum() or nxt in "«(…['’-" or text.startswith("...", i + 1))
    closer = prev not in _SPACE + "\n" and nxt in _AFTER_CLOSE
    if opener and not closer:
        return "open"
    if closer and not opener:
        return "close"
    return "?"


def normalise_marks(text: str) -> str:
    """The same text, same length, with the quotation marks of tokenised English (`` … '') written as curly
    marks: "``" -> " “" and "''" -> "” ", so every rule sees one kind of mark and offsets stay valid."""
    if "``" not in text and "''" not in text:
        return text
    return text.replace("``", " \u201c").replace("''", "\u201d ")


def find_quote_spans(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int]] = []  # (expected closer, offset of opener)

    def emit(open_at: int, close_at: int, closed: bool) -> None:
        s, e = _trimmed(text, open_at + 1, close_at)
        if e > s and any(c.isalnum() for c in text[s:e]):
            spans.append(QuoteSpan(open_at, close_at, s, e, closed))

    for i, ch in enumerate(text):
        if stack and i - stack[0][1] > MAX_OPEN_CHARS:
            _, at = stack[0]
            emit(at, _line_end(text, at), False)
            stack.clear()
        if ch in OPENERS or ch == STRAIGHT:
            role = "open" if ch in OPENERS else _straight_role(text, i)
            if ch == "“" and stack and stack[-1][0] == "“":  # „ … “ closes with the mark that opens English quotes
                role = "close"
            if ch == STRAIGHT and stack and stack[-1][0] == STRAIGHT and role != "open":
                role = "close"
            elif ch == STRAIGHT and not stack:
                # A mark that can only close, with nothing open: the quotation began at the start of its line.
                if role == "close" and i + 1 < len(text) and text[i + 1] in ",.;" and text[i - 1] not in _SPACE:
                    line = _line_start(text, i)
                    if line < i:
                        emit(line - 1, i, True)
                    continue
                role = "open"
            if role == "close":
                if stack and stack[-1][0] in (ch, "“"):
                    _, at = stack.pop()
                    if not stack:
                        emit(at, i, True)
                continue
            # An opening mark at the start of a line while a quotation is open: the old one ends with its line.
            if stack and len(stack) == 1 and "\n" in text[stack[0][1] : i] and _line_start(text, i) == i - _lead(text, i):
                _, at = stack.pop()
                emit(at, text.rfind("\n", at, i), False)
            stack.append((OPENERS.get(ch, STRAIGHT), i))
        elif ch in CLOSERS:
            if stack and stack[-1][0] == ch:
                _, at = stack.pop()
                if not stack:
                    emit(at, i, True)
    if stack:
        _, at = stack[0]
        emit(at, _line_end(text, at), False)
    spans.sort(key=lambda s: s.open)
    return spans


def _lead(text: str, i: int) -> int:
    """How many spaces stand between the start of the line and offset i."""
    n = 0
    while i - n - 1 >= 0 and text[i - n - 1] in _SPACE:
        n += 1
    return n
