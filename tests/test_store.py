"""The store, on both backends (SQLite and PostgreSQL): migrations, idempotent re-ingest, revisions, atomic
batches, search."""

import json

import pytest

from recoupe.model import Analysis, Article, Sentence
from recoupe.pipeline import ingest
from recoupe.store import open_store
from recoupe.store.base import migrations


def art(i, text="Le pont a cédé mardi à Brévanne.", source=None, **kw):
    return Article(id=f"a-{i:016x}", source=source or f"s{i}.txt", text=text, language="fr", **kw)


def test_new_store_is_at_the_latest_schema_version(store):
    assert store.schema_version() == migrations(store.dialect)[-1][0] == migrations()[-1][0]


def test_sqlite_store_is_in_wal_mode(tmp_path):
    s = open_store(str(tmp_path / "w.db"))
    assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()


def test_reopening_an_existing_store_keeps_its_data(db_url):
    s = open_store(db_url)
    s.add([(art(1), Analysis("a-0000000000000001"))])
    s.close()
    s = open_store(db_url)
    assert s.count_articles() == 1 and s.schema_version() == migrations()[-1][0]
    s.close()


def test_adding_the_same_article_twice_is_a_no_op(store):
    a = art(1)
    an = Analysis(a.id, sentences=(Sentence(a.id, 0, 10, a.text[:10], "pont"),))
    assert store.add([(a, an)]) == 1
    assert store.add([(a, an)]) == 0
    assert store.count_articles() == 1
    assert len(store.analysis(a.id).sentences) == 1


def test_a_failing_batch_leaves_no_half_written_article(store):
    good = art(1)
    bad = Analysis("a-does-not-exist", sentences=(Sentence("a-does-not-exist", 0, 1, "x"),))  # FK violation
    with pytest.raises(store.IntegrityError):
        store.add([(good, Analysis(good.id)), (art(2), bad)])
    assert store.count_articles() == 0
    assert store.db.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0


def test_new_content_at_the_same_url_is_a_new_revision(store, nlp, config):
    from recoupe.model import RawDocument

    v1 = RawDocument(source="feed.jsonl:1", url="https://x.invalid/pont", text="Le pont a cédé mardi.", format="jsonl",
                     title="Pont")
    v2 = RawDocument(source="feed.jsonl:1", url="https://x.invalid/pont",
                     text="Le pont a cédé mardi. Mise à jour : deux blessés.", format="jsonl", title="Pont")
    r1 = ingest(None, config, store, nlp=nlp, raws=[v1])
    r2 = ingest(None, config, store, nlp=nlp, raws=[v1, v2, v2])
    assert (r1.added, r2.added, r2.skipped) == (1, 1, 2)
    current = store.articles()
    assert len(current) == 1 and current[0].revision == 2 and current[0].supersedes == r1.article_ids[0]
    assert len(store.articles(current_only=False)) == 2


def test_rejects_are_stored_with_their_run(store, nlp, config):
    from recoupe.model import Reject

    report = ingest(None, config, store, nlp=nlp, raws=[Reject("x.bin", "binary file (not text)")])
    assert store.rejects(report.run)[0].reason == "binary file (not text)"
    row = store.db.execute("SELECT rejected, finished_at FROM runs WHERE id=?", (report.run,)).fetchone()
    assert row[0] == 1 and row[1]


def test_full_text_search_ignores_accents_and_case(store):
    store.add([(art(1, "Le préfet de Brévanne a fermé le pont."), Analysis("a-0000000000000001")),
               (art(2, "Rien à voir : un festival de musique."), Analysis("a-0000000000000002"))])
    for q in ("prefet brevanne", "PRÉFET", "Brév"):
        hits = store.search(q)
        assert [h[0] for h in hits] == ["a-0000000000000001"], q
        assert "[" in hits[0][1]
    assert store.search('" OR * ') == []  # operators are quoted, not interpreted


def test_stories_round_trip_with_sections(store):
    from recoupe.model import Citation, Fact, Story

    store.add([(art(1), Analysis("a-0000000000000001"))])
    s = Story("s-1", "Le pont", ("a-0000000000000001",),
              facts=(Fact("Le pont a cédé.", (Citation("a-0000000000000001", 0, 15),), ("X",), 1),))
    store.save_stories([s])
    [back] = store.stories()
    assert back.facts[0].citations[0].end == 15 and back.articles == ("a-0000000000000001",)
    assert json.loads(store.db.execute("SELECT sections FROM stories").fetchone()[0])["facts"]
