"""Pathological inputs end as a reject with a reason or as an article, in bounded time.

Each case runs in a worker process with a generous time limit that only catches hangs (no timing is
asserted). The NLP stage runs with a blank spaCy pipeline here, so that the components' own rules meet
the pathological text; the statistical model's time grows linearly with the text (README, "Limits").
"""

import multiprocessing as mp
from dataclasses import replace

import pytest

from recoupe.config import Config, IngestParams

MAX_LEFT_OUT = IngestParams().max_left_out

pytestmark = pytest.mark.slow
HANG = 180  # seconds: far above any case's normal time; reaching it means a hang

NAV = "".join(f'<li><a href="/{i}">Rubrique {i} zq</a></li>' for i in range(3000))
PARAS = "".join(f"<p>Paragraphe {i} du texte principal, une phrase complète sur le pont de Brévanne.</p>"
                for i in range(300))
CASES: dict[str, tuple[bytes, str]] = {
    # a 10 MB single line in every format
    "line_txt": (b"a" * 10_000_000, ".txt"),
    "line_json": (b'{"text": "' + b"a" * 10_000_000 + b'"}', ".json"),
    "line_jsonl": (b'{"text": "' + b"a" * 10_000_000 + b'"}\n', ".jsonl"),
    "line_html": (b"<html><body><p>" + b"mot " * 2_500_000 + b"</p></body></html>", ".html"),
    "line_feed": (b"<rss><channel><item><title>t</title><description>" + b"mot " * 2_500_000
                  + b"</description></item></channel></rss>", ".xml"),
    # 100,000 quotation marks
    "quotes_french": (("« » " * 50_000).encode(), ".txt"),
    "quotes_straight": (('Il a dit "oui" et ' * 50_000)[:450_000].encode(), ".txt"),
    "quotes_unbalanced": (("« Il a dit " * 50_000)[:490_000].encode(), ".txt"),
    # deep nesting
    "nested_html": (b"<div>" * 100_000 + b"texte" + b"</div>" * 100_000, ".html"),
    "nested_json": (b"[" * 100_000 + b"]" * 100_000, ".json"),
    "nested_jsonl": (b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", ".jsonl"),
    "nested_feed": (b"<rss><channel><item><title>t</title>" + b"<x>" * 100_000 + b"</x>" * 100_000
                    + b"<description>Un texte.</description></item></channel></rss>", ".xml"),
    "huge_number": (b'{"text": "x", "published": ' + b"9" * 100_000 + b"}", ".json"),
    # inputs that made a rule scan quadratically before their limits
    "html_elements": (b"<html><body>" + b"<p>Un mot.</p>" * 700_000 + b"</body></html>", ".html"),
    "html_many_blocks": (f"<html><body><nav><ul>{NAV}</ul></nav><article>{PARAS}</article></body></html>".encode(),
                         ".html"),
    "dotted_word": (("A." * 240_000).encode(), ".txt"),
    "related_runs": (("Lire aussi " * 45_000).encode(), ".txt"),
    "ads_runs": (("Publicité " * 45_000).encode(), ".txt"),
    "all_caps": (("AB CD " * 80_000).encode(), ".txt"),
    "short_lines": (("ab\n" * 160_000).encode(), ".txt"),
    "distinct_lines": ("".join(f"mot{i} deux trois quatre cinq six sept\n" for i in range(12_000)).encode(), ".txt"),
}


def outcome(name: str) -> list[tuple[str, str, int]]:
    """Read, prepare and analyse one case: ("article", "", pieces left out as navigation) or ("reject", reason, 0)."""
    from recoupe.ingest import read_bytes
    from recoupe.model import Reject
    from recoupe.nlp.language import LanguageDetector
    from recoupe.nlp.pipeline import NLP
    from recoupe.pipeline import analyse_safely, prepare_safely

    config = replace(Config(db=":memory:"), models={})  # blank spaCy pipelines: the rules, not the model
    data, ext = CASES[name]
    out = []
    for item in read_bytes(data, f"{name}{ext}", ext, config):
        art = item if isinstance(item, Reject) else prepare_safely(item, LanguageDetector(), config)
        if not isinstance(art, Reject):
            [art_or_reject] = analyse_safely(NLP(config), [art])
            if not isinstance(art_or_reject, Reject):
                out.append(("article", "", sum(r.kind == "navigation" for r in art.removed)))
                continue
            art = art_or_reject
        out.append(("reject", art.reason, 0))
    return out


class Worker:
    """One spawned process for the cases; a hung case costs a new process, not the cases after it."""

    def __init__(self) -> None:
        self.pool = mp.get_context("spawn").Pool(1)

    def run(self, name: str):
        try:
            return self.pool.apply_async(outcome, (name,)).get(timeout=HANG)
        except mp.TimeoutError:
            self.pool.terminate()
            self.pool = mp.get_context("spawn").Pool(1)
            pytest.fail(f"{name}: no answer in {HANG} s (hang)")


@pytest.fixture(scope="module")
def worker():
    w = Worker()
    yield w
    w.pool.terminate()


EXPECTED_REJECT = {
    "line_txt": "article too long", "line_json": "article too long", "line_jsonl": "line too long",
    "line_html": "", "line_feed": "article too long", "nested_html": "", "nested_json": "nested too deeply",
    "nested_jsonl": "nested too deeply", "huge_number": "invalid JSON", "html_elements": "HTML too large",
    "related_runs": "no article text left", "ads_runs": "no article text left", "short_lines": "no article text left",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_REJECT))
def test_pathological_input_is_rejected_with_a_reason(worker, name):
    [(kind, reason, _)] = worker.run(name)
    assert kind == "reject" and reason.strip() and "\n" not in reason
    assert EXPECTED_REJECT[name] in reason


@pytest.mark.parametrize("name", sorted(set(CASES) - set(EXPECTED_REJECT)))
def test_pathological_but_readable_input_becomes_an_article(worker, name):
    results = worker.run(name)
    assert [k for k, _, _ in results] == ["article"], results


def test_left_out_page_blocks_are_capped(worker):
    [(kind, _, navigation)] = worker.run("html_many_blocks")
    assert kind == "article" and navigation == MAX_LEFT_OUT  # of the 3,000 menu entries


def test_limits_in_config_are_the_documented_ones():
    config = Config()
    assert (config.max_file_bytes, config.max_article_chars) == (20 * 1024 * 1024, 500_000)
