"""Speaker attribution as a choice among candidates, ranked by a learned model.

For each quote item the candidates are: every entity of the article (person, organisation, place, other name)
mentioned near the item, the phrase the rules resolved when it names no entity (kept only when the parse makes it a
noun phrase, so a fragment such as a relative pronoun with its verb is never a speaker), and UNKNOWN. Each
candidate gets features of the parse (subject or object of the speech verb, inside the speaker phrase), of distance
(characters, sentences, same paragraph), of the cue (kind, inherited), of the entity (type, how often the article
names it, the role it was given), of agreement (a pronoun's gender and number against the entity's) and the rules'
own choice. A logistic regression scores each candidate; the best one speaks.

The coefficients ship as `recoupe/data/speaker_model.json`; `recoupe train speakers` refits them on the shared gold
and prints the figures cross-validated by article. Without the file the rules' choice stands.
"""

from __future__ import annotations

import bisect
import json
import logging
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..article_entities import role_matches
from .extract import Found
from .lexicon import ANONYMOUS_HEADS_FR, verb_categories
from .phrases import INDEFINITE
from .speakers import Speaker, fold, is_pronoun, role_head

log = logging.getLogger(__name__)

MODEL_FILE = "speaker_model.json"
SENTENCES_BACK = 4  # entities named this many sentences before the item's sentence are candidates
SENTENCES_AHEAD = 1  # and this many after
MAX_CANDIDATES = 12  # nearest entities kept per item
# a noun phrase that names a source never opens with a preposition ("du contrôle …" is cut out of a longer phrase)
_PREPOSITION_FIRST = re.compile(r"(?i)^(?:du|des|de|d['’]|au|aux|à|par|pour|sur|dans|of|by|for|in|on|to)\s")

FEATURES = (
    "bias_entity", "unknown", "phrase", "rule_pick", "rule_anonymous", "rule_none", "in_phrase", "subject_of_cue",
    "object_of_cue", "only_inside_item", "dist_before", "dist_after", "none_before", "same_sentence",
    "sentences_back", "same_paragraph", "nearest_rank", "mentions", "per", "org", "loc", "misc", "prev_rule",
    "pronoun_phrase", "gender_agree", "gender_clash", "plural_clash", "role_match", "inherited", "inherited_prev",
    "no_cue_speaker", "no_cue_speaker_same_sentence", "phrase_indefinite", "phrase_anonymous_head", "cue_source",
    "cue_inverted", "cue_lead", "rule_pick_pronoun", "first_mention_before", "nominal", "nom_outlet", "nom_org",
    "nom_doc", "nom_role", "nom_anon", "was_subject", "pronoun_link", "phrase_lowercase", "rule_pick_inherited",
    "rule_pick_in_phrase", "rule_pick_far", "rule_pick_subject", "rule_pick_not_subject", "cue_declare",
    "cue_judge", "cue_react", "cue_criticise", "cue_deny_admit", "cue_ask",
)
_INDEX = {f: i for i, f in enumerate(FEATURES)}


@dataclass
class Candidate:
    name: str | None  # None: UNKNOWN
    kind: str  # person, organisation, outlet, anonymous
    forms: tuple[str, ...] = ()  # the ways the article writes it (for scoring against gold)
    x: list[float] = field(default_factory=lambda: [0.0] * len(FEATURES))

    def set(self, feature: str, value: float = 1.0) -> None:
        self.x[_INDEX[feature]] = float(value)


@dataclass(frozen=True)
class SpeakerModel:
    """Standardised logistic regression over FEATURES (mean, scale, coefficients, intercept)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    meta: dict = field(default_factory=dict)

    def score(self, x: list[float]) -> float:
        return sum(v * w for v, w in zip(x, self._weights)) + self._offset

    @property
    def _weights(self) -> tuple[float, ...]:
        """Coefficients on the raw features (the standardisation folded in), computed once."""
        w = self.__dict__.get("_w")
        if w is None:
            w = tuple(c / s for c, s in zip(self.coef, self.scale))
            object.__setattr__(self, "_w", w)
            object.__setattr__(self, "_o", self.intercept - sum(c * m / s for c, m, s in
                                                                zip(self.coef, self.mean, self.scale)))
        return w

    @property
    def _offset(self) -> float:
        self._weights
        return self.__dict__["_o"]

    def to_json(self) -> dict:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept, "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict) -> SpeakerModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("speaker model was trained on other features; retrain with `recoupe train speakers`")
        return cls(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]),
                   float(data["intercept"]), data.get("meta", {}))


@lru_cache(maxsize=1)
def packaged_model() -> SpeakerModel | None:
    """The model shipped in recoupe/data (read once; None when absent or stale, then the rules decide)."""
    path = resources.files("recoupe.data").joinpath(MODEL_FILE)
    if not path.is_file():
        log.warning("no %s: speakers are the rules' choice", MODEL_FILE)
        return None
    try:
        return SpeakerModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError) as e:
        log.warning("speaker model not used: %s", e)
        return None


def choose(cands: list[list[Candidate]], found: Found, model: SpeakerModel | None) -> list[Speaker | None]:
    """One speaker per item: the best-scored candidate (UNKNOWN gives a speaker with no name)."""
    out = []
    for it_cands, rule in zip(cands, found.rule_speakers):
        if model is None or not it_cands:
            out.append(rule)
            continue
        best = max(it_cands, key=lambda c: model.score(c.x))
        out.append(_as_speaker(best, rule))
    return out


def _as_speaker(c: Candidate, rule: Speaker | None) -> Speaker | None:
    mention = rule.mention if rule else ""
    if c.name is None:
        if rule is None:
            return None
        return Speaker(mention, None, "anonymous" if rule.kind == "anonymous" else rule.kind)
    if rule is not None and rule.name == c.name:
        return rule
    return Speaker(mention, c.name, c.kind, c.name)


# -- candidates and features ----------------------------------------------------------------------------

class _Parse:
    """Character offsets to tokens of a spaCy Doc, and the subject / object tokens of a cue."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.ok = doc is not None and len(doc) > 0 and doc.has_annotation("DEP")
        self.starts = doc.to_array("IDX").tolist() if doc is not None and len(doc) else []

    def token_at(self, offset: int):
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.doc[max(0, i)]

    def cue_roles(self, start: int, end: int) -> tuple[set[int], set[int]]:
        """(token indexes of the speech verb's subject, of its objects and obliques)."""
        if not self.ok:
            return set(), set()
        first = self.token_at(start)
        span = [t for t in self.doc[first.i : first.i + 4] if t.idx < end] or [first]
        verb = next((t for t in span if t.pos_ == "VERB"), span[0])
        if verb.pos_ == "ADP":  # "selon X": the noun phrase the preposition heads
            return {t.i for t in verb.head.subtree} if verb.head is not verb else set(), set()
        if verb.pos_ == "AUX" and verb.head is not verb:
            verb = verb.head
        subj, obj = set(), set()
        node = verb
        for _ in range(3):
            for ch in node.children:
                if ch.dep_.startswith("nsubj"):
                    subj |= {t.i for t in ch.subtree}
                elif node is verb and ch.dep_ in {"obj", "iobj", "obl", "obl:arg", "obl:mod"}:
                    obj |= {t.i for t in ch.subtree}
            if subj or node.dep_ not in {"conj", "xcomp", "advcl"} or node.head is node:
                break
            node = node.head
        return subj, obj


def candidates(text: str, doc, found: Found, chains: list | None = None) -> list[list[Candidate]]:
    """The candidates of each item with their features (in the items' order). `chains`: the article's
    coreference chains (`coref.chains`), computed here when not given."""
    from .. import coref

    parse = _Parse(doc)
    if chains is None:
        chains = coref.chains(doc, found.resolver.mentions, (found.entities, found.entity_of)) if doc is not None \
            else [coref.Chain(e.name, e.type, gender=e.gender, roles=list(e.roles), forms=list(e.forms), links=[
                coref.Link(found.resolver.mentions[i].start, found.resolver.mentions[i].end,
                           found.resolver.mentions[i].text, "name") for i in e.mentions]) for e in found.entities]
    sents = found.sentences
    out: list[list[Candidate]] = []
    prev_rule: Speaker | None = None
    prepared = [_Prepared(ch) for ch in chains]
    for it, rule in zip(found.items, found.rule_speakers):
        out.append(_item_candidates(text, parse, it, rule, prev_rule, prepared, sents))
        if rule is not None:
            prev_rule = rule
    return out


def _paragraph(text: str, at: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, at) + 1
    b = text.find("\n", at)
    return a, len(text) if b < 0 else b


class _Prepared:
    """A chain with what every item asks of it computed once: its named links' offsets and its folded names."""

    __slots__ = ("chain", "named", "starts", "folded")

    def __init__(self, chain) -> None:
        self.chain = chain
        self.named = sorted((lk.start, lk.end) for lk in chain.links if lk.kind != "pronoun")
        self.starts = [a for a, _ in self.named]
        self.folded = {fold(chain.name)} | {fold(f) for f in chain.forms}

    def near(self, lo: int, hi: int) -> list[tuple[int, int]]:
        return self.named[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]


def _matches_chain(sp: Speaker | None, p: _Prepared) -> bool:
    if sp is None or not sp.name:
        return False
    if sp.key == p.chain.name or sp.name == p.chain.name:
        return True
    return fold(sp.name) in p.folded


NOMINAL_CLASSES = (("nom_outlet", "outlet"), ("nom_org", "organisation"), ("nom_doc", "organisation"),
                   ("nom_role", "person"), ("nom_anon", "anonymous"))


def _nominal_class(head: str | None) -> str:
    from ..coref import DOCUMENT_HEADS, ORG_HEADS, OUTLET_HEADS, ROLE_HEADS

    if head in OUTLET_HEADS:
        return "nom_outlet"
    if head in ORG_HEADS:
        return "nom_org"
    if head in DOCUMENT_HEADS:
        return "nom_doc"
    if head in ROLE_HEADS:
        return "nom_role"
    return "nom_anon" if head in ANONYMOUS_HEADS_FR else "nom_other"


def _item_candidates(text, parse, it, rule, prev_rule, chains, sents) -> list[Candidate]:
    k = it.sentence
    lo = sents[max(0, k - SENTENCES_BACK)][0] if sents else 0
    hi = sents[min(len(sents) - 1, k + SENTENCES_AHEAD)][1] if sents else len(text)
    cue = it.cue
    anchor = min(it.start, cue.start) if cue else it.start
    cue_end = max(it.end, cue.end) if cue else it.end
    phrase_span = cue.speaker if cue else None
    phrase = " ".join(text[phrase_span[0] : phrase_span[1]].split()) if phrase_span else ""
    subj, obj = parse.cue_roles(cue.start, cue.end) if cue and not it.inherited else (set(), set())
    sent_a, sent_b = sents[k] if k < len(sents) else (it.start, it.end)
    par_a, par_b = _paragraph(text, it.start)
    pron = is_pronoun(phrase) if phrase else None
    sent_starts = [a for a, _ in sents]

    base = Candidate(None, "")

    def common(c: Candidate) -> None:
        c.x[:] = base.x

    def fill_base(c: Candidate) -> None:
        c.set("rule_anonymous", rule is not None and rule.kind == "anonymous")
        c.set("rule_none", rule is None or rule.name is None)
        c.set("inherited", it.inherited or cue is None)
        c.set("no_cue_speaker", phrase_span is None)
        c.set("pronoun_phrase", pron is not None)
        first = phrase.split(" ", 1)[0].lower() if phrase else ""
        c.set("phrase_indefinite", first in INDEFINITE)
        c.set("phrase_anonymous_head", any(w.lower() in ANONYMOUS_HEADS_FR for w in phrase.split()[:3]))
        if cue is not None:
            cat = verb_categories().get(cue.lemma or "")
            if cat and f"cue_{cat}" in _INDEX:
                c.set(f"cue_{cat}")  # what the verb does (declare, judge, react, criticise, deny or admit, ask)
            c.set("cue_source", cue.kind in {"source", "opinion"})
            c.set("cue_inverted", cue.kind == "inverted")
            c.set("cue_lead", cue.kind == "lead")

    fill_base(base)
    found: list[tuple[float, Candidate]] = []
    before_dists = []
    for prep in chains:
        near = prep.near(lo, hi)
        if not near:
            continue
        ch, named = prep.chain, prep.named
        if _PREPOSITION_FIRST.match(ch.name):
            continue  # "du contrôle des …": a piece of a phrase, not a name
        outside = [(a, b) for a, b in near if not (it.start <= a and b <= it.end)]
        if ch.type == "NOM":
            cls = _nominal_class(ch.head)
            if cls == "nom_other" and not (phrase_span and ch.at(*phrase_span)):
                continue  # a noun phrase that is no kind of source, unless it is the speaker phrase itself
            kind = dict(NOMINAL_CLASSES).get(cls, "organisation")
        else:
            cls, kind = ch.type.lower(), _kind(prep, rule)
        c = Candidate(ch.name, kind, tuple(ch.forms) or (ch.name,))
        common(c)
        c.set("bias_entity")
        c.set(cls if cls in _INDEX else "misc")
        if ch.type == "NOM":
            c.set("nominal")
        picked = _matches_chain(rule, prep)
        c.set("rule_pick", picked)
        c.set("rule_pick_pronoun", picked and pron is not None)
        c.set("prev_rule", _matches_chain(prev_rule, prep))
        c.set("inherited_prev", (it.inherited or cue is None) and _matches_chain(prev_rule, prep))
        c.set("mentions", math.log1p(len(named)))
        c.set("only_inside_item", not outside)
        c.set("first_mention_before", named[0][0] < anchor)
        c.set("was_subject", any(lo <= a < anchor for a in ch.subjects))
        if phrase_span:
            c.set("in_phrase", any(phrase_span[0] <= a and b <= phrase_span[1] for a, b in named))
            c.set("pronoun_link", any(lk.kind == "pronoun" and lk.start < phrase_span[1] and phrase_span[0] < lk.end
                                      for lk in ch.links))
        if subj or obj:
            toks = {parse.token_at(a).i for a, b in near}
            c.set("subject_of_cue", bool(toks & subj))
            c.set("object_of_cue", bool(toks & obj) and not toks & subj)
        before = [b for a, b in outside if b <= anchor]
        after = [a for a, b in outside if a >= cue_end]
        if before:
            d = anchor - max(before)
            c.set("dist_before", math.log1p(d) / 8)
            before_dists.append((d, c))
            back = k - max(0, bisect.bisect_right(sent_starts, max(before)) - 1)
            c.set("sentences_back", min(back, 5) / 5)
        else:
            c.set("none_before")
            c.set("sentences_back", 1.0)
        if after:
            c.set("dist_after", math.log1p(min(after) - cue_end) / 8)
        c.set("same_sentence", any(sent_a <= a < sent_b for a, b in outside))
        c.set("no_cue_speaker_same_sentence", phrase_span is None and any(sent_a <= a < sent_b for a, b in outside))
        c.set("same_paragraph", any(par_a <= a < par_b for a, b in outside))
        if pron is not None:
            g = ch.gender
            c.set("gender_agree", pron in {"m", "f"} and g == pron)
            c.set("gender_clash", pron in {"m", "f"} and g in {"m", "f"} and g != pron)
            c.set("plural_clash", pron == "p" and ch.type == "PER")
        if phrase and role_head(phrase) and pron is None:
            c.set("role_match", any(role_matches(phrase, r) for r in ch.roles))
        found.append((min([anchor - b for b in before] + [abs(a - cue_end) for a in after] + [10**6]), c))
    found.sort(key=lambda x: x[0])
    cands = [c for _, c in found[:MAX_CANDIDATES]]
    for _, c in found:
        _interactions(c, subj)
    for rank, (_, c) in enumerate(sorted(before_dists, key=lambda x: x[0])):
        c.set("nearest_rank", 1 / (1 + rank))
    if rule is not None and rule.name and not any(c.x[_INDEX["rule_pick"]] for c in cands):
        if _is_noun_phrase(parse, text, phrase_span, rule.name):
            c = Candidate(rule.name, rule.kind, (rule.name,))
            common(c)
            c.set("phrase")
            c.set("rule_pick")
            c.set("rule_pick_pronoun", pron is not None)
            c.set("in_phrase", phrase_span is not None)
            c.set("same_sentence")
            c.set("phrase_lowercase", rule.name[:1].islower())
            cands.append(c)
    u = Candidate(None, "anonymous")
    common(u)
    u.set("unknown")
    u.set("rule_pick", rule is None or rule.name is None)
    cands.append(u)
    return cands


def _interactions(c: Candidate, subj: set[int]) -> None:
    """When to trust the rules' pick: by how it was made (inherited, inside the speaker phrase, far away, the
    parse's subject or not)."""
    x = c.x
    pick = x[_INDEX["rule_pick"]]
    c.set("rule_pick_inherited", pick * x[_INDEX["inherited"]])
    c.set("rule_pick_in_phrase", pick * x[_INDEX["in_phrase"]])
    c.set("rule_pick_far", pick * (1 - x[_INDEX["same_paragraph"]]))
    c.set("rule_pick_subject", pick * x[_INDEX["subject_of_cue"]])
    c.set("rule_pick_not_subject", pick * (1 - x[_INDEX["subject_of_cue"]]) * bool(subj))


def _kind(prep: _Prepared, rule: Speaker | None) -> str:
    if prep.chain.type == "PER":
        return "person"
    if rule is not None and rule.kind == "outlet" and _matches_chain(rule, prep):
        return "outlet"
    return "organisation"


def _is_noun_phrase(parse: _Parse, text: str, span: tuple[int, int] | None, name: str) -> bool:
    """A speaker named by a phrase must be a noun phrase: where the article writes it (else the speaker phrase),
    its parse root a noun or a proper noun and no finite verb in it. Without a parse, a name that starts with a
    letter."""
    if not re.match(r"\w", name) or len(name.split()) > 12 or _PREPOSITION_FIRST.match(name):
        return False
    if not parse.ok:
        return True
    at = text.find(name)
    span = (at, at + len(name)) if at >= 0 else span
    if span is None:
        return True
    sp = parse.doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return True
    return sp.root.pos_ in {"NOUN", "PROPN", "PRON", "ADJ"} and not any(
        "Fin" in t.morph.get("VerbForm") for t in sp)


__all__ = ["Candidate", "SpeakerModel", "candidates", "choose", "packaged_model", "FEATURES"]
