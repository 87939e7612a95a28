"""Fast offline language identification (py3langid)."""

from __future__ import annotations

from py3langid.langid import MODEL_FILE, LanguageIdentifier


class LanguageDetector:
    def __init__(self) -> None:
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def detect(self, text: str, default: str = "fr") -> str:
        sample = text[:4000]
        if sum(c.isalpha() for c in sample) < 20:
            return default  # too little text to tell
        lang, prob = self._identifier.classify(sample)
        return lang if prob >= 0.5 else default
