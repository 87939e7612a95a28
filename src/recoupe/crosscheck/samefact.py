"""Whether two statements state the same fact: a logistic regression over pair features (pairs.FEATURES).

Its parameters (standardisation, coefficients, the grouping threshold) are learned from hand-annotated fact
alignments by `recoupe train facts` (recoupe.train.facts) and ship as `data/samefact.json`; there are two
coefficient sets, with and without the sentence-embedding feature (for `encoder = "none"`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .pairs import FEATURES

MODEL_FILE = "samefact.json"
EMBEDDING_COLUMNS = [FEATURES.index("embedding"), FEATURES.index("sentence_embedding")]


@dataclass(frozen=True)
class Weights:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def to_json(self) -> dict:
        return {"mean": _r(self.mean), "scale": _r(self.scale), "coef": _r(self.coef),
                "intercept": round(float(self.intercept), 6)}

    @classmethod
    def from_json(cls, d: dict) -> Weights:
        return cls(np.asarray(d["mean"], dtype=np.float32), np.asarray(d["scale"], dtype=np.float32),
                   np.asarray(d["coef"], dtype=np.float32), float(d["intercept"]))


def _r(a: np.ndarray) -> list[float]:
    return [round(float(x), 6) for x in a]


@dataclass(frozen=True)
class SameFactModel:
    features: tuple[str, ...]
    with_embedding: Weights
    without_embedding: Weights
    threshold: float  # probability at which statements group (average linkage)
    support: float  # mean probability at which a statement of another fact confirms one too
    conflict: float  # probability, value features left out, at which two statements are about one thing
    figures: dict  # cross-validated figures printed by training, kept for the record

    def probability(self, x: np.ndarray, embedding: bool = True, values: bool = True) -> np.ndarray:
        """P(same fact) per row of pair features; `values=False` ignores the date and count features (two
        statements about one thing, whatever values they give)."""
        w = self.with_embedding if embedding else self.without_embedding
        x = np.asarray(x, dtype=np.float32)
        if not embedding:
            x = np.delete(x, EMBEDDING_COLUMNS, axis=1)
        z = (x - w.mean) / w.scale
        coef = w.coef.copy()
        if not values:
            names = [f for k, f in enumerate(FEATURES) if embedding or k not in EMBEDDING_COLUMNS]
            for name in ("dates_agree", "dates_disagree", "counts_agree", "counts_disagree"):
                coef[names.index(name)] = 0.0
        return 1.0 / (1.0 + np.exp(-(z @ coef + w.intercept)))

    def to_json(self) -> dict:
        return {"features": list(self.features), "with_embedding": self.with_embedding.to_json(),
                "without_embedding": self.without_embedding.to_json(), "threshold": self.threshold,
                "support": self.support, "conflict": self.conflict, "figures": self.figures}

    @classmethod
    def from_json(cls, d: dict) -> SameFactModel:
        if tuple(d["features"]) != FEATURES:
            raise ValueError("samefact model was trained on other features: retrain with `recoupe train facts`")
        return cls(tuple(d["features"]), Weights.from_json(d["with_embedding"]),
                   Weights.from_json(d["without_embedding"]), float(d["threshold"]), float(d["support"]),
                   float(d["conflict"]), d.get("figures", {}))


def model_path() -> Path:
    return Path(str(resources.files("recoupe.data").joinpath(MODEL_FILE)))


@lru_cache(maxsize=1)
def default_model() -> SameFactModel:
    return SameFactModel.from_json(json.loads(model_path().read_text(encoding="utf-8")))
