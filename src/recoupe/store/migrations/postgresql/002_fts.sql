-- Full-text search over articles, PostgreSQL dialect (../002_fts.sql is the SQLite FTS5 version).
-- French stemming with accents folded: a copy of the built-in french configuration whose word mappings go
-- through the unaccent dictionary first. The tsvector is a stored generated column, so it is always in step
-- with title and text. Only the first 200,000 characters of a text are indexed: a tsvector is limited to
-- 1 MB, which a 500,000-character text of distinct words could exceed.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION recoupe_french (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION recoupe_french
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('recoupe_french'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('recoupe_french'::regconfig, left(text, 200000)), 'B')
) STORED;
CREATE INDEX articles_search ON articles USING gin(search);
