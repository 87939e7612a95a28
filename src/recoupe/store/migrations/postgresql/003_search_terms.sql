-- PostgreSQL needs no search-terms index: its full-text search already folds accents and stems French
-- (see 002_fts.sql of this dialect). The number is kept so both dialects share one schema version.
SELECT 1;
