"""HTML pages: main text and metadata through trafilatura; what it leaves out is kept as `removed`."""

from __future__ import annotations

import itertools
import re
import warnings

import lxml.html
import trafilatura

from ..config import IngestParams
from ..model import RawDocument, Removed
from .dates import normalise_date

# Where a left-out block sat on the page tells what kind of furniture it was.
_KIND_BY_ANCESTOR = {
    "nav": "navigation",
    "aside": "related",
    "footer": "boilerplate",
    "figcaption": "caption",
    "figure": "caption",
    "form": "newsletter",
    "header": "navigation",
}
_BLOCKS = (
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "td", "blockquote", "div", "span", "a",
    "aside", "footer", "nav", "header", "section", "figure", "form", "label", "button",
)
_SPACE = re.compile(r"\s+")
# Characters lxml refuses in text it is given back (control characters, lone surrogates): never text anyway.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class HtmlError(ValueError):
    pass


def read_html(html: str, source: str, url: str | None = None, fmt: str = "html",
              limits: IngestParams | None = None) -> RawDocument:
    """Extract one article from an HTML page. Raises HtmlError when no main text is found."""
    limits = limits or IngestParams()
    try:
        tree = lxml.html.fromstring(_NOT_XML.sub("", html))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise HtmlError(f"unparseable HTML ({_one_line(exc)})") from None
    too_big = _too_big(tree, limits)
    if too_big:
        raise HtmlError(too_big)
    _captions_as_paragraphs(tree)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    meta = doc.as_dict() if doc is not None else {}
    text = (meta.get("text") or "").strip()
    if len(text) < limits.min_text_chars:
        raise HtmlError("no main text found in HTML")
    return RawDocument(
        source=source,
        text=text,
        format=fmt,
        title=_clean_title(meta.get("title")),
        url=url or meta.get("url"),
        outlet=meta.get("sitename") or None,
        published=normalise_date(meta.get("date")),
        language=meta.get("language") or None,
        author=meta.get("author") or None,
        removed=tuple(_left_out(tree, text, limits.max_left_out)),
    )


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (feed item bodies), paragraphs on their own lines."""
    html = _NOT_XML.sub("", html)
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return html
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    parts = []
    for el in tree.iter("p", "li", "h1", "h2", "h3", "h4", "blockquote", "figcaption"):
        t = _SPACE.sub(" ", el.text_content()).strip()
        if t:
            parts.append(t)
    return "\n\n".join(parts) if parts else tree.text_content().strip()


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    # "Headline | Site" and "Headline - Site": keep the headline
    title = re.split(r"\s+[|–—]\s+", title)[0].strip()
    return title or None


def _captions_as_paragraphs(tree) -> None:
    """Photo captions carry facts (who, where, when): keep them in the text, where the figure stood.

    trafilatura drops <figure>; a caption turned into a paragraph is kept, and cleaning later strips
    its photo credit and drops it if the page repeats it.
    """
    for fig in list(tree.iter("figure")):
        cap = fig.find(".//figcaption")
        parent = fig.getparent()
        if cap is None or parent is None:
            continue
        text = _SPACE.sub(" ", cap.text_content()).strip()
        if text:
            p = lxml.html.Element("p")
            p.text = text
            p.tail = fig.tail
            parent.replace(fig, p)


def _too_big(tree, limits: IngestParams) -> str | None:
    """Why the tree has too many elements or is too deep to extract in bounded time (None when it is fine)."""
    most = limits.max_html_elements
    if sum(1 for _ in itertools.islice(tree.iter(), most + 1)) > most:
        return f"HTML too large (more than {most:,} elements)"
    stack = [(tree, 0)]
    while stack:
        el, d = stack.pop()
        if d > limits.max_html_depth:
            return f"HTML nested deeper than {limits.max_html_depth} levels"
        stack.extend((c, d + 1) for c in el)
    return None


def _left_out(tree, main_text: str, most: int) -> list[Removed]:
    """Visible text blocks of the page that are not in the extracted main text."""
    kept = _SPACE.sub(" ", main_text)
    seen: set[str] = set()
    out: list[Removed] = []
    for el in tree.iter(*_BLOCKS):
        if any(child.tag in _BLOCKS for child in el):
            continue  # only leaf blocks: their text is not repeated by a parent
        if any(a.tag in ("script", "style", "noscript", "template") for a in el.iterancestors()):
            continue
        t = _SPACE.sub(" ", el.text_content()).strip()
        if len(t) < 2 or t in seen or t in kept:
            continue
        seen.add(t)
        kind = "boilerplate"
        for anc in [el, *el.iterancestors()]:
            if anc.tag in _KIND_BY_ANCESTOR:
                kind = _KIND_BY_ANCESTOR[anc.tag]
                break
        out.append(Removed(kind, t))
        if len(out) >= most:
            break
    return out
