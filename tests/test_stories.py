"""Stories through the pipeline: incremental == rebuild, the seeds story, the example corpus's stories and copies,
and what the exports and `recoupe stories` show."""

import json
from dataclasses import replace

import pytest
import yaml

from conftest import CORPUS, CORPUS2, EXAMPLE_FOLDERS, EXAMPLES, example_ids
from recoupe.config import Config
from recoupe.pipeline import build_dossier
from recoupe.export.jsonout import validate
from recoupe.export.markdown import render_markdown
from recoupe.pipeline import ingest, update_stories
from recoupe.store import open_store


def _partition(store) -> dict:
    return {s.id: sorted(s.articles) for s in store.stories()}


def _copies(store) -> dict:
    return {a.id: (a.duplicate_of, a.derived_from) for a in store.articles()}


@pytest.mark.parametrize("corpus", [CORPUS, CORPUS2], ids=["corpus1", "corpus2"])
def test_incremental_ingest_and_recluster_give_the_same_stories(tmp_path, nlp, config, corpus):
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    store = open_store(str(tmp_path / "inc.db"))
    cfg = replace(config, db=str(tmp_path / "inc.db"))
    for part in (files[:3], files[3:7], files[7:]):  # three ingest runs, stories updated after each
        report = ingest(part, cfg, store, nlp=nlp)
        update_stories(store, cfg, new_ids=report.article_ids)
    incremental, copies = _partition(store), _copies(store)
    assert len(incremental) >= 2
    update_stories(store, cfg, rebuild=True)
    assert _partition(store) == incremental
    assert _copies(store) == copies
    update_stories(store, cfg)  # nothing new: nothing moves
    assert _partition(store) == incremental
    store.close()


@pytest.mark.parametrize("corpus", [CORPUS, CORPUS2], ids=["corpus1", "corpus2"])
def test_a_damaged_engine_state_means_a_rebuild_not_a_crash(tmp_path, nlp, config, corpus):
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    store = open_store(str(tmp_path / "s.db"))
    cfg = replace(config, db=str(tmp_path / "s.db"))
    report = ingest(files[:4], cfg, store, nlp=nlp)
    update_stories(store, cfg, new_ids=report.article_ids)
    before = _partition(store)
    store.set_state("stories.engine", '{"dedup": {"items": [["x"]]}}')
    update_stories(store, cfg)
    assert _partition(store) == before
    store.close()


@pytest.mark.parametrize("name", sorted(EXAMPLE_FOLDERS))
def test_engine_state_saved_between_calls_gives_the_same_decisions(name):
    from recoupe.model import Article
    from recoupe.stories.engine import StoryEngine
    from recoupe.stories.features import from_text

    params = replace(Config().stories, encoder="none")
    answers = yaml.safe_load((EXAMPLE_FOLDERS[name] / "answers.yaml").read_text(encoding="utf-8"))
    texts = [(a["id"], a.get("must_keep", [])) for a in answers["articles"]]
    articles = [Article(f"a-{i}", i, "\n".join(keep) * 2, "fr", title=i, published="2025-03-1" + str(n % 9))
                for n, (i, keep) in enumerate(texts) if keep]
    feats = [from_text(a) for a in articles]
    one_go = [p.decision for p in StoryEngine(params).run(feats)]
    chunked = []
    state = None
    for start in range(0, len(feats), 4):
        engine = StoryEngine.from_json(json.loads(json.dumps(state)) if state else None, params)
        chunked += [p.decision for p in engine.run([from_text(a) for a in articles[start:start + 4]])]
        state = engine.to_json()
    assert chunked == one_go


@pytest.fixture(scope="module")
def seeds(seeds_store):
    store, _ = seeds_store
    return store, {a.source.rsplit("/", 1)[-1][:3]: a for a in store.articles()}


def test_seeds_are_one_story_and_news7_derives_from_le_monde(seeds):
    store, by_prefix = seeds
    stories = store.stories()
    assert len(stories) == 1 and len(stories[0].articles) == 5
    story = stories[0]
    news7 = by_prefix["000"]
    assert news7.derived_from == "Le Monde" and "AFP" in news7.credits
    group = next(g for g in story.provenance if news7.id in g.articles)
    assert group.origin == "Le Monde" and group.kind in ("credit", "copy")
    assert sum(len(g.articles) for g in story.provenance) == 5  # every article in exactly one group
    assert 15 <= len(story.title) <= 140 and story.first_date == "2023-09-04" and story.last_date == "2023-09-13"


def test_seeds_dossier_carries_stories_and_text_origins(seeds):
    store, _ = seeds
    d = build_dossier(store)
    validate(d)
    s = d["stories"][0]
    assert {g["origin"] for g in s["provenance"]} >= {"Le Monde"}
    assert "shared_passages" in s
    md = render_markdown(d)
    assert "### Text origins" in md and "Le Monde" in md


def _keyed(folder, store):
    answers = yaml.safe_load((folder / "answers.yaml").read_text(encoding="utf-8"))
    return store, answers, example_ids(folder, store)


@pytest.fixture(scope="module")
def examples(examples_store):
    store, _ = examples_store
    return _keyed(EXAMPLES, store)


@pytest.fixture(scope="module")
def examples2(examples2_store):
    store, _ = examples2_store
    return _keyed(EXAMPLE_FOLDERS["corpus2"], store)


@pytest.fixture()
def either_examples(example_corpus):
    _, folder, store, _ = example_corpus
    return _keyed(folder, store)


def _story_of(store):
    return {a: s.id for s in store.stories() for a in s.articles}


def test_english_article_joins_the_summit_story_and_the_wildfire_stays_apart(examples):
    store, answers, ids = examples
    story_of = {a: s.id for s in store.stories() for a in s.articles}
    summit = {story_of[ids[a]] for a in answers["stories"]["A"]["articles"]}
    wildfire = {story_of[ids[a]] for a in answers["stories"]["B"]["articles"]}
    assert len(summit) == 1 and len(wildfire) == 1 and summit != wildfire
    assert story_of[ids["a04"]] in summit  # The Northern Ledger, in English


def test_corpus2_english_article_joins_the_election_story(examples2):
    store, answers, ids = examples2
    story_of = _story_of(store)
    election = {story_of[ids[a]] for a in answers["stories"]["E"]["articles"]}
    assert len(election) == 1 and story_of[ids["a04"]] in election  # The Harbour Chronicle, in English


@pytest.mark.xfail(strict=True, reason="corpus 2, measured: the trial falls in 3 stories (hearing, verdict and "
                   "radio interview, appeal: six weeks apart) and the rail accident in 4 (one a day, the Spanish "
                   "article alone, the wire and its copy together)")
def test_corpus2_each_event_is_one_story(examples2):
    store, answers, ids = examples2
    story_of = _story_of(store)
    for key, story in answers["stories"].items():
        assert len({story_of[ids[a]] for a in story["articles"]}) == 1, key


def test_example_wire_copy_is_found_and_grouped_with_its_wire(either_examples):
    store, answers, ids = either_examples
    for dup in answers["duplicates"]:
        article = store.article(ids[dup["article"]])
        assert article.derived_from == dup["derived_from"]
        if dup["copy_of"]:
            assert article.duplicate_of == ids[dup["copy_of"]]
            story = next(s for s in store.stories() if article.id in s.articles)
            group = next(g for g in story.provenance if article.id in g.articles)
            assert ids[dup["copy_of"]] in group.articles and group.kind == "copy"
    others = [a for a in store.articles() if a.id not in {ids[d["article"]] for d in answers["duplicates"]}]
    assert all(a.duplicate_of is None for a in others)


def test_stories_command_lists_counts_and_date_ranges(examples, tmp_path):
    from typer.testing import CliRunner

    from recoupe.cli import app

    store, _, _ = examples
    result = CliRunner().invoke(app, ["stories", "--db", store.path, "--json"])
    assert result.exit_code == 0
    items = json.loads(result.stdout)["items"]
    assert sorted(i["article_count"] for i in items) == [3, 10]
    summit = max(items, key=lambda i: i["article_count"])
    assert summit["first_date"].startswith("2025-03") and summit["last_date"] == "2025-03-14"
    assert summit["text_origins"] == 9  # ten articles, the AFX wire and its copy count once


def test_stories_command_on_corpus2_counts_a_wire_and_its_copy_once(examples2):
    from typer.testing import CliRunner

    from recoupe.cli import app

    store, answers, ids = examples2
    result = CliRunner().invoke(app, ["stories", "--db", store.path, "--json"])
    assert result.exit_code == 0
    items = json.loads(result.stdout)["items"]
    assert sum(i["article_count"] for i in items) == len(answers["articles"])
    assert all(i["first_date"] <= i["last_date"] for i in items)
    election = max(items, key=lambda i: i["article_count"])  # the one event found whole (measured)
    assert election["article_count"] == 4 and election["text_origins"] == 4
    assert election["first_date"] == "2024-11-18" and election["last_date"] == "2024-11-20"
    wire = next(s for s in store.stories() if ids["a02"] in s.articles)
    assert ids["a03"] in wire.articles  # the ACP dispatch and its republication
    assert next(i for i in items if i["id"] == wire.id)["text_origins"] == 1
