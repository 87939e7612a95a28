-- Copy detection (recoupe.stories.dedup): which earlier text an article reproduces, and how.
CREATE TABLE text_reuse (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    origin TEXT NOT NULL,                -- the article whose text it reproduces
    kind TEXT NOT NULL,                  -- duplicate | copy | passage
    score REAL NOT NULL,                 -- share of the article's text found in the origin (Jaccard for LSH duplicates)
    spans TEXT NOT NULL DEFAULT '[]',    -- [[start, end], ...] of the shared text in the article
    named INTEGER NOT NULL DEFAULT 0,    -- 1 when this relation set the article's derived_from
    PRIMARY KEY (article, origin)
);
CREATE INDEX text_reuse_origin ON text_reuse(origin);
