"""Photo captions and credit lines are not summary material (invented examples)."""

from __future__ import annotations

import pytest

from recoupe.crosscheck.captions import is_caption_or_credit
from recoupe.crosscheck.statements import Statement
from recoupe.crosscheck.summary import summarise

CAPTIONS = [
    "Le ministre salue la foule à Brévanne, le 3 mars. MARIE DURAND / AFP",
    "Les deux dirigeants se serrent la main (PHOTOGRAPHE INCONNU / VIA REUTERS)",
    "Des sauveteurs sur le pont effondré de Varne. / afp",
    "Photo : Jean Martin",
    "Crédit photo : Agence Brévannaise",
    "© Getty Images",
    "Photo AFP",
    "Reuters / Pool",
]
SENTENCES = [
    "Le ministre a annoncé mardi, selon l'AFP, une hausse de 3 % des crédits.",
    "La rencontre a eu lieu le 13 mars à Varne, a indiqué l'agence Reuters.",
    "Le président et le premier ministre / chef du gouvernement se sont parlé.",
    "La photo a fait le tour des réseaux sociaux mardi soir.",
    "Un accord entre l'ONU / OTAN est attendu.",
    "Les images de la SNCF montrent un train à l'arrêt.",
]


@pytest.mark.parametrize("text", CAPTIONS)
def test_captions_and_credits_are_recognised(text):
    assert is_caption_or_credit(text)


@pytest.mark.parametrize("text", SENTENCES)
def test_news_sentences_naming_an_agency_are_not_captions(text):
    assert not is_caption_or_credit(text)


def _stmt(article: str, position: int, text: str) -> Statement:
    words = [w.strip(".,()/").lower() for w in text.split() if w.strip(".,()/")]
    concepts = frozenset(f"{a} {b}" for a, b in zip(words, words[1:]))
    return Statement(article=article, start=0, end=len(text), text=text, position=position, origin=article,
                     outlet=None, published="2025-03-04", language="fr", stems=tuple(words), concepts=concepts,
                     entities=frozenset())


def test_the_summary_never_opens_with_a_caption():
    """Every outlet's first line is the caption of the same photo: it shares the most concepts and has the lead
    bonus, so a summary that does not set captions aside opens with it."""
    caption = "Le pont de Varne effondré mardi soir. JEAN DUPONT / AFP"
    stmts = []
    for a in ("a-1", "a-2", "a-3", "a-4"):
        stmts.append(_stmt(a, 0, caption))
        stmts.append(_stmt(a, 1, "Le pont de Varne s'est effondré mardi soir au passage d'un convoi de camions."))
    summary = summarise(stmts, ["a-1", "a-2", "a-3", "a-4"], words=40)
    assert summary, "the story has a summary"
    assert not any(is_caption_or_credit(s.text) for s in summary), [s.text for s in summary]
