"""The per-article entity component: the model's mentions repaired, roles attached, role references found.

- mentions: the NER spans after `ner_fixes` (furniture, glued words, metonymy, organisations taken for people);
- roles: "la porte-parole de la préfecture, Inès Garnier", "Inès Garnier, porte-parole de la préfecture" and
  "le maire écologiste Paul Vidal" give the mention the role "porte-parole de la préfecture" / "maire écologiste";
- role references: a role phrase with no name ("l'édile lyonnais") becomes a PER mention when the article
  gave that role to one person; the cross-article stage resolves it the same way (`local_entities`).
Languages without an NER model keep the mentions they have (none): their quotes still get speakers by rule.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Analysis, Article, Mention
from .article_entities import local_entities, resolve_role
from .ner_fixes import fix_entities
from .quotes.lexicon import ROLE_HEADS_EN, ROLE_HEADS_FR

ROLE_HEADS = set(ROLE_HEADS_FR) | set(ROLE_HEADS_EN)
_ROLE_WORD = r"[\w’'-]+"
_DETS = r"(?:le|la|l['’]|les|the|son|sa|leur|cet|cette|ce)"
# up to eight words after the role noun: adjectives, "de/du/des/d'" complements, capitalised names
_ROLE_TAIL = r"(?:\s+(?:de\s+la|de\s+l['’]|d['’]|de|du|des|of\s+the|of|en|à|au|aux)?\s*[\w’'-]+){0,8}?"
LEFT_ROLE = re.compile(
    rf"(?:(?<=\W)|^)(?P<det>{_DETS}\s+|l['’])?(?P<role>(?:nouveau\s+|nouvelle\s+|ancien\s+|ancienne\s+|"
    rf"premier\s+|première\s+|vice-)?(?P<head>{_ROLE_WORD}){_ROLE_TAIL})\s*,?\s*$",
    re.IGNORECASE,
)
RIGHT_ROLE = re.compile(
    rf"^\s*,\s*(?P<det>{_DETS}\s+|l['’])?(?P<role>(?P<head>{_ROLE_WORD})[^,.;:!?()«»\"“”]{{0,80}}?)\s*(?=[,.;:!?)]|$)",
    re.IGNORECASE,
)
ROLE_REFERENCE = re.compile(
    rf"(?<![\w’'-])(?P<det>(?i:{_DETS}))\s+(?P<role>(?P<head>{_ROLE_WORD})(?:\s+[a-zéèêàâîôûç][\w’'-]*(?:ien|ienne|ais|aise|"
    rf"ain|aine|ois|oise|ol|ole|in|ine|e|é|ée|al|ale|el|elle|an|ane|ique))?(?:\s+(?:de\s+la|de\s+l['’]|d['’]|de|du|des)"
    rf"\s*[A-ZÉ][\w’'-]+(?:\s+[A-ZÉ][\w’'-]+)?)?)(?![\w’'-])",
)
_NOT_ROLE_TAIL = re.compile(r"\b(?:a|ont|est|sont|était|avait|qui|que|dont|et|mais|il|elle|se|s['’]|ne|n['’])\b", re.I)


def entities(article: Article, doc, analysis: Analysis) -> Analysis:
    """Component: repaired mentions with roles, plus resolved role references."""
    text = article.text
    mentions = [
        Mention(article.id, doc[s.start].idx, doc[s.end - 1].idx + len(doc[s.end - 1].text),
                doc[s.start : s.end].text, s.label)
        for s in fix_entities(doc)
    ] if doc.has_annotation("ENT_IOB") else list(analysis.mentions)
    mentions = split_joined_names(mentions)
    mentions = [_with_role(text, m, mentions) for m in mentions]
    mentions += role_references(article.id, text, mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    return replace(analysis, mentions=tuple(mentions))


def split_joined_names(mentions: list[Mention]) -> list[Mention]:
    """"Poutine-Kim" (a summit named after two people) -> "Poutine", "Kim", when the article names each."""
    words = {w for m in mentions if m.label == "PER" for w in re.split(r"[\s\u00a0]+", m.text)}
    out = []
    for m in mentions:
        j = re.match(r"^([A-ZÀ-Ý][\w’']+)-([A-ZÀ-Ý][\w’']+)(.*)$", m.text)
        if m.label in {"PER", "MISC"} and j and j.group(1) in words and j.group(2) in words | {
            w.split("-")[0] for w in words
        }:
            cut = m.start + len(j.group(1))
            out.append(replace(m, end=cut, text=j.group(1), label="PER"))
            out.append(replace(m, start=cut + 1, text=m.text[len(j.group(1)) + 1 :], label="PER"))
        else:
            out.append(m)
    return out


def _with_role(text: str, m: Mention, mentions: list[Mention]) -> Mention:
    if m.label != "PER":
        return m
    role = role_before(text, m.start, mentions) or role_after(text, m.end)
    return replace(m, role=role) if role else m


def role_before(text: str, start: int, mentions: list[Mention]) -> str | None:
    """"le porte-parole du Kremlin, X" / "le président russe X": the role phrase just before a name."""
    window_start = max(0, start - 120)
    sentence_start = max(text.rfind(c, window_start, start) for c in ".;:!?\n«»\"“”(")
    window_start = max(window_start, sentence_start + 1)
    m = LEFT_ROLE.search(text, window_start, start)
    while m:
        role = _clean_role(m.group("role"))
        if role and _role_head_ok(role) and not _NOT_ROLE_TAIL.search(role):
            # a name inside the role phrase is an organisation or a place ("du Kremlin"), not another person
            inner = [x for x in mentions if m.start("role") <= x.start < start and x.label == "PER"]
            if not inner:
                return role
        nxt = text.find(" ", m.start() + 1, start)
        if nxt < 0:
            return None
        m = LEFT_ROLE.search(text, nxt + 1, start)
    return None


def role_after(text: str, end: int) -> str | None:
    """"X, porte-parole du Kremlin," / "X, le ministre de la Défense.": a role in apposition after a name."""
    m = RIGHT_ROLE.match(text[end : end + 120])
    if not m:
        return None
    role = _clean_role(m.group("role"))
    if role and _role_head_ok(role) and not _NOT_ROLE_TAIL.search(role):
        return role
    return None


def _role_head_ok(role: str) -> bool:
    first = re.split(r"\s+", role.strip(), maxsplit=1)[0].lower()
    first = re.sub(r"^(?:nouveau|nouvelle|ancien|ancienne|premier|première)$", "", first)
    if not first:
        first = role.split()[1].lower() if len(role.split()) > 1 else ""
    return first in ROLE_HEADS or first.startswith("ex-") and first[3:] in ROLE_HEADS


def _clean_role(role: str) -> str:
    return " ".join(role.replace("\u00a0", " ").split()).strip(" ,")


def role_references(article_id: str, text: str, mentions: list[Mention]) -> list[Mention]:
    """Role phrases standing for a person the article named with that role ("le dirigeant nord-coréen")."""
    if not any(m.role for m in mentions):
        return []
    ents, _ = local_entities(text, mentions)
    if not any(e.roles for e in ents):
        return []
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for m in ROLE_REFERENCE.finditer(text):
        if m.group("head").lower() not in ROLE_HEADS:
            continue
        s, e = m.start(), m.end()
        if any(a < e + 3 and b > s - 3 for a, b in taken):
            continue  # a role next to a name is that name's role, already attached
        after = text[e : e + 3]
        if after.lstrip(" ,")[:1].isupper() and after.startswith((" ", ", ")):
            continue  # "le président Poutine" with a name the model missed
        ref = Mention(article_id, s, e, text[s:e], "PER", role=_clean_role(m.group("role")))
        if resolve_role(ref.text, s, ents, mentions) is not None:
            out.append(ref)
    return out
