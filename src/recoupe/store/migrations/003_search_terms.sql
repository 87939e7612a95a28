-- Language-aware search: an index of folded, stemmed terms ("sommets" finds "sommet", "Elysee" finds "l'Élysée").
-- recoupe_terms(text, language) is a function every store connection registers (store/textsearch.py); the index is
-- contentless (it keeps no copy of the text), so deletes hand it the same terms again.
CREATE VIRTUAL TABLE articles_terms USING fts5(
    title, text, content='', tokenize="unicode61 remove_diacritics 2"
);
INSERT INTO articles_terms(rowid, title, text)
    SELECT pk, recoupe_terms(title, language), recoupe_terms(text, language) FROM articles;
CREATE TRIGGER articles_terms_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_terms(rowid, title, text)
        VALUES (new.pk, recoupe_terms(new.title, new.language), recoupe_terms(new.text, new.language));
END;
CREATE TRIGGER articles_terms_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_terms(articles_terms, rowid, title, text)
        VALUES ('delete', old.pk, recoupe_terms(old.title, old.language), recoupe_terms(old.text, old.language));
END;
CREATE TRIGGER articles_terms_au AFTER UPDATE OF title, text, language ON articles BEGIN
    INSERT INTO articles_terms(articles_terms, rowid, title, text)
        VALUES ('delete', old.pk, recoupe_terms(old.title, old.language), recoupe_terms(old.text, old.language));
    INSERT INTO articles_terms(rowid, title, text)
        VALUES (new.pk, recoupe_terms(new.title, new.language), recoupe_terms(new.text, new.language));
END;
