"""The learned story similarity: batched sparse scoring equals the plain computation, the shipped model behaves
(more shared content → likelier; an unknown date never counts against a pair), and `recoupe train stories`
refits it from a shared-format folder (invented articles here)."""

import json
from collections import Counter
from dataclasses import replace

import numpy as np
from typer.testing import CliRunner

from recoupe.config import Config
from recoupe.model import Article
from recoupe.stories.cluster import Clusterer
from recoupe.stories.features import from_text, numbers_in
from recoupe.stories.similarity import FEATURES, Members, Profile, load_pair_model, pair_features
from recoupe.stories.vectors import Vec, Vocabulary, cosines


def _dense(vocab: Vocabulary, v: Vec) -> np.ndarray:
    out = np.zeros(len(vocab.keys))
    out[v.ids] = v.w
    return out


def test_batched_cosines_equal_dense_ones():
    rng = np.random.default_rng(3)
    vocab = Vocabulary()
    words = [f"w{i}" for i in range(300)]
    vecs = []
    for _ in range(12):
        picked = rng.choice(words, size=rng.integers(0, 60), replace=False)
        vecs.append(vocab.tfidf(Counter({w: int(rng.integers(1, 4)) for w in picked}), "", 40))
    query = vocab.tfidf(Counter({w: 2 for w in rng.choice(words, size=50, replace=False)}), "", 40)
    got = cosines(vocab, query, vecs + [None])
    q = _dense(vocab, query)
    for g, v in zip(got, vecs):
        d = _dense(vocab, v)
        expected = q @ d / (np.linalg.norm(q) * np.linalg.norm(d)) if v.norm else 0.0
        assert abs(g - expected) < 1e-5
    assert got[-1] == 0.0


def test_summed_vectors_keep_their_heaviest_entries():
    vocab = Vocabulary()
    a = vocab.tfidf(Counter({"port": 3, "grue": 1}), "", 10)
    b = vocab.tfidf(Counter({"port": 1, "quai": 2}), "", 10)
    s = a.plus(b, keep=10)
    d = _dense(vocab, a) + _dense(vocab, b)
    assert np.allclose(_dense(vocab, s), d, atol=1e-6)
    assert abs(s.norm - np.linalg.norm(d)) < 1e-5
    big = Vec(np.arange(50), np.arange(50, dtype=np.float32))
    small = Vec(np.arange(50, 60), np.ones(10, dtype=np.float32))
    assert set(big.plus(small, keep=20).ids.tolist()) == set(range(30, 50))  # 60 entries > 2 × 20: the 20 heaviest
    assert len(big.plus(small, keep=30)) == 60  # not past 2 × keep: nothing cut


def _article(i, text, title, published=None, lang="fr"):
    return Article(id=f"a-{i}", source=str(i), text=text, language=lang, title=title, published=published)


PORT = ("Les dockers du port de Saint-Malo ont voté la grève illimitée mardi après l'annonce de 120 "
        "suppressions de postes par la société Armor Quais. Le syndicat CGT des ports réclame une médiation.")
PORT2 = ("À Saint-Malo, la grève des dockers contre les 120 suppressions de postes chez Armor Quais paralyse "
         "le port ; la CGT demande une médiation au préfet.")
FOOT = ("Le club de football de Vannes a battu Quimper trois buts à un dimanche devant 8 000 spectateurs ; "
        "l'entraîneur salue la défense.")


def _profiles(params, articles):
    c = Clusterer(params)
    feats = [from_text(a) for a in articles]
    for f in feats:
        c.count_document(f)
    return c, [c.profile(f) for f in feats]


def test_the_same_event_is_likelier_than_another_one_and_dates_unknown_do_not_count_against():
    params = replace(Config().stories, encoder="none")
    c, (port, port2, foot) = _profiles(params, [_article(1, PORT, "Grève au port de Saint-Malo"),
                                                  _article(2, PORT2, "Saint-Malo : le port à l'arrêt"),
                                                  _article(3, FOOT, "Vannes bat Quimper")])
    model = load_pair_model(False)
    p_same, p_other = model.probability(pair_features(c.vocab, port, [Members([port2]), Members([foot])])[0])
    assert p_same > 0.5 > p_other
    dated = Profile(**{**vars(port2), "first": 700_000, "last": 700_000})
    port_dated = Profile(**{**vars(port), "first": 700_020, "last": 700_020})
    p_dated = model.probability(pair_features(c.vocab, port_dated, [Members([dated])])[0])[0]
    assert p_same >= p_dated - 1e-9  # unknown dates: never less likely than the same pair 20 days apart


def test_numbers_are_figures_written_in_digits():
    assert numbers_in("Le 14 juillet 2011, 3,5 % de hausse et 1 200 euros ; 7 jours") == Counter(
        {"14": 1, "2011": 1, "3.5": 1, "200": 1})


def test_train_command_refits_from_a_shared_format_folder(tmp_path):
    from recoupe.cli import app

    shared = tmp_path / "shared" / "eval"
    topics = {
        "T01": ["Les dockers de Saint-Malo en grève contre {n} suppressions de postes chez Armor Quais.",
                "Saint-Malo : la grève des dockers d'Armor Quais continue, {n} postes menacés."],
        "T02": ["Le club de Vannes bat Quimper devant {n} spectateurs au stade de la Rabine.",
                "Football : Vannes l'emporte contre Quimper, {n} supporters présents."],
        "T03": ["Incendie dans la forêt de Brocéliande : {n} hectares brûlés, les pompiers mobilisés.",
                "Brocéliande : le feu a parcouru {n} hectares, enquête ouverte sur l'incendie."],
    }
    rows = [{"id": f"{t}_{k}", "lang": "fr", "title": s.format(n=100 + k)[:40], "text": s.format(n=100 + k) * 3,
             "date": None, "gold": {"topic": t}} for t, ss in topics.items() for k, s in enumerate(ss * 3)]
    crisis = [{"id": f"c{k}", "lang": "fr", "title": "Manifestation", "text": (ss[0].format(n=k)) * 3,
               "date": f"2011-02-{10 + k:02d}", "gold": {"topic": ["egypt", "libya"][k % 2]}}
              for k, ss in enumerate([topics["T01"], topics["T02"]] * 3)]
    pairs = [{"id1": "T01_0", "id2": "T01_1", "scores": {"Overall": 1.0}},
             {"id1": "T01_0", "id2": "T02_0", "scores": {"Overall": 4.0}},
             {"id1": "T03_0", "id2": "T03_1", "scores": {"Overall": 1.5}},
             {"id1": "T02_1", "id2": "T03_2", "scores": {"Overall": 3.5}}]
    for name, lines in (("rpm2", rows), ("mlcrisis", crisis), ("semeval8", rows)):
        (shared / name).mkdir(parents=True)
        (shared / name / "articles.jsonl").write_text("\n".join(json.dumps(r) for r in lines), encoding="utf-8")
    (shared / "semeval8" / "pairs.jsonl").write_text("\n".join(json.dumps(p) for p in pairs), encoding="utf-8")
    out = tmp_path / "model.json"
    kept = {"features": ["lead"], "mean": [0.0], "scale": [1.0], "coef": [2.0], "intercept": -1.0}
    out.write_text(json.dumps({"models": {"encoder": kept}}), encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "stories", str(tmp_path / "shared"), "--encoder", "none",
                                      "--no-thresholds", "--output", str(out), "--json"])
    assert result.exit_code == 0, result.output
    stored = json.loads(out.read_text(encoding="utf-8"))
    model = stored["models"]["no_encoder"]
    assert set(model["features"]) <= set(FEATURES) and "lead" not in model["features"]
    assert len(model["coef"]) == len(model["features"]) == len(model["mean"])
    assert stored["pairs"]["rpm2"] == len(rows) * (len(rows) - 1) // 2
    assert "rpm2" in stored["cv"]["no_encoder"]
    assert stored["models"]["encoder"] == kept  # the variant not refitted (encoder off) stays as it was


def test_features_against_packed_members_equal_those_pair_by_pair():
    params = replace(Config().stories, encoder="none")
    texts = [(PORT, "Grève au port", "2024-03-01", "fr"), (PORT2, "Le port à l'arrêt", None, "fr"),
             (FOOT, "Vannes bat Quimper", "2024-03-09", "fr"),
             ("The Saint-Malo dockers strike over 120 job cuts at Armor Quais.", "Dockers strike", "2024-03-02", "en")]
    c, profs = _profiles(params, [_article(i, t, ti, d, lg) for i, (t, ti, d, lg) in enumerate(texts)])
    query, others = profs[0], profs[1:]
    together, owner = pair_features(c.vocab, query, [Members(others[:2]), Members(others[2:])])
    assert owner.tolist() == [0, 0, 1]
    one_by_one = np.vstack([pair_features(c.vocab, query, [Members([o])])[0] for o in others])
    assert np.allclose(together, one_by_one)
    assert together[2, FEATURES.index("same_language")] == 0 and together[2, FEATURES.index("terms")] == 0
    assert together[0, FEATURES.index("gap")] == 0  # undated member: no gap
    assert together[1, FEATURES.index("gap")] == np.log1p(8)
