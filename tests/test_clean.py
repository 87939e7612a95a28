"""Cleaning: furniture goes (and is recorded), journalism stays, repeated paragraphs are dropped."""

import re

import pytest

from recoupe.clean import clean, normalise

# Site furniture as it appears on scraped pages (generic markers, not anybody's journalism).
FURNITURE_MARKERS = [
    "Lire aussi", "À lire aussi", "Publicité", "Lire la suite", "Source link", "You may also like", "Comment (0)",
    "Je m'abonne", "Newsletter", "Télécharger l’application", "téléchargeant l'application", "PUBLICATIONx",
    "Article réservé à nos abonnés", "Lien source", "by News7", "Par : RFI", "avec AFP", "STR / AFP",
    "via REUTERS", "imago images", "IMAGO/", "Home News", "13.9.2023 - 09:27", "date 2023-09", "Photo : KCNA",
    "Avec notre correspondant", "(selon Reuters", "___",
]
QUOTED = re.compile(r"«\s*(.+?)\s*»|“(.+?)”|\"(.+?)\"", re.S)
SENTENCE = re.compile(r"[A-ZÀ-Ý«][^.!?«»]{30,}[.!?]")
KEEPS_A_COPY = {"duplicate_paragraph", "title"}


def test_inline_furniture_is_cut_and_recorded():
    text = ("Le maire a parlé mardi. Lire aussi : Article réservé à nos abonnés Les ponts du pays en danger "
            "Lundi, la préfecture avait fermé la route. Publicité Lire la suite Le chantier reprendra en juin.")
    c = clean(text)
    assert "Lire aussi" not in c.text and "Publicité" not in c.text and "Lire la suite" not in c.text
    assert "Lundi, la préfecture avait fermé la route." in c.text
    assert "Le chantier reprendra en juin." in c.text
    kinds = [r.kind for r in c.removed]
    assert kinds == ["related", "ad", "boilerplate"]
    assert c.removed[0].text.endswith("Les ponts du pays en danger")


def test_title_lines_repeated_by_the_page_are_lifted_out():
    text = "Accueil > Monde > Un pont cède\nUn pont cède à Brévanne\nby Le Courrier\nUn pont cède à Brévanne\n" \
           "Le pont a cédé mardi matin, selon la préfecture.\nLe Courrier"
    c = clean(text)
    assert c.title == "Un pont cède à Brévanne"
    assert c.text == "Le pont a cédé mardi matin, selon la préfecture.\n\nLe Courrier"
    assert [r.kind for r in c.removed] == ["navigation", "byline", "title", "title"]


def test_near_duplicate_paragraphs_keep_the_first_copy():
    first = "Le maire de Brévanne a annoncé mardi la fermeture du pont pour une durée indéterminée."
    again = "Le maire de Brévanne a annoncé mardi la fermeture du vieux pont pour une durée indéterminée."
    c = clean("Titre court\n" + first + "\nAutre chose entièrement différente ici.\n" + again + "\n" + first)
    assert c.text.count("fermeture du") == 1 and first in c.text
    assert [r.kind for r in c.removed].count("duplicate_paragraph") == 2


def test_a_later_copy_that_says_clearly_more_replaces_the_first():
    short = "Le maire de Brévanne a annoncé mardi la fermeture du pont pour une durée indéterminée."
    full = short[:-1] + ", le temps que les experts de la région examinent les piles fissurées."
    c = clean("Titre court\n" + short + "\nAutre chose entièrement différente ici.\n" + full)
    assert full in c.text and c.text.index(full) < c.text.index("Autre chose")
    assert [r.text for r in c.removed if r.kind == "duplicate_paragraph"] == [short]


def test_distinct_paragraphs_that_share_words_are_both_kept():
    a = "Le président a rencontré le premier ministre mardi à Brévanne pour parler du pont."
    b = "Le premier ministre a rencontré les syndicats jeudi à Lyon pour parler des retraites et du budget."
    c = clean("Titre\n" + a + "\n" + b)
    assert a in c.text and b in c.text


def test_glued_intertitle_is_put_on_its_own_line_not_removed():
    c = clean("Titre\nLe maire a parlé. Pont fermé Le préfet a confirmé la fermeture mardi. Six mois de chantier "
              "L’entreprise prévoit des travaux.")
    assert "Pont fermé\n\nLe préfet a confirmé" in c.text
    assert "Six mois de chantier\n\nL’entreprise prévoit" in c.text
    assert not c.removed or all(r.kind == "title" for r in c.removed)


# -- on the seeds: real scraped pages -------------------------------------------------------------------

@pytest.fixture(scope="module")
def cleaned(seed_texts):
    return {name: (raw, clean(raw)) for name, raw in seed_texts.items()}


def test_no_furniture_survives_in_the_seeds(cleaned):
    for name, (_raw, c) in cleaned.items():
        for marker in FURNITURE_MARKERS:
            assert marker not in c.text, f"{name}: {marker!r} survived"


def test_no_paragraph_appears_twice_in_the_seeds(cleaned):
    for name, (_raw, c) in cleaned.items():
        paras = [normalise(p) for p in c.text.split("\n\n")]
        assert len(paras) == len(set(paras)), name
        sets = [set(p.split()) for p in paras]
        for i in range(len(sets)):
            for j in range(i + 1, len(sets)):
                small, big = sorted((sets[i], sets[j]), key=len)
                if len(small) >= 6:
                    assert len(small & big) < 0.9 * len(small) or len(big) > 1.6 * len(small), (name, i, j)


def test_every_quote_of_the_seeds_survives_cleaning(cleaned):
    for name, (raw, c) in cleaned.items():
        removed_headlines = " ".join(r.text for r in c.removed if r.kind == "related")
        flat_text = " ".join(c.text.split())
        for m in QUOTED.finditer(raw):
            quote = " ".join(next(g for g in m.groups() if g).split())
            if quote in " ".join(removed_headlines.split()) or quote in (c.title or ""):
                continue  # a quote inside another article's headline ("Lire aussi") or the title
            assert quote in flat_text, f"{name}: lost quote {quote[:60]!r}"


def test_nothing_removed_from_the_seeds_is_a_sentence_of_the_article(cleaned):
    for name, (_raw, c) in cleaned.items():
        for r in c.removed:
            if r.kind in KEEPS_A_COPY:
                continue
            assert not SENTENCE.search(r.text), f"{name}: removed a sentence as {r.kind}: {r.text[:80]!r}"


def test_seed_text_is_fully_accounted_for(cleaned):
    """Every word of the page is in the cleaned text, the title, or a removed piece: nothing vanishes."""
    for name, (raw, c) in cleaned.items():
        kept = set(normalise(c.text + " " + (c.title or "") + " " + " ".join(r.text for r in c.removed)).split())
        lost = set(normalise(raw).split()) - kept
        assert not lost, f"{name}: {sorted(lost)[:10]}"


def test_duplicates_removed_from_the_seeds_have_a_copy_kept(cleaned):
    for name, (_raw, c) in cleaned.items():
        body = normalise(c.text)
        for r in c.removed:
            if r.kind == "duplicate_paragraph":
                words = normalise(r.text).split()
                assert sum(w in body for w in words) >= 0.9 * len(words), name
