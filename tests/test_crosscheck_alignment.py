"""Statement alignment: candidate pairs stay bounded, a fact told in French and in English is one fact, a
headline reads alone, and a count of different things is no conflict. Stories invented for the tests."""

import numpy as np
import pytest

from crosscheck_helpers import article, corpus
from recoupe.config import CrossCheckParams
from recoupe.crosscheck import cross_check
from recoupe.crosscheck.facts import reads_alone
from recoupe.crosscheck.pairs import candidates
from recoupe.crosscheck.statements import statements
from recoupe.model import Article, Story

BRIDGE_FR = ("Le nouveau pont de Tchernolesk, long de 340 mètres, a été inauguré samedi par la maire Claire Vautrin. "
             "La cérémonie a réuni plusieurs centaines d'habitants sous la pluie. "
             "Les travaux avaient duré quatre ans et coûté 58 millions d'euros.")
BRIDGE_EN = ("Tchernolesk mayor Claire Vautrin on Saturday opened the town's new 340-metre bridge. "
             "The works lasted four years and cost 58 million euros. "
             "Local shops reported their busiest weekend of the year.")
FERRY_FR = ("Le bac qui traversait le fleuve depuis 1952 cessera son service à la fin du mois. "
            "Ses trois marins seront reclassés dans les services de la ville.")


def test_candidate_pairs_per_statement_are_bounded():
    # 300 articles repeating one sentence: every statement matches every other, yet each keeps a bounded
    # number of partners (no statements x statements growth)
    arts = corpus(*(article(f"a{k}", "La digue du port de Kelvane a cédé sous la tempête de la nuit.")
                    for k in range(300)))
    stmts = statements(*arts, clauses=True)
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((len(stmts), 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    params = CrossCheckParams()
    i, j = candidates(stmts, vectors, params.neighbours, params.shared_candidates, params.max_posting)
    assert len(i) > 0 and np.all(i < j)
    assert len(i) <= len(stmts) * (params.neighbours + params.shared_candidates)


def test_a_fact_told_in_french_and_in_english_is_one_fact(nlp):
    arts = [
        Article(id="fr1", source="t/fr1", text=BRIDGE_FR, language="fr", outlet="Le Courrier", published="2031-05-04"),
        Article(id="en1", source="t/en1", text=BRIDGE_EN, language="en", outlet="The Herald", published="2031-05-04"),
        Article(id="fr2", source="t/fr2", text=FERRY_FR, language="fr", outlet="La Vigie", published="2031-05-05"),
    ]
    analyses = {a.article: a for a in nlp.analyse(arts)}
    from recoupe.stories.encoder import encoder_for

    params = CrossCheckParams()
    story = cross_check(Story(id="s", title="pont", articles=tuple(a.id for a in arts)), arts, analyses,
                        params, encoder_for(params))
    texts = {a.id: a.text for a in arts}
    both = [f for f in story.facts if {c.article for c in f.citations} >= {"fr1", "en1"}]
    assert both, [(f.text, [c.article for c in f.citations]) for f in story.facts]
    assert any("340" in " ".join(texts[c.article][c.start:c.end] for c in f.citations) for f in both)
    # the ferry is another matter: never in the bridge's fact
    assert not any("fr2" in {c.article for c in f.citations} for f in both)


def test_a_headline_reads_alone():
    assert not reads_alone("Elle a confirmé la fermeture du port.")
    assert not reads_alone("Ce dernier a quitté la ville lundi.")
    assert not reads_alone("(selon ce quotidien)")
    assert reads_alone("La maire de Kelvane, Ilona Brest, a confirmé la fermeture du port.")


@pytest.mark.xfail(strict=True, reason="known limit: the same-fact model, values left out, still takes two counts of one "
                   "unit with different predicates in one short story for one thing (see README)")
def test_counts_of_different_things_are_no_conflict(nlp):
    arts = [
        Article(id="n1", source="t/n1", language="fr", outlet="Agence A", published="2031-03-02",
                text="Selon le ministère, 120 soldats ont été retirés de la frontière de Varnie mardi."),
        Article(id="n2", source="t/n2", language="fr", outlet="Journal B", published="2031-03-02",
                text="Mardi, 40 soldats se sont rendus aux gardes-frontières de Varnie, selon un témoin."),
    ]
    analyses = {a.article: a for a in nlp.analyse(arts)}
    story = cross_check(Story(id="s", title="t", articles=("n1", "n2")), arts, analyses)
    assert not [c for c in story.conflicts if c.kind == "conflict" and "nombre" in c.about], story.conflicts


def test_the_same_count_stated_differently_by_two_outlets_is_a_conflict():
    arts, analyses = corpus(
        article("c1", "L'incendie de la forêt de Malvoisine a détruit 250 hectares de pins, selon les pompiers.",
                outlet="Agence A", published="2031-07-02"),
        article("c2", "L'incendie de la forêt de Malvoisine a détruit 340 hectares de pins, selon la préfecture.",
                outlet="Journal B", published="2031-07-02"),
    )
    story = cross_check(Story(id="s", title="t", articles=("c1", "c2")), arts, analyses)
    found = [c for c in story.conflicts if c.kind == "conflict" and {"250", "340"} <= {x.value.split()[0] for x in c.claims}]
    assert found, story.conflicts
