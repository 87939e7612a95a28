"""Resolve each item's speaker phrase to who spoke, in text order (pronouns look back at earlier speakers)."""

from __future__ import annotations

import re

from ...model import Mention
from ..article_entities import LocalEntity, is_role_reference, resolve_role
from ...text.names import simple_key as fold_name
from .lexicon import ANONYMOUS_HEADS_FR, ORG_HEADS_FR, OUTLET_HEADS_FR

COMMON_NOUNS = {"etat", "etats", "gouvernement", "nord", "sud"}

ORG_HEADS_FR = set(ORG_HEADS_FR) | {"office", "ministry", "government", "agency", "department", "police",
                                    "company", "council", "court", "party", "committee", "authority", "embassy"}
OUTLET_HEADS_FR_SET = set(OUTLET_HEADS_FR)
ANONYMOUS_HEADS = set(ANONYMOUS_HEADS_FR) - {"responsable", "responsables", "proche", "analyste", "diplomate"}
from .speakers import Speaker, gender_of_phrase, is_pronoun, phrase_kind, role_head, strip_determiner

VIA = re.compile(
    r"(?:cit[ée]e?s?|rapport[ée]e?s?|relay[ée]e?s?|quoted|cited)\s+par\s+(?P<via>(?:l['’]agence\s+(?:de\s+presse\s+)?"
    r"(?:\w+\s+)?|le\s+quotidien\s+|le\s+journal\s+|la\s+chaîne\s+|la\s+télévision\s+|le\s+|la\s+|l['’])?"
    r"[A-ZÀ-Ý][\w’'.-]*(?:\s+[A-ZÀ-Ý][\w’'.-]*)*)"
    r"|(?:by|in)\s+(?P<via_en>(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)",
)
VIA_SOURCES = re.compile(
    r"selon\s+(?P<via>(?:des|les|plusieurs)\s+(?:agences|médias|journaux|chaînes)(?:\s+de\s+presse)?(?:\s+\w+)?"
    r"|la\s+télévision\s+\w+|l['’]agence\s+[A-ZÀ-Ý][\w-]*)",
)
PERSON_CONTEXT_SENTENCES = 3
VIA_REACH = 600  # characters after the quote and its cue where the relaying outlet may be named


class Resolver:
    def __init__(self, text: str, lang: str, mentions: list[Mention], entities: list[LocalEntity],
                 of: dict[int, int]) -> None:
        self.text = text
        self.lang = lang
        self.mentions = mentions
        self.entities = entities
        self.of = of
        self.history: list[tuple[int, Speaker, str | None]] = []  # (sentence, speaker, gender) of earlier items
        self._by_start = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        self._at = len(text)

    # -- public --------------------------------------------------------------------------------------
    def speaker(self, item, sentence_bounds: tuple[int, int] | None = None) -> Speaker | None:
        cue = item.cue
        if cue is None:
            return None
        self._at = min(item.start, cue.start)
        if cue.speaker is None:
            sp = self._recent(item.sentence, None, same_sentence_first=True, window=0)
            if sp is None and sentence_bounds is not None:
                sp = self._sentence_subject(*sentence_bounds, before=cue.start)
            if sp is None:
                sp = self._recent(item.sentence, None)
        else:
            sp = self._resolve(cue.speaker, item.sentence)
        if sp is not None:
            gender = self._gender(sp, cue.speaker)
            self.history.append((item.sentence, sp, gender))
        return sp

    def via(self, item) -> str | None:
        """The outlet that relays the quote ("cité par l'agence Vektor", "selon des agences de presse locales")."""
        cue = item.cue
        if cue is None:
            return None
        lo = min(cue.start, item.start)
        end = max(cue.end, item.end)
        hi = self.text.find("\n", end, end + VIA_REACH)  # the relaying outlet is named in the same sentence
        hi = min(len(self.text), end + VIA_REACH) if hi < 0 else hi
        stop = re.search(r"[.!?](?:\s|$)", self.text[end:hi])
        if stop:
            hi = end + stop.start()
        window = self.text[lo:hi]
        for m in VIA.finditer(window):
            if m.start() + lo >= item.start and m.end() + lo <= item.end:
                continue  # inside the quoted words
            v = m.group("via") or m.group("via_en")
            if v and (m.group("via") or self.lang == "en"):
                return strip_determiner(v.strip())
        for m in VIA_SOURCES.finditer(window):
            if cue.kind == "source" and m.start() + lo == cue.start:
                continue
            if not (item.start <= m.start() + lo < item.end):
                return m.group("via").strip()
        return None

    # -- resolution ----------------------------------------------------------------------------------
    def _resolve(self, span: tuple[int, int], sentence: int) -> Speaker | None:
        s, e = span
        phrase = " ".join(self.text[s:e].split())
        if not phrase:
            return None
        inside = [i for i in self._by_start if s <= self.mentions[i].start and self.mentions[i].end <= e]
        people = [i for i in inside if self.mentions[i].label == "PER"]
        names = [i for i in people if not is_role_reference(self.mentions[i])]
        joined = self._coordinated(names)
        if joined:
            return Speaker(phrase, joined, "person")  # "Kouchner et Morano": both speak
        if names or people:
            i = (names or people)[-1]
            ent = self._entity(i)
            if ent is not None:
                return Speaker(phrase, ent.name, "person", ent.name)
        run = re.search(r",\s*((?:[A-ZÀ-Ý][\w’'-]+\s+){1,3}[A-ZÀ-Ý][\w’'-]+)$", phrase)
        orgs = [i for i in inside if self.mentions[i].label in {"ORG", "LOC", "MISC"}]
        if run and not people and not orgs:
            return Speaker(phrase, run.group(1), "person")  # "la tante de la victime, Jeanne Morel"
        rest = re.sub(r"^(?:(?:the|le|la)\s+|l['’]\s*)", "", phrase, flags=re.I).split()
        titled = None
        if len(rest) >= 3 and role_head(rest[0]) and all(w[:1].isupper() for w in rest[1:]):
            titled = " ".join(rest[1:])
        if titled and not people:  # a role word then a name (a model may tag the name as anything)
            return Speaker(phrase, titled, "person")  # "Mayor Ana Reyes", "le colonel Jean Dupuis"
        pron = is_pronoun(phrase)
        if pron:
            if phrase.lower() == "on":
                return Speaker(phrase, None, "anonymous")
            found = self._recent(sentence, pron, persons_only=True) or self._recent(sentence, pron)
            return Speaker(phrase, found.name, found.kind, found.key) if found else Speaker(phrase, None, "person")
        head = role_head(phrase)
        noun = _head_noun(phrase) if self.lang != "en" else phrase.split()[-1].lower()  # English: head last
        if noun in ANONYMOUS_HEADS and not head and not orgs:
            return Speaker(phrase, None, "anonymous")  # "les experts", "des sources"
        if noun in OUTLET_HEADS_FR_SET and _definite(phrase) and not orgs and phrase.split()[0].lower() in {
            "ce", "cette", "le", "la"
        }:
            outlet = self._last_outlet(s, noun) or self._last_org_mention(s)
            if outlet is not None:
                return Speaker(phrase, outlet.name, "outlet", outlet.key)  # "ce quotidien" -> the newspaper
        named_at_end = bool(orgs) and self.mentions[orgs[-1]].end >= e - 1 and not re.search(
            r"(?i)\s(?:de|du|des|d['’])\s*(?:la\s+|l['’])?$", self.text[s : self.mentions[orgs[-1]].start])
        if _definite(phrase) and noun in ORG_HEADS_FR and len(strip_determiner(phrase).split()) > 1 and not (
            orgs and (self.mentions[orgs[0]].start <= s + len(phrase.split()[0]) + 1 or named_at_end)
        ):
            # "Le parquet général de la cour d'appel de Douai": the phrase is the organisation's name
            return Speaker(phrase, strip_determiner(phrase), "organisation")
        if noun in DOCUMENT_HEADS and orgs:
            # "un rapport provisoire de l'inspection des services …": the organisation speaks through its report
            ent = self._entity(orgs[-1])
            name = ent.name if ent is not None else self.mentions[orgs[-1]].text
            return Speaker(phrase, name, "organisation", ent.name if ent is not None else None)
        if _definite(phrase) and not orgs and noun in ORG_HEADS_FR:
            full = self._fullest_org(phrase) or self._fullest(strip_determiner(phrase))
            if full != strip_determiner(phrase):
                return Speaker(phrase, full, "organisation")  # "le parquet" -> "parquet de Marseille"
        if _definite(phrase) and not orgs and (noun in DOCUMENT_HEADS or noun in OUTLET_HEADS_FR or
                                                noun in ORG_HEADS_FR):
            # "le communiqué", "le quotidien économique", "la banque": the organisation or outlet just quoted
            wanted = {"outlet", "organisation"} if noun in OUTLET_HEADS_FR else {"organisation", "outlet"}
            recent = self._recent_kind(sentence, wanted)
            if recent is not None:
                return Speaker(phrase, recent.name, recent.kind, recent.key)
        if phrase.lower().startswith(("ce dernier", "cette dernière", "celui-ci", "celle-ci")):
            recent = self._last_person_mention(s)  # the person named last, whoever spoke last
            if recent is not None:
                return Speaker(phrase, recent.name, "person", recent.name)
        describes_person = (head or _demonym(phrase)) or (
            _definite(phrase) and noun not in ORG_HEADS_FR | OUTLET_HEADS_FR_SET | DOCUMENT_HEADS
            and not (orgs and self.mentions[orgs[0]].start <= s + len(phrase.split()[0]) + 1)
            and len(phrase.split()) > 1 and phrase.split()[1][:1].islower())
        kind = "person" if describes_person else phrase_kind(phrase, False, bool(orgs))
        if kind == "anonymous":
            return Speaker(phrase, None, "anonymous")
        if describes_person and kind == "person":
            k = resolve_role(phrase, s, self.entities, self.mentions)
            if k is not None:
                return Speaker(phrase, self.entities[k].name, "person", self.entities[k].name)
            if not head and not _demonym(phrase) and self._used_as_name(strip_determiner(phrase)):
                # "le dalaï lama": a title the model does not tag, used as the person's name
                return Speaker(phrase, strip_determiner(phrase), "person")
            recent = self._recent(sentence, gender_of_phrase(phrase), persons_only=True, window=6)
            if recent is not None:
                return Speaker(phrase, recent.name, "person", recent.key)
            return Speaker(phrase, None, "person")
        orgs = [i for i in orgs if fold_name(self.mentions[i].text) not in COMMON_NOUNS]  # "média d'Etat"
        if orgs:
            ent = self._entity(orgs[-1])
            name = ent.name if ent is not None else self.mentions[orgs[-1]].text
            if kind == "person":
                kind = "organisation"
            if named_at_end:
                # "l'agence de presse régionale, Vektor", "la compagnie nationale Kelvélec": the name at the end
                kind = "outlet" if noun in OUTLET_HEADS_FR_SET else kind
            elif _starts_lower(phrase) and not phrase.lower().startswith(("l'", "l’")) and len(phrase.split()) > 2:
                name = strip_determiner(phrase)  # "le ministère sud-coréen de la défense"
            return Speaker(phrase, name, kind, ent.name if ent is not None else None)
        if kind == "person" and not any(w[:1].isupper() for w in phrase.split()[1:] + [phrase[:1]]) and (
            noun in ORG_HEADS_FR or noun in DOCUMENT_HEADS
        ):
            kind = "organisation"  # "la banque", "le communiqué", "le rapport"
        name = self._fullest_org(phrase) if kind != "person" else None
        name = name or self._fullest(strip_determiner(phrase))
        if kind == "person":
            name = re.sub(r"^(?:M\.|Mme|Mlle|Me|Dr|Mr\.?|Mrs\.?|Ms\.?)\s+", "", name)
        return Speaker(phrase, name, kind)

    def _coordinated(self, names: list[int]) -> str | None:
        """"Bernard Kouchner et Nadine Morano" for a phrase naming two or more people joined by "et"/","."""
        if len(names) < 2:
            return None
        gaps = [self.text[self.mentions[a].end : self.mentions[b].start] for a, b in zip(names, names[1:])]
        if not all(re.fullmatch(r"\s*,\s*", g) for g in gaps[:-1]) or not re.fullmatch(r",?\s+(?:et|and)\s+", gaps[-1]):
            return None  # "le procureur de Valmorin, Antoine Servat" is one person
        ents = [self._entity(i) for i in names]
        if any(e is None for e in ents) or len({e.name for e in ents}) < len(ents):
            return None
        return ", ".join(e.name for e in ents[:-1]) + " et " + ents[-1].name

    def _used_as_name(self, words: str) -> bool:
        """A short phrase with no complement that the article repeats ("dalaï lama"), not a description
        ("septuple vainqueur du Tour")."""
        parts = words.split()
        if not 1 <= len(parts) <= 3 or any(w.lower() in {"de", "du", "des", "d'", "d’"} for w in parts):
            return False
        return len(re.findall(rf"(?i)(?<!\w){re.escape(words)}(?!\w)", self.text)) >= 2

    def _last_outlet(self, before: int, noun: str) -> Speaker | None:
        """The outlet the article introduced with an outlet noun ("le quotidien La Tribune"), the same noun
        first, the latest before an offset."""
        best, best_same = None, None
        for i in self._by_start:
            m = self.mentions[i]
            if m.start >= before:
                break
            if m.label not in {"ORG", "MISC"} or self._entity(i) is None:
                continue
            last_words = [w.lower() for w in re.findall(r"[\w-]+", self.text[max(0, m.start - 40) : m.start])[-3:]]
            nouns = [w for w in last_words if w in OUTLET_HEADS_FR_SET]
            if nouns:
                best = self._entity(i)
                if noun in nouns:
                    best_same = best
        found = best_same or best
        return Speaker(found.forms[0], found.name, "outlet", found.name) if found else None

    def _last_org_mention(self, before: int) -> Speaker | None:
        best = None
        for i in self._by_start:
            m = self.mentions[i]
            if m.start >= before:
                break
            if m.label == "ORG" and self._entity(i) is not None:
                best = self._entity(i)
        return Speaker(best.forms[0], best.name, "outlet", best.name) if best else None

    def _recent_kind(self, sentence: int, kinds: set[str]) -> Speaker | None:
        for sent, sp, _ in reversed(self.history):
            if sentence - sent > PERSON_CONTEXT_SENTENCES * 2:
                break
            if sp.kind in kinds and sp.name:
                return sp
        return None

    def _fullest_org(self, phrase: str) -> str | None:
        """An organisation named in the article whose name begins with the phrase's noun ("l'inspection" ->
        "Inspection des finances de la Banque du Nord")."""
        noun = _head_noun(phrase)
        best = None
        for e in self.entities:
            if e.type in {"ORG", "LOC", "MISC"} and e.name.lower().startswith(noun) and len(e.name) > len(noun):
                best = e.name if best is None or len(e.name) > len(best) else best
        return best

    def _entity(self, mention_index: int) -> LocalEntity | None:
        k = self.of.get(mention_index)
        return self.entities[k] if k is not None else None

    def _gender(self, sp: Speaker, span) -> str | None:
        if span is not None:
            g = is_pronoun(self.text[span[0] : span[1]].strip())
            if g in {"m", "f"}:
                return g
            g = gender_of_phrase(self.text[span[0] : span[1]])
            if g:
                return g
        ent = next((e for e in self.entities if e.name == sp.key), None)
        return ent.gender if ent else None

    def _recent(self, sentence: int, gender: str | None, same_sentence_first: bool = False,
                persons_only: bool = False, window: int = PERSON_CONTEXT_SENTENCES) -> Speaker | None:
        """The latest earlier speaker of compatible gender, within a few sentences."""
        for sent, sp, g in reversed(self.history):
            if sentence - sent > window:
                break
            if sp.name is None and sp.kind != "anonymous":
                continue
            if gender is not None and sp.mention.lower() == "on":
                continue  # "on" is nobody a later pronoun can mean
            if persons_only and sp.kind != "person":
                continue
            if gender in {"m", "f"} and g in {"m", "f"} and g != gender:
                continue
            if gender == "p" and sp.kind == "person":
                continue
            return sp
        if same_sentence_first:
            return None
        return self._last_person_mention(self._at, gender) if gender in {"m", "f", None} else None

    def _sentence_subject(self, start: int, end: int, before: int) -> Speaker | None:
        """Who a participle cue with no subject belongs to: the sentence's first person, else organisation."""
        found = [i for i in self._by_start if start <= self.mentions[i].start < end]
        for labels, kind in (({"PER"}, "person"), ({"ORG"}, "organisation"), ({"LOC"}, "organisation")):
            for i in found:
                if self.mentions[i].label in labels:
                    ent = self._entity(i)
                    if ent is not None:
                        return Speaker(self.mentions[i].text, ent.name, kind, ent.name)
        return None

    def _last_person_mention(self, before: int | None, gender: str | None = None) -> Speaker | None:
        """The person named last before an offset (the latest item's start when no offset is given)."""
        limit = before if before is not None else len(self.text)
        best = None
        for i in self._by_start:
            m = self.mentions[i]
            if m.start >= limit:
                break
            if m.label != "PER":
                continue
            ent = self._entity(i)
            if ent is None or gender in {"m", "f"} and ent.gender in {"m", "f"} and ent.gender != gender:
                continue
            best = ent
        return Speaker(best.forms[0], best.name, "person", best.name) if best else None

    def _fullest(self, phrase: str) -> str:
        """"le parquet" -> "parquet de Paris" when the article spells it out elsewhere."""
        if not phrase or len(phrase.split()) > 4:
            return phrase
        m = re.search(rf"\b(?i:{re.escape(phrase)})\s+(?:de|du|des|d['’])\s*(?:la\s+|l['’])?[A-ZÀ-Ý][\w’'-]+"
                      rf"(?:\s+[A-ZÀ-Ý][\w’'-]+)*", self.text)  # the name's words capitalised, the phrase's any
        if m:
            found = m.group(0)
            return phrase + found[len(phrase) :]
        return phrase


DEMONYM_ENDINGS = ("ge", "sse", "que", "ain", "aine", "ais", "aise", "ien", "ienne", "ois", "oise", "and", "ande",
                   "ol", "ole", "ite", "ote", "éen", "éenne")


def _demonym(phrase: str) -> bool:
    """"le Belge", "l'Américain", "la Française": a person named by nationality."""
    m = re.fullmatch(r"(?:le|la|l['’])\s*([A-ZÀ-Ý][a-zà-ÿ]+)", phrase.strip())
    return bool(m) and m.group(1).lower().endswith(DEMONYM_ENDINGS) and len(m.group(1)) > 4


ORG_HEADS_EN = {"office", "ministry", "government", "agency", "department", "police", "army", "company", "council",
                "court", "party", "union", "committee", "commission", "service", "authority", "authorities", "firm",
                "bank", "group", "presidency", "administration", "embassy"}
DOCUMENT_HEADS = {"communiqué", "rapport", "texte", "document", "déclaration", "lettre", "note", "étude", "avis",
                  "décret", "arrêté", "projet", "vidéo", "image", "images", "statement", "report", "letter"}


def _head_noun(phrase: str) -> str:
    t = re.sub(r"^(?:(?:les|le|la|une|un|des|the|an|a|cette|cet|ce|ses|son|sa)\s+|l['’]\s*)", "", phrase.strip(), flags=re.I)
    t = re.sub(r"^(?:premier|première|nouveau|nouvelle|ancien|ancienne|récent|dernier|dernière)\s+", "", t,
               flags=re.I)
    return t.split(" ", 1)[0].lower() if t else ""


def _definite(phrase: str) -> bool:
    return re.match(r"(?i)(?:le|la|les|l['’]|ce|cette|cet|the)\b", phrase.strip()) is not None


def _starts_lower(phrase: str) -> bool:
    return phrase[:1].islower()
