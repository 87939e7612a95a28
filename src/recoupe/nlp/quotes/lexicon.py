"""Words that introduce reported speech in French and English, with the verb forms news writing uses.

French speech verbs are conjugated here (3rd person: present, imperfect, simple past, future, conditional,
past participle with agreement, present participle) so the rules can match text without a lemmatiser;
English gets its forms listed. The verbs themselves, with their categories, are data (recoupe/data/
speech_verbs.yaml); role, organisation and outlet nouns are listed here. The lists are about reporting in
general, not about any one text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# -- French -------------------------------------------------------------------------------------------

# The speech verbs, by category, are data: recoupe/data/speech_verbs.yaml (see its header).


@lru_cache(maxsize=1)
def speech_verbs() -> dict:
    """The speech-verb file as loaded: {"fr": {"regular": {category: [...]}, "irregular": {category: {infinitive:
    [forms]}}, "content_object": [...]}, "en": {category: [...]}}."""
    import yaml

    text = resources.files("recoupe.data").joinpath("speech_verbs.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=4)
def verb_categories(lang: str = "fr") -> dict[str, str]:
    """infinitive (French) or form (English) -> its category ("declare", "judge", "react", ...)."""
    data = speech_verbs()[lang]
    if lang != "fr":
        return {v: cat for cat, vs in data.items() for v in vs}
    out = {re.sub(r"^(?:s['’]|se_)", "", v): cat for cat, vs in data["regular"].items() for v in vs}
    out.update({v: cat for cat, rows in data["irregular"].items() for v in rows})
    return out


_DATA = speech_verbs()
# Regular -er verbs of saying, judging, announcing, asking: their object or que-clause is what was said.
FR_ER_VERBS = [v for vs in _DATA["fr"]["regular"].values() for v in vs]
# Irregular verbs: (infinitive, present 3sg, present 3pl, past participle, imperfect stem, present participle,
# future stem). The simple past and the conditional follow from these where French is regular enough.
FR_IRREGULAR = [(inf, *forms) for rows in _DATA["fr"]["irregular"].values() for inf, forms in rows.items()]
# Verbs whose plain noun-phrase object is itself the reported content ("a dénoncé la répression …").
FR_CONTENT_OBJECT = set(_DATA["fr"]["content_object"])

# Verbs that open a quotation when they stand before a colon or a quote mark (any speech verb does).
FR_AUX = r"(?:a|ont|avait|avaient|aurait|auraient|aura|auront|eut)"
FR_AUX_INVERTED = r"(?:a-t-(?:il|elle|on)|ont-(?:ils|elles)|avait-(?:il|elle|on)|avaient-(?:ils|elles)|aurait-(?:il|elle|on))"
FR_ADVERBS = r"""(?:aussi|également|encore|déjà|toutefois|pourtant|ensuite|alors|même|notamment|simplement|
cependant|néanmoins|d'ailleurs|d’ailleurs|plus tard|par ailleurs|aussitôt|immédiatement|auparavant|
précédemment|récemment|hier|aujourd'hui|aujourd’hui|bien|ainsi|enfin|mardi|lundi|mercredi|jeudi|vendredi|
samedi|dimanche|longtemps|souvent|publiquement|clairement|fermement|vivement|brièvement|seulement|pas|
jamais|vite|tout de suite|de nouveau|à nouveau|une nouvelle fois|en substance|d'emblée|d’emblée|
d'abord|d’abord|en outre|pour sa part|de son côté|quant à lui|quant à elle|en chœur|en choeur|
d'une part|d’une part|d'autre part|d’autre part|en effet|bien sûr|\w+ment)""".replace("\n", "")

# "selon X", "d'après X", "pour X," (opinion), "aux yeux de X", "à en croire X"
FR_SOURCE_PREPS = r"(?:[Ss]elon|[Dd]['’]après|[Aa]ux yeux d(?:e|u|es|['’])|[Àà] en croire|[Dd]e l['’]avis d(?:e|u|es|['’]))"

# Role and title nouns: a person named by what they do ("le porte-parole", "la ministre").
ROLE_HEADS_FR = """
président présidente ministre porte-parole dirigeant dirigeante leader chef cheffe premier première
secrétaire directeur directrice patron patronne pdg p.-d.g. procureur procureure avocat avocate juge
magistrat magistrate député députée sénateur sénatrice maire préfet préfète gouverneur gouverneure
ambassadeur ambassadrice envoyé envoyée émissaire diplomate conseiller conseillère analyste chercheur
chercheuse expert experte spécialiste économiste professeur professeure médecin docteur général générale
colonel commandant capitaine amiral officier représentant représentante délégué déléguée négociateur
négociatrice responsable vice-président vice-présidente chancelier chancelière roi reine prince princesse
pape cardinal archevêque évêque imam rabbin candidat candidate opposant opposante militant militante
syndicaliste élu élue conseiller rapporteur rapporteure commissaire inspecteur inspectrice enquêteur
enquêtrice policier policière gendarme témoin avocat-conseil administrateur administratrice fondateur
fondatrice co-fondateur cofondateur directeur-général coordinateur coordinatrice sélectionneur entraîneur
entraineur manager capitaine joueur joueuse coureur coureuse champion championne athlète pilote
journaliste correspondant correspondante éditorialiste écrivain écrivaine auteur autrice chanteur
chanteuse acteur actrice cinéaste réalisateur réalisatrice politologue sociologue historien historienne
juriste épidémiologiste virologue infectiologue urgentiste psychiatre interprète ex-otage otage
mère père fils fille frère sœur soeur épouse époux mari femme veuve cousin cousine oncle tante ami amie
proche vice-ministre sous-secrétaire secrétaire-général haut-commissaire médiateur médiatrice
""".split()

ROLE_HEADS_EN = """
president minister spokesman spokeswoman spokesperson leader chief head secretary director chairman
chairwoman chair ceo prosecutor lawyer attorney judge senator governor mayor ambassador envoy diplomat
adviser advisor analyst researcher expert professor doctor general colonel commander admiral officer
representative delegate negotiator official officials chancellor king queen prince pope candidate
activist witness founder coach manager player journalist correspondent author premier
""".split()

ORG_HEADS_FR = """
ministère gouvernement présidence parquet tribunal cour conseil commission agence armée police gendarmerie
parti syndicat association organisation ong fondation entreprise société groupe banque compagnie
entreprise institut office autorité autorités direction préfecture mairie ambassade état-major
service services département administration assemblée parlement sénat chancellerie justice fédération
union ligue comité mission inspection observatoire secrétariat cabinet bureau équipe club fonds
""".split()

OUTLET_HEADS_FR = """
agence journal quotidien hebdomadaire magazine mensuel chaîne radio télévision télé site média médias
presse revue station
""".split()

ANONYMOUS_HEADS_FR = """
source sources témoin témoins habitant habitants proche proches responsable responsables expert experts
observateur observateurs analyste analystes diplomate diplomates médecin médecins spécialiste spécialistes
membre membres voix militant militants manifestant manifestants riverain riverains collègue collègues
entourage personne personnes gens opérateur opérateurs
""".split()

PRONOUNS_FR = {"il": "m", "elle": "f", "ils": "p", "elles": "p", "lui": "m", "eux": "p", "on": "p"}
PRONOUNS_EN = {"he": "m", "she": "f", "they": "p", "him": "m", "her": "f", "them": "p"}

# -- English ------------------------------------------------------------------------------------------

EN_VERBS = [v for vs in _DATA["en"].values() for v in vs]

EN_SOURCE_PREPS = r"(?:[Aa]ccording to|[Ii]n the words of|[Aa]s reported by)"


def _er_forms(inf: str) -> dict[str, list[str]]:
    stem = inf[:-2]
    soft = stem + ("e" if stem.endswith("g") else "")  # jugeait, jugeant
    soft = soft[:-1] + "ç" if stem.endswith("c") else soft  # annonçait, annonçant
    pres = [stem + "e", stem + "ent"]
    if stem.endswith(("l", "t")) and inf in {"appeler", "rappeler", "jeter"}:
        pres = [stem + stem[-1] + "e", stem + stem[-1] + "ent"]
    if inf in {"répéter", "suggérer", "réitérer", "considérer", "révéler", "protéger", "préférer", "espérer"}:
        # e-acute becomes e-grave before a mute ending: répète, suggère
        i = stem.rfind("é")
        grave = stem[:i] + "è" + stem[i + 1 :]
        pres = [grave + "e", grave + "ent"]
    if inf in {"lever", "relever", "mener", "achever", "soulever"}:
        i = stem.rfind("e")
        grave = stem[:i] + "è" + stem[i + 1 :]
        pres = [grave + "e", grave + "ent"]
    return {
        "pres": pres,
        "imp": [soft + "ait", soft + "aient"],
        "ps": [soft + "a", stem + "èrent"],
        "fut": [inf + "a", inf + "ont", inf + "ait", inf + "aient"],
        "pp": [stem + "é", stem + "ée", stem + "és", stem + "ées"],
        "ppr": [soft + "ant"],
        "inf": [inf],
    }


def _irregular_forms(row: tuple) -> dict[str, list[str]]:
    inf, p3s, p3p, pp, imp, ppr, fut = row
    words = pp.split(" ", 1)
    tail = (" " + words[1]) if len(words) > 1 else ""
    pps = [pp] if tail or pp.endswith(("s", "t")) and not pp.endswith("it") else [pp]
    base = words[0]
    pps = [base + s + tail for s in ("", "e", "s", "es")] if not base.endswith("s") else [
        base + tail, base + "e" + tail, base + "es" + tail
    ]
    imp_words = imp.split(" ", 1)
    imp_tail = (" " + imp_words[1]) if len(imp_words) > 1 else ""
    fut_words = fut.split(" ", 1)
    fut_tail = (" " + fut_words[1]) if len(fut_words) > 1 else ""
    return {
        "pres": [p3s, p3p],
        "imp": [imp_words[0] + "ait" + imp_tail, imp_words[0] + "aient" + imp_tail],
        "ps": [],
        "fut": [fut_words[0] + e + fut_tail for e in ("a", "ont", "ait", "aient")],
        "pp": pps,
        "ppr": [ppr],
        "inf": [inf],
    }


@lru_cache(maxsize=1)
def french_verbs() -> dict[str, dict[str, list[str]]]:
    """infinitive (without a reflexive pronoun) -> {tense: forms}"""
    out: dict[str, dict[str, list[str]]] = {}
    for raw in FR_ER_VERBS:
        inf = re.sub(r"^(?:s['’]|se_)", "", raw)
        out[inf] = _er_forms(inf)
    for row in FR_IRREGULAR:
        out[row[0]] = _irregular_forms(row)
    out.setdefault("reconnaître", out.get("reconnaitre", {}))
    return out


REFLEXIVE_FR = {re.sub(r"^(?:s['’]|se_)", "", v) for v in FR_ER_VERBS if v.startswith(("s'", "s’", "se_"))}


def _alt(words) -> str:
    uniq = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq) + ")"


@lru_cache(maxsize=1)
def french_patterns() -> dict[str, re.Pattern]:
    """Compiled cue patterns. Named groups: `cue` is the cue as written."""
    verbs = french_verbs()
    finite = _alt(f for v in verbs.values() for k in ("pres", "imp", "ps", "fut") for f in v[k])
    pps = _alt(f for v in verbs.values() for f in v["pp"])
    pprs = _alt(f for v in verbs.values() for f in v["ppr"])
    infs = _alt(f for v in verbs.values() for f in v["inf"])
    pres3 = _alt(v["pres"][0] for v in verbs.values())
    refl_pprs = _alt(f for v in REFLEXIVE_FR | {"dire"} for f in verbs[v]["ppr"])
    adv = rf"(?:\s+{FR_ADVERBS})"
    aside = r"(?:\s*,\s*[^,.;:!?«»\"“”]{1,40}?\s*,)"  # "a, de son côté, soutenu"
    refl = r"(?:s['’](?:est|était|étaient|sont)|se\s+(?:sont|seraient|serait)|s['’]être)"
    tenu = r"(?:tenu|tenue|tient|tiennent|tenait)\s+à"
    infs0 = _alt(f for v in verbs.values() for f in v["inf"])
    perfect = rf"(?:{FR_AUX}(?:{adv}{{0,3}}|{aside})\s+(?:{tenu}\s+{infs0}|{pps}))"
    refl_finite = _alt(f for v in REFLEXIVE_FR | {"dire"} for k in ("pres", "imp", "ps", "fut") for f in verbs[v][k])
    refl_pps = _alt(f for v in REFLEXIVE_FR | {"dire"} for f in verbs[v]["pp"])
    reflexive = rf"(?:{refl}{adv}{{0,2}}\s+{refl_pps}|se\s+{refl_finite}|s['’]{refl_finite})"
    plain = rf"(?:{finite})"
    inverted = (
        rf"(?:{FR_AUX_INVERTED}{adv}{{0,3}}\s+(?:{tenu}\s+{infs0}|{pps})"
        rf"|{pres3}-t-(?:il|elle|on)|{finite}-(?:il|elle|on|ils|elles)"
        rf"|(?:{FR_AUX}(?:{adv}{{0,3}}|{aside})\s+(?:{tenu}\s+{infs0}|{pps})))"
    )
    return {
        # a finite cue with its subject on the left: "X a affirmé", "X estime", "X s'est dit"
        "finite": re.compile(rf"(?<![\w-])(?P<cue>{perfect}|{reflexive}|{plain})(?![\w-])"),
        # a cue placed after the words it reports: ", a déclaré X", ", a-t-il ajouté", ", poursuit-il"
        "inverted": re.compile(rf"(?<![\w-])(?P<cue>{inverted}|{plain})(?![\w-])"),
        "participle": re.compile(rf"(?<![\w-])(?P<cue>(?:en\s+)?{pprs}|(?:en\s+)?(?:se\s+|s['’]){refl_pprs})(?![\w-])"),
        "infinitive": re.compile(rf"(?<![\w-])(?P<cue>(?:de\s+|d['’]|à\s+|pour\s+)?{infs})(?![\w-])"),
        "pp": re.compile(rf"(?<![\w-])(?P<cue>{pps})(?![\w-])"),
    }


@lru_cache(maxsize=1)
def cue_first_words() -> frozenset[str]:
    """Every word a French cue can begin with (auxiliaries, verb forms, "se", "s'", "en")."""
    words = {"a", "ont", "avait", "avaient", "aurait", "auraient", "aura", "auront", "eut", "se", "s'", "s’", "en"}
    for forms in french_verbs().values():
        for fs in forms.values():
            words.update(f.split(" ")[0].lower() for f in fs)
    words.update(w.split("-")[0] for w in list(words))
    return frozenset(words)


@lru_cache(maxsize=1)
def cue_lemma_index() -> dict[str, str]:
    """Any inflected form (lowercase) -> infinitive, for deciding what a matched cue allows."""
    index = {}
    for inf, forms in french_verbs().items():
        for fs in forms.values():
            for f in fs:
                index[f.lower()] = inf
    return index


def lemma_of_cue(cue: str) -> str | None:
    """The infinitive of the speech verb inside a cue as written ("a-t-il ajouté" -> "ajouter")."""
    index = cue_lemma_index()
    text = re.sub(r"\s+", " ", cue.lower()).strip()
    text = re.sub(r"-(?:t-)?(?:il|elle|on|ils|elles)\b", "", text)
    words = text.split(" ")
    for n in (3, 2, 1):  # multiword verbs first ("fait savoir", "mis en garde")
        for i in range(len(words) - n, -1, -1):
            cand = " ".join(words[i : i + n])
            if cand in index:
                return index[cand]
    return None


@lru_cache(maxsize=1)
def english_patterns() -> dict[str, re.Pattern]:
    verbs = _alt(EN_VERBS)
    return {
        "finite": re.compile(rf"(?<![\w-])(?P<cue>(?:(?:has|have|had)\s+)?{verbs})(?![\w-])"),
        "inverted": re.compile(rf"(?<![\w-])(?P<cue>{verbs})(?![\w-])"),
    }
