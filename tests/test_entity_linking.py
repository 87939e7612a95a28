"""Names across spellings, the merge guard, the alias file, and the entity stage's repairs (own examples), and the
linked entities of both example corpora against their answer keys."""

from collections import defaultdict

import pytest
import yaml

from recoupe.entities.aliases import AliasFileError, AliasTable, parse
from recoupe.entities.link import Group, build_entities
from recoupe.text.names import same_name, tokens
from recoupe.model import Article, Mention
from recoupe.nlp.coref import mention_genders
from recoupe.nlp.article_entities import LocalEntity, local_entities


@pytest.mark.parametrize("a, b, same", [
    ("Vladimir Poutine", "Vladimir Putin", True),
    ("Путин", "Poutine", True),
    ("Sergueï Choïgou", "Sergei Shoigu", True),
    ("Vostotchny", "Vostochny", True),
    ("Sergueï Jarovski", "Сергей Жаровский", True),
    ("Kim Jong-un", "Kim Jong Un", True),
    ("Kim Jong-un", "Kim Jong-il", False),
    ("Kim Gunn", "Kim Jong Un", False),
    ("Jean-Marc Servat", "Antoine Servat", False),
    ("Rodolphe Vernassat", "Étienne Vernassat", False),
    ("Véra Solanec", "Vera Solanec", True),
])
def test_same_name(a, b, same):
    assert same_name(tokens(a), tokens(b)) is same


def group(article, name, etype="PER", forms=None):
    e = LocalEntity(name, etype, mentions=[0], forms=forms or [name], tokens=tokens(name))
    return Group(article, e, [Mention(article, 0, len(name), name, etype)], tokens(name))


def names(entities):
    return sorted(e.name for e in entities)


def test_guard_keeps_people_sharing_a_name_apart_and_surnames_join_the_only_candidate():
    groups = [group("a1", "Kim Jong-un"), group("a2", "Kim Jong Un"), group("a3", "Kim Jong-il"),
              group("a4", "Kim Gunn"), group("a5", "Kim"), group("a6", "Marta Kovač"), group("a7", "Kovač")]
    entities, by_article = build_entities(groups, AliasTable(entries=[]))
    assert names(entities) == ["Kim", "Kim Gunn", "Kim Jong-il", "Kim Jong-un", "Marta Kovač"]
    assert by_article[("a1", "Kim Jong-un")] == by_article[("a2", "Kim Jong Un")]
    assert by_article[("a6", "Marta Kovač")] == by_article[("a7", "Kovač")]


def test_alias_file_forces_and_prevents_merges(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text(
        "- name: Organisation mondiale de la santé\n  type: ORG\n  aliases: [OMS, WHO]\n"
        "- name: Lena Brandt\n  type: PER\n  aliases: [L. Brandt]\n  wikidata: Q1\n"
        "- name: Lena Brandt-Ostrowska\n  type: PER\n",
        encoding="utf-8",
    )
    table = AliasTable.load(path, starter=False)
    groups = [group("a1", "OMS", "ORG"), group("a2", "WHO", "ORG"), group("a3", "Lena Brandt"),
              group("a4", "L. Brandt"), group("a5", "Lena Brandt-Ostrowska")]
    entities, _ = build_entities(groups, table)
    assert names(entities) == ["Lena Brandt", "Lena Brandt-Ostrowska", "Organisation mondiale de la santé"]
    assert next(e for e in entities if e.name == "Lena Brandt").wikidata == "Q1"


def test_bad_alias_files_say_why():
    with pytest.raises(AliasFileError, match="no name"):
        parse("- type: PER\n", "f.yaml")
    with pytest.raises(AliasFileError, match="type"):
        parse("- name: X\n  type: PERSON\n", "f.yaml")
    with pytest.raises(AliasFileError, match="not valid YAML"):
        parse("- name: [\n", "f.yaml")
    assert AliasTable.load().lookup("Vladimir Putin").name == "Vladimir Poutine"  # the starter file


def test_within_article_clustering_roles_and_slips(nlp):
    text = ("Télécharger l'application\n\nLe porte-parole du gouvernement, Lucien Farge, a rencontré Nadia Farge, "
            "sa sœur. M. Farge a ensuite visité Ostrava. Le porte-parole a salué l'accueil.")
    art = Article(id="a-t", source="t", text=text, language="fr")
    mentions = list(nlp.analyse([art])[0].mentions)
    assert not any(m.text.startswith("Télécharger") for m in mentions)
    # "M. Farge" is Lucien, not his sister: her gender comes from the parse ("sa sœur"), not a first-name list
    genders = mention_genders(nlp.pipeline("fr")(text), mentions)
    ents, _ = local_entities(text, mentions, genders)
    people = {e.name: e for e in ents if e.type == "PER"}
    assert {"Lucien Farge", "Nadia Farge"} <= set(people)
    lucien = people["Lucien Farge"]
    assert "M. Farge" in lucien.forms and lucien.roles == ["porte-parole du gouvernement"]
    refs = [mentions[i].text for i in lucien.mentions if mentions[i].role and mentions[i].text.startswith("Le ")]
    assert refs == ["Le porte-parole"]


def test_link_stage_runs_on_a_store_with_an_alias_file(tmp_path, nlp, config):
    from dataclasses import replace

    from recoupe.pipeline import ingest, update_stories
    from recoupe.store import open_store

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Grève à Ostrava\n\nLa ministre Lena Brandt a annoncé que la grève serait levée. « Nous avons un accord », "
        "a-t-elle dit.", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(
        "Fin de la grève\n\nSelon L. Brandt, l'accord sera signé vendredi à Ostrava.", encoding="utf-8")
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("- name: Lena Brandt\n  type: PER\n  aliases: [L. Brandt]\n", encoding="utf-8")
    cfg = replace(config, db=str(tmp_path / "s.db"), alias_file=aliases)
    store = open_store(cfg.db)
    report = ingest([tmp_path / "in"], cfg, store, nlp=nlp)
    update_stories(store, cfg, new_ids=report.article_ids)
    brandt = [e for e in store.entities() if e.name == "Lena Brandt"]
    assert len(brandt) == 1 and len({m.article for m in brandt[0].mentions}) == 2
    quotes = [q for a in store.articles() for q in store.analysis(a.id).quotes]
    assert quotes and all(q.speaker == brandt[0].id for q in quotes)
    store.close()


def test_cli_rejects_a_malformed_alias_file(tmp_path):
    from typer.testing import CliRunner

    from recoupe.cli import app

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: not a list\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--aliases", str(bad)])
    assert result.exit_code == 2


# Gold entities of each answer key written with two or more of its spellings as NER mentions, how many of them end
# up as one linked entity, and the key's must-stay-apart pairs that are kept apart, as measured.
# corpus 1: 6 of 10 merged (split: Kelvanie/Kelvania, Vessarie/Vessaria, mer de Varne/Varne Sea, Port-Sérène);
# corpus 2 (never tuned on): 6 of 12 merged (split: Damien/Damian Krell, Thibault/Thibaut Arcanger, Ardanie/
# Ardania, Valdésie/Valdesia, Batisud Orsane/Batisud, Orra/province d'Orra). Both keep all their pairs apart.
ENTITY_FIGURES = {"corpus1": {"spelled": 10, "merged": 6, "pairs": 2}, "corpus2": {"spelled": 12, "merged": 6, "pairs": 4}}


def _linked_by_gold(answers, store) -> dict[str, dict[str, set[str]]]:
    """gold entity -> its spelling -> ids of the linked entities whose mentions read exactly that spelling
    (spellings the key gives two entities are left out)."""
    owners = defaultdict(set)
    for e in answers["entities"]:
        for spelling in e.get("aliases", []):
            owners[spelling].add(e["name"])
    linked = defaultdict(lambda: defaultdict(set))
    for entity in store.entities():
        for m in entity.mentions:
            names = owners.get(m.text.strip(), set())
            if len(names) == 1:
                linked[next(iter(names))][m.text.strip()].add(entity.id)
    return linked


def test_example_spellings_link_and_must_stay_apart_pairs_stay_apart(example_corpus):
    name, folder, store, _ = example_corpus
    answers = yaml.safe_load((folder / "answers.yaml").read_text(encoding="utf-8"))
    linked = _linked_by_gold(answers, store)
    spelled = {g: set().union(*by.values()) for g, by in linked.items() if len(by) >= 2}
    merged = sum(len(ids) == 1 for ids in spelled.values())
    figures = ENTITY_FIGURES[name]
    assert len(spelled) >= figures["spelled"] and merged >= figures["merged"], {
        g: {s: sorted(i) for s, i in linked[g].items()} for g, ids in spelled.items() if len(ids) > 1}
    pairs = [(p["a"], p["b"]) for p in answers["distinct"] if linked.get(p["a"]) and linked.get(p["b"])]
    assert len(pairs) >= figures["pairs"]
    for a, b in pairs:
        assert not set().union(*linked[a].values()) & set().union(*linked[b].values()), (a, b)


def test_event_names_merge_across_their_usual_variants():
    groups = [group("a1", "Jeux olympiques de Valmont", "MISC"), group("a2", "JO de Valmont", "MISC"),
              group("a3", "Jeux de Valmont", "MISC"), group("a4", "jeux Olympiques de Valmont 2031", "MISC"),
              group("a5", "Jeux olympiques de Norvik", "MISC"), group("a6", "Jeux olympiques", "MISC")]
    entities, by_article = build_entities(groups, AliasTable(entries=[]))
    valmont = {by_article[(a, n)] for a, n in [("a1", "Jeux olympiques de Valmont"), ("a2", "JO de Valmont"),
                                               ("a3", "Jeux de Valmont"), ("a4", "jeux Olympiques de Valmont 2031")]}
    assert len(valmont) == 1
    assert by_article[("a5", "Jeux olympiques de Norvik")] not in valmont  # another place, another event
    assert by_article[("a6", "Jeux olympiques")] not in valmont  # one shared word is not enough


def test_organisation_abbreviation_but_no_single_shared_word():
    groups = [group("a1", "Union des ports fluviaux", "ORG"), group("a2", "UPF", "ORG"),
              group("a3", "Parti radical", "ORG"), group("a4", "Parti radical de gauche", "ORG"),
              group("a5", "Banque du Nord", "ORG"), group("a6", "Banque du Sud", "ORG")]
    entities, by_article = build_entities(groups, AliasTable(entries=[]))
    assert by_article[("a1", "Union des ports fluviaux")] == by_article[("a2", "UPF")]  # its initials
    assert by_article[("a3", "Parti radical")] != by_article[("a4", "Parti radical de gauche")]  # an organisation
    assert by_article[("a5", "Banque du Nord")] != by_article[("a6", "Banque du Sud")]


def test_dateline_and_credit_never_merge_a_place_with_an_agency():
    text = ("OSTRAVA (Reuters) - La grève continue. Selon Reuters, les dockers votent lundi. L'Union des ports "
            "fluviaux (UPF) appelle au calme ; l'UPF se réunit mardi.")
    spans = [("OSTRAVA", "LOC"), ("Reuters", "ORG"), ("Reuters", "ORG"), ("Union des ports fluviaux", "ORG"),
             ("UPF", "ORG"), ("UPF", "ORG")]
    mentions, at = [], 0
    for name, label in spans:
        at = text.index(name, at)
        mentions.append(Mention("a", at, at + len(name), name, label))
        at += len(name)
    ents, _ = local_entities(text, mentions)
    by_name = {e.name: e for e in ents}
    assert "Reuters" in by_name and "Reuters" not in by_name["OSTRAVA"].forms
    assert "UPF" in by_name["Union des ports fluviaux"].forms  # a real acronym still joins its name


def test_two_events_named_together_do_not_absorb_one_of_them():
    groups = [group("a1", "Jeux olympiques de Valmont et de Norvik", "MISC"), group("a2", "JO de Norvik", "MISC"),
              group("a3", "Jeux olympiques de Norvik", "MISC")]
    _, by_article = build_entities(groups, AliasTable(entries=[]))
    assert by_article[("a2", "JO de Norvik")] == by_article[("a3", "Jeux olympiques de Norvik")]
    assert by_article[("a1", "Jeux olympiques de Valmont et de Norvik")] != by_article[("a3", "Jeux olympiques de Norvik")]


def test_quote_speakers_keep_the_article_language_and_complete_short_names():
    from recoupe.entities.link import display_name

    assert display_name("Maison-Blanche", "White House") == "White House"  # an English article stays English
    assert display_name("Lena Brandt", "Brandt") == "Lena Brandt"  # the store completes a surname
    assert display_name("Lena Brandt", "L. Brandt") == "Lena Brandt"  # and an initial
    assert display_name("Lena Brandt", None) == "Lena Brandt"
