"""Facts and conflicts on our own sentences (no spaCy): grouping, independence, conflicts vs updates, denials."""

from crosscheck_helpers import article, corpus
from recoupe.crosscheck.conflicts import conflicts
from recoupe.crosscheck.facts import facts
from recoupe.crosscheck.statements import clause_spans, statements
from recoupe.model import ProvenanceGroup

DAM = "Le barrage de Montclar a cédé samedi soir après trois jours de pluies torrentielles."


def _facts(arts, analyses, groups=()):
    return facts(statements(arts, analyses, groups, clauses=True), {a.id: a.text for a in arts}, analyses)


def _conflicts(arts, analyses, groups=()):
    return conflicts(statements(arts, analyses, groups), statements(arts, analyses, groups, clauses=True),
                     analyses, {a.id: a.text for a in arts})


def test_the_same_statement_in_three_outlets_is_one_fact_with_three_sources():
    arts, analyses = corpus(
        article("a", f"{DAM} Le maire parle de chaos.", outlet="Le Quotidien"),
        article("b", "Le barrage de Montclar a cédé samedi soir, après des pluies torrentielles. Rien d'autre.",
                outlet="Radio Nord"),
        article("c", "Samedi soir, le barrage de Montclar a cédé sous des pluies torrentielles.", outlet="La Gazette"),
    )
    top = _facts(arts, analyses)[0]
    assert top.independent_sources == 3 and set(top.outlets) == {"Le Quotidien", "Radio Nord", "La Gazette"}
    assert {c.article for c in top.citations} == {"a", "b", "c"}


def test_a_wire_copy_and_its_original_count_once():
    arts, analyses = corpus(
        article("w1", DAM, outlet="AFX"),
        article("w2", DAM, outlet="Le Relais", derived_from="AFX"),
    )
    top = _facts(arts, analyses)[0]
    assert top.independent_sources == 1 and len(top.citations) == 2
    grouped = _facts(arts, analyses, (ProvenanceGroup("AFX", ("w1", "w2")),))[0]
    assert grouped.independent_sources == 1


def test_single_source_fact_keeps_its_attribution():
    arts, analyses = corpus(
        article("s", "Selon l'agence Vektor, six vedettes seraient livrées à la marine avant la fin de l'année.",
                outlet="Le Quotidien"),
    )
    (fact,) = _facts(arts, analyses)
    assert fact.independent_sources == 1 and fact.attribution == "selon l'agence Vektor"


def test_clauses_split_at_commas_but_not_inside_quotes():
    text = "Parti dimanche de Varne à bord d'un navire blindé, le président a serré la main de son hôte."
    spans = clause_spans(text, 0, len(text))
    assert len(spans) == 2
    quoted = "« Nous viendrons, nous signerons, nous repartirons », a dit le ministre des affaires étrangères."
    assert text[slice(*clause_spans(quoted, 0, len(quoted))[0])] != "« Nous viendrons"


def test_two_outlets_giving_different_dates_for_a_past_departure_conflict():
    arts, analyses = corpus(
        article("a", "Le président Alban Roux a quitté Port-Ivoire le 9 mars 2025 à bord du ferry.",
                outlet="AFX", published="2025-03-10", mentions={"Alban Roux": "PER", "Port-Ivoire": "LOC"}),
        article("b", "Le président Alban Roux a quitté Port-Ivoire le 10 mars 2025 à bord du ferry.",
                outlet="La Gazette", published="2025-03-11", mentions={"Alban Roux": "PER", "Port-Ivoire": "LOC"}),
    )
    (c,) = [c for c in _conflicts(arts, analyses) if c.about.startswith("date")]
    assert c.kind == "conflict" and {x.value for x in c.claims} == {"2025-03-09", "2025-03-10"}


def test_an_expected_place_superseded_by_what_happened_is_an_update():
    arts, analyses = corpus(
        article("a", "La rencontre entre les deux présidents devrait avoir lieu à Tervel la semaine prochaine.",
                outlet="RFM", published="2025-03-01", mentions={"Tervel": "LOC"}),
        article("b", "Les deux présidents se sont réunis à Kolvar mercredi pour signer un accord.",
                outlet="AFX", published="2025-03-12", mentions={"Kolvar": "LOC"}),
    )
    (c,) = [c for c in _conflicts(arts, analyses) if c.about.startswith("lieu")]
    assert c.kind == "update" and [x.value for x in c.claims] == ["Tervel", "Kolvar"]


def test_a_growing_count_in_a_later_report_is_an_update():
    arts, analyses = corpus(
        article("a", "Le feu a déjà parcouru 250 hectares de garrigue dans le massif.", outlet="Radio Sud",
                published="2025-03-06"),
        article("b", "Le feu a finalement parcouru 340 hectares de garrigue dans le massif.", outlet="La Dépêche",
                published="2025-03-07"),
    )
    (c,) = [c for c in _conflicts(arts, analyses) if c.about.startswith("nombre")]
    assert c.kind == "update" and [x.value.split()[0] for x in c.claims] == ["250", "340"]


def test_a_denial_is_attached_to_the_claim_it_denies():
    arts, analyses = corpus(
        article("a", "Le journal Kourier affirme que l'accord comporte une annexe militaire secrète. "
                     "Le président a visité une usine textile.", outlet="Kourier", published="2025-03-13"),
        article("b", "Les deux gouvernements ont démenti vendredi l'existence d'une annexe militaire.",
                outlet="L'Écho", published="2025-03-14"),
    )
    (d,) = [c for c in _conflicts(arts, analyses) if c.about.startswith("démenti")]
    yes, no = d.claims
    assert (yes.value, no.value) == ("oui", "non")
    assert "annexe" in yes.text and yes.citations[0].article == "a" and no.citations[0].article == "b"
