"""Copy detection on texts written for these tests: near-duplicates, a wire paragraph inside a longer article,
unrelated texts, the time window, and state that survives serialisation."""

from recoupe.model import Article
from recoupe.stories.dedup import Deduper
from recoupe.stories.provenance import article_changes, provenance_groups

WIRE = (
    "Le conseil municipal de Brévanne a voté mardi soir la fermeture provisoire du pont des Tanneurs, "
    "fragilisé par les crues de l'hiver. Les ingénieurs de la ville ont relevé des fissures sur deux piles "
    "et estiment que les travaux dureront au moins six mois. Une navette fluviale gratuite sera mise en place "
    "dès lundi pour les habitants de la rive gauche, a précisé la maire, Odile Fauchard, qui a promis une "
    "réunion publique avant la fin du mois. Les commerçants du quartier craignent une baisse de fréquentation "
    "et demandent des mesures de soutien."
)
LOCAL = (
    "Au marché du quartier des Tanneurs, la nouvelle a fait l'effet d'une douche froide. « On perd la moitié de "
    "nos clients si le pont ferme », soupire un maraîcher installé depuis vingt ans. Plusieurs habitants "
    "disent ne pas avoir été consultés et s'interrogent sur le calendrier des travaux annoncé par la mairie."
)
OTHER = (
    "La saison de pêche à la truite s'ouvre samedi sur les rivières du département. Les fédérations rappellent "
    "que la taille minimale de capture a été relevée cette année et que les contrôles seront renforcés sur les "
    "parcours les plus fréquentés, notamment en amont des barrages où les populations restent fragiles."
)
DAY = 738000


def test_near_duplicate_is_found_and_points_to_the_first_copy():
    d = Deduper()
    assert d.add("a1", WIRE, DAY) == []
    light_edit = WIRE.replace("mardi soir", "ce mardi soir").replace("au moins six mois", "six mois au moins")
    found = d.add("a2", light_edit, DAY)
    assert [(r.origin, r.kind) for r in found] == [("a1", "duplicate")]
    found = d.add("a3", light_edit + " Lire aussi notre dossier.", DAY + 1)
    assert found[0].origin == "a1" and found[0].kind == "duplicate"  # the root, not the copy it is closest to


def test_wire_text_inside_a_longer_article_is_a_copy_with_its_span():
    d = Deduper()
    d.add("wire", WIRE, DAY)
    longer = LOCAL + "\n\n" + WIRE + "\n\n" + OTHER
    found = d.add("local", longer, DAY)
    assert len(found) == 1
    reuse = found[0]
    assert reuse.origin == "wire" and reuse.kind == "copy"  # all of the wire text is in it
    (start, _), (_, end) = reuse.spans[0], reuse.spans[-1]  # sampled shingles: the span starts and ends within a few words of the copy
    assert longer.index("Le conseil municipal") <= start <= longer.index("Le conseil municipal") + 80
    assert longer.index("mesures de soutien") - 80 <= end <= longer.index("mesures de soutien") + 30
    assert 0.2 < reuse.score < 0.6  # a third of the article is the wire's


def test_a_shared_paragraph_in_a_long_piece_is_a_passage():
    d = Deduper()
    d.add("wire", WIRE, DAY)
    essay = " ".join([LOCAL, OTHER] * 3) + "\n\n" + WIRE.split(". ")[0] + ". " + WIRE.split(". ")[1] + "."
    found = d.add("essay", essay, DAY)
    assert [r.kind for r in found] == ["passage"]


def test_unrelated_texts_and_stale_articles_share_nothing():
    d = Deduper(window_days=14)
    d.add("wire", WIRE, DAY)
    assert d.add("other", OTHER, DAY) == []
    assert d.add("late", WIRE, DAY + 30) == []  # the wire fell out of the 14-day window
    assert "wire" not in d.indexed


def test_state_survives_serialisation():
    d = Deduper()
    d.add("wire", WIRE, DAY)
    d.add("local", LOCAL, DAY)
    again = Deduper.from_json(d.to_json())
    longer = LOCAL + "\n\n" + WIRE
    assert again.add("x", longer, DAY) == d.add("x", longer, DAY)


def test_copies_name_their_origin_and_form_one_provenance_group():
    wire = Article("a-wire", "w", WIRE, "fr", outlet="AFP")
    paper = Article("a-paper", "p", LOCAL + "\n\n" + WIRE, "fr", outlet="Le Courrier")
    own = Article("a-own", "o", OTHER, "fr", outlet="Le Courrier")
    d = Deduper()
    reuse = [r for a in (wire, paper, own) for r in d.add(a.id, a.text, DAY)]
    changes, rows = article_changes(reuse, {a.id: a for a in (wire, paper, own)})
    assert changes == {"a-paper": {"derived_from": "AFP"}}
    from dataclasses import replace

    paper = replace(paper, derived_from="AFP")
    groups = provenance_groups([wire, paper, own], rows)
    assert [(g.origin, sorted(g.articles), g.kind) for g in groups] == [
        ("AFP", ["a-paper", "a-wire"], "copy"),
        ("Le Courrier", ["a-own"], "own"),
    ]


def test_a_later_agency_copy_makes_the_earlier_page_derived_from_the_agency():
    page = Article("a-page", "p", WIRE, "fr", outlet="Le Courrier")
    agency = Article("a-ats", "a", WIRE.replace("mardi soir", "mardi"), "fr", outlet="ATS")
    d = Deduper()
    reuse = [r for a in (page, agency) for r in d.add(a.id, a.text, DAY)]
    changes, _ = article_changes(reuse, {a.id: a for a in (page, agency)})
    assert changes["a-page"] == {"derived_from": "ATS"}
    assert changes["a-ats"] == {"duplicate_of": "a-page"}
