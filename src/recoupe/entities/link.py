"""One entity per real-world referent across all articles of the store.

Each article's entities (`nlp.article_entities`: names, titles, surnames, role references already grouped) are
joined across articles:
1. the alias file first: an article entity any of whose names is an entry's name or alias is that entry;
   entries never join each other, so the file can both force and prevent merges;
2. people with a full name join when the names are the same name (accents, hyphens, transliteration folded),
   never on a shared given or family name alone (Kim Jong-un, Kim Jong-il and Kim Gunn stay three);
3. a person known in an article by one name only ("Poutine") joins the one full-name person of the store that
   ends with it, and stays apart when several do ("Kim" alone, with three Kims in the store);
4. organisations and places join on the same name, the same transliterated name, or an alias;
5. organisation and event names also across their usual variants (an abbreviation the store's longer names
   explain, a year added, an event's word left out), never on one shared word.
Datelines and credits ("OSTRAVA (Reuters) -") never make a place and an agency one entity (`local_entities`
takes a bracketed short form as an acronym only when it is the initials of the name before it).
The result replaces the stored entities (mentions get entity ids and roles) and quote speakers get entity ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..config import Config
from ..model import Entity, Mention
from ..nlp.article_entities import LocalEntity, is_role_reference, local_entities
from .aliases import AliasTable
from ..text.names import core, fold, same_name, same_token, simple_key, token_keys, tokens

# Single common words a model tags as places or organisations in news ("des Etats voisins", "le Nord").
COMMON_NOUNS = {"etat", "etats", "gouvernement", "nord", "sud", "est", "ouest", "president", "ministre", "image",
                "photo", "video"}


@dataclass
class Group:
    """One article's entity, on its way to a store-wide entity."""

    article: str
    local: LocalEntity
    mentions: list[Mention]
    tokens: list[str] = field(default_factory=list)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def entity_id(etype: str, name: str) -> str:
    return "e-" + hashlib.sha1(f"{etype}:{simple_key(name)}".encode()).hexdigest()[:12]


def link_entities(store, config: Config) -> list[Entity]:
    """Recompute the store's entities from its articles' mentions; store them; return them."""
    articles = store.articles()
    analyses = store.analyses([a.id for a in articles])
    groups: list[Group] = []
    table = AliasTable.load(config.alias_file)
    for a in articles:
        mentions = list(analyses[a.id].mentions)
        ents, _ = local_entities(a.text, mentions)
        for e in ents:
            for part in split_by_aliases(e, mentions, table):
                if part.mentions:
                    groups.append(Group(a.id, part, [mentions[i] for i in part.mentions], tokens(part.name)))
    entities, names_by_article = build_entities(groups, table)
    store.replace_entities(entities)
    by_id = {e.id: e for e in entities}
    speakers = []
    for a in articles:
        local = {}  # the article's own spelling of a speaker -> its entity (a quote may use any of them)
        for (art, name), eid in names_by_article.items():
            if art == a.id:
                local[fold(name)] = eid
        for q in analyses[a.id].quotes:
            eid = local.get(fold(q.speaker_name)) if q.speaker_name else None
            if eid is None and q.speaker_name:
                eid = next((e.id for e in entities if fold(e.name) == fold(q.speaker_name)
                            and any(m.article == a.id for m in e.mentions)), None)
            if eid is not None:
                speakers.append((eid, display_name(by_id[eid].name, q.speaker_name), a.id, q.start, q.end))
    store.set_quote_speakers(speakers)
    return entities


def split_by_aliases(e: LocalEntity, mentions: list[Mention], aliases: AliasTable) -> list[LocalEntity]:
    """An article's entity, split where the alias file says some of its spellings name someone else: when its
    name is in one entry and a mention's exact spelling is in another (a correction such as "'Dorvane' alone is
    another person"), those mentions become an entity of their own; everything else stays as it was."""
    own = aliases.lookup(e.name)
    if own is None:
        return [e]
    parts: dict[int, LocalEntity] = {}
    for i in e.mentions:
        other = aliases.lookup(mentions[i].text)
        if other is None or other is own or not _type_fits(other.type, e.type):
            continue
        part = parts.setdefault(id(other), LocalEntity(mentions[i].text, e.type, gender=e.gender))
        part.add(i, mentions[i])
    if not parts:
        return [e]
    moved = {i for p in parts.values() for i in p.mentions}
    kept = LocalEntity(e.name, e.type, gender=e.gender, tokens=list(e.tokens))
    for i in e.mentions:
        if i not in moved:
            kept.add(i, mentions[i])
    return [kept, *parts.values()]


def display_name(entity_name: str, article_name: str | None) -> str:
    """The name a quote shows: the store-wide name when it only completes the article's ("Poutine" ->
    "Vladimir Poutine"), the article's own name when the store-wide one is another spelling or language ("White
    House" stays in an English article linked to "Maison-Blanche")."""
    if not article_name:
        return entity_name
    mine = set(core(tokens(article_name)))
    full = core(tokens(entity_name))
    theirs = {k for t in full for k in token_keys(t)}
    initials = {t[0] for t in full if t}
    return entity_name if all(token_keys(t) & theirs or len(t) == 1 and t in initials for t in mine) else article_name


def build_entities(groups: list[Group], aliases: AliasTable) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Store-wide entities from article entities; also (article, article-level name) -> entity id."""
    groups = [g for g in groups if not _common_noun(g)]
    u = _Union(len(groups))
    forced: dict[int, int] = {}  # group -> alias entry index
    for i, g in enumerate(groups):
        for name in [g.local.name, *g.local.forms]:
            entry = aliases.lookup(name)
            if entry is not None and _type_fits(entry.type, g.local.type):
                forced[i] = aliases.entries.index(entry)
                break
    by_entry: dict[int, list[int]] = defaultdict(list)
    for i, k in forced.items():
        by_entry[k].append(i)
    for members in by_entry.values():
        for i in members[1:]:
            u.union(members[0], i)
    _link_people(groups, u, forced)
    _link_others(groups, u, forced)
    _link_variants(groups, u, forced)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(groups)):
        clusters[u.find(i)].append(i)
    entities, names = [], {}
    for members in clusters.values():
        entry_k = next((forced[i] for i in members if i in forced), None)
        entry = aliases.entries[entry_k] if entry_k is not None else None
        ent = _entity(groups, members, entry)
        entities.append(ent)
        for i in members:
            names[(groups[i].article, groups[i].local.name)] = ent.id
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return entities, names


def _common_noun(g: Group) -> bool:
    return g.local.type != "PER" and len(g.tokens) == 1 and g.tokens[0] in COMMON_NOUNS


def _type_fits(entry_type: str, local_type: str) -> bool:
    return entry_type == local_type or {entry_type, local_type} <= {"ORG", "LOC", "MISC"}


def _link_people(groups: list[Group], u: _Union, forced: dict[int, int]) -> None:
    people = [i for i, g in enumerate(groups) if g.local.type == "PER"]
    full = [i for i in people if len(core(groups[i].tokens)) >= 2]
    for i, j in _candidate_pairs(groups, full):
        if not _blocked(i, j, forced) and same_name(groups[i].tokens, groups[j].tokens):
            u.union(i, j)
    # a person known by one name in an article joins the one full-name person whose last name it is;
    # several candidates (three Kims) = ambiguous, left alone
    members_by_root: dict[int, list[int]] = defaultdict(list)
    for i in full:
        members_by_root[u.find(i)].append(i)
    roots_by_key: dict[str, set[int]] = defaultdict(set)
    for root, members in members_by_root.items():
        for i in members:
            for k in token_keys(core(groups[i].tokens)[-1]):
                roots_by_key[k].add(root)
    for i in people:
        toks = core(groups[i].tokens)
        if len(toks) != 1 or i in forced:
            continue
        cands = set().union(*(roots_by_key.get(k, set()) for k in token_keys(toks[0])))
        if len(cands) == 1:
            u.union(i, cands.pop())
    singles = [i for i in people if len(core(groups[i].tokens)) == 1 and u.find(i) == i]
    for i, j in _candidate_pairs(groups, singles):
        if not _blocked(i, j, forced) and same_token(core(groups[i].tokens)[0], core(groups[j].tokens)[0]):
            u.union(i, j)


def _link_others(groups: list[Group], u: _Union, forced: dict[int, int]) -> None:
    others = [i for i, g in enumerate(groups) if g.local.type != "PER"]
    for i, j in _candidate_pairs(groups, others):
        if _blocked(i, j, forced):
            continue
        if simple_key(groups[i].local.name) == simple_key(groups[j].local.name) or same_name(
            groups[i].tokens, groups[j].tokens
        ):
            u.union(i, j)


_STOP = {"de", "du", "des", "d", "la", "le", "l", "les", "of", "the", "et", "and", "a", "au", "aux", "en"}
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


def _content(name: str) -> list[str]:
    return [t for t in simple_key(name).split() if t not in _STOP and not _YEAR.match(t)]


def _abbreviation_table(groups: list[Group], members: list[int]) -> dict[str, list[str]]:
    """Short forms the store's longer names explain: "JO" -> jeux olympiques when some name starts with
    "Jeux olympiques …" (the initials of its first two or three content words)."""
    table: dict[str, list[str]] = {}
    for i in members:
        words = _content(groups[i].local.name)
        for n in (2, 3):
            if len(words) >= n:
                table.setdefault("".join(w[0] for w in words[:n]), words[:n])
    return table


def _variant_key(name: str, table: dict[str, list[str]]) -> tuple[str, ...]:
    """A name's content words, years dropped and abbreviations written out: "JO de Valmont 2030" and
    "Jeux olympiques de Valmont" -> (jeux, olympiques, valmont)."""
    out: list[str] = []
    raw = [t for t in re.split(r"[\s'’-]+", name) if t]
    for t in raw:
        low = simple_key(t)
        if not low or low in _STOP or _YEAR.match(low):
            continue
        if t.isupper() and 2 <= len(t) <= 3 and low in table:
            out.extend(table[low])
        else:
            out.extend(low.split())
    return tuple(out)


def _link_variants(groups: list[Group], u: _Union, forced: dict[int, int]) -> None:
    """Organisation and event names across their usual variants: an abbreviation, a year added, and for events
    (MISC) a word left out ("Jeux de Valmont" / "Jeux olympiques de Valmont"). Two content words at least must
    be shared, in the same order, with the same head: one shared token is never enough."""
    members = [i for i, g in enumerate(groups) if g.local.type in {"ORG", "MISC"}]
    table = _abbreviation_table(groups, members)
    by_head: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    for i in members:
        key = _variant_key(groups[i].local.name, table)
        if len(key) >= 2:
            by_head[key[0]].append((key, i))
    for keyed in by_head.values():
        for a in range(len(keyed)):
            for b in range(a + 1, len(keyed)):
                (ka, i), (kb, j) = keyed[a], keyed[b]
                if _blocked(i, j, forced) or u.find(i) == u.find(j):
                    continue
                events = groups[i].local.type == groups[j].local.type == "MISC" and not any(
                    re.search(r"\s(?:et|and|&)\s", groups[k].local.name) for k in (i, j))  # "X et Y": two events
                short, long_ = (ka, kb) if len(ka) < len(kb) else (kb, ka)
                if ka == kb or events and len(short) < len(long_) and _in_order(short, long_):
                    u.union(i, j)


def _in_order(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """Every word of `short` appears in `long_`, in order, and both end on the same word (the place)."""
    it = iter(long_)
    return short[-1] == long_[-1] and all(w in it for w in short)


def _candidate_pairs(groups: list[Group], members: list[int]):
    """Pairs worth comparing: those whose last name tokens share a phonetic key (same names always do)."""
    index: dict[str, list[int]] = defaultdict(list)
    for i in members:
        toks = core(groups[i].tokens)
        for k in token_keys(toks[-1]) if toks else ():
            index[k].append(i)
    seen = set()
    for bucket in index.values():
        for a in range(len(bucket)):
            for b in range(a + 1, len(bucket)):
                pair = (bucket[a], bucket[b])
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def _blocked(i: int, j: int, forced: dict[int, int]) -> bool:
    """Two groups tied to different alias entries never join."""
    return i in forced and j in forced and forced[i] != forced[j]


def _entity(groups: list[Group], members: list[int], entry) -> Entity:
    gs = [groups[i] for i in members]
    etype = entry.type if entry else Counter(g.local.type for g in gs).most_common(1)[0][0]
    if entry:
        name = entry.name
    else:
        counts = Counter(g.local.name for g in gs)
        name = max(counts, key=lambda n: (len(core(tokens(n))), counts[n], -len(n), n))
    forms: list[str] = []
    for g in gs:
        for f in g.local.forms:
            f = " ".join(f.replace("\u00a0", " ").split())
            if f not in forms and fold(f) != fold(name):
                forms.append(f)
    if entry:
        forms = list(dict.fromkeys([*forms, *(a for a in entry.aliases if a in forms)]))
    mentions = sorted(
        (Mention(m.article, m.start, m.end, m.text, m.label, None, m.role) for g in gs for m in g.mentions),
        key=lambda m: (m.article, m.start),
    )
    roles = Counter(r for g in gs for r in g.local.roles)
    role = roles.most_common(1)[0][0] if roles else None
    eid = entity_id(etype, name)
    mentions = [Mention(m.article, m.start, m.end, m.text, m.label, eid, m.role) for m in mentions]
    return Entity(eid, name, etype, tuple(forms), tuple(mentions), role, entry.wikidata if entry else None)


def role_reference_texts(entity: Entity) -> list[str]:
    return [m.text for m in entity.mentions if is_role_reference(m)]


_SPACE = re.compile(r"\s+")
