"""Hypothesis strategies for messy news input: HTML, JSON, feeds, dates and scraped text with furniture.

The example budget is fixed and derandomized in CI; `RECOUPE_FUZZ_SCALE=20` runs twenty times as many
examples (a longer fuzzing session on a developer's machine).
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SCALE = float(os.environ.get("RECOUPE_FUZZ_SCALE", "1"))


def fuzz_settings(examples: int):
    return settings(
        max_examples=max(1, int(examples * SCALE)), derandomize=True, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                               HealthCheck.function_scoped_fixture],
    )


# Pieces that matter to our parsers and rules: quotes, furniture, dates, agency credits, markup, odd characters.
TOKENS = [
    "«", "»", "“", "”", '"', "'", "’", "« ", " »", "Publicité", "Lire aussi :", "À lire aussi", "Lire la suite",
    "Newsletter", "Recevez", "Je m'abonne", "Partager sur Facebook Twitter", "AFP", "Reuters", "ATS",
    "Le Monde avec AFP", "Par ", "by ", "Par : ", "Suivre", "Photo : ", " / ", "©", "via AFP", "Comments (3)",
    "lundi 4 septembre", "ce mardi 12 septembre 2023", "13.9.2023 - 09:27", "2023-09-13", "1er mars",
    "September 11, 2023", "date 2023-09", "Mis à jour le 12/09/2023", "Home > News", "---", "•", "\n", "\n\n",
    "\r\n", "\r", "\t", " ", "  ", ".", "!", "?", "…", ",", ":", "(", ")", "A", "Le", "Il", "Selon", "Poutine",
    "Kim Jong-un", "Brévanne", "é", "É", "ÿ", "ß", "ﬁ", "\u00a0", "\u202f", "\u200b", "\ufeff", "\x00", "\x0b",
    "\x1f", "\u2028", "\U0001f600", "<", ">", "&", "&amp;", "&#0;", "&#xD800;", "<p>", "</p>", "<br>", "<div>",
    "</div>", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "{", "}", "[", "]", "\\", "\\u0000",
    "\\ud800", "%", "?", "'; DROP TABLE articles; --", "1" * 4400, "[" * 1100,
]


def _join(parts: list[str]) -> str:
    return "".join(parts)


messy_text = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=60).map(_join)
# Line-oriented text as scrapers produce it: short lines of tokens and words.
scraped_text = st.lists(messy_text, min_size=1, max_size=12).map("\n".join)

TAGS = ["div", "p", "span", "a", "article", "main", "section", "nav", "aside", "footer", "header", "figure",
        "figcaption", "h1", "h2", "li", "ul", "table", "td", "tr", "blockquote", "script", "style", "noscript",
        "template", "form", "button", "br", "img", "meta", "title", "time", "svg", "iframe"]


def _element(children):
    return st.builds(
        lambda tag, attrs, kids, tail: f"<{tag}{attrs}>{''.join(kids)}</{tag}>{tail}",
        st.sampled_from(TAGS),
        st.sampled_from(["", ' class="article"', ' id="content"', ' property="og:site_name" content="Radio X"',
                         ' datetime="2023-09-13T10:00:00Z"', ' href="/x"', ' name="author" content="A B"',
                         ' class="nav menu"', ' itemprop="articleBody"', ' style="display:none"']),
        st.lists(children, max_size=4),
        messy_text,
    )


html_fragment = st.recursive(messy_text, _element, max_leaves=25)
html_page = st.builds(
    lambda head, body, broken: f"<html><head>{head}</head><body>{body}</body></html>"[: len(broken) or None],
    st.lists(_element(messy_text), max_size=2).map("".join),
    html_fragment,
    st.sampled_from(["", "", "", "x" * 40]),  # sometimes cut short (unclosed tags)
)

json_scalar = (st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
               | st.floats(allow_nan=True, allow_infinity=True) | messy_text)
json_value = st.recursive(json_scalar, lambda c: st.lists(c, max_size=4)
                          | st.dictionaries(st.text(max_size=6), c, max_size=4), max_leaves=12)
ARTICLE_KEYS = ["title", "headline", "text", "content", "body", "html", "content_html", "url", "link", "published",
                "date", "pubDate", "datePublished", "outlet", "sitename", "language", "lang", "author"]
article_object = st.dictionaries(
    st.sampled_from(ARTICLE_KEYS),
    json_value | messy_text | scraped_text | html_page | st.sampled_from(["2023-09-13", "13/09/2023", "", "fr"]),
    max_size=8,
)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


json_document = st.one_of(
    article_object.map(_dumps),
    st.lists(article_object, max_size=4).map(_dumps),
    st.dictionaries(st.just("articles"), st.lists(article_object | json_value, max_size=3)).map(_dumps),
    json_value.map(_dumps),
    messy_text,  # not JSON at all
)
jsonl_document = st.lists(article_object.map(_dumps) | json_value.map(_dumps) | messy_text, max_size=6).map("\n".join)

date_string = st.one_of(
    st.sampled_from(["Thu, 13 Mar 2025 08:00:00 +0100", "2025-03-12T07:00:00Z", "2023-02-30", "0000-01-01",
                     "99999-01-01", "Mon, 31 Feb 2025 25:61:00 +9999", "13.9.2023", "yesterday", "1e309", "-1"]),
    messy_text,
)
feed_entry = st.builds(
    lambda title, body, date, link, rss: (
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<description>{body}</description></item>" if rss else
        f"<entry><title>{title}</title><link href=\"{link}\"/><updated>{date}</updated>"
        f"<content type=\"html\">{body}</content></entry>"
    ),
    messy_text, messy_text | html_fragment, date_string, messy_text, st.booleans(),
)
feed_document = st.builds(
    lambda rss, title, lang, entries, tail: (
        f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>{title}</title>"
        f"<language>{lang}</language>{''.join(entries)}</channel></rss>{tail}" if rss else
        f"<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{title}"
        f"</title>{''.join(entries)}</feed>{tail}"
    ),
    st.booleans(), messy_text, st.sampled_from(["fr", "en-US", "", "x" * 30, "\x00"]), st.lists(feed_entry, max_size=4),
    st.sampled_from(["", "<rss", "</channel>", "\x00"]),
)

ENCODINGS = ["utf-8", "utf-16", "cp1252", "latin-1", "utf-8-sig"]


def encoded(text_strategy):
    """Text as bytes, in an encoding news sites use (or broken bytes)."""
    return st.one_of(
        st.builds(lambda t, enc: t.encode(enc, errors="replace"), text_strategy, st.sampled_from(ENCODINGS)),
        st.binary(max_size=300),
        st.builds(lambda t, junk: t.encode("utf-8", errors="replace") + junk, text_strategy, st.binary(max_size=8)),
        st.builds(lambda bom, junk: bom + junk, st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]),
                  st.binary(max_size=12)),  # byte order marks before anything
    )


date_value = st.one_of(
    st.none(), date_string, st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(timezones=st.none() | st.just(timezone.utc)), st.builds(datetime.now),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
