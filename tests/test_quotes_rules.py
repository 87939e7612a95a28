"""Quote rules on sentences written for these tests (French and English)."""

import pytest

from recoupe.model import Article
from recoupe.nlp.quotes.marks import find_quote_spans


def quotes_of(nlp, text, lang="fr"):
    art = Article(id="a-test", source="test", text=text, language=lang)
    return list(nlp.analyse([art])[0].quotes)


def spans(text):
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def test_quotation_marks_of_every_style():
    assert spans("Il a dit «\u00a0oui\u00a0» puis “non” et \"peut-être\".") == ["oui", "non", "peut-être"]
    assert spans("« Dehors, un « écho » résonne », dit-il.") == ["Dehors, un « écho » résonne"]
    # a quotation over two paragraphs reopens each paragraph and closes once
    text = "« Premier paragraphe du discours.\n« Second paragraphe, la fin. »"
    assert spans(text) == ["Premier paragraphe du discours.", "Second paragraphe, la fin."]
    # straight quotes with spaces inside, and a closing mark whose opening one was lost
    assert spans('Il a dénoncé " un système fou ", selon lui.') == ["un système fou"]
    assert spans('Partez tout de suite", a-t-il lancé.') == ["Partez tout de suite"]


def test_direct_quote_with_inverted_cue_and_named_speaker(nlp):
    text = "« Nous signerons l'accord demain », a déclaré jeudi la ministre des Finances, Léa Fontaine."
    (q,) = quotes_of(nlp, text)
    assert (q.type, q.text, q.speaker_name) == ("direct", "Nous signerons l'accord demain", "Léa Fontaine")
    assert q.cue == "a déclaré" and q.source_kind == "person"


def test_incise_splits_a_quote_and_pronoun_takes_the_previous_speaker(nlp):
    text = ("Le maire de Brévanne, Paul Morin, a pris la parole. « Nous reconstruirons l'école, a-t-il ajouté, "
            "et nous le ferons vite. »")
    qs = quotes_of(nlp, text)
    assert [q.text for q in qs] == ["Nous reconstruirons l'école", "et nous le ferons vite."]
    assert {q.speaker_name for q in qs} == {"Paul Morin"} and qs[0].cue == "a-t-il ajouté"


def test_indirect_mixed_and_role_noun(nlp):
    text = ("Le porte-parole de la mairie, Marc Delorme, a affirmé que les travaux seraient finis en mai. "
            "Le porte-parole a ajouté que le chantier restait « sous contrôle ».")
    q1, q2 = quotes_of(nlp, text)
    assert (q1.type, q1.text, q1.speaker_name) == ("indirect", "les travaux seraient finis en mai", "Marc Delorme")
    assert (q2.type, q2.speaker_name) == ("mixed", "Marc Delorme")
    assert q2.text == "le chantier restait « sous contrôle »"


def test_selon_and_title_surname(nlp):
    text = ("Jeanne Arnoux dirige le syndicat depuis 2019. Selon Mme Arnoux, la grève sera reconduite lundi. "
            "La décision sera votée mardi, d'après le syndicat.")
    q1, q2 = quotes_of(nlp, text)
    assert (q1.type, q1.text, q1.cue, q1.speaker_name) == ("indirect", "la grève sera reconduite lundi", "Selon",
                                                         "Jeanne Arnoux")
    assert q2.text == "La décision sera votée mardi" and q2.source_kind == "organisation"


def test_outlet_relay_and_anonymous_source(nlp):
    text = ("« Le navire partira à l'aube », a indiqué le capitaine Hugo Lemaire, cité par l'agence Varnex. "
            "Selon des sources diplomatiques, la rencontre aura lieu à Ostrava.")
    q1, q2 = quotes_of(nlp, text)
    assert q1.speaker_name == "Hugo Lemaire" and q1.via == "agence Varnex"
    assert q2.source_kind == "anonymous" and q2.speaker_name is None
    assert q2.speaker_mention == "des sources diplomatiques"


def test_colon_cue_and_scare_quotes_are_not_quotes(nlp):
    text = ("La préfète Claire Vidal a lancé : « Personne ne restera sans toit. » "
            "Le projet, baptisé « Horizon », sera présenté au conseil.")
    (q,) = quotes_of(nlp, text)
    assert q.text == "Personne ne restera sans toit." and q.speaker_name == "Claire Vidal"


@pytest.mark.parametrize("text, quote, speaker", [
    ("“We will rebuild the bridge,” Mayor Ana Reyes told reporters on Monday.", "We will rebuild the bridge",
     "Ana Reyes"),
    ("The storm will reach the coast on Friday, according to the national weather office.",
     "The storm will reach the coast on Friday", "national weather office"),
    ("Officials said the road would reopen within a week.", "the road would reopen within a week", None),
])
def test_english_rules(nlp, text, quote, speaker):
    (q,) = quotes_of(nlp, text, "en")
    assert q.text == quote
    assert q.speaker_name == speaker
