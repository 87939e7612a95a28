"""Language-aware full-text search: folded, stemmed terms; snippets with the matches marked."""

from __future__ import annotations

import sqlite3

from recoupe.model import Analysis, Article
from recoupe.store.textsearch import Terms, fold, marked


def _art(n: int, text: str, language: str = "fr", title: str | None = None) -> Article:
    return Article(id=f"a-{n:016d}", source=f"t{n}.txt", text=text, language=language, title=title)


def _add(store, *articles: Article) -> None:
    store.add([(a, Analysis(a.id)) for a in articles])


def test_fold_drops_case_accents_and_ligatures():
    assert fold("Œuvre") == "oeuvre"
    assert fold("l'Élysée") == "l'elysee"
    assert fold("Straße") == "strasse"


def test_search_matches_across_inflections_and_elisions(store):
    _add(
        store,
        _art(1, "Les deux sommets se sont tenus à l'Élysée ; la présidente a rencontré les ministres."),
        _art(2, "Un festival de musique s'ouvre à Lyon."),
        _art(3, "The summits were held in Paris.", language="en"),
    )
    for q in ("sommet", "Elysee", "président", "ministre", "rencontrer sommets"):
        assert [h[0] for h in store.search(q)] == ["a-0000000000000001"], q
    assert [h[0] for h in store.search("summit")] == ["a-0000000000000003"]
    assert store.search("sommet musique") == []  # every word must occur
    assert store.count_search("summit") == 1 and store.count_search("sommet musique") == 0  # the pager's total
    assert store.search("") == [] and store.search("  ;; ") == []
    assert store.search('" OR NEAR( * ') == []  # user text is quoted, never read as FTS operators


def test_search_sees_title_updates_and_ranks_title_hits_first(store):
    _add(store, _art(1, "Le port de Varne est fermé depuis lundi. Le port reste fermé."),
         _art(2, "Une tempête touche la côte.", title="Varne sous la tempête"))
    assert [h[0] for h in store.search("varne")] == ["a-0000000000000002", "a-0000000000000001"]
    store.update_articles({"a-0000000000000002": {"title": "La côte sous la tempête"}})
    assert [h[0] for h in store.search("varne")] == ["a-0000000000000001"]


def test_snippet_marks_the_matching_words_in_the_original_spelling():
    text = ("Paragraphe d'ouverture sans rapport. " * 8) + "Les ministres se sont réunis à l'Élysée mardi."
    snippet, matches = Terms().snippet(text, "fr", "elysee ministre")
    assert [snippet[m.start:m.end] for m in matches] == ["ministres", "Élysée"]
    assert snippet.startswith("…")
    assert "[ministres]" in marked(snippet, matches) and "[Élysée]" in marked(snippet, matches)


def test_existing_store_gets_the_index_when_migrated(tmp_path):
    """A store written before the search-terms migration is indexed when it is opened."""
    from recoupe.store import open_store
    from recoupe.store.sqlite import _statements, migrations

    path = str(tmp_path / "old.db")
    db = sqlite3.connect(path, isolation_level=None)
    terms_version = next(v for v, sql in migrations() if "CREATE VIRTUAL TABLE articles_terms" in sql)
    for version, sql in migrations():
        if version < terms_version:
            for statement in _statements(sql):
                db.execute(statement)
            db.execute(f"PRAGMA user_version={version}")
    db.execute("INSERT INTO articles(id, source, language, text, format, ingested_at) "
               "VALUES ('a-1', 'x.txt', 'fr', 'Les sommets de Varne.', 'txt', 'now')")
    db.close()
    store = open_store(path)
    assert [h[0] for h in store.search("sommet")] == ["a-1"]
    store.close()


def test_connections_opening_a_new_store_at_once_migrate_it_once(tmp_path):
    """The web server opens one connection per request: several may find a new file at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    from recoupe.store import open_store
    from recoupe.store.sqlite import migrations

    path = str(tmp_path / "new.db")

    def open_and_close(_):
        s = open_store(path)
        version = s.schema_version()
        s.close()
        return version

    with ThreadPoolExecutor(4) as pool:
        versions = list(pool.map(open_and_close, range(8)))
    assert versions == [migrations()[-1][0]] * 8
