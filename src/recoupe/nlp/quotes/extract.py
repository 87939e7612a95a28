"""Quotes of one article: direct, indirect and mixed, each with its span, cue, speaker phrase and speaker.

1. quotation marks give the quoted stretches (`marks`); sentences are cut outside them;
2. each sentence's cues give attributions and, for indirect speech, the reported content (`cues`);
3. reported content is typed: all inside one pair of marks -> direct (the words inside), some marks -> mixed,
   none -> indirect; quoted stretches not inside reported content are direct quotes attributed by the cue
   after them (", a-t-il dit"), inside them (an incise), before them (":"), in their sentence, or the speaker
   of the quotes around them (a quotation running over several paragraphs, a short fragment);
4. the speaker phrase is resolved (`speakers`): a name, a pronoun, a role noun, an organisation, anonymous.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...model import Mention, Quote
from ..article_entities import LocalEntity, local_entities
from .cues import Cue, find_cues
from .lexicon import french_patterns, lemma_of_cue
from .marks import QuoteSpan, find_quote_spans, normalise_marks
from .resolve import Resolver

ABBREVIATIONS = {"m", "mme", "mmes", "mlle", "me", "dr", "st", "ste", "mgr", "pr", "jr", "sr", "etc", "av", "apr",
                 "j.-c", "mr", "mrs", "ms", "no", "vol", "p", "art", "gen", "col", "cf"}
FURNITURE_RUN = 3  # this many short lines in a row with no sentence end are site furniture (a list, a menu)
FURNITURE_LINE_WORDS = 16  # "short": at most this many words
MIN_FRAGMENT_WORDS = 3  # a quoted fragment with no cue in its sentence is a quote only if it is at least this long
MAX_SENTENCE = 3_000  # characters: a longer "sentence" is no prose (a list, a scrape gone wrong); it is cut into
# pieces of about this size, so that the per-sentence work (cues x quotations) stays bounded


@dataclass
class Item:
    start: int
    end: int
    type: str
    cue: Cue | None
    sentence: int
    inherited: bool = False  # speaker taken from the quotes around it (no cue of its own)
    parts: list[tuple[int, int]] = field(default_factory=list)


def sentences_of(text: str, spans: list[QuoteSpan]) -> list[tuple[int, int]]:
    """Sentence bounds: lines, cut after . ! ? … followed by a capital, never inside quoted words."""
    inside = _inside_index(spans)
    out = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in re.finditer(r"[.!?…]+(?:\s*[»”\"])?(?=\s+[«\"“A-ZÀ-Ý0-9])", line.group()):
            cut = line.start() + m.end()
            if inside(cut - 1) or (m.group()[-1] not in "»”\"" and inside(cut - 1)):
                continue
            before = re.search(r"(\w[\w.-]*)$", text[start : cut - len(m.group())])
            if m.group() == "." and before and (before.group(1).lower() in ABBREVIATIONS or len(before.group(1)) == 1):
                continue
            out.append((start, cut))
            start = cut
        if text[start : line.end()].strip():
            out.append((start, line.end()))
    return [piece for a, b in out for piece in _pieces(text, a, b)]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end), or cuts of it at a space every MAX_SENTENCE characters or so when it is longer."""
    out = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut + 1 if cut > 0 else start + MAX_SENTENCE
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _inside_index(spans: list[QuoteSpan]):
    starts = [s.start for s in spans]

    def inside(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and spans[k].start <= i < spans[k].end

    return inside


@dataclass
class Found:
    """The article's items before their speakers are chosen: each with the rule resolver's speaker (None when
    the rules find none), the sentence bounds, and the article's entities (what candidates are drawn from)."""

    items: list[Item]
    rule_speakers: list  # Speaker | None per item
    sentences: list[tuple[int, int]]
    entities: list[LocalEntity]
    entity_of: dict[int, int]
    resolver: Resolver


def find_items(text: str, lang: str, mentions: list[Mention],
               entities: tuple[list[LocalEntity], dict[int, int]] | None = None,
               has_verb: Callable[..., bool] | None = None) -> Found:
    """Quote items with their cues and the speaker the rules give them. `has_verb(start, end)` says whether a
    stretch holds a verb (from a tagger when the language has one); a quoted fragment with no cue counts only
    when it does."""
    text = normalise_marks(text)  # same length: offsets hold for the original text
    spans = find_quote_spans(text)
    inside = _inside_index(spans)
    sents = sentences_of(text, spans)
    quote_ends = {s.outer_end for s in spans}
    has_verb = has_verb or (lambda a, b, finite=False: VERB_HINT.search(text, a, b) is not None)
    cues_by_sent = [_cut_at_next(text, find_cues(text, a, b, lang, quote_ends, inside, has_verb)) for a, b in sents]
    items: list[Item] = []
    used: set[int] = set()  # indexes of quote spans placed in some item
    for k, cues in enumerate(cues_by_sent):
        for cue in cues:
            if cue.content is None:
                continue
            items.extend(_content_items(text, cue, k, spans, used))
    span_sent = [_sentence_index(sents, s.start) for s in spans]
    for i, qs in enumerate(spans):
        if i in used:
            continue
        items.extend(_direct_items(text, lang, i, qs, spans, span_sent[i], sents, cues_by_sent, used, has_verb))
    items.sort(key=lambda it: it.start)
    items = _drop_overlaps(items)
    furniture = furniture_lines(text)
    items = [it for it in items if _line_start(text, it.start) not in furniture]
    _inherit_speakers(text, items, spans)
    ents = entities or local_entities(text, mentions)
    resolver = Resolver(text, lang, mentions, ents[0], ents[1])
    speakers = [resolver.speaker(it, sents[it.sentence] if it.sentence < len(sents) else None) for it in items]
    return Found(items, speakers, sents, ents[0], ents[1], resolver)


def to_quotes(article_id: str, text: str, found: Found, speakers: list | None = None) -> list[Quote]:
    """Quote objects for the items; `speakers` (one Speaker | None per item) overrides the rules' choice.
    An item with no cue of its own and no speaker is dropped (a quoted stretch nobody is said to have said)."""
    speakers = found.rule_speakers if speakers is None else speakers
    out = []
    for it, sp, rule in zip(found.items, speakers, found.rule_speakers):
        if rule is None and it.inherited:
            continue
        out.append(Quote(
            article=article_id, start=it.start, end=it.end, text=text[it.start : it.end], type=it.type,
            speaker=None, speaker_name=sp.name if sp else None, speaker_mention=sp.mention if sp else None,
            cue=it.cue.text if it.cue and not it.inherited else None, source_kind=sp.kind if sp else None,
            via=found.resolver.via(it),
        ))
    return out


def extract(article_id: str, text: str, lang: str, mentions: list[Mention],
            entities: tuple[list[LocalEntity], dict[int, int]] | None = None,
            has_verb: Callable[..., bool] | None = None) -> list[Quote]:
    """The article's quotes with the speakers the rules give (no parse, no learned ranking)."""
    return to_quotes(article_id, text, find_items(text, lang, mentions, entities, has_verb))


def furniture_lines(text: str) -> set[int]:
    """Start offsets of lines that belong to site furniture kept in a scraped page: runs of FURNITURE_RUN or more
    consecutive short lines with no sentence end (headline lists, menus, tags, a comment thread's names and
    dates). Quotes there are quotes of other pages, not of the article."""
    out: set[int] = set()
    run: list[int] = []
    for m in re.finditer(r"[^\n]*", text):
        line = m.group().strip()
        if not line:
            continue  # blank lines do not break a run (scrapes often double the line breaks)
        short = len(line.split()) <= FURNITURE_LINE_WORDS and not re.search(r"[.!?…:;»”\"]\s*$", line)
        if short:
            run.append(m.start())
            continue
        if len(run) >= FURNITURE_RUN:
            out.update(run)
        run = []
    if len(run) >= FURNITURE_RUN:
        out.update(run)
    return out


def _cut_at_next(text: str, cues: list[Cue]) -> list[Cue]:
    """Reported content stops where the next cue of its sentence (or that cue's subject) begins."""
    out = []
    for n, c in enumerate(cues):
        if c.content and c.kind != "inverted":
            c_start, c_end = c.content
            for later in cues[n + 1 :]:
                edge = later.start  # "X défend A et assure que B": X's subject is shared, cut at the cue
                if later.speaker and later.speaker[0] < later.start and later.speaker[0] >= c_start:
                    if not text[c_start : later.speaker[0]].strip() or not _clause_boundary(
                        text, c_start, later.speaker[0]
                    ):
                        continue  # a cue nested in the content ("que Y lui avait dit que …")
                    edge = later.speaker[0]  # "…, et Y a ajouté que": the later subject starts the cut
                if later.kind in {"source", "opinion"} or later.kind == "inverted" and not text[
                    max(c_start, edge - 3) : edge
                ].strip().endswith(","):
                    continue
                if c_start < edge < c_end:
                    kept = re.sub(r"(?:[\s,;]|\b(?:et|puis|mais)\b)+$", "", text[c_start:edge])
                    cut = c_start + len(kept)
                    c = Cue(c.start, c.end, c.text, c.kind, c.speaker, (c_start, cut), c.lemma)
                    break
        out.append(c)
    return out


def _clause_boundary(text: str, start: int, at: int) -> bool:
    """A new clause may begin at `at`: after a comma, a semicolon or a coordinating conjunction."""
    return re.search(r"(?:[,;]|\b(?:et|mais|puis|or|car|si|même si|quand|lorsqu['’e]|puisqu['’e]|parce qu['’e]|"
                     r"tandis qu['’e]|alors qu['’e]|bien qu['’e])|\bs['’])\s*$", text[start:at]) is not None


VERB_HINT = re.compile(
    r"(?i)\b(?:a|ai|as|avons|avez|ont|est|es|sommes|êtes|sont|était|étaient|sera|serait|fait|faut|peut|doit|va|"
    r"vont|veut|je|j['’]|nous|vous|il|elle|ils|on|qui|où|que|qu['’]|has|have|is|are|was|were|will|would|can|"
    r"\w+(?:ait|aient|ons|ez|ent)(?<!ment))\b"
)




def _sentence_index(sents: list[tuple[int, int]], offset: int) -> int:
    starts = [a for a, _ in sents]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _spans_in(spans: list[QuoteSpan], start: int, end: int) -> list[int]:
    return [i for i, s in enumerate(spans) if s.open >= start - 1 and s.outer_end <= end + 1 and s.start < end]


def _content_items(text: str, cue: Cue, k: int, spans: list[QuoteSpan], used: set[int]) -> list[Item]:
    """The item(s) a cue's reported content makes: direct when it is quoted words only, else mixed/indirect."""
    c_start, c_end = cue.content
    while c_start < c_end and text[c_start] in " \u00a0,:":
        c_start += 1
    if c_end <= c_start:
        return []
    inner = _spans_in(spans, c_start, c_end)
    # quotation marks that start inside the content but end after it: the content reaches their end
    for i, s in enumerate(spans):
        if c_start <= s.open < c_end < s.outer_end and i not in inner:
            c_end = s.outer_end
            inner.append(i)
    if inner:
        between = _outside_text(text, c_start, c_end, [spans[i] for i in inner])
        if not re.search(r"\w", re.sub(r"\b(?:et|ou|and|or)\b", "", between)):
            # only quoted words (one stretch, or several joined by commas): direct quotes
            used.update(inner)
            return [Item(spans[i].start, spans[i].end, "direct", cue, k) for i in sorted(inner)]
        used.update(inner)
        return [Item(c_start, c_end, "mixed", cue, k)]
    if any(s.start < c_start < s.end for s in spans):
        return []  # content starting inside quoted words belongs to the quote
    return [Item(c_start, c_end, "indirect", cue, k)]


def _outside_text(text: str, start: int, end: int, spans: list[QuoteSpan]) -> str:
    pieces, pos = [], start
    for s in sorted(spans, key=lambda s: s.open):
        pieces.append(text[pos : max(pos, s.open)])
        pos = max(pos, s.outer_end)
    pieces.append(text[pos:end])
    return "".join(pieces)


def _direct_items(text, lang, i, qs, spans, k, sents, cues_by_sent, used, has_verb) -> list[Item]:
    used.add(i)
    parts = _split_incise(text, lang, qs)
    cue = None
    if parts:
        (a, b), incise, (c, d) = parts
        return [Item(a, b, "direct", incise, k), Item(c, d, "direct", incise, k)]
    cues = cues_by_sent[k] if k < len(cues_by_sent) else []
    after = _cue_after(text, qs, cues)
    if after is not None:
        cue = after
    else:
        before = [c for c in cues if c.end <= qs.open and c.kind in {"lead", "que", "inverted", "object",
                                                                    "infinitive", "participle", "source", "opinion"}
                  and (c.kind != "lead" or re.fullmatch(r"[\s,:\u00a0]*", text[c.end : qs.open])
                       or not any(x.kind == "lead" for x in cues))]
        if before:
            cue = before[-1]
        elif len(cues) > 0 and k + 0 == k:
            later = [c for c in cues if c.start >= qs.outer_end]
            cue = later[0] if later else None
    words = len(re.findall(r"\w+", text[qs.start : qs.end]))
    if cue is None:
        line_alone = text[_line_start(text, qs.open) : qs.open].strip() == "" and text[
            qs.outer_end : _line_end(text, qs.outer_end)
        ].strip(" .,;:!?\u00a0") == ""
        if words < MIN_FRAGMENT_WORDS or (line_alone and words < 3) or not has_verb(qs.start, qs.end):
            return []
        return [Item(qs.start, qs.end, "direct", None, k, inherited=True)]
    if cue.kind in {"participle", "object", "infinitive"} and words < 1:
        return []
    return [Item(qs.start, qs.end, "direct", cue, k)]


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _line_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _cue_after(text: str, qs: QuoteSpan, cues: list[Cue]) -> Cue | None:
    """A cue right after the closing mark: "», a déclaré X", "», a-t-il dit", "” Dorvane told reporters"."""
    for c in cues:
        if c.kind not in {"inverted", "lead"} or c.kind == "lead" and c.speaker and c.speaker[0] > c.start:
            continue
        if c.kind == "lead" and not (c.speaker and c.speaker[0] >= qs.outer_end):
            continue
        anchor = min(c.start, c.speaker[0]) if c.speaker else c.start
        gap = text[qs.outer_end : anchor]
        if anchor >= qs.outer_end and len(gap) <= 3 and re.fullmatch(r"[\s,\u00a0]*", gap):
            return c
    return None


def _split_incise(text: str, lang: str, qs: QuoteSpan):
    """« Nous partirons, a-t-il dit, dès demain » -> two stretches and the incise's cue."""
    if lang != "fr":
        return None
    body = text[qs.start : qs.end]
    pats = french_patterns()
    for m in re.finditer(r",\s*", body):
        at = qs.start + m.end()
        c = pats["inverted"].match(text, at)
        if not c or lemma_of_cue(c.group("cue")) is None:
            continue
        tail = re.match(r"(?:\s+[^,.;:!?«»\"“”]{1,60}?)?\s*([,.])\s*", text[c.end() : qs.end])
        if not tail:
            continue
        pron = re.search(r"-(?:t-)?(il|elle|on|ils|elles)\b", c.group("cue"))
        pronoun = pron is not None
        subject = tail.group(0)[: tail.start(1)].strip()
        if not pronoun and not (subject and (subject[:1].isupper() or subject.split(" ")[0].lower() in {
            "le", "la", "l'", "l’", "son", "sa", "un", "une", "les", "des", "ses"
        })):
            continue
        first_end = qs.start + m.start()
        second_start = c.end() + tail.end()
        if second_start >= qs.end or first_end <= qs.start:
            continue
        speaker = (c.end() + (len(tail.group(0)) - len(tail.group(0).lstrip())), c.end() + tail.start(1)) \
            if subject else (c.start("cue") + c.group("cue").rfind("-") + 1, c.end("cue"))
        if pron:
            speaker = (c.start("cue") + pron.start(1), c.start("cue") + pron.end(1))
        cue = Cue(c.start("cue"), c.end("cue"), c.group("cue"), "inverted", speaker, None,
                  lemma_of_cue(c.group("cue")))
        end2 = qs.end
        return (qs.start, first_end), cue, (second_start, end2)
    return None


def _drop_overlaps(items: list[Item]) -> list[Item]:
    """Keep the outer item when a mixed/indirect content contains a direct one found another way."""
    out: list[Item] = []
    for it in items:
        if out and it.start < out[-1].end:
            prev = out[-1]
            if prev.start <= it.start and it.end <= prev.end:
                continue
            if it.start <= prev.start and prev.end <= it.end:
                out[-1] = it
                continue
        out.append(it)
    return out


def _inherit_speakers(text: str, items: list[Item], spans: list[QuoteSpan]) -> None:
    """Items with no cue take the cue of the item they continue: the next quoted stretch when only a line
    break separates them (a quotation over several paragraphs), else the previous item in the same or the
    previous sentence."""
    for n, it in enumerate(items):
        if it.cue is not None:
            continue
        nxt = items[n + 1] if n + 1 < len(items) else None
        if nxt and nxt.cue and re.fullmatch(r"[\s\"«»“”]*", text[it.end : nxt.start]):
            it.cue = nxt.cue
            continue
        prev = next((p for p in reversed(items[:n]) if p.cue is not None), None)
        if prev and it.sentence - prev.sentence <= 1:
            it.cue = prev.cue
        elif nxt and nxt.cue and nxt.sentence - it.sentence <= 1:
            it.cue = nxt.cue
