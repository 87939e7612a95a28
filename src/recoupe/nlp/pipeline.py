"""The spaCy stage: one `Doc` per article, then small components that read it into model objects.

Like spaCy's own pipeline, each component is a function `(article, doc, analysis) -> analysis`;
they run in order and only see the model objects and the Doc.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..config import Config
from ..model import Analysis, Article, Mention, Sentence
from ..text import ENTITY_LABELS
from .models import check_model, install_hint

log = logging.getLogger(__name__)

Component = Callable[[Article, Doc, Analysis], Analysis]

_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}


def sentences(article: Article, doc: Doc, analysis: Analysis) -> Analysis:
    has_lemmas = doc.has_annotation("LEMMA")
    out = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        if has_lemmas:
            words = [t.lemma_.lower() for t in sent if t.pos_ in _CONTENT_POS and not t.is_stop]
        else:
            words = [t.lower_ for t in sent if t.is_alpha and not t.is_stop]
        out.append(Sentence(article.id, start, start + len(text), text, " ".join(words)))
    return replace(analysis, sentences=tuple(out))


def mentions(article: Article, doc: Doc, analysis: Analysis) -> Analysis:
    out = tuple(
        Mention(article.id, e.start_char, e.end_char, e.text, ENTITY_LABELS[e.label_]) for e in doc.ents
        if e.label_ in ENTITY_LABELS
    )
    return replace(analysis, mentions=out)


DEFAULT_COMPONENTS: tuple[Component, ...] = (sentences, mentions)


@Language.component("recoupe_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: the parser then never runs a heading or a caption into the paragraph
    after it (which would give that paragraph's first sentence a wrong tree). The break itself becomes a
    blank sentence, which the sentence component skips."""
    for token in doc[1:]:
        if token.is_space and "\n" in token.text:
            token.is_sent_start = True
    return doc


class NLP:
    """Loaded spaCy pipelines (one per language, loaded on first use) and the components to run."""

    def __init__(self, config: Config, components: Sequence[Component] | None = None) -> None:
        self.config = config
        self.components = tuple(components) if components is not None else default_components()
        self._pipelines: dict[str, Language] = {}
        self._missing: set[str] = set()

    def pipeline(self, language: str) -> Language:
        if language not in self._pipelines:
            name = self.model_name(language)
            if name:
                for problem in check_model(name):
                    log.warning("%s", problem)
                nlp = spacy.load(name)
                if "parser" in nlp.pipe_names:
                    nlp.add_pipe("recoupe_paragraphs", before="parser")
            else:
                try:
                    nlp = spacy.blank(language)
                except ImportError:  # spaCy has no tokenizer rules for this language code
                    nlp = spacy.blank("xx")
                nlp.add_pipe("sentencizer")
            nlp.max_length = max(nlp.max_length, self.config.max_article_chars + 1)
            self._pipelines[language] = nlp
        return self._pipelines[language]

    def model_name(self, language: str) -> str | None:
        """The configured model for a language when it is installed; without it, a blank pipeline is used."""
        name = self.config.model_for(language)
        if name and not spacy.util.is_package(name):
            if name not in self._missing:
                self._missing.add(name)
                log.warning("spaCy model %s for language '%s' is not installed (%s): sentences only",
                            name, language, install_hint(name))
            return None
        return name

    def has_model(self, language: str) -> bool:
        return self.model_name(language) is not None

    def analyse(self, articles: Sequence[Article]) -> list[Analysis]:
        """Analyses in the order of `articles`; spaCy runs in batches per language."""
        by_lang: dict[str, list[int]] = defaultdict(list)
        for i, a in enumerate(articles):
            by_lang[a.language].append(i)
        results: list[Analysis | None] = [None] * len(articles)
        for lang, idx in by_lang.items():
            nlp = self.pipeline(lang)
            notes = () if self.has_model(lang) else (
                f"no spaCy model for language '{lang}': sentences only, no entities or parse",
            )
            texts = (articles[i].text for i in idx)
            for i, doc in zip(idx, nlp.pipe(texts, batch_size=self.config.batch_size)):
                results[i] = self.run_components(articles[i], doc, Analysis(articles[i].id, notes=notes))
        return results  # type: ignore[return-value]

    def run_components(self, article: Article, doc: Doc, analysis: Analysis) -> Analysis:
        for component in self.components:
            analysis = component(article, doc, analysis)
        return analysis


def default_components() -> tuple[Component, ...]:
    """Sentences and mentions, then whichever capability components are installed in this package."""
    comps = list(DEFAULT_COMPONENTS)
    from . import components as extra  # capabilities register their components there

    comps.extend(extra.COMPONENTS)
    return tuple(comps)
