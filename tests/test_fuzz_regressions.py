"""The smallest inputs for each crash that fuzzing found (hypothesis, atheris, the pathological cases), kept as
plain regression tests. Slow-scan bugs are in test_limits.py."""

import os

from recoupe.config import Config
from recoupe.ingest import read_bytes, read_paths
from recoupe.model import RawDocument, Reject
from recoupe.pipeline import ingest

CFG = Config(db=":memory:")


def read(data: bytes, ext: str) -> list:
    return list(read_bytes(data, f"case{ext}", ext, CFG))


def test_byte_order_marks_without_text_or_with_broken_utf16_are_read_or_rejected():
    # found by hypothesis: a lone BOM gave an article with no text; odd UTF-16 raised UnicodeDecodeError
    for data in (b"\xfe\xff", b"\xef\xbb\xbf  ", b"\xff\xfe", b"\xa0"):  # and a lone cp1252 no-break space
        assert [r.reason for r in read(data, ".txt")] == ["empty file"]
    [doc] = read(b"\xff\xfeO\x00u\x00i\x00a", ".txt")
    assert doc.text == "Oui\ufffd"


def test_feed_with_a_character_reference_to_a_surrogate_is_rejected():
    [item] = read(b"<html><head></head><body>&#xD800;</body></html>", ".atom")
    assert isinstance(item, Reject) and "feed" in item.reason


def test_feed_entry_with_control_characters_in_its_html_is_read():
    [item] = read(b"<rss><channel><item><title>t</title><description>&lt;p&gt;Un texte\x05 br\xc3\xbbl\xc3\xa9"
                  b"&lt;br&gt;\x01suite&lt;/p&gt;</description></item></channel></rss>", ".rss")
    assert isinstance(item, RawDocument) and "Un texte" in item.text


def test_feed_entry_dated_year_zero_has_no_date_rather_than_a_malformed_one():
    # feedparser reads "0000-09-13" as year 0, which strftime wrote as "0-09-13"
    [item] = read(b"<rss><channel><item><title>t</title><pubDate>0000-09-13</pubDate>"
                  b"<description>Un texte.</description></item></channel></rss>", ".rss")
    assert isinstance(item, RawDocument) and item.published is None


def test_feed_entry_left_without_a_summary_is_rejected():
    # found by atheris (shrunk): feedparser leaves the entry's summary as None
    [item] = read(b"<item<title</content:encoded>", ".rss")
    assert isinstance(item, Reject) and item.reason == "feed entry has no text"


def test_deeply_nested_and_huge_number_json_are_rejected():
    assert "nested too deeply" in read(b"[" * 100_000, ".json")[0].reason
    assert "nested too deeply" in read(b"[" * 100_000 + b"\n", ".jsonl")[0].reason
    assert "invalid JSON" in read(b"1" * 5000, ".json")[0].reason


def test_nul_characters_and_lone_surrogates_are_stored_on_both_backends(store, nlp):
    raws = list(read_bytes(b'{"title": "T\\u0000itre", "text": "Le pont\\u0000 a c\\u00e9d\\u00e9 \\ud800 mardi."}',
                           "x.json", ".json", CFG))
    raws.append(RawDocument(source="nul\x00name\udcff.txt", text="Un autre\x00 texte sur le pont.", format="txt"))
    report = ingest(None, CFG, store, nlp=nlp, raws=raws)
    assert report.added == 2 and not report.rejects
    texts = sorted(a.text for a in store.articles())
    assert texts == ["Le pont a cédé \ufffd mardi.", "Un autre texte sur le pont."]


def test_file_names_that_are_not_utf8_are_read_and_stored(tmp_path, nlp):
    from recoupe.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    fd = os.open(os.fsencode(folder) + b"/caf\xe9.txt", os.O_WRONLY | os.O_CREAT)
    os.write(fd, "Le pont de Brévanne a cédé mardi.".encode())
    os.close(fd)
    [raw] = list(read_paths([folder], CFG))
    store = open_store(str(tmp_path / "s.db"))
    report = ingest(None, CFG, store, nlp=nlp, raws=[raw, Reject(raw.source, "a reject with that name")])
    assert report.added == 1
    assert store.articles()[0].source.endswith("caf\ufffd.txt")
    assert store.rejects()[0].source.endswith("caf\ufffd.txt")
    store.close()
