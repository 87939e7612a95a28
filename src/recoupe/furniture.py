"""What site furniture looks like once a news page is scraped to text.

Two kinds of rules: *inline* patterns cut a piece out of a paragraph (scraped pages often glue
"Lire aussi : …", "Publicité" or a newsletter prompt into the middle of the text), *block* patterns
say a whole line is furniture. Each rule names the kind recorded in `Article.removed`.
"""

from __future__ import annotations

import re

APOS = "['’]"

# News agencies and wire services: a line made of one of these is a credit, "X avec AFP" a republication.
AGENCIES = {
    "AFP": "AFP",
    "Agence France-Presse": "AFP",
    "Agence France Presse": "AFP",
    "Reuters": "Reuters",
    "AP": "AP",
    "The Associated Press": "AP",
    "Associated Press": "AP",
    "ATS": "ATS",
    "Keystone-ATS": "ATS",
    "ANSA": "ANSA",
    "EFE": "EFE",
    "DPA": "DPA",
    "dpa": "DPA",
    "Belga": "Belga",
    "APA": "APA",
    "Bloomberg": "Bloomberg",
    "Xinhua": "Xinhua",
    "Kyodo": "Kyodo",
    "Yonhap": "Yonhap",
    "Europa Press": "Europa Press",
    "Anadolu": "Anadolu",
}
_AGENCY_ALT = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True)) + "|[A-Z]{2,6}"
_NAME = r"[A-ZÀ-Ý][\w'’-]+"
_WEEKDAY = "(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    "(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|January|February|"
    "March|April|May|June|July|August|September|October|November|December)"
)

# Capitalised words that start a sentence far more often than they sit inside a headline or a name:
# where a run-on "Lire aussi" headline stops and the article resumes.
SENTENCE_STARTERS = frozenset(
    """Le La Les L' L’ Un Une Des Du Il Elle Ils Elles On Nous Vous Je Selon D'après D’après Pour Dans
    Depuis Après Avant Ce Cette Ces Cet Ceci Mais Alors Lors En Au Aux Tandis Toujours Voilà Cependant
    Pourtant Ainsi Enfin Par Sur Son Sa Ses Leur Leurs Si Quand Lorsque Comme Outre Malgré Aussi Or
    Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Hier Aujourd'hui Aujourd’hui Demain
    The A An In At He She They It This That According Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday Yesterday Today""".split()
)
# Words that open another piece of furniture: a run-on headline ends before them.
FURNITURE_OPENERS = ("Newsletter", "Publicité", "Lire aussi", "À lire aussi", "Lire la suite", "Source link")

# "Lire aussi :" and its variants; the headline that follows is found by clean._headline_end.
RELATED_MARKER = re.compile(
    rf"(?:(?:À|A|a)\s+lire\s+aussi|Lire\s+aussi|LIRE AUSSI|À voir aussi|Voir aussi|Read also|Read more|Related)"
    rf"\s*:?\s*(?:Article réservé à nos abonnés\s*)?"
)

# (kind, pattern) cut out wherever they occur inside a paragraph.
INLINE: list[tuple[str, re.Pattern[str]]] = [
    ("dateline", re.compile(r"^\s*date\s+\d{4}(?:-\d{2}){0,2}\b\s*")),
    ("app_prompt", re.compile(
        rf"(?:\b[A-Z][\w{APOS[1:-1]} ]{{0,30}}\s)?Application\b.{{0,240}}?Télécharger l{APOS}application")),
    ("app_prompt", re.compile(
        rf"(?:Suivez|Retrouvez) toute l{APOS}actualité.{{0,160}}?(?:en téléchargeant\s+|sur\s+)?l{APOS}application"
        rf"(?:\s+[A-Z][\w{APOS[1:-1]}-]*)?")),
    ("app_prompt", re.compile(
        rf"Télécharge[rz] (?:notre |l{APOS})application[^.!?\n]{{0,120}}$|"
        rf"Télécharge[rz] (?:notre |l{APOS})application(?:\s+[A-Z][\w-]*)?|Download (?:the|our) app\b")),
    ("newsletter", re.compile(
        rf"(?:Newsletter\s*)?Recevez.{{0,200}}?(?:Je m{APOS}abonne|S{APOS}inscrire|Je m{APOS}inscris)")),
    ("newsletter", re.compile(
        rf"Inscrivez-vous (?:à|a) (?:notre|la|nos) newsletters?[^.\n]{{0,80}}\.?|Je m{APOS}abonne|"
        rf"Abonnez-vous[^.\n]{{0,80}}[.!]?|Sign up (?:for|to) (?:our|the) newsletter[^.\n]{{0,80}}\.?")),
    ("ad", re.compile(r"(?<![\w-])(?:Publicité|PUBLICITÉ|Advertisement|ADVERTISEMENT|Sponsorisé)(?![\w-])")),
    ("boilerplate", re.compile(
        r"Lire la suite|Article réservé à nos abonnés|Source link|Lien source|You may also like|"
        r"Vous aimerez aussi|Sur le même sujet")),
    ("comments", re.compile(r"\bComments?\s*\(\d+\)|\bCommentaires?\s*\(\d+\)|(?<!\w)\d+\s+commentaires?\b")),
    ("share", re.compile(
        r"(?:Partager|Partagez|Share)(?:\s+(?:sur|on|cet article|this article))?\s*:?"
        r"(?:\s*(?:Facebook|Twitter|X|LinkedIn|WhatsApp|Messenger|E-?mail|Email|Copier le lien|Bluesky|Threads)\b,?)+")),
    ("photo_code", re.compile(r"\b[A-Z]{2,}(?:x[A-Z]{2,}){3,}\b(?:\s+[A-Z]{2,}\d{6,}\b)?(?:\s+[a-z]{2,10}\b)?")),
    ("photo_credit", re.compile(r"\bvia [A-Z]{2,}(?:\s*-\s*[A-Z]{2,})*\b")),
    # word counts bounded: unbounded repeats made a long all-caps passage quadratic to scan
    ("photo_credit", re.compile(r"(?<![\w/])[A-Z]{2,}(?:[ -][A-Z]{2,}){0,6} / [A-Z]{2,}(?:[ -][A-Z]{2,}){0,6}\b")),
    ("photo_credit", re.compile(
        r"(?:(?<=[.!?»”)])|^)\s*(?:Photo|Photos|Crédit photo|Crédits? ?photos?|Image|©)\s*:\s*"
        r"[A-ZÀ-Ý][\w.&'’ -]{0,60}(?:\s*/\s*[A-ZÀ-Ý][\w.&'’ -]{0,40})?\s*$")),
    ("photo_credit", re.compile(rf"(?<=[.!?»”)])\s*{_NAME}(?: {_NAME}){{0,2}} / [A-ZÀ-Ý][\w'’ .-]{{1,40}}$")),
    ("byline", re.compile(rf"Par\s*:\s*[A-Z][\w.&-]{{0,40}}(?:\s+[A-Z][\w.&-]{{0,40}}){{0,3}}?(?:\s+Suivre)(?=\s|$)")),
    ("byline", re.compile(r"^Par\s*:\s*[A-Z][\w.&-]{0,40}(?:\s+[A-Z][\w.&-]{0,40}){0,3}\s*$")),
    ("byline", re.compile(
        r"(?:Avec|De|D['’]) ?(?:notre|nos|leurs?) (?:correspondante?s?|envoyée?s? spéciale?s?)\b[^,.\n]{0,50},"
        r"\s*(?:[A-ZÀ-Ý][\w'-]+\s+){1,2}[A-ZÀ-Ý][\w'-]+(?=\s+[A-ZÀ-Ý]|\s*$)")),
    ("byline", re.compile(
        rf"^(?:Par|By)\s+{_NAME}(?:\s+{_NAME}){{0,2}},\s*(?:envoyée? spéciale?|correspondante?|special correspondent|"
        rf"correspondent)\b[^.!?\n]{{0,60}}$")),
    ("credit", re.compile(
        # name words bounded: "[\w.]*" from every capital of a long dotted string was quadratic
        rf"(?:^|(?<=[\s.»”]))(?:[A-Z][\w'’.&-]{{0,40}}\s){{0,3}}[A-Z][\w'’.&-]{{0,40}}\s+avec\s+(?:l{APOS})?"
        rf"(?:{_AGENCY_ALT})"
        rf"(?:\s*(?:et|,)\s*(?:{_AGENCY_ALT}))*\s*$")),
]

# Whole lines that are furniture.
BLOCK: list[tuple[str, re.Pattern[str]]] = [
    ("separator", re.compile(r"^[\s_*=~#·•—–-]{3,}$")),
    ("navigation", re.compile(
        r"^(?:Home|Accueil)\b\s*(?:[>›»/|]|News\b|Actualités?\b|Monde\b|International\b|World\b|Politique\b)")),
    ("dateline", re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{4}(?:\s*[-à,]\s*\d{1,2}[:h]\d{2})?$")),
    ("dateline", re.compile(
        r"^(?:Publié|Mis à jour|Modifié|Actualisé|Published|Updated)\b(?:\s+(?:le|on))?\s*:?\s*"
        r"[\w ,./:-]{4,60}$")),
    ("byline", re.compile(r"^(?:by|By|BY|par|Par|PAR)\s+[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}$")),
    ("byline", re.compile(rf"^(?:Par|By) (?:la rédaction|the staff|the newsroom)(?: (?:de|du|des|d['’]|of)\s*[^.!?\n]{{2,60}})?$")),
    ("byline", re.compile(r"^[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3}\s*\((?:selon|avec|d['’]après|with|via)\s+[^()]{2,40}\)$")),
    ("credit", re.compile(rf"^\(?(?:{_AGENCY_ALT})\)?(?:\s*[/,]\s*(?:{_AGENCY_ALT}))*\.?$")),
    ("dateline", re.compile(
        rf"^(?:{_WEEKDAY},? )?\d{{1,2}}(?:er)? {_MONTH} \d{{4}}(?:,?\s*(?:à\s*)?\d{{1,2}}[.:h]\d{{2}})?(?:\s*[A-Z]{{2,4}})?$",
        re.IGNORECASE)),
    ("photo_credit", re.compile(r"^(?:imago images|IMAGO|Getty Images|Photo|Photos|Crédit|Crédits|Credit)\b.{0,60}$")),
    ("copyright", re.compile(r"^(?:©|\(c\)|Copyright\b).{0,80}$", re.IGNORECASE)),
    ("photo_credit", re.compile(r"^[\w. -]{1,30}/[\w. -]{1,30}$")),
    ("boilerplate", re.compile(r"^(?:Suivre|Follow|Écouter|Listen|Fermer|Close|Menu|Retour|Back to top|Haut de page)$")),
    ("boilerplate", re.compile(r"^[^\w«»“”\"]*$")),  # nothing but punctuation
]
