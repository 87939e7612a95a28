-- Full-text search over articles, PostgreSQL dialect (../002_fts.sql and ../003_search_terms.sql are SQLite's).
-- Words are folded (case, accents and ligatures, through the unaccent extension) then stemmed with Snowball,
-- French for French articles and English for English ones, as store/textsearch.py does for SQLite; other
-- languages are folded only. Unlike the built-in configurations, no stop word is dropped: every word of a
-- query must occur, as on SQLite. The tsvector is a stored generated column, so it is always in step with
-- title, text and language. Only the first 200,000 characters of a text are indexed: a tsvector is limited
-- to 1 MB, which a 500,000-character text of distinct words could exceed.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY recoupe_french_stem (TEMPLATE = snowball, Language = french);
CREATE TEXT SEARCH DICTIONARY recoupe_english_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION recoupe_french (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION recoupe_french
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, recoupe_french_stem;
CREATE TEXT SEARCH CONFIGURATION recoupe_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION recoupe_english
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, recoupe_english_stem;
CREATE TEXT SEARCH CONFIGURATION recoupe_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION recoupe_simple
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(CASE language WHEN 'fr' THEN 'recoupe_french'::regconfig
                                        WHEN 'en' THEN 'recoupe_english'::regconfig
                                        ELSE 'recoupe_simple'::regconfig END, coalesce(title, '')), 'A')
    || setweight(to_tsvector(CASE language WHEN 'fr' THEN 'recoupe_french'::regconfig
                                           WHEN 'en' THEN 'recoupe_english'::regconfig
                                           ELSE 'recoupe_simple'::regconfig END, left(text, 200000)), 'B')
) STORED;
CREATE INDEX articles_search ON articles USING gin(search);
