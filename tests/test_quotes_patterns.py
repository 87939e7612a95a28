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
    # a participle with no subject belongs to its own sentence's subject, not to an earlier speaker
    ("« Rien n'a changé », a déclaré la députée Anne Morel. La riposte fut immédiate. Le ministre Paul Vernet, "
     "également présent, a réagi en dénonçant un « manque total de dignité ».",
     [("direct", "Rien n'a changé", "Anne Morel"), ("mixed", "un « manque total de dignité »", "Paul Vernet")]),
    # "cette dernière" is the person named last, not the last speaker
    ("« Nous partirons », a déclaré Claire Allain. Son projet diffère de celui de Julie Faure. Pour cette "
     "dernière, la réforme doit attendre.",
     [("direct", "Nous partirons", "Claire Allain"), ("indirect", "la réforme doit attendre", "Julie Faure")]),
    # a title the model does not tag, repeated as the person's name
    ("Le grand mufti est arrivé lundi à Vienne, où l'attendait le chancelier Karl Weber. « Nous sommes venus en "
     "amis », a déclaré le grand mufti.", [("direct", "Nous sommes venus en amis", "grand mufti")]),
    # "le parquet" spelled out elsewhere in the article (the name's words capitalised)
    ("Le parquet de Lyon centralise les plaintes. Les enquêteurs ont saisi des documents, selon le parquet.",
     [("indirect", "Les enquêteurs ont saisi des documents", "parquet de Lyon")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_pattern(nlp, text, expected):
    assert found(nlp, text) == expected


def test_gold_spans_match_across_no_break_spaces():
    assert locate("Il dit « non merci ».", ["non\u00a0merci"]) == [(9, 18)]


def test_a_pronoun_never_means_on(nlp):
    text = "« Tout va bien », insistait-on au ministère. Il a affirmé que la réforme serait votée."
    art = Article(id="a-pattern", source="test", text=text, language="fr")
    q1, q2 = nlp.analyse([art])[0].quotes
    assert q1.source_kind == "anonymous"
    assert (q2.speaker_mention, q2.source_kind) == ("Il", "person")
