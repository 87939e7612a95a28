"""The command line: run, export, listings, exit codes."""

import json

from typer.testing import CliRunner

from recoupe.cli import app
from recoupe.export.jsonout import validate

runner = CliRunner()


def write_inputs(folder):
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Un pont cède à Brévanne\nby Le Courrier\nLe pont de Brévanne s'est effondré mardi 11 mars 2025, "
        "a annoncé la préfecture. « Nous avons évacué le quartier », a déclaré le maire, Paul Durand.\n"
        "Publicité\nLe Courrier avec AFX", encoding="utf-8")
    (folder / "b.jsonl").write_text(
        json.dumps({"title": "Brévanne : le pont fermé", "text": "Le pont de Brévanne est fermé depuis mardi. "
                    "Le maire Paul Durand attend une expertise.", "outlet": "InfoNord", "published": "2025-03-12"})
        + "\n{broken\n", encoding="utf-8")


def test_run_writes_three_exports_and_exits_1_when_some_input_was_rejected(tmp_path):
    write_inputs(tmp_path / "in")
    db, out = tmp_path / "r.db", tmp_path / "out"
    res = runner.invoke(app, ["run", str(tmp_path / "in"), "--db", str(db), "--out", str(out)])
    assert res.exit_code == 1, res.output
    assert "dossier: " in res.stdout
    for name in ("dossier.json", "dossier.md", "dossier.html"):
        assert (out / name).stat().st_size > 0
    d = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    validate(d)
    assert {a["outlet"] for a in d["articles"]} == {"Le Courrier", "InfoNord"}
    assert d["rejects"] and "invalid JSON" in d["rejects"][0]["reason"]
    assert "Publicité" in (out / "dossier.html").read_text(encoding="utf-8")  # shown under "removed"


def test_run_exits_0_when_all_inputs_are_good_and_rerun_adds_nothing(tmp_path):
    folder = tmp_path / "in"
    write_inputs(folder)
    (folder / "b.jsonl").unlink()
    args = ["run", str(folder), "--db", str(tmp_path / "r.db"), "--out", str(tmp_path / "o")]
    assert runner.invoke(app, args).exit_code == 0
    res = runner.invoke(app, args)
    assert res.exit_code == 0 and "0 article(s) added, 1 already stored" in res.output


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["run"]).exit_code == 2
    assert runner.invoke(app, ["export", "--db", str(tmp_path / "x.db"), "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["show", "zzz", "--db", str(tmp_path / "x.db")]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_listings_show_and_export(tmp_path):
    write_inputs(tmp_path / "in")
    db = str(tmp_path / "r.db")
    runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db])
    stories = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)["items"]
    assert stories and {"id", "title", "article_count", "outlets", "first_date", "last_date"} <= set(stories[0])
    arts = json.loads(runner.invoke(app, ["articles", "--db", db, "--json", "-q", "brevanne"]).stdout)["items"]
    assert len(arts) == 2 and all("snippet" in a for a in arts)
    shown = json.loads(runner.invoke(app, ["show", arts[0]["id"], "--db", db]).stdout)
    assert shown["id"] == arts[0]["id"] and shown["text"]
    assert json.loads(runner.invoke(app, ["show", stories[0]["id"], "--db", db]).stdout)["articles"]
    assert runner.invoke(app, ["show", "a-0000", "--db", db]).exit_code == 1
    res = runner.invoke(app, ["export", "--db", db, "--format", "md,html", "--out", str(tmp_path / "e")])
    assert res.exit_code == 0 and (tmp_path / "e" / "dossier.md").exists()
    assert runner.invoke(app, ["rejects", "--db", db]).stdout.count("\n") == 1


def test_every_command_has_complete_help():
    for cmd in ("run", "ingest", "export", "articles", "stories", "show", "recluster", "rejects"):
        res = runner.invoke(app, [cmd, "--help"])
        assert res.exit_code == 0 and "--db" in res.stdout, cmd


def test_html_export_escapes_article_content(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.json").write_text(json.dumps({
        "title": "<script>alert(1)</script>", "outlet": "<img src=x onerror=alert(2)>",
        "text": "Texte <script>alert(3)</script> et <a href=\"javascript:alert(4)\">lien</a> ici, assez long."}),
        encoding="utf-8")
    runner.invoke(app, ["run", str(folder), "--db", str(tmp_path / "r.db"), "--out", str(tmp_path / "o")])
    html = (tmp_path / "o" / "dossier.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bad_inputs_never_lose_what_is_already_stored(tmp_path):
    write_inputs(tmp_path / "in")
    db = str(tmp_path / "r.db")
    runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db])
    before = json.loads(runner.invoke(app, ["articles", "--db", db, "--json"]).stdout)["items"]
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "bin.html").write_bytes(bytes(range(256)) * 10)
    (bad / "broken.json").write_text("{", encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(bad), "--db", db])
    assert res.exit_code == 1 and res.output.count("rejected ") == 3
    after = json.loads(runner.invoke(app, ["articles", "--db", db, "--json"]).stdout)["items"]
    assert after == before
    assert len(json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)["items"]) >= 1


def test_english_articles_get_the_english_model(tmp_path, nlp):
    from recoupe.model import Article

    a = Article(id="a-en", source="x", text="President Anna Berg met Reuters editors in Oslo on Monday.", language="en")
    [analysis] = nlp.analyse([a])
    assert {(m.text, m.label) for m in analysis.mentions} >= {("Anna Berg", "PER"), ("Oslo", "LOC")}
    assert not analysis.notes


def test_eval_commands_refuse_a_wrong_path_with_a_one_line_reason(tmp_path):
    (tmp_path / "corpus").mkdir()
    for args in (["eval", "quotes", str(tmp_path)], ["eval", "cleaning", str(tmp_path)],
                 ["eval", "crosscheck", str(tmp_path)], ["eval", "timex", str(tmp_path / "none.jsonl")],
                 ["eval", "timeline", str(tmp_path / "none")], ["eval", "cleaning", str(tmp_path / "none")]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, (args, res.output)
        assert res.exception is None or isinstance(res.exception, SystemExit), (args, res.exception)


def test_export_since_refuses_a_value_that_is_not_a_date(tmp_path):
    res = runner.invoke(app, ["export", "--db", str(tmp_path / "r.db"), "--since", "mardi"])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output
