-- recoupe store, schema version 1
CREATE TABLE articles (
    pk INTEGER PRIMARY KEY,              -- stable rowid for the full-text index
    id TEXT NOT NULL UNIQUE,             -- "a-" + content hash
    source TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    derived_from TEXT,
    title TEXT,
    published TEXT,
    published_inferred INTEGER NOT NULL DEFAULT 0,
    author TEXT,
    credits TEXT NOT NULL DEFAULT '[]',
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    removed TEXT NOT NULL DEFAULT '[]',
    duplicate_of TEXT,
    format TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    supersedes TEXT,
    current INTEGER NOT NULL DEFAULT 1,  -- 0 once a newer revision of the same source exists
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE sentences (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    lemmas TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (article, idx)
);

CREATE TABLE mentions (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    entity TEXT,
    role TEXT
);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_entity ON mentions(entity);

CREATE TABLE quotes (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    speaker TEXT,
    speaker_name TEXT,
    speaker_mention TEXT,
    cue TEXT,
    source_kind TEXT
);
CREATE INDEX quotes_article ON quotes(article);

CREATE TABLE timexes (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    mod TEXT,
    anchor TEXT
);
CREATE INDEX timexes_article ON timexes(article);

CREATE TABLE notes (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    note TEXT NOT NULL
);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    role TEXT,
    wikidata TEXT
);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT,
    updated_at TEXT NOT NULL,
    sections TEXT NOT NULL DEFAULT '{}'  -- summary, timeline, facts, conflicts, provenance as JSON
);

CREATE TABLE story_articles (
    article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL  -- order in which articles joined stories (incremental clustering replays it)
);
CREATE INDEX story_articles_story ON story_articles(story);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    added INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    run INTEGER REFERENCES runs(id),
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
