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
    lines = ["# recoupe dossier", "", f"Generated {dossier['generated_at']} by recoupe {dossier['recoupe_version']}.", ""]
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
        lines += _origins(s, articles)
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
        out.append(f"- **{_md(g['origin'])}** ({kind}, {len(g['articles'])} article(s), one source): {names}")
    for p in s.get("shared_passages", []):
        a, o = articles.get(p["article"], {}), articles.get(p["origin"], {})
        out.append(f"- {_md(view.outlet_label(a))} reproduces {round(100 * p['share'])}% of its text from "
                   f"{_md(view.outlet_label(o))} ({p['kind']})")
    return out + [""]


def _summary(s, dossier, idx) -> list[str]:
    if not s["summary"]:
        return []
    def cited(x) -> str:
        return f"{_md(x['text'])} {_cites(x['citations'], idx['articles'])}"

    out = ["### Summary", ""] + [cited(x) for x in s["summary"]]
    update = s.get("update_summary")
    if update:
        out += ["", f"### What is new since {update['since']}", ""] + [cited(x) for x in update["sentences"]]
        if not update["sentences"]:
            out.append("Nothing new in the articles published since then.")
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
    """The corroboration matrix: one row per fact, one column per independent origin."""
    if not s["facts"]:
        return []
    articles = idx["articles"]
    origins = view.origins_of(s, articles)
    out = ["### Facts and who confirms them", ""]
    out.append("| fact | sources | " + " | ".join(_md(o) for o in origins) + " |")
    out.append("|---|---|" + "---|" * len(origins))
    for f in s["facts"]:
        stated = {view.origin_label(o, articles) for o in f["outlets"]}
        n = f["independent_sources"]
        label = f"{n}" if n > 1 else "1 (single source)"
        who = f" *({_md(f['attribution'])})*" if f.get("attribution") else ""
        out.append(
            f"| {_md(f['text'])}{who} {_cites(f['citations'], articles)} | {label} | "
            + " | ".join("●" if o in stated else "" for o in origins) + " |"
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
            when = f" (published {cl['published']})" if cl.get("published") else ""
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
                   f"{view.date_label(a)}](#{q['article']}) |")
    return out + [""]


SECTIONS = [_summary, _facts, _conflicts, _timeline, _quotes]
