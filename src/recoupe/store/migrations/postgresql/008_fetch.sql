-- (PostgreSQL: BYTEA for the raw HTML; keys compare byte-wise, as on SQLite.)
-- Fetching from the web (recoupe.ingest.fetch, feeds, watch): followed feeds, the pages fetched with their raw
-- HTML (so extraction can be re-run), and the watcher's queue (a killed watcher resumes from it).
CREATE TABLE feeds (
    url TEXT COLLATE "C" PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'feed',   -- feed (RSS/Atom) | sitemap
    title TEXT,
    site TEXT,                           -- the page it was discovered from, if any
    added_at TEXT NOT NULL,
    etag TEXT,                           -- for conditional GET of the feed itself
    last_modified TEXT,
    last_fetch TEXT,
    last_status TEXT,                    -- "ok", "not modified", or the one-line reason of the last failure
    last_new INTEGER NOT NULL DEFAULT 0, -- entries new at the last poll
    articles INTEGER NOT NULL DEFAULT 0, -- articles stored from this feed so far
    errors INTEGER NOT NULL DEFAULT 0    -- failed polls and entries so far
);

CREATE TABLE pages (
    url TEXT COLLATE "C" PRIMARY KEY,                -- the URL asked for
    final_url TEXT,                      -- after redirects
    canonical TEXT,                      -- the page's canonical URL (article URL)
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,                   -- sha256 of the raw bytes
    encoding TEXT,
    html BYTEA,                          -- raw bytes as served, zlib-compressed
    article TEXT,                        -- the article extracted from it, once stored
    fetched_at TEXT NOT NULL
);
CREATE INDEX pages_hash ON pages(content_hash);
CREATE INDEX pages_canonical ON pages(canonical);

CREATE TABLE fetch_queue (
    url TEXT COLLATE "C" PRIMARY KEY,
    feed TEXT,                           -- the feed that listed it (none: asked for by hand)
    state TEXT NOT NULL,                 -- queued | fetched | done | failed
    reason TEXT,                         -- why it failed
    enqueued_at TEXT COLLATE "C" NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX fetch_queue_state ON fetch_queue(state, enqueued_at);
