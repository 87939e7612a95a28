"""Every ingest format, and every kind of bad input, without the NLP stage."""

import json
import os
from pathlib import Path

import pytest

from recoupe.config import Config
from recoupe.ingest import read_paths
from recoupe.model import RawDocument, Reject

CFG = Config(db=":memory:")

PAGE = """<html><head><title>Le pont de Brévanne cède | Le Courrier du Soir</title>
<meta property="og:site_name" content="Le Courrier du Soir">
<meta name="author" content="Jeanne Martin">
<meta property="article:published_time" content="2025-03-11T14:02:00+01:00"></head>
<body><nav><a href="/">Accueil</a> &gt; <a href="/monde">Monde</a></nav>
<article><h1>Le pont de Brévanne cède</h1>
<p>Le pont de Brévanne s'est effondré mardi matin, a annoncé la préfecture du Haut-Val.
« Nous avons évacué tout le quartier », a déclaré le maire, Paul Durand.</p>
<p>Selon les pompiers, aucune victime n'est à déplorer. Les travaux devraient durer plus de trois mois.</p>
<aside>Lire aussi : Les ponts du département en mauvais état</aside></article>
<footer>Recevez notre newsletter chaque matin. © Le Courrier du Soir</footer></body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Radio Lumière</title><link>https://radio-lumiere.invalid</link><language>fr</language>
<item><title>Brévanne : le pont rouvrira en juin</title><link>https://radio-lumiere.invalid/pont-juin</link>
<pubDate>Thu, 13 Mar 2025 08:00:00 +0100</pubDate>
<content:encoded><![CDATA[<p>La préfecture a annoncé jeudi que le pont de Brévanne rouvrirait en juin.</p><p>Les riverains restent sceptiques.</p>]]></content:encoded></item>
<item><title>Brévanne : une enquête ouverte</title><link>https://radio-lumiere.invalid/enquete</link>
<pubDate>Fri, 14 Mar 2025 10:30:00 +0100</pubDate>
<description>Le parquet a ouvert une enquête pour mise en danger d'autrui après l'effondrement du pont.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>InfoNord</title>
<entry><title>Le pont de Brévanne</title><link href="https://infonord.invalid/pont"/><updated>2025-03-12T07:00:00Z</updated>
<content type="html">&lt;p&gt;Le pont s'est effondré mardi. Le maire a demandé une expertise indépendante.&lt;/p&gt;</content></entry>
</feed>"""


def read(*paths):
    return list(read_paths(paths, CFG))


def docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def rejects(items):
    return [i for i in items if isinstance(i, Reject)]


def test_txt_file_keeps_its_text_and_source(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Le pont s'est effondré mardi.\n\nAFP", encoding="utf-8")
    [d] = read(p)
    assert d.format == "txt" and d.source == str(p) and "effondré" in d.text


def test_html_page_gives_main_text_and_metadata_and_keeps_what_it_left_out(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    [d] = read(p)
    assert d.outlet == "Le Courrier du Soir"
    assert d.published == "2025-03-11"
    assert d.author == "Jeanne Martin"
    assert d.title == "Le pont de Brévanne cède"
    assert "« Nous avons évacué tout le quartier »" in d.text
    assert "Lire aussi" not in d.text and "newsletter" not in d.text
    kinds = {r.kind for r in d.removed}
    assert "navigation" in kinds and "related" in kinds
    assert any("newsletter" in r.text for r in d.removed)


def test_json_object_list_and_jsonl_with_text_or_html(tmp_path):
    obj = {"title": "Un pont cède", "text": "Le pont a cédé mardi.", "url": "https://x.invalid/1",
           "outlet": "InfoNord", "published": "2025-03-11"}
    (tmp_path / "one.json").write_text(json.dumps(obj), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([obj, {**obj, "url": "https://x.invalid/2"}]), encoding="utf-8")
    lines = [json.dumps(obj), json.dumps({"title": "Page", "html": PAGE, "outlet": None, "published": None})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(tmp_path / "one.json", tmp_path / "many.json", tmp_path / "feed.jsonl")
    assert not rejects(items)
    d = docs(items)
    assert len(d) == 5
    assert d[0].outlet == "InfoNord" and d[0].published == "2025-03-11" and d[0].url == "https://x.invalid/1"
    assert d[1].source.endswith("many.json#1") and d[2].source.endswith("many.json#2")
    assert d[3].source.endswith("feed.jsonl:1") and d[4].source.endswith("feed.jsonl:2")
    assert d[4].outlet == "Le Courrier du Soir"  # from the page, as the object gave none
    assert d[4].title == "Page" and "évacué" in d[4].text


def test_shared_eval_article_shape_is_accepted(tmp_path):
    line = {"id": "x1", "lang": "fr", "title": "T", "text": "Un texte.", "date": "2011-02-01", "gold": {"topic": "t"}}
    (tmp_path / "a.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    [d] = read(tmp_path / "a.jsonl")
    assert d.published == "2011-02-01" and d.language == "fr"


def test_rss_and_atom_feeds_give_one_article_per_entry(tmp_path):
    (tmp_path / "radio.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "nord.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "feed.xml").write_text(RSS, encoding="utf-8")
    items = read(tmp_path / "radio.rss", tmp_path / "nord.atom", tmp_path / "feed.xml")
    assert not rejects(items)
    d = docs(items)
    assert [x.outlet for x in d[:3]] == ["Radio Lumière", "Radio Lumière", "InfoNord"]
    assert d[0].published == "2025-03-13" and d[0].url.endswith("pont-juin")
    assert "rouvrirait en juin" in d[0].text and "<p>" not in d[0].text
    assert d[1].text.startswith("Le parquet a ouvert une enquête")
    assert d[2].published == "2025-03-12" and "expertise" in d[2].text


def test_folder_is_walked_in_sorted_order_skipping_hidden_files(tmp_path):
    (tmp_path / "b.txt").write_text("Deuxième article, assez long pour être lu.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Premier article, assez long pour être lu.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("caché", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text("Troisième article dans un sous-dossier.", encoding="utf-8")
    d = docs(read(tmp_path))
    assert [Path(x.source).name for x in d] == ["a.txt", "b.txt", "c.txt"]


# -- bad input: each is one reject with a one-line reason, and the others still come through ----------

def _one_reject(items, needle):
    rej = rejects(items)
    assert len(rej) == 1, rej
    assert needle in rej[0].reason and "\n" not in rej[0].reason
    return rej[0]


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("Un article lisible.", encoding="utf-8")
    items = read(tmp_path)
    _one_reject(items, "empty")
    assert len(docs(items)) == 1


def test_binary_file(tmp_path):
    (tmp_path / "photo.txt").write_bytes(bytes(range(256)) * 40)
    _one_reject(read(tmp_path / "photo.txt"), "binary")


def test_file_over_the_size_limit(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.write(b"Le pont. " * (50 * 1024 * 1024 // 9))
    assert big.stat().st_size >= 49 * 1024 * 1024
    _one_reject(read(big), "too large")


def test_latin1_and_cp1252_files_are_decoded(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Le maire a déclaré : « ça suffit », à Besançon.".encode("latin-1"))
    (tmp_path / "win.txt").write_bytes("L’enquête continue — selon la préfecture.".encode("cp1252"))
    d = docs(read(tmp_path))
    assert d[0].text == "Le maire a déclaré : « ça suffit », à Besançon."
    assert d[1].text == "L’enquête continue — selon la préfecture."


def test_broken_html_is_read_when_it_has_text_and_rejected_when_not(tmp_path):
    (tmp_path / "broken.html").write_text(
        "<html><body><div><p>Le pont de Brévanne s'est effondré mardi matin selon la préfecture du département"
        " qui a ouvert une cellule de crise<p>Le maire a demandé une expertise indépendante du chantier"
        " avant toute réouverture au public <div><b>non fermé", encoding="utf-8")
    (tmp_path / "nothing.html").write_text("<html><body><script>var x=1;</script><nav>Accueil</nav></body>",
                                           encoding="utf-8")
    items = read(tmp_path)
    _one_reject(items, "no main text")
    assert "effondré" in docs(items)[0].text


def test_invalid_json(tmp_path):
    (tmp_path / "bad.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    _one_reject(read(tmp_path / "bad.json"), "invalid JSON")


def test_jsonl_with_one_bad_line_keeps_the_good_lines(tmp_path):
    good = json.dumps({"title": "A", "text": "Premier texte."})
    lines = [good, '{"title": broken', json.dumps({"title": "B", "text": "Second texte."}), json.dumps([1, 2])]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = read(tmp_path / "mixed.jsonl")
    rej = rejects(items)
    assert [r.source.rsplit(":", 1)[1] for r in rej] == ["2", "4"]
    assert "invalid JSON" in rej[0].reason and "expected a JSON object" in rej[1].reason
    assert [d.title for d in docs(items)] == ["A", "B"]


def test_json_object_without_text(tmp_path):
    (tmp_path / "notext.json").write_text(json.dumps({"title": "Only a title"}), encoding="utf-8")
    _one_reject(read(tmp_path / "notext.json"), "no 'text' or 'html'")


def test_unsupported_and_missing_paths(tmp_path):
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")
    items = read(tmp_path, tmp_path / "nope.txt")
    reasons = sorted(r.reason for r in rejects(items))
    assert reasons[0].startswith("no such file") and "unsupported file type '.pdf'" in reasons[1]


def test_unreadable_files_in_a_folder_are_rejected_and_the_rest_is_read(tmp_path):
    (tmp_path / "ok.txt").write_text("Un article lisible.", encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")  # unreadable even for root
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    locked.chmod(0)
    items = read(tmp_path)
    reasons = {Path(r.source).name: r.reason for r in rejects(items)}
    assert "unreadable" in reasons["dangling.txt"]
    if os.geteuid() != 0:  # root reads mode-000 files anyway
        assert "unreadable" in reasons["locked.txt"]
    assert any(d.text == "Un article lisible." for d in docs(items))


def test_deeply_nested_html_is_rejected_not_crashing(tmp_path):
    (tmp_path / "deep.html").write_text("<div>" * 5000 + "texte" + "</div>" * 5000, encoding="utf-8")
    items = read(tmp_path / "deep.html")
    assert len(rejects(items)) == 1
