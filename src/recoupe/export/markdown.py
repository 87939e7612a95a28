"""dossier.md: the dossier as Markdown, story by story, with citations as [outlet, date] links."""

from __future__ import annotations

from . import view


def _md(text: str) -> str:
    """Escape what Markdown would read as markup in article text."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _cites(citations: list[dict], articles: dict) -> str:
    return " ".join(f"[{_md(view.cite_label(c, articles))}](#{c['article']})" for c in citations)


def render_markdown(dossier: dict) -> str:
    idx = view.index(dossier)
    articles = idx["articles"]
    lines = [f"# recoupe dossier", "", f"Generated {dossier['generated_at']} by recoupe {dossier['recoupe_version']}.", ""]
    for s in dossier["stories"]:
        lines += [f"## {_md(s['title'])}", ""]
        span = " – ".join(x for x in (s.get("first_date"), s.get("last_date")) if x)
        outlets = sorted({articles[a].get("outlet") or "?" for a in s["articles"] if a in articles})
        lines += [f"{len(s['articles'])} articles · {span or 'undated'} · {', '.join(outlets)}", ""]
        for section in SECTIONS:
            lines += section(s, dossier, idx)
        lines += ["### Articles", ""]
        for a_id in s["articles"]:
            a = articles.get(a_id)
            if a:
                lines.append(
                    f"- [{_md(a.get('title') or a_id)}](#{a_id}) — {_md(view.outlet_label(a))}, {view.date_label(a)}"
                )
        lines += [""]
        if s.get("provenance"):
            lines += ["### Text origins", ""]
            for g in s["provenance"]:
                lines.append(f"- {_md(g['origin'])}: {len(g['articles'])} article(s)")
            lines += [""]
    lines += ["## Articles", ""]
    for a in dossier["articles"]:
        lines += [f'<a id="{a["id"]}"></a>', "", f"### {_md(a.get('title') or a['id'])}", ""]
        lines += [f"*{_md(view.outlet_label(a))} · {view.date_label(a)} · {a['language']} · {_md(a['source'])}*", ""]
        for para in a["text"].split("\n\n"):
            lines += [_md(para), ""]
        if a["removed"]:
            lines += ["<details><summary>Removed from the page</summary>", ""]
            for r in a["removed"]:
                lines.append(f"- *{r['kind']}*: {_md(r['text'])}")
            lines += ["", "</details>", ""]
    if dossier.get("rejects"):
        lines += ["## Rejected inputs", ""]
        lines += [f"- {_md(r['source'])}: {_md(r['reason'])}" for r in dossier["rejects"]]
        lines += [""]
    return "\n".join(lines)


def _summary(s, dossier, idx) -> list[str]:
    if not s["summary"]:
        return []
    out = ["### Summary", ""]
    out += [f"{_md(x['text'])} {_cites(x['citations'], idx['articles'])}" for x in s["summary"]]
    return out + [""]


def _timeline(s, dossier, idx) -> list[str]:
    if not s["timeline"]:
        return []
    from .timeline_view import groups

    out = ["### Timeline", ""]
    for label, entries in groups(s["timeline"]):
        out.append(f"**{label}**")
        out.append("")
        for t in entries:
            places = f" ({_md(', '.join(t['places']))})" if t.get("places") else ""
            out.append(f"- *{t['status']}* — {_md(t['text'])}{places} {_cites(t['citations'], idx['articles'])}")
        out.append("")
    return out


def _facts(s, dossier, idx) -> list[str]:
    if not s["facts"]:
        return []
    out = ["### Facts by independent sources", ""]
    for f in s["facts"]:
        out.append(
            f"- **{f['independent_sources']}** — {_md(f['text'])} ({_md(', '.join(f['outlets']))}) "
            f"{_cites(f['citations'], idx['articles'])}"
        )
    return out + [""]


def _conflicts(s, dossier, idx) -> list[str]:
    if not s["conflicts"]:
        return []
    out = ["### Conflicts and updates", ""]
    for c in s["conflicts"]:
        out.append(f"- **{c['kind']}** — {_md(c['about'])}")
        for cl in c["claims"]:
            out.append(f"  - {_md(cl['value'])}: {_md(cl['text'])} {_cites(cl['citations'], idx['articles'])}")
    return out + [""]


def _quotes(s, dossier, idx) -> list[str]:
    quotes = [q for a in s["articles"] for q in idx["quotes_by_article"].get(a, [])]
    if not quotes:
        return []
    out = ["### Who said what", ""]
    for q in quotes:
        a = idx["articles"][q["article"]]
        who = q.get("speaker_name") or q.get("speaker_mention") or "unattributed"
        out.append(f"- **{_md(who)}** ({q['type']}): « {_md(q['text'])} » — {_md(view.outlet_label(a))}, "
                   f"{view.date_label(a)}")
    return out + [""]


SECTIONS = [_summary, _facts, _conflicts, _timeline, _quotes]
