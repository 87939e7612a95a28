"""Photo captions and credit lines are not summary material (invented examples)."""

from __future__ import annotations

from itertools import pairwise

import pytest

from recoupe.crosscheck.captions import had_photo, in_caption, is_caption_or_credit
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
    concepts = frozenset(f"{a} {b}" for a, b in pairwise(words))
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


ARTICLE = (
    "Le pont de Varne a cédé mardi soir sous le poids d'un convoi, a indiqué la préfecture.\n\n"
    "Des sauveteurs fouillent les décombres du pont, à Brévanne, le 4 mars 2025.\n"
    "Jeanne Martin / AFX\n\n"
    "Des habitants regardent le fleuve depuis la rive, mercredi. Paul Durand / Agence Varne\n\n"
    "Aucun blessé n'est à déplorer, selon les pompiers.\n"
    "Le trafic est dévié par Sorel jusqu'à nouvel ordre."
)


def _span(sentence: str) -> tuple[int, int]:
    start = ARTICLE.index(sentence)
    return start, start + len(sentence)


@pytest.mark.parametrize("sentence, caption", [
    ("Des sauveteurs fouillent les décombres du pont, à Brévanne, le 4 mars 2025.", True),  # credit on the next line
    ("Jeanne Martin / AFX", True),  # the credit itself
    ("Des habitants regardent le fleuve depuis la rive, mercredi.", True),  # its line ends with a credit
    ("Le pont de Varne a cédé mardi soir sous le poids d'un convoi, a indiqué la préfecture.", False),
    ("Aucun blessé n'est à déplorer, selon les pompiers.", False),  # the next line is news, not a credit
])
def test_captions_are_recognised_by_their_credit_line(sentence, caption):
    assert in_caption(ARTICLE, *_span(sentence)) is caption


def test_a_one_sentence_paragraph_saying_where_and_when_is_a_caption_when_the_page_had_photos():
    text = ("La Varne a débordé mercredi à Brévanne.\n\n"
            "Des habitants sur la rive du fleuve, à Brévanne, le 5 mars 2025.\n\n"
            "La décrue a commencé jeudi, le 6 mars, selon la préfecture.")
    caption = "Des habitants sur la rive du fleuve, à Brévanne, le 5 mars 2025."
    start = text.index(caption)
    assert in_caption(text, start, start + len(caption), had_photo=True)
    assert not in_caption(text, start, start + len(caption), had_photo=False)  # no photo: maybe a plain lead
    news = "La décrue a commencé jeudi, le 6 mars, selon la préfecture."
    start = text.index(news)
    assert not in_caption(text, start, start + len(news), had_photo=True)  # it goes on after the date
    assert had_photo(["ad", "photo_credit"]) and not had_photo(["ad", "navigation"])


def test_the_example_story_summary_has_no_caption(examples_store):
    """The example corpus has a photo caption (whose credit cleaning removed) in two articles of the summit
    story; the cross-checking stage must not pick it for the summary."""
    from recoupe.crosscheck import cross_check

    store, _ = examples_store
    story = max(store.stories(), key=lambda s: len(s.articles))
    articles = store.articles(list(story.articles))
    texts = {a.id: a.text for a in articles}
    photos = {a.id: had_photo(r.kind for r in a.removed) for a in articles}
    checked = cross_check(story, articles, store.analyses([a.id for a in articles]))
    assert checked.summary
    for sentence in checked.summary:
        c = sentence.citations[0]
        assert not in_caption(texts[c.article], c.start, c.end, photos[c.article]), sentence.text
