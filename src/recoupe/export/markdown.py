"""dossier.md: the dossier as Markdown, story by story, with citations as [outlet, date] links."""

from __future__ import annotations

import re
from urllib.parse import quote

from . import view

_MD_SPECIAL = set("\\`*_{}[]()<>#|!~&")


def _md(text: str | None) -> str:
    """Any text that comes from an article or a user (titles, outlets, names, quotes, sources) as literal
    Markdown text: every character Markdown or HTML could read as markup is backslash-escaped ("<" and "&" too,
    so no tag or entity a viewer would render survives), and line breaks become spaces (no new block)."""
    text = " ".join(str(text or "").split())
    text = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
    return re.sub(r"^(\d+)([.)])|^([-+=])", lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}",
                  text)  # a list marker or a heading underline at the start of a line


def _anchor(article_id: str) -> str:
    return re.sub(r"[^\w-]", "", article_id)


def origin_name(origin: str, articles: dict) -> str:
    return view.origin_label(origin, articles)


def _url(url: str | None) -> str | None:
    """A web address safe inside a Markdown link's (…): http(s) only, with spaces, brackets and quotes encoded."""
    if not url or not url.strip().lower().startswith(("http://", "https://")):
        return None
    return quote(url.strip(), safe=":/?#@!$&'*+,;=%-._~").replace("'", "%27").replace("(", "%28").replace(")", "%29")


def _cites(citations: list[dict], articles: dict) -> str:
    return " ".join(f"[{_md(view.cite_label(c, articles))}](#{_anchor(c['article'])})" for c in citations)


def render_markdown(dossier: dict) -> str:
    idx = view.index(dossier)
    articles = idx["articles"]
    lines = ["# recoupe dossier", "", f"Generated {dossier['generated_at']} by recoupe {dossier['recoupe_version']}.", ""]
    for s in dossier["stories"]:
        lines += [f"## {_md(s['title'])}", ""]
        span = " – ".join(_md(x) for x in (s.get("first_date"), s.get("last_date")) if x)
        outlets = sorted({view.source_name(articles[a]) for a in s["articles"] if a in articles})
        lines += [f"{len(s['articles'])} articles · {span or 'undated'} · {', '.join(_md(o) for o in outlets)}", ""]
        for section in SECTIONS:
            lines += section(s, dossier, idx)
        lines += ["### Articles", ""]
        for a_id in s["articles"]:
            a = articles.get(a_id)
            if a:
                link = _url(a.get("url"))
                lines.append(
                    f"- [{_md(a.get('title') or view.source_name(a))}](#{a_id}) — {_md(view.outlet_label(a))}, "
                    f"{_md(view.date_label(a))}" + (f" — [original]({link})" if link else "")
                )
        lines += [""]
        lines += _origins(s, articles)
    lines += ["## Articles", ""]
    for a in dossier["articles"]:
        lines += [f'<a id="{_anchor(a["id"])}"></a>', "", f"### {_md(a.get('title') or view.source_name(a))}", ""]
        link = _url(a.get("url"))
        where = f"[{_md(a['url'])}]({link})" if link else _md(view.file_name(a.get("source")) or a.get("url") or "")
        lines += [f"*{_md(view.outlet_label(a))} · {_md(view.date_label(a))} · {_md(a['language'])} · {where}*", ""]
        for para in a["text"].split("\n\n"):
            lines += [_md(para), ""]
        if a["removed"]:
            lines += ["<details><summary>Removed from the page</summary>", ""]
            for r in a["removed"]:
                lines.append(f"- *{_md(r['kind'])}*: {_md(r['text'])}")
            lines += ["", "</details>", ""]
    if dossier.get("rejects"):
        lines += ["## Rejected inputs", ""]
        lines += [f"- {_md(r['source'])}: {_md(r['reason'])}" for r in dossier["rejects"]]
        lines += [""]
    return "\n".join(lines)


_ORIGIN_KIND = {"copy": "texts copied from one another", "credit": "credited to this origin",
                "outlet": "same outlet", "own": "own text"}


def _origins(s, articles) -> list[str]:
    """Which articles share a text origin (they count as one source), and which passages were copied."""
    if not s.get("provenance"):
        return []
    out = ["### Text origins", ""]
    for g in s["provenance"]:
        names = ", ".join(
            f"[{_md(view.outlet_label(articles[a]))}](#{a})" for a in g["articles"] if a in articles
        )
        kind = _ORIGIN_KIND.get(g.get("kind", ""), g.get("kind", ""))
        out.append(f"- **{_md(origin_name(g['origin'], articles))}** ({_md(kind)}, {len(g['articles'])} article(s), "
                   f"one source): {names}")
    for p in s.get("shared_passages", []):
        a, o = articles.get(p["article"], {}), articles.get(p["origin"], {})
        out.append(f"- {_md(view.outlet_label(a))} reproduces {round(100 * p['share'])}% of its text from "
                   f"{_md(view.outlet_label(o))} ({_md(p['kind'])})")
    return out + [""]


def _summary(s, dossier, idx) -> list[str]:
    if not s["summary"]:
        return []
    def cited(x) -> str:
        return f"{_md(x['text'])} {_cites(x['citations'], idx['articles'])}"

    out = ["### Summary", ""] + [cited(x) for x in s["summary"]]
    update = s.get("update_summary")
    if update:
        out += ["", f"### What is new since {_md(update['since'])}", ""] + [cited(x) for x in update["sentences"]]
        if not update["sentences"]:
            out.append("Nothing new in the articles published since then.")
    return out + [""]


def _timeline(s, dossier, idx) -> list[str]:
    if not s["timeline"]:
        return []
    from .timeline_view import groups, readable

    shown = readable(s["timeline"], s.get("first_date"), s.get("last_date"))
    out = ["### Timeline", ""]
    for title, entries in (("", shown.events), ("Background: dates outside the story's period", shown.background)):
        if not entries:
            continue
        if title:
            out += [f"#### {title}", ""]
        for label, group in groups(entries):
            out.append(f"**{_md(label)}**")
            out.append("")
            for t in group:
                places = f" ({_md(', '.join(t['places']))})" if t.get("places") else ""
                out.append(f"- *{_md(t['status'])}* — {_md(t['text'])}{places} {_cites(t['citations'], idx['articles'])}")
            out.append("")
    return out


def _facts(s, dossier, idx) -> list[str]:
    """The corroboration matrix: one row per fact, one column per independent origin."""
    if not s["facts"]:
        return []
    articles = idx["articles"]
    columns = view.matrix_columns(s["articles"], articles)
    out = ["### Facts and who confirms them", ""]
    out.append("| fact | sources | " + " | ".join(_md(o) for o in columns) + " |")
    out.append("|---|---|" + "---|" * len(columns))
    for f in s["facts"]:
        cells = view.matrix_cells(f, columns, articles)
        n = f["independent_sources"]
        label = f"{n}" if n > 1 else "1 (single source)"
        who = f" *({_md(f['attribution'])})*" if f.get("attribution") else ""
        out.append(
            f"| {_md(f['text'])}{who} {_cites(f['citations'], articles)} | {label} | "
            + " | ".join("●" if cell else "" for cell in cells) + " |"
        )
    return out + [""]


def _conflicts(s, dossier, idx) -> list[str]:
    if not s["conflicts"]:
        return []
    out = ["### Conflicts and updates", ""]
    for c in s["conflicts"]:
        kind = "Update" if c["kind"] == "update" else "Conflict"
        out.append(f"- **{kind}** — {_md(c['about'])}")
        for cl in c["claims"]:
            when = f" (published {_md(cl['published'])})" if cl.get("published") else ""
            out.append(f"  - **{_md(cl['value'])}**{when}: {_md(cl['text'])} {_cites(cl['citations'], idx['articles'])}")
    return out + [""]


def _quotes(s, dossier, idx) -> list[str]:
    quotes = sorted((q for a in s["articles"] for q in idx["quotes_by_article"].get(a, [])), key=view.quote_sort_key)
    if not quotes:
        return []
    out = ["### Who said what", "", "| speaker | quote | outlet, date |", "|---|---|---|"]
    for q in quotes:
        a = idx["articles"][q["article"]]
        ent = idx["entities"].get(q.get("speaker") or "")
        who = q.get("speaker_name") or q.get("speaker_mention") or "unattributed"
        if ent and ent.get("role"):
            who += f" ({ent['role']})"
        elif not q.get("speaker_name") and q.get("source_kind"):
            who += f" ({q['source_kind']})"
        said = f"« {q['text']} »" if q["type"] == "direct" else q["text"]
        extra = " · ".join(x for x in (q["type"], q.get("cue"), f"via {q['via']}" if q.get("via") else None) if x)
        out.append(f"| {_md(who)} | {_md(said)} *({_md(extra)})* | [{_md(view.outlet_label(a))}, "
                   f"{_md(view.date_label(a))}](#{_anchor(q['article'])}) |")
    return out + [""]


SECTIONS = [_summary, _facts, _conflicts, _timeline, _quotes]
