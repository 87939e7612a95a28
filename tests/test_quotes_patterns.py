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
    # "le quotidien" is the outlet the article introduced as a quotidien, not the organisation named last
    ("Le quotidien La Gazette affirme que la banque a perdu un milliard. Natixis a démenti avoir perdu cette "
     "somme. La banque publiera ses comptes jeudi, ajoute le quotidien.",
     [("indirect", "la banque a perdu un milliard", "La Gazette"), ("indirect", "avoir perdu cette somme", "Natixis"),
      ("indirect", "La banque publiera ses comptes jeudi", "La Gazette")]),
    # coordinated speakers both speak; a name in apposition to a role is one person
    ("Marc Allain et Julie Faure réclament une exception pour les cas graves.",
     [("indirect", "une exception pour les cas graves", "Marc Allain et Julie Faure")]),
    ("Le procureur de Valmont, Antoine Sirey, a indiqué que l'enquête avançait.",
     [("indirect", "l'enquête avançait", "Antoine Sirey")]),
    # a role noun the model tags as a person is a role reference, resolved to the person given that role
    ("Le président kelvanien Casimir Dorvane a signé l'accord. Le président kelvanien a affirmé que le texte "
     "serait soumis au Parlement.", [("indirect", "le texte serait soumis au Parlement", "Casimir Dorvane")]),
    # an infinitive before a colon and a quotation
    ("Plus sobre, M. Dorvane a remercié son hôte avant de prévenir : « Nous ne sommes pas venus pour rien. »",
     [("direct", "Nous ne sommes pas venus pour rien.", "Dorvane")]),
    # a role, then a title and a name in apposition
    ("Selon le commandant des secours, le colonel Bruno Lestrade, le feu n'était pas encore fixé.",
     [("indirect", "le feu n'était pas encore fixé", "Bruno Lestrade")]),
    # an organisation noun and adjectives before the organisation's name
    ("D'après la compagnie nationale Kelvélec, un foyer sur cinq a subi des coupures.",
     [("indirect", "un foyer sur cinq a subi des coupures", "Kelvélec")]),
    # two cues sharing a subject: each has its own content
    ("Le parquet de Douai défend le registre comme un outil utile et assure qu'il n'y aura aucune « fuite ».",
     [("indirect", "le registre comme un outil utile", "parquet de Douai"),
      ("mixed", "il n'y aura aucune « fuite »", "parquet de Douai")]),
    ("Léa Morin nie avoir falsifié l'acte et dit avoir menti par peur.",
     [("indirect", "avoir falsifié l'acte", "Léa Morin"), ("indirect", "avoir menti par peur", "Léa Morin")]),
    # a cue nested in reported content stays inside it
    ("Le témoin Paul Roux a raconté que son voisin lui avait dit que la digue céderait.",
     [("indirect", "son voisin lui avait dit que la digue céderait", "Paul Roux")]),
    # an infinitive right after the cue is the content, whatever "que" comes later; "telles que" is no cue
    ("Le directeur, Paul Garnier, a déclaré avoir prévenu la mairie de la situation que traversait l'usine.",
     [("indirect", "avoir prévenu la mairie de la situation que traversait l'usine", "Paul Garnier")]),
    ("La commission a réclamé des garanties sur les données, qui comprendront des informations telles que "
     "l'adresse.", [("indirect", "des garanties sur les données, qui comprendront des informations telles que "
                                 "l'adresse", "commission")]),
    # the journalist's comment after the content is not part of it
    ("La mairie avait indiqué que le maire ne recevrait pas les grévistes, ce qui a suscité des critiques.",
     [("indirect", "le maire ne recevrait pas les grévistes", "mairie")]),
    # "selon X" inside a relative clause: the clause from the relative pronoun
    ("Le ministre Hugo Serre a écarté tout risque pour les banques, dont les pertes restent, selon lui, limitées.",
     [("indirect", "les pertes restent, selon lui, limitées", "Hugo Serre")]),
    # "A « b », selon X": the whole clause, with its quoted words
    ('Hugo Serre est arrivé. La ville "veut" être et "doit être une capitale", selon lui.',
     [("mixed", 'La ville "veut" être et "doit être une capitale"', "Hugo Serre")]),
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
