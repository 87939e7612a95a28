"""Entities and quotes on the five seed articles: one entity per person across spellings, people who share a
name kept apart, and the quotes of the summit's main speakers with the right speaker (names only asserted)."""

import pytest

from recoupe.text.names import fold
from recoupe.export import render_markdown
from recoupe.pipeline import build_dossier
from recoupe.export.jsonout import validate


@pytest.fixture(scope="module")
def seeds(seeds_store):
    store, _ = seeds_store
    entities = store.entities()
    arts = store.articles()
    quotes = [q for a in arts for q in store.analysis(a.id).quotes]
    return store, entities, quotes


def _owner(entities, *names):
    """The entity having each of these names (as its name or an alias); fails if they are split."""
    owners = set()
    for n in names:
        found = [e.id for e in entities if fold(n) in {fold(e.name), *(fold(a) for a in e.aliases)}]
        assert found, f"no entity named {n!r}"
        owners.update(found)
    assert len(owners) == 1, f"{names} are split over {len(owners)} entities"
    return next(e for e in entities if e.id in owners)


def test_one_entity_per_person_whatever_the_spelling(seeds):
    _, entities, _ = seeds
    kim = _owner(entities, "Kim Jong-un", "Kim Jong Un", "M. Kim")
    assert len({m.article for m in kim.mentions}) == 5
    putin = _owner(entities, "Vladimir Poutine", "Poutine", "M. Poutine", "Vladimir Putin")
    assert len({m.article for m in putin.mentions}) == 5
    shoigu = _owner(entities, "Sergueï Choïgou", "Shoigu")
    assert len({m.article for m in shoigu.mentions}) == 2
    _owner(entities, "Dmitri Peskov", "M. Peskov")


def test_people_sharing_a_family_name_stay_apart(seeds):
    _, entities, _ = seeds
    kims = {e.name for e in entities if e.type == "PER" and fold(e.name).startswith("kim ")}
    assert {"Kim Jong-un", "Kim Jong-il", "Kim Gunn"} <= kims
    assert len({_owner(entities, n).id for n in ("Kim Jong-un", "Kim Jong-il", "Kim Gunn")}) == 3


def test_cosmodrome_spellings_are_one_place(seeds):
    _, entities, _ = seeds
    places = [e for e in entities if any(x in fold(f) for f in (e.name, *e.aliases) for x in ("vostotchn", "vostochn"))]
    assert len(places) == 1 and places[0].type == "LOC"
    assert len({m.article for m in places[0].mentions}) == 2


def test_roles_and_role_references(seeds):
    _, entities, _ = seeds
    peskov = _owner(entities, "Dmitri Peskov")
    assert "porte-parole du Kremlin" in peskov.role
    kim = _owner(entities, "Kim Jong-un")
    refs = [m for m in kim.mentions if m.text.lower().startswith(("le dirigeant", "du dirigeant", "le leader"))
            or m.text.lower() == "le dirigeant nord-coréen"]
    assert refs, "'le dirigeant nord-coréen' should be a mention of Kim Jong-un"
    assert _owner(entities, "Sergueï Choïgou").role.startswith("ministre")


def test_model_slips_are_repaired(seeds):
    _, entities, _ = seeds
    names = {e.name for e in entities}
    assert "Washington" in {e.name for e in entities if e.type == "LOC"}  # the US government, not a person
    assert not any(n.startswith(("Home", "Télécharger")) or n.endswith(" Lundi") for n in names)
    assert "Ria Novosti" in {e.name for e in entities if e.type == "ORG"}


def test_quotes_of_the_main_speakers(seeds):
    _, entities, quotes = seeds
    by_speaker = {}
    for q in quotes:
        by_speaker.setdefault(q.speaker, []).append(q)
    for name, direct in (("Kim Jong-un", 3), ("Vladimir Poutine", 1), ("Dmitri Peskov", 2), ("Sergueï Choïgou", 1)):
        e = _owner(entities, name)
        said = by_speaker.get(e.id, [])
        assert sum(q.type == "direct" for q in said) >= direct, name
        assert all(q.speaker_name == e.name for q in said)
    shoigu = _owner(entities, "Sergueï Choïgou")
    assert any(q.via == "Interfax" for q in by_speaker[shoigu.id])


def test_non_person_sources_are_kept_with_their_kind(seeds):
    _, _, quotes = seeds
    kinds = {q.source_kind for q in quotes}
    assert {"person", "organisation", "anonymous"} <= kinds
    assert any(q.speaker_name == "Ria Novosti" and q.cue.lower() == "selon" for q in quotes)


def test_dossier_has_entities_and_who_said_what(seeds):
    store, _, _ = seeds
    d = build_dossier(store)
    validate(d)
    assert d["entities"] and d["quotes"]
    kim = next(e for e in d["entities"] if e["name"] == "Kim Jong-un")
    assert "Kim Jong Un" in kim["aliases"] and all(kim["mentions"])
    md = render_markdown(d)
    assert "### Who said what" in md and "Dmitri Peskov" in md
