"""Property-based fuzzing of every parser: any input ends as an article or as a reject with a reason, never as
an exception. The budget is fixed and derandomized (see fuzzkit.py); pathological sizes are in test_limits.py."""

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from fuzzkit import (
    date_value, encoded, feed_document, fuzz_settings, html_page, json_document, jsonl_document, messy_text,
    scraped_text,
)
from recoupe.clean import clean, drop_outlet_lines
from recoupe.config import Config
from recoupe.ingest import SUPPORTED, read_bytes
from recoupe.ingest.decode import DecodeError, decode_bytes
from recoupe.ingest.dates import normalise_date
from recoupe.ingest.html import HtmlError, html_to_text, read_html
from recoupe.metadata import dateline_date, provenance, publication_date
from recoupe.model import RawDocument, Reject, Removed
from recoupe.nlp.language import LanguageDetector
from recoupe.pipeline import ingest, prepare

CFG = Config(db=":memory:")
DETECTOR = LanguageDetector()
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_items(items) -> None:
    """Readers yield articles with text, or rejects with a one-line reason."""
    for item in items:
        assert isinstance(item, (RawDocument, Reject)), item
        if isinstance(item, Reject):
            assert item.reason.strip() and "\n" not in item.reason, item
        else:
            assert item.text.strip()
            assert item.published is None or ISO.match(item.published), item.published


def check_storable(text: str | None) -> None:
    """What goes to a store must be encodable text both SQLite and PostgreSQL accept."""
    if text is not None:
        text.encode("utf-8")  # no lone surrogates
        assert "\x00" not in text


@fuzz_settings(300)
@given(data=encoded(messy_text))
def test_decoding_gives_text_or_a_decode_error(data):
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and encoding


@fuzz_settings(200)
@given(data=encoded(messy_text | scraped_text | html_page | json_document | feed_document),
       ext=st.sampled_from(sorted(SUPPORTED) + ["", ".pdf"]))
def test_any_bytes_under_any_extension_read_to_articles_or_rejects(data, ext):
    check_items(read_bytes(data, f"fuzz{ext}", ext, CFG))


@fuzz_settings(200)
@given(page=html_page)
def test_html_pages_extract_or_raise_html_error(page):
    try:
        doc = read_html(page, "fuzz.html")
    except HtmlError as exc:
        assert str(exc)
        return
    check_items([doc])
    html_to_text(page)


@fuzz_settings(200)
@given(doc=json_document)
def test_json_documents(doc):
    check_items(read_bytes(doc.encode("utf-8", errors="surrogatepass"), "fuzz.json", ".json", CFG))


@fuzz_settings(150)
@given(doc=jsonl_document)
def test_jsonl_documents(doc):
    items = list(read_bytes(doc.encode("utf-8", errors="surrogatepass"), "fuzz.jsonl", ".jsonl", CFG))
    check_items(items)
    assert len(items) >= 1


@fuzz_settings(150)
@given(doc=feed_document)
def test_rss_and_atom_feeds(doc):
    check_items(read_bytes(doc.encode("utf-8", errors="replace"), "fuzz.xml", ".xml", CFG))


@fuzz_settings(400)
@given(value=date_value)
def test_metadata_dates_normalise_to_iso_or_none(value):
    out = normalise_date(value)
    assert out is None or ISO.match(out), out


@fuzz_settings(300)
@given(text=scraped_text, title=st.none() | messy_text)
def test_cleaning_keeps_only_pieces_of_the_input(text, title):
    cleaned = clean(text, title)
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    for para in cleaned.text.split("\n\n"):
        assert para in source  # cleaning cuts, it never invents
    assert all(r.text for r in cleaned.removed)
    drop_outlet_lines(cleaned, title)


@fuzz_settings(300)
@given(removed=st.lists(st.builds(Removed, st.sampled_from(["byline", "credit", "photo_credit", "dateline", "ad"]),
                                  messy_text), max_size=5),
       outlet=st.none() | messy_text, author=st.none() | messy_text, text=scraped_text,
       year=st.none() | st.integers(min_value=-5, max_value=12000))
def test_metadata_rules_never_fail(removed, outlet, author, text, year):
    provenance(tuple(removed), outlet, author)
    explicit = dateline_date(tuple(removed))
    assert explicit is None or ISO.match(explicit)
    guess = publication_date(explicit, text, context_year=year)
    assert guess.value is None or ISO.match(guess.value)


raw_document = st.builds(
    RawDocument, source=messy_text, text=scraped_text | messy_text, format=st.sampled_from(["txt", "html", "jsonl"]),
    title=st.none() | messy_text, url=st.none() | messy_text, outlet=st.none() | messy_text,
    published=st.none() | st.sampled_from(["2023", "2023-09", "2023-09-13"]), language=st.none() | messy_text,
    author=st.none() | messy_text,
)


@fuzz_settings(300)
@given(raw=raw_document)
def test_prepare_gives_a_storable_article_or_a_reject(raw):
    art = prepare(raw, DETECTOR, CFG)
    if isinstance(art, Reject):
        assert art.reason
        return
    assert art.text.strip() and art.id.startswith("a-")
    for value in (art.text, art.title, art.source, art.url, art.outlet, art.author, art.derived_from,
                  art.published, art.language, *art.credits, *(r.text for r in art.removed)):
        check_storable(value)


@fuzz_settings(15)
@given(raws=st.lists(raw_document, min_size=1, max_size=4))
def test_a_run_over_fuzzed_inputs_stores_or_rejects_each_one(raws, store, nlp):
    report = ingest(None, replace(CFG, batch_size=3), store, nlp=nlp, raws=raws)
    assert report.added + report.skipped + len(report.rejects) == len(raws)
    for art in store.articles(report.article_ids):
        assert store.analysis(art.id).article == art.id


def strip_inline_by_rescanning(line: str) -> tuple[list[str], list[Removed]]:
    """The plain algorithm clean._strip_inline speeds up: search every pattern again after each cut."""
    from recoupe.clean import _headline_end
    from recoupe.config import CleanParams
    from recoupe.furniture import INLINE, RELATED_MARKER

    words = CleanParams().headline_words
    out, removed, rest = [], [], line
    while rest:
        best = None
        m = RELATED_MARKER.search(rest)
        if m:
            best = ("related", m.start(), _headline_end(rest, m.end(), words))
        for kind, pattern in INLINE:
            m = pattern.search(rest)
            if m and m.end() > m.start() and (best is None or m.start() < best[1]):
                best = (kind, m.start(), m.end())
        if best is None:
            out.append(rest)
            break
        kind, start, end = best
        before, piece, rest = rest[:start].strip(), rest[start:end].strip(), rest[end:].strip()
        if before:
            out.append(before)
        if piece:
            removed.append(Removed(kind, piece))
    return [p for p in out if p], removed


@fuzz_settings(500)
@given(line=messy_text)
def test_inline_furniture_cuts_are_those_of_a_full_rescan(line):
    from recoupe.clean import _strip_inline
    from recoupe.config import CleanParams

    line = line.replace("\n", " ").replace("\r", " ").strip()
    removed: list[Removed] = []
    assert (_strip_inline(line, removed, CleanParams().headline_words), removed) == strip_inline_by_rescanning(line)


# Quote extraction over text made of quotation marks, cues, names, pronouns, punctuation and line breaks in any order.
_QUOTE_PIECES = ["«", "»", " « ", " » ", "“", "”", '"', "'", ",", ".", ":", ";", "?", "!", "\n", "\n\n", " ",
                 "a déclaré", "a-t-il ajouté", "selon", "d'après", "affirme que", "a dit", "said", "told reporters",
                 "M.", "Mme", "Paul Durand", "la préfète", "il", "elle", "le porte-parole du ministère,",
                 "cité par l'agence Tass", "Nous partirons demain", "c'est faux", "dès", "que", "qu'il",
                 "Il a dit", "\u00a0", "…", "(", ")", "—", "-", "Kim", "Poutine", "des sources"]


@fuzz_settings(300)
@given(st.lists(st.sampled_from(_QUOTE_PIECES), max_size=60), st.sampled_from(["fr", "en"]))
def test_quote_extraction_gives_spans_of_the_text(pieces, lang):
    from recoupe.nlp.quotes.extract import extract

    text = " ".join(pieces)
    for q in extract("a-fuzz", text, lang, []):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.type in {"direct", "indirect", "mixed"}
