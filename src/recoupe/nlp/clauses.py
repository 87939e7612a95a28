"""Clauses from the dependency parse: what each clause of a sentence predicates, for cross-checking.

A clause is headed by a verb (or by the noun or adjective of a verbless clause the parser made a clause
head) attached to the sentence as its root, a coordinated verb, an adverbial, complement, relative,
participial or parenthetical clause. For each one the sentence keeps: the span of the head's subtree, the predicate
lemmas (the head, then the verbs it governs as open complements: "devrait se rendre" -> "devoir rendre"),
the relation (root, conj, advcl, ccomp, csubj, relcl, acl, parataxis), the mood ("conditional", "future", "infinitive", "participle" or "" for a plain indicative),
whether it is negated, and the span of its subject (inherited from the governing clause when the clause
has none of its own: "Parti dimanche de Pyongyang, Kim a serré la main …" gives "Parti …" Kim's subject;
the antecedent for a relative "qui").

Labels are those of the French (Universal Dependencies) and English (ClearNLP) spaCy models; a pipeline
without a parser gives no clauses, and cross-checking then cuts sentences at punctuation.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..model import Analysis, Article, Clause

# dependency label -> our relation name; any other label does not start a clause
_RELATIONS = {
    "ROOT": "root", "conj": "conj", "advcl": "advcl", "ccomp": "ccomp", "csubj": "csubj",
    "acl:relcl": "relcl", "relcl": "relcl", "parataxis": "parataxis", "acl": "acl",
}
_PREDICATE_POS = {"VERB", "AUX", "NOUN", "ADJ", "PROPN"}
_SUBJECTS = {"nsubj", "nsubj:pass", "nsubjpass", "csubj", "expl:subj"}
_NEGATION = {"ne", "not", "n't", "never", "jamais"}
_FUTURE_AUX = {"will", "shall"}
_CONDITIONAL_AUX = {"would", "could", "might", "should", "may"}


def clauses(article: Article, doc: Doc, analysis: Analysis) -> Analysis:
    """Each sentence with the clauses of the parse (sentences are matched to spaCy's by their start)."""
    if not doc.has_annotation("DEP"):
        return analysis
    by_start = {}
    for sent in doc.sents:
        text = sent.text
        by_start[sent.start_char + (len(text) - len(text.lstrip()))] = sent
    names = frozenset(m.start for m in analysis.mentions)
    out = []
    for s in analysis.sentences:
        sent = by_start.get(s.start)
        out.append(replace(s, clauses=sentence_clauses(sent, names)) if sent is not None else s)
    return replace(analysis, sentences=tuple(out))


def _is_head(t: Token) -> bool:
    rel = _RELATIONS.get(t.dep_)
    if rel is None or t.pos_ not in _PREDICATE_POS:
        return False
    if rel == "conj":  # "et a rencontré Poutine", not "des armes et des munitions"
        return t.pos_ in ("VERB", "AUX") and (t.head.pos_ in ("VERB", "AUX") or _is_head(t.head))
    if rel == "root":
        return t.pos_ in ("VERB", "AUX") or any(c.dep_ in ("cop", "nsubj") for c in t.children)
    if rel == "acl":  # a participle or infinitive on a noun: "les habitants, évacués mercredi soir, …"
        return t.pos_ == "VERB"
    return True


def _predicate(t: Token) -> list[str]:
    """The head's lemma, then those of the verbs it takes as open complements ("chercher garantir")."""
    out = [t.lemma_.lower()]
    seen = {t.i}
    while True:
        nxt = next((c for c in t.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and c.i not in seen), None)
        if nxt is None:
            return out
        out.append(nxt.lemma_.lower())
        seen.add(nxt.i)
        t = nxt


_PARTICIPLE_END = re.compile(r"(?:é|ée|és|ées|i|ie|is|ies|it|ite|u|ue|us|ues|ert|erte|ant|ed|ing)$")
# French conditional and future endings: the tagger often reads "rendrait" as an imperfect indicative
_CONDITIONAL_END = re.compile(r"\w{2,}r(?:ais|ait|ions|iez|aient)$")
_FUTURE_END = re.compile(r"\w{2,}(?:er|ir|r)(?:a|ont|ai|as|ons|ez)$")


def _mood(t: Token) -> str:
    aux = [c for c in t.children if c.dep_.startswith("aux")]
    for word in [*aux, t]:
        morph = word.morph
        french = word.lang_ == "fr" and word.pos_ in ("VERB", "AUX")
        if "Cnd" in morph.get("Mood") or word.lower_ in _CONDITIONAL_AUX or \
                french and _CONDITIONAL_END.match(word.lower_):
            return "conditional"
        if "Fut" in morph.get("Tense") or word.lower_ in _FUTURE_AUX or \
                french and "Past" not in morph.get("Tense") and _FUTURE_END.match(word.lower_):
            return "future"
        if "Sub" in morph.get("Mood"):
            return "subjunctive"
        if "Imp" in morph.get("Mood"):
            return "imperative"
    if aux:
        return ""
    form = t.morph.get("VerbForm")
    if "Inf" in form:
        return "infinitive"
    if "Part" in form or "Ger" in form:
        return "participle"
    return ""


def _negated(t: Token) -> bool:
    words = [*t.children, *(g for c in t.children if c.dep_.startswith("aux") for g in c.children)]
    return any(c.dep_ in ("advmod", "neg") and c.lower_.rstrip("'’") in ("n", *_NEGATION) for c in words)


def _subject(t: Token) -> Token | None:
    subj = next((c for c in t.children if c.dep_ in _SUBJECTS), None)
    if subj is not None and "Rel" in subj.morph.get("PronType") and t.dep_ in ("acl:relcl", "relcl"):
        return t.head  # "le maire Durand, qui s'était rendu …": the antecedent
    return subj


def _span(t: Token) -> tuple[int, int]:
    left, right = t.left_edge, t.right_edge
    return left.idx, right.idx + len(right.text)


def _fronted_participle(sent: Span, names: frozenset[int]) -> Token | None:
    """A sentence opening on a participle set off by a comma ("Partie dimanche de Valmont à bord d'un
    hélicoptère, la ministre a …", "Arrivé hier à Tchernolesk, le président a …") opens an adverbial clause, whatever
    label the parser gave it (it often hangs the phrase on a noun of the main clause)."""
    first = next((t for t in sent if not t.is_space and not t.is_punct), None)
    if first is None or _is_head(first) or first.idx in names:
        return None  # a name ("Parti socialiste"), not a participle
    tagged = first.pos_ in ("VERB", "AUX") and "Part" in first.morph.get("VerbForm")
    # the tagger reads "Parti dimanche …" as the noun: a participle's ending on an open-class word will do
    shaped = first.pos_ in ("NOUN", "ADJ", "VERB", "PROPN") and bool(_PARTICIPLE_END.search(first.lower_))
    comma = next((t for t in sent if t.i > first.i and t.text == ","), None)
    if not (tagged or shaped) or comma is None or comma.i - first.i < 3:
        return None
    return None if first.i <= sent.root.i < comma.i else first


def sentence_clauses(sent: Span, names: frozenset[int] = frozenset()) -> tuple[Clause, ...]:
    """The clauses of one parsed sentence; `names` are the offsets where (repaired) names start."""
    heads = [t for t in sent if _is_head(t)]
    subjects: dict[int, tuple[int, int]] = {}
    out = []
    for t in sorted(heads, key=lambda t: _depth(t)):  # governing clauses first, for inheritance
        subj = _subject(t)
        if subj is not None:
            subjects[t.i] = _span(subj)
        else:
            gov = t.head
            while gov.i not in subjects and gov.head.i != gov.i:
                gov = gov.head
            subjects[t.i] = subjects.get(gov.i, (-1, -1))
        start, end = _span(t)
        if t.dep_ == "acl":
            end = max(end, _apposition_end(t))
        out.append(Clause(
            start=start, end=end, head=t.idx, lemma=" ".join(_predicate(t)), relation=_RELATIONS[t.dep_],
            mood=_mood(t), negated=_negated(t), subject_start=subjects[t.i][0], subject_end=subjects[t.i][1],
            reflexive=any(c.dep_.startswith("expl") and c.lower_ in ("se", "s'", "s’") for c in t.children),
        ))
    fronted = _fronted_participle(sent, names)
    if fronted is not None:
        comma = next(t for t in sent if t.i > fronted.i and t.text == ",")
        root = sent.root
        subject = subjects.get(root.i, (-1, -1))
        out.append(Clause(
            start=fronted.idx, end=comma.idx, head=fronted.idx, lemma=fronted.lemma_.lower(), relation="advcl",
            mood="participle", subject_start=subject[0], subject_end=subject[1],
        ))
    return tuple(sorted(out, key=lambda c: (c.start, -c.end)))


def _apposition_end(t: Token) -> int:
    """A participle set off by commas ("les habitants, évacués par précaution mercredi soir, ont …") governs
    everything up to the closing comma, though the parser may hang a word of it on the noun."""
    if t.i == 0 or t.doc[t.i - 1].text != ",":
        return -1
    sent = t.sent
    for u in t.doc[t.i + 1:sent.end]:
        if u.text == ",":
            return u.idx if u.i < sent.root.i else -1
        if u.i == sent.root.i:
            return -1
    return -1


def _depth(t: Token) -> int:
    d = 0
    while t.head.i != t.i:
        t = t.head
        d += 1
    return d
