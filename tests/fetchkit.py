"""A fake news web for the fetching tests: a local HTTP server on 127.0.0.1 serving pages and feeds of invented
outlets (every text here was written for these tests), plus pages that misbehave on purpose.

`Site.phase` switches the feeds from their first to their second state (new entries between two polls).
`Site.hits` counts the requests per path, so tests can check what was fetched (and what was not fetched twice).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

# (slug, outlet, date, author, title, paragraphs): two invented stories told by four invented outlets,
# and a third story that only appears at the second poll.
BRIDGE = [
    ("pont-sarve-ferme", "Le Courrier du Lac", "2025-03-03", "Inès Barrault",
     "Le pont de la Sarve fermé après la découverte de fissures",
     ["Le pont de la Sarve, qui relie Vaudrennes à Cormilly, est fermé à toute circulation depuis lundi matin. "
      "Des fissures ont été découvertes sur deux piles lors d'une inspection de routine, a annoncé la préfecture.",
      "« Nous ne prendrons aucun risque avec la sécurité des usagers », a déclaré la préfète Hélène Dormoy "
      "devant la mairie de Vaudrennes. Environ 12 000 véhicules empruntent l'ouvrage chaque jour.",
      "Une déviation par la route départementale 14 allonge le trajet d'une vingtaine de minutes. "
      "Les travaux de diagnostic doivent durer au moins trois semaines, selon la direction des routes."]),
    ("sarve-deviation", "La Gazette des Collines", "2025-03-04", "Paul Ferrandi",
     "Vaudrennes : la fermeture du pont de la Sarve paralyse la circulation",
     ["Au lendemain de la fermeture du pont de la Sarve, les embouteillages se sont formés dès sept heures "
      "sur la route départementale 14, seule déviation entre Vaudrennes et Cormilly.",
      "La préfète Hélène Dormoy a confirmé mardi que des fissures avaient été relevées sur deux piles de "
      "l'ouvrage. « Le diagnostic prendra trois semaines », a-t-elle précisé.",
      "Le maire de Cormilly, Bastien Lerouge, réclame une navette fluviale pour les lycéens. "
      "Quelque 12 000 véhicules traversaient le pont chaque jour avant sa fermeture."]),
    ("pont-navette", "Radio Plateau", "2025-03-05", None,
     "Pont de la Sarve : une navette fluviale à l'étude pour les lycéens",
     ["Le département étudie la mise en service d'une navette fluviale entre Vaudrennes et Cormilly, "
      "après la fermeture du pont de la Sarve lundi pour des fissures sur deux piles.",
      "Le maire de Cormilly, Bastien Lerouge, a salué « un premier pas » mercredi. La navette pourrait "
      "transporter 80 passagers par rotation, selon le conseil départemental.",
      "La préfecture rappelle que le diagnostic de l'ouvrage durera au moins trois semaines."]),
]
MARKET = [
    ("marche-nocturne", "Le Courrier du Lac", "2025-03-04", "Inès Barrault",
     "Le marché nocturne de Brasteuil revient pour l'été",
     ["Le marché nocturne de Brasteuil reprendra le premier vendredi de juin, a annoncé la municipalité. "
      "Une soixantaine d'exposants sont attendus sur la place des Tilleuls.",
      "« Les producteurs locaux seront prioritaires », a expliqué l'adjointe au commerce, Léa Montcalm. "
      "L'an dernier, le marché avait attiré près de 4 000 visiteurs chaque soir.",
      "Les inscriptions des exposants sont ouvertes jusqu'à la fin du mois d'avril en mairie."]),
    ("brasteuil-marche", "La Gazette des Collines", "2025-03-05", "Paul Ferrandi",
     "Brasteuil : soixante exposants pour le marché nocturne",
     ["La place des Tilleuls de Brasteuil accueillera de nouveau son marché nocturne à partir de juin. "
      "La mairie annonce une soixantaine d'exposants, dont une majorité de producteurs locaux.",
      "L'adjointe au commerce Léa Montcalm a indiqué que près de 4 000 visiteurs venaient chaque soir "
      "l'an passé. Les inscriptions restent ouvertes jusqu'à fin avril.",
      "Un espace de restauration sera installé le long du canal, précise la municipalité."]),
]
LATER = [  # only in the feeds at the second poll
    ("sarve-reouverture", "Radio Plateau", "2025-03-12", None,
     "Le pont de la Sarve rouvrira aux piétons dès lundi",
     ["Le pont de la Sarve, fermé depuis le 3 mars après la découverte de fissures sur deux piles, "
      "rouvrira aux piétons et aux cyclistes lundi, a annoncé la préfète Hélène Dormoy.",
      "Les voitures devront encore emprunter la déviation par la route départementale 14 pendant "
      "au moins deux semaines. « Les piles sont stables », a assuré la préfète.",
      "Le maire de Cormilly, Bastien Lerouge, s'est dit soulagé pour les lycéens de Vaudrennes."]),
    ("incendie-entrepot", "La Gazette des Collines", "2025-03-12", "Paul Ferrandi",
     "Un entrepôt de meubles détruit par un incendie à Ostrelle",
     ["Un incendie a ravagé dans la nuit de mardi à mercredi un entrepôt de meubles de la zone artisanale "
      "d'Ostrelle. Quarante pompiers ont lutté pendant six heures contre les flammes.",
      "Aucun blessé n'est à déplorer, a indiqué le capitaine Romain Vasseur. Le bâtiment de 3 000 mètres "
      "carrés est entièrement détruit ; une enquête a été ouverte pour déterminer l'origine du feu.",
      "Les vingt salariés de l'entreprise seront placés en chômage partiel, selon la direction."]),
]

FEEDS = {  # feed path -> (outlet, slugs at phase 1, slugs added at phase 2)
    "/courrier/rss.xml": ("Le Courrier du Lac", ["pont-sarve-ferme", "marche-nocturne"], []),
    "/gazette/atom.xml": ("La Gazette des Collines", ["sarve-deviation", "brasteuil-marche"], ["incendie-entrepot"]),
    "/plateau/rss.xml": ("Radio Plateau", ["pont-navette"], ["sarve-reouverture"]),
}

ARTICLES = {a[0]: a for a in BRIDGE + MARKET + LATER}


def article_html(slug: str, base: str) -> str:
    _slug, outlet, date, author, title, paragraphs = ARTICLES[slug]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    byline = f'<p class="byline">Par {escape(author)}</p>' if author else ""
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>{escape(title)} | {escape(outlet)}</title>
<link rel="canonical" href="{base}/articles/{slug}">
<meta property="og:site_name" content="{escape(outlet)}">
<meta property="article:published_time" content="{date}T08:00:00+01:00">
{f'<meta name="author" content="{escape(author)}">' if author else ''}
</head><body>
<header><nav><a href="/">Accueil</a> <a href="/region">Région</a> <a href="/sports">Sports</a></nav></header>
<main><article><h1>{escape(title)}</h1>{byline}
{body}
</article></main>
<aside><h2>Les plus lus</h2><ul><li><a href="/x">Un autre titre sans rapport</a></li></ul></aside>
<footer><p>© {escape(outlet)} — Mentions légales — Contact</p></footer>
</body></html>"""


def rss(path: str, base: str, slugs: list[str]) -> str:
    outlet = FEEDS[path][0]
    items = []
    for slug in reversed(slugs):  # newest first, as feeds list them
        _s, _o, date, _a, title, paragraphs = ARTICLES[slug]
        y, m, d = map(int, date.split("-"))
        stamp = formatdate(time.mktime((y, m, d, 8, 0, 0, 0, 0, 0)), usegmt=True)
        if path.endswith("atom.xml"):
            items.append(f"<entry><title>{escape(title)}</title><link href=\"{base}/articles/{slug}\"/>"
                         f"<id>{base}/articles/{slug}</id><updated>{date}T08:00:00Z</updated>"
                         f"<summary>{escape(paragraphs[0][:120])}</summary></entry>")
        else:
            items.append(f"<item><title>{escape(title)}</title><link>{base}/articles/{slug}</link>"
                         f"<pubDate>{stamp}</pubDate><description>{escape(paragraphs[0][:120])}</description></item>")
    if path.endswith("atom.xml"):
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>{escape(outlet)}</title><id>{base}{path}</id><updated>2025-03-12T08:00:00Z</updated>"
                + "".join(items) + "</feed>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(outlet)}</title>'
            f"<link>{base}/</link><description>Fil</description>" + "".join(items) + "</channel></rss>")


def opml(base: str) -> str:
    outlines = "".join(f'<outline type="rss" text="{escape(o)}" xmlUrl="{base}{p}"/>' for p, (o, _a, _b) in FEEDS.items())
    return f'<?xml version="1.0"?><opml version="2.0"><head><title>Veille</title></head><body>{outlines}</body></opml>'


class Site:
    """The fake web's state; `handler_class()` serves it."""

    def __init__(self) -> None:
        self.phase = 1
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.slow_seconds = 1.5
        self.retry_after = "1"
        self.base = ""
        self.agents: set[str] = set()  # User-Agent headers received
        self.cookies: set[str] = set()  # Cookie headers received ("" when none)
        self.inflight = 0  # requests being answered now, and the most at once
        self.max_inflight = 0

    def feed_slugs(self, path: str) -> list[str]:
        _outlet, first, later = FEEDS[path]
        return first + (later if self.phase >= 2 else [])

    def respond(self, path: str, headers) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.hits[path] += 1
            n = self.hits[path]
            self.agents.add(headers.get("User-Agent", ""))
            self.cookies.add(headers.get("Cookie", ""))
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
        try:
            return self._respond(path, headers, n)
        finally:
            with self.lock:
                self.inflight -= 1

    def _respond(self, path: str, headers, n: int) -> tuple[int, dict[str, str], bytes]:
        base = self.base
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            rules = f"User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap.xml\n"
            return 200, {"Content-Type": "text/plain"}, rules.encode()
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{base}/articles/{slug}</loc><lastmod>{ARTICLES[slug][2]}</lastmod></url>"
                           for slug in [a[0] for a in BRIDGE] + ([a[0] for a in LATER] if self.phase >= 2 else []))
            return 200, {"Content-Type": "application/xml"}, (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{urls}</urlset>").encode()
        if path == "/live-page":  # an article updated between the two phases: a new revision
            page = article_html("pont-sarve-ferme", base).replace(f'{base}/articles/pont-sarve-ferme', f"{base}/live-page")
            if self.phase >= 2:
                page = page.replace("</article>", "<p>Mise à jour : la préfecture annonce un premier bilan du "
                                    "diagnostic pour la fin de la semaine prochaine.</p></article>")
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()
        if path.startswith("/articles/") and path[len("/articles/"):] in ARTICLES:
            return 200, html, article_html(path[len("/articles/"):], base).encode("utf-8")
        if path in FEEDS:
            body = rss(path, base, self.feed_slugs(path)).encode("utf-8")
            etag = f'"{path.strip("/").replace("/", "-")}-{self.phase}"'
            if headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            ctype = "application/atom+xml" if path.endswith("atom.xml") else "application/rss+xml"
            return 200, {"Content-Type": ctype, "ETag": etag}, body
        if path == "/feeds.opml":
            return 200, {"Content-Type": "text/x-opml"}, opml(base).encode("utf-8")
        if path == "/etag-page":
            etag = '"v1"'
            if headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            return (200, {**html, "ETag": etag, "Set-Cookie": "visiteur=42; Path=/"},
                    article_html("marche-nocturne", base).encode("utf-8"))
        if path == "/redirect/1":
            return 301, {"Location": "/redirect/2"}, b""
        if path == "/redirect/2":
            return 302, {"Location": f"{base}/redirect/3"}, b""
        if path == "/redirect/3":
            return 307, {"Location": "/articles/pont-navette"}, b""
        if path == "/loop":
            return 302, {"Location": "/loop"}, b""
        if path == "/flaky":  # a 500 first, then the page
            if n == 1:
                return 500, html, b"<html><body>Erreur interne</body></html>"
            return 200, html, article_html("sarve-deviation", base).encode("utf-8")
        if path == "/busy":  # a 429 with Retry-After first, then the page
            if n == 1:
                return 429, {"Retry-After": self.retry_after, **html}, b"<html><body>Trop de requetes</body></html>"
            return 200, html, article_html("brasteuil-marche", base).encode("utf-8")
        if path == "/busy-long":
            return 429, {"Retry-After": "86400", **html}, b"<html><body>Revenez demain</body></html>"
        if path.startswith("/slow"):
            time.sleep(self.slow_seconds)
            return 200, html, article_html("pont-navette", base).encode("utf-8")
        if path == "/huge":
            filler = "<p>" + "Remplissage sans intérêt. " * 40 + "</p>"
            return 200, html, ("<html><body>" + filler * 2000 + "</body></html>").encode("utf-8")
        if path == "/latin1-declared-utf8":  # the header says UTF-8, the bytes are Windows-1252
            return 200, html, article_html("pont-sarve-ferme", base).replace('charset="utf-8"', "").encode("cp1252")
        if path == "/utf8-declared-latin1":  # the header says ISO-8859-1, the bytes are UTF-8
            return (200, {"Content-Type": "text/html; charset=iso-8859-1"},
                    article_html("marche-nocturne", base).replace('<meta charset="utf-8">', "").encode("utf-8"))
        if path == "/private/secret":
            return 200, html, article_html("pont-sarve-ferme", base).encode("utf-8")
        if path == "/image.png":
            return 200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        if path == "/empty-article":
            return 200, html, b"<html><body><nav><a href='/'>Accueil</a></nav></body></html>"
        if path == "/":
            links = "".join(f'<link rel="alternate" type="application/rss+xml" href="{p}">' for p in FEEDS)
            return 200, html, f"<html><head>{links}</head><body><p>Accueil</p></body></html>".encode()
        return 404, html, b"<html><body>Page introuvable</body></html>"

    def handler_class(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                status, headers, body = site.respond(self.path.split("?")[0], self.headers)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeouts, size limit): that is what some tests want

            def log_message(self, *args):
                pass

        return Handler


class FakeWeb:
    """Start with `with FakeWeb() as web:`; `web.url(path)`; `web.site` holds the state."""

    def __init__(self) -> None:
        self.site = Site()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.site.handler_class())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.site.base = self.base
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> FakeWeb:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
