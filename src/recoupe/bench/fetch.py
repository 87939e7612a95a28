"""`recoupe bench fetch`: pages per second fetched from a local server and extracted (recoupe's Fetcher and page
reader), beside trafilatura's extraction alone on the same pages held in memory.

The pages are generated (bench/corpus.py paragraphs inside a news-site template with navigation, related
links and a footer) and served by a threaded HTTP server on 127.0.0.1 started by this command; nothing leaves
the machine. The fetch run lifts the politeness delay (`min_interval` 0, four requests at a time): it measures
the client, not the wait a real site gets (by default one request a second per site).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Annotated
from xml.sax.saxutils import escape

import typer

from ..config import FetchParams, examples_dir, shared_dir
from . import app
from .corpus import generate, paragraphs
from .measure import measure

TEMPLATE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title} | Le Banc d'Essai</title>
<meta property="og:site_name" content="Le Banc d'Essai"><link rel="canonical" href="/p/{i}">
<meta property="article:published_time" content="2024-05-{day:02d}T09:00:00+02:00"></head><body>
<style>{style}</style><script type="application/json">{script}</script>
<header><nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/eco">Économie</a></nav>
<nav class="menu"><ul>{menu}</ul></nav></header>
<main><article><h1>{title}</h1>{body}</article></main>
<aside><h2>À lire aussi</h2><ul>{related}</ul></aside><footer><p>© Le Banc d'Essai — Mentions légales</p></footer>
</body></html>"""


# What news pages carry besides the article (~40 KiB here; real pages often weigh more): a large menu, styles and
# an inline data blob.
MENU = "".join(f'<li><a href="/rubrique/{k}">Rubrique {k}</a><ul><li><a href="/rubrique/{k}/a">Sous-rubrique</a>'
               f'</li></ul></li>' for k in range(150))
STYLE = "".join(f".c{k}{{margin:{k % 7}px;color:#{k:06x}}}" for k in range(400))
SCRIPT = json.dumps({"ads": [{"slot": k, "size": [300, 250]} for k in range(200)]})


def pages(n: int) -> list[bytes]:
    docs = generate(n, paragraphs(shared_dir(), examples_dir()))
    out = []
    for i, doc in enumerate(docs):
        title, *paras = doc.text.split("\n\n")
        body = "".join(f"<p>{escape(p)}</p>" for p in paras)
        related = "".join(f'<li><a href="/p/{(i + k) % n}">Article {(i + k) % n}</a></li>' for k in range(1, 6))
        out.append(TEMPLATE.format(title=escape(title), body=body, related=related, i=i, day=i % 28 + 1,
                                   menu=MENU, style=STYLE, script=SCRIPT).encode())
    return out


def serve(bodies: list[bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802
            if self.path == "/robots.txt":
                body, status, ctype = b"User-agent: *\nAllow: /\n", 200, "text/plain"
            else:
                try:
                    body, status, ctype = bodies[int(self.path.rsplit("/", 1)[-1])], 200, "text/html; charset=utf-8"
                except (ValueError, IndexError):
                    body, status, ctype = b"not found", 404, "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _fetch_and_extract(urls: list[str], params: FetchParams) -> tuple[int, int]:
    """(articles extracted, rejects) fetching and reading every URL."""
    from ..ingest.fetch import Fetcher
    from ..ingest.pages import page_document
    from ..model import Page

    ok = bad = 0
    with Fetcher(params) as fetcher:
        for got in fetcher.get_many(urls):
            doc = page_document(got, 500_000) if isinstance(got, Page) else got
            ok, bad = (ok + 1, bad) if hasattr(doc, "text") else (ok, bad + 1)
    return ok, bad


def _trafilatura_alone(bodies: list[bytes]) -> tuple[int, int]:
    import trafilatura

    ok = bad = 0
    for body in bodies:
        doc = trafilatura.bare_extraction(body.decode("utf-8"), with_metadata=True, include_tables=True)
        ok, bad = (ok + 1, bad) if doc is not None and doc.text else (ok, bad + 1)
    return ok, bad


@app.command("fetch")
def bench_fetch(
    n: Annotated[int, typer.Option(help="Pages served and fetched.")] = 300,
    workers: Annotated[int, typer.Option(help="Requests in flight at once (one local host).")] = 4,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Pages/s fetched from a local server and extracted, beside trafilatura's extraction alone, with peak memory."""
    bodies = pages(n)
    server = serve(bodies)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = [f"{base}/p/{i}" for i in range(n)]
        params = FetchParams(allow_private=True, min_interval=0.0, workers=workers, per_host_concurrency=workers)
        fetch_s, fetch_mb, (fetch_ok, fetch_bad) = measure(_fetch_and_extract, urls, params)
        alone_s, alone_mb, (alone_ok, alone_bad) = measure(_trafilatura_alone, bodies)
    finally:
        server.shutdown()
        server.server_close()
    avg_kb = sum(map(len, bodies)) / n / 1024
    result = {
        "pages": n, "avg_kib": round(avg_kb, 1), "workers": workers,
        "fetch_and_extract": {"seconds": round(fetch_s, 2), "pages_per_s": round(n / fetch_s, 1),
                              "peak_mib": round(fetch_mb), "extracted": fetch_ok, "rejected": fetch_bad},
        "trafilatura_alone": {"seconds": round(alone_s, 2), "pages_per_s": round(n / alone_s, 1),
                              "peak_mib": round(alone_mb), "extracted": alone_ok, "rejected": alone_bad},
    }
    result["ratio"] = round(result["fetch_and_extract"]["pages_per_s"] / result["trafilatura_alone"]["pages_per_s"], 2)
    if as_json:
        print(json.dumps(result))
        return
    print(f"{n} generated pages of ~{avg_kb:.0f} KiB from a server on 127.0.0.1, {workers} requests at a time")
    for key, label in (("fetch_and_extract", "recoupe fetch + extract"), ("trafilatura_alone", "trafilatura alone   ")):
        r = result[key]
        print(f"  {label}: {r['pages_per_s']:7.1f} pages/s  peak {r['peak_mib']} MiB  "
              f"({r['extracted']} extracted, {r['rejected']} rejected)")
    print(f"  {result['ratio']}x trafilatura alone; by default recoupe waits 1 s between two requests to one site")
