"""The data model: frozen dataclasses that every stage takes and returns.

Offsets (`start`, `end`) are character offsets into the cleaned `Article.text`,
so `article.text[start:end]` is always the cited span.
Dates are ISO 8601 strings at the precision known ("2023", "2023-09", "2023-09-13").
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the page that cleaning dropped, kept so the user can see it."""

    kind: str  # boilerplate, navigation, ad, related, newsletter, share, credit, caption, ...
    text: str


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What an ingest reader yields: one article as found, before cleaning."""

    source: str  # path (with #item for multi-article files) or URL
    text: str  # main text (already extracted from HTML where the input was HTML)
    format: str  # txt, html, json, jsonl, feed
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # as given by the input's metadata, normalised to ISO
    language: str | None = None
    author: str | None = None
    removed: tuple[Removed, ...] = ()  # what extraction (e.g. trafilatura) left out


@dataclass(frozen=True, slots=True)
class Article:
    id: str  # "a-" + content hash: same content, same id
    source: str
    text: str  # cleaned text
    language: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    derived_from: str | None = None  # wire copy / republication of another outlet's text
    published: str | None = None
    published_inferred: bool = False
    author: str | None = None
    credits: tuple[str, ...] = ()  # agencies named in credit lines ("AFP", "Reuters")
    removed: tuple[Removed, ...] = ()
    duplicate_of: str | None = None  # near-duplicate of an earlier article
    format: str = "txt"
    revision: int = 1  # > 1 when the same source was ingested again with new content
    supersedes: str | None = None  # id of the previous revision of the same source
    # What `published` rests on: "metadata" (the input or its date line), or the kind of evidence in the text
    # (recoupe.pubdate: stamp, self, weekday_date, story_weekday); None when no date is known.
    published_evidence: str | None = None
    published_confidence: float | None = None  # 1.0 for metadata; the evidence's measured share within a day


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that could not become an article, with a one-line reason."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a sentence from the dependency parse (offsets into the article text)."""

    start: int  # the subtree of the clause's head: clauses nest inside one another
    end: int
    head: int  # offset of the head word
    lemma: str  # predicate lemmas, the head first, then its open complements ("devoir rendre")
    relation: str  # root, conj, advcl, ccomp, csubj, relcl, acl, parataxis
    mood: str = ""  # conditional, future, subjunctive, imperative, infinitive, participle; "" for indicative
    negated: bool = False
    subject_start: int = -1  # the subject's span (inherited from the governing clause when it has none)
    subject_end: int = -1
    reflexive: bool = False  # a pronominal verb ("s'est déclaré", "se rendre"): another sense than without "se"


@dataclass(frozen=True, slots=True)
class Sentence:
    article: str
    start: int
    end: int
    text: str
    lemmas: str = ""  # space-separated lowercase lemmas of content words (for matching)
    clauses: tuple[Clause, ...] = ()  # from the parse, when the language has a parser


@dataclass(frozen=True, slots=True)
class Mention:
    article: str
    start: int
    end: int
    text: str
    label: str  # PER, ORG, LOC, MISC
    entity: str | None = None  # canonical entity id once linked
    role: str | None = None  # "porte-parole du Kremlin" when the text attaches one


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str  # PER, ORG, LOC, MISC
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    role: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    article: str
    start: int
    end: int
    text: str
    type: str  # direct, indirect, mixed
    speaker: str | None = None  # entity id
    speaker_name: str | None = None
    speaker_mention: str | None = None
    cue: str | None = None
    source_kind: str | None = None  # person, organisation, outlet, anonymous
    via: str | None = None  # outlet that relays the words ("cité par Interfax"), when the text names one


@dataclass(frozen=True, slots=True)
class TimeExpr:
    article: str
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value: 2023-09-12, 2023-W37, P4H, PAST_REF ...
    mod: str | None = None  # MORE_THAN, APPROX, START ...
    anchor: str | None = None  # the date the value was resolved against


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the per-article stages found in one article."""

    article: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[TimeExpr, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. "no NER model for language 'pl'"


@dataclass(frozen=True, slots=True)
class Citation:
    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Fact:
    text: str
    citations: tuple[Citation, ...]
    outlets: tuple[str, ...]
    independent_sources: int
    attribution: str | None = None  # "selon Ria Novosti"
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Claim:
    value: str
    text: str
    citations: tuple[Citation, ...]
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    about: str
    kind: str  # conflict | update
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    text: str
    status: str  # confirmed, reported, expected, denied
    citations: tuple[Citation, ...]
    precision: str = "day"  # day, week, month, quarter, season, year ...
    value: str | None = None  # the TIMEX3 value when finer than `date` can say ("2023-W37")
    places: tuple[str, ...] = ()  # places named where the event is reported


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class ProvenanceGroup:
    """Articles that share one text origin: they count as one source."""

    origin: str  # outlet or article id the texts derive from
    articles: tuple[str, ...]
    kind: str = "own"  # own (one text), outlet (one outlet's texts), credit (credited to one origin), copy (copied text)
    origin_article: str | None = None  # earliest article of the copied text, when copies were found


@dataclass(frozen=True, slots=True)
class SharedPassage:
    """Text of `article` (at `citations`) that also appears in the earlier article `origin`."""

    article: str
    origin: str
    kind: str  # duplicate | copy | passage
    share: float  # share of the article's text found in the origin
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    articles: tuple[str, ...]
    summary: tuple[SummarySentence, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    facts: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    provenance: tuple[ProvenanceGroup, ...] = ()
    first_date: str | None = None
    last_date: str | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    updated_at: str | None = field(default=None, compare=False)  # when the store last saved the story (UTC)
    shared_passages: tuple[SharedPassage, ...] = ()


# -- live sources (recoupe.ingest.fetch, feeds, watch) --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Page:
    """A web page as fetched: the raw bytes are kept so extraction can be re-run without fetching again."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    body: bytes  # raw bytes as served (empty for a 304 Not Modified)
    status: int = 200
    content_type: str = ""
    encoding: str | None = None  # the charset the page was decoded with
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None  # sha256 of body
    canonical: str | None = None  # the page's canonical URL, once extracted
    article: str | None = None  # id of the article stored from it
    fetched_at: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A followed RSS/Atom feed (or a site's sitemap where it has no feed), with what its polls gave."""

    url: str
    kind: str = "feed"  # feed | sitemap
    title: str | None = None
    site: str | None = None  # the page it was discovered from
    added_at: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: str | None = None
    last_status: str | None = None  # "ok", "not modified", or why the last poll failed
    last_new: int = 0  # new entries at the last poll
    articles: int = 0  # articles stored from it so far
    errors: int = 0  # failed polls and entries so far
