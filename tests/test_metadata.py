"""Outlet, republication and publication date from credit lines and the text."""

from recoupe.clean import clean
from recoupe.metadata import dateline_date, provenance, publication_date
from recoupe.model import Removed


def prov(text, outlet=None):
    c = clean(text)
    return provenance(c.removed, outlet, None), c


def test_byline_names_the_outlet_and_avec_credit_names_the_origin():
    p, _ = prov("Titre du jour\nby News9\nLe pont a cédé mardi, selon la préfecture.\nLe Quotidien avec AFP")
    assert p.outlet == "News9" and p.derived_from == "Le Quotidien" and "AFP" in p.credits


def test_lone_agency_line_is_the_outlet():
    p, _ = prov("Titre\nATS\nLe pont a cédé mardi, selon la préfecture.\nATS")
    assert p.outlet == "ATS" and p.derived_from is None
    p, _ = prov("Titre\nLe pont a cédé mardi, selon la préfecture.\nThe Associated Press")
    assert p.outlet == "The Associated Press"


def test_par_outlet_suivre_byline():
    p, _ = prov("Titre\nPar : Radio Lumière Suivre\nLe pont a cédé mardi, selon la préfecture.")
    assert p.outlet == "Radio Lumière"


def test_author_selon_agency_names_the_origin():
    p, _ = prov("Titre\nLe pont a cédé mardi, selon la préfecture.\nMai Lan (selon Reuters )")
    assert p.author == "Mai Lan" and p.derived_from == "Reuters" and p.outlet == "Reuters"


def test_metadata_outlet_wins_over_lines():
    p, _ = prov("Titre\nATS\nLe pont a cédé mardi, selon la préfecture.", outlet="Le Courrier")
    assert p.outlet == "Le Courrier"


def test_dateline_formats():
    assert dateline_date((Removed("dateline", "13.9.2023 - 09:27"),)) == "2023-09-13"
    assert dateline_date((Removed("dateline", "date 2023-09"),)) == "2023-09"
    assert dateline_date((Removed("dateline", "Publié le 11 mars 2025 à 14h02"),)) == "2025-03-11"
    assert dateline_date((Removed("credit", "13.9.2023"),)) is None


def test_date_inferred_from_a_dated_weekday_in_the_text():
    text = "Le convoi est parti le 10 septembre 2023. Il roulait mardi 12 septembre vers la frontière."
    g = publication_date(None, text)
    assert (g.value, g.inferred) == ("2023-09-12", True)


def test_ce_lundi_marks_the_article_day_and_month_only_date_is_refined():
    text = "Le salon ouvre entre le 10 et le 13 septembre, annonce la mairie ce lundi 4 septembre."
    g = publication_date("2023-09", text)
    assert (g.value, g.inferred) == ("2023-09-04", True)


def test_weekday_that_contradicts_the_calendar_is_not_trusted():
    g = publication_date("2023-09", "Réunion prévue mercredi 12 septembre.")  # 12/9/2023 is a Tuesday
    assert (g.value, g.inferred) == ("2023-09", False)
    assert (g.evidence, g.confidence) == ("metadata", 1.0)  # the month the input gave


def test_explicit_full_date_is_kept_and_background_years_do_not_leak():
    assert publication_date("2023-09-13", "en avril 2019").value == "2023-09-13"
    g = publication_date(None, "Le 4 septembre, des médias ont rapporté ce sommet, le premier depuis 2019.")
    assert g.value is None  # no year written with the day: the story's context decides later
    g = publication_date(None, "Le 4 septembre, des médias ont rapporté ce sommet.", context_year=2023)
    assert g.value is None  # a day and month without weekday may be any day the article looks back on


def test_background_dates_never_date_the_article():
    text = ("Le village de Varne avait connu une crue en juin 1989. Le 3 mars 2031, la digue a été achevée, "
            "et les habitants, installés depuis 2007, s'en félicitent.")
    g = publication_date(None, text)
    assert (g.value, g.inferred, g.evidence, g.confidence) == (None, False, None, None)


def test_a_publication_stamp_dates_the_article_with_its_confidence():
    text = "Crue à Varne\nPublié le 4 mars 2031 à 09h12\nLa rivière est sortie de son lit la nuit dernière."
    g = publication_date(None, text)
    assert (g.value, g.inferred, g.evidence) == ("2031-03-04", True, "stamp")
    assert 0.9 <= g.confidence < 1.0
    alone = publication_date(None, "Crue à Varne\n4 mars 2031 Par Louise Martin\nLa rivière a débordé.")
    assert (alone.value, alone.evidence) == ("2031-03-04", "stamp")


def test_a_chronology_or_a_list_of_other_items_is_no_stamp():
    chronology = "Les dates clés :\n12 mars 1971 : fondation du club.\n8 juin 1984 : premier titre."
    assert publication_date(None, chronology).value is None
    related = ("Vidéos : mis à jour le 2 février 2030 à 10:00 Le maire s'exprime.\n"
               "mis à jour le 20 octobre 2031 à 08:00 La digue cède.\nLa rivière a débordé.")
    assert publication_date(None, related).value is None


def test_the_article_naming_its_own_day_dates_it_in_other_languages():
    g = publication_date(None, "Protesters gathered again this Tuesday, March 11, 2031 in the square.", language="en")
    assert (g.value, g.evidence) == ("2031-03-11", "self")
    g = publication_date(None, "Los manifestantes volvieron hoy martes 11 de marzo de 2031 a la plaza.", language="es")
    assert (g.value, g.evidence) == ("2031-03-11", "self")


def test_weekday_dates_far_apart_are_a_chronology_not_the_article_day():
    text = "Lundi 3 mars 2031, la digue cède. Le chantier reprend jeudi 5 juin 2031."
    assert publication_date(None, text).value is None


def test_an_undated_article_takes_only_its_story_month_or_year():
    text = "Le 4 mars, la digue de Varne a cédé. Les habitants attendaient des travaux depuis le mois dernier."
    g = publication_date(None, text, context_year=2031, context_dates=["2031-03-06", "2031-03-09"],
                         year_from_story=True)
    assert (g.value, g.inferred, g.evidence) == ("2031-03", True, "story_month")
    g = publication_date(None, text, context_year=2031, context_dates=["2031-02-26", "2031-03-02"],
                         year_from_story=True)
    assert (g.value, g.evidence) == ("2031", "story_year")
    assert publication_date(None, text, context_year=2031).value is None  # without the story: unknown


def test_only_sure_dates_date_the_other_articles_of_a_story(tmp_path):
    from recoupe.config import TimeParams
    from recoupe.model import Analysis, Article
    from recoupe.store import open_store
    from recoupe.pipeline.crossarticle import infer_dates_from_story as _infer_dates_from_story

    def art(i, published=None, inferred=False, evidence=None, confidence=None):
        a = Article(id=f"a-{i}", source=f"s{i}", text=f"La digue de Varne a cédé, rapporte le témoin {i}.",
                    language="fr", published=published, published_inferred=inferred,
                    published_evidence=evidence, published_confidence=confidence)
        return a, Analysis(article=a.id)

    store = open_store(str(tmp_path / "d.db"))
    weak = art(1, "2029-07-04", True, "weekday_date", 0.77)  # a weak guess must not spread to the others
    store.add([weak, art(2), art(3)])
    _infer_dates_from_story(store, {"s": ["a-1", "a-2", "a-3"]}, {}, TimeParams())
    assert [a.published for a in store.articles(["a-2", "a-3"])] == [None, None]
    store.add([art(4, "2031-03-06", False, "metadata", 1.0)])  # a date the input gave does
    _infer_dates_from_story(store, {"s": ["a-1", "a-2", "a-3", "a-4"]}, {}, TimeParams())
    got = {a.id: (a.published, a.published_evidence) for a in store.articles(["a-2", "a-3"])}
    assert got == {"a-2": ("2031-03", "story_month"), "a-3": ("2031-03", "story_month")}
