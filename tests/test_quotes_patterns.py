"""Quote patterns found by error analysis, each on sentences written for these tests: (type, span, speaker)."""

import pytest

from recoupe.eval.quotes import locate
from recoupe.model import Article


def found(nlp, text, lang="fr"):
    art = Article(id="a-pattern", source="test", text=text, language=lang)
    return [(q.type, q.text, q.speaker_name) for q in nlp.analyse([art])[0].quotes]


CASES = [
    # an inverted cue after a clause whose verb is finite: the clause is the content, not the cue's subject
    ("Les travaux seront finis en mai, a précisé la mairie de Lornac.",
     [("indirect", "Les travaux seront finis en mai", "mairie de Lornac")]),
    # fillers between an inverted cue and its subject: a multiword adverb, a date with a month
    ("« Nous voulons un accord durable », a affirmé de son côté le porte-parole du port, Ilan Borel.",
     [("direct", "Nous voulons un accord durable", "Ilan Borel")]),
    ("Le feu est désormais maîtrisé, a annoncé ce vendredi 7 mars la préfecture de Savel.",
     [("indirect", "Le feu est désormais maîtrisé", "préfecture de Savel")]),
    # a comma between the closing mark and the cue; a subject followed by a complement
    ("« Nous n'avons rien à cacher », avait déclaré Anton Vérin à l'issue des entretiens.",
     [("direct", "Nous n'avons rien à cacher", "Anton Vérin")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_pattern(nlp, text, expected):
    assert found(nlp, text) == expected


def test_gold_spans_match_across_no_break_spaces():
    assert locate("Il dit « non merci ».", ["non\u00a0merci"]) == [(9, 18)]
