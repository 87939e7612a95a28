"""The alias file: a YAML list a user edits to fix or force how names become entities.

    - name: Kim Jong-un          # canonical name shown in dossiers
      type: PER                  # PER, ORG, LOC or MISC
      aliases: [Kim Jong Un, 김정은, Ким Чен Ын]
      wikidata: Q56226           # optional

Every mention whose name is the canonical name or an alias (compared with accents, case and hyphens folded)
belongs to that entity; entries are never merged with each other, so listing two people apart keeps them apart.
The package ships a small starter file; a user file (Config.alias_file, `--aliases FILE`) adds entries and
replaces starter entries of the same canonical name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..text.names import simple_key

TYPES = {"PER", "ORG", "LOC", "MISC"}


class AliasFileError(ValueError):
    pass


@dataclass(frozen=True)
class AliasEntry:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class AliasTable:
    entries: list[AliasEntry] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, user_file: Path | str | None = None, starter: bool = True, missing_ok: bool = True) -> AliasTable:
        """Starter entries plus the user's file. A user file that does not exist (yet) adds nothing unless
        missing_ok is False (the command line checks a file the user names)."""
        entries: dict[str, AliasEntry] = {}
        if starter:
            text = resources.files("recoupe.data").joinpath("aliases.yaml").read_text(encoding="utf-8")
            for e in parse(text, "starter aliases"):
                entries[simple_key(e.name)] = e
        if user_file and (Path(user_file).exists() or not missing_ok):
            path = Path(user_file)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise AliasFileError(f"cannot read alias file {path}: {exc.strerror or exc}") from None
            for e in parse(text, str(path)):
                entries[simple_key(e.name)] = e
        table = cls(list(entries.values()))
        for k, e in enumerate(table.entries):
            for n in e.names:
                table._index.setdefault(simple_key(n), k)
        return table

    def lookup(self, name: str) -> AliasEntry | None:
        k = self._index.get(simple_key(name))
        return self.entries[k] if k is not None else None

    def names_of(self, name: str | None) -> tuple[str, ...]:
        e = self.lookup(name) if name else None
        return e.names if e else ()


def parse(text: str, where: str) -> list[AliasEntry]:
    """Entries of an alias file; a malformed file raises AliasFileError with a one-line reason."""
    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise AliasFileError(f"{where}: not valid YAML ({exc.__class__.__name__})") from None
    if isinstance(data, dict) and "entities" in data:
        data = data["entities"]
    if not isinstance(data, list):
        raise AliasFileError(f"{where}: expected a list of entries (name, type, aliases, wikidata)")
    out = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise AliasFileError(f"{where}: entry {n} has no name")
        etype = str(item.get("type", "PER")).upper()
        if etype not in TYPES:
            raise AliasFileError(f"{where}: entry {n} ({item['name']}) has type {etype!r}, not one of {sorted(TYPES)}")
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not all(isinstance(a, (str, int)) for a in aliases):
            raise AliasFileError(f"{where}: entry {n} ({item['name']}) has aliases that are not names")
        wikidata = item.get("wikidata")
        out.append(AliasEntry(item["name"].strip(), etype, tuple(str(a).strip() for a in aliases if str(a).strip()),
                              str(wikidata).strip() if wikidata else None))
    return out
