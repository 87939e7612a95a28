"""Merge and split corrections on entities, written to the user's alias file (YAML).

The file is a list of entries, one per real-world referent: `name` (canonical), `type`, `aliases` and an optional
`wikidata` id. The entity stage reads it on its next run: names listed in one entry are one entity, names listed
in different entries are kept apart. Writes replace the file atomically, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

import yaml

from ..model import Entity
from ..store.textsearch import fold

HEADER = (
    "# recoupe entity aliases: one entry per real-world referent (name, type, aliases, optional wikidata).\n"
    "# Names in one entry are merged into one entity; names in different entries are kept apart.\n"
)


class AliasError(ValueError):
    """A correction that cannot be made (the message says why)."""


def _names(e: Entity) -> list[str]:
    return list(dict.fromkeys([e.name, *e.aliases, *(m.text for m in e.mentions)]))


class AliasFile:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def entries(self) -> list[dict]:
        if not self.path.exists():
            return []
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            raise AliasError(f"the alias file {self.path} is not valid YAML ({exc}); fix it by hand first") from None
        if isinstance(data, dict):  # also accept {"entities": [...]}
            data = data.get("entities") or []
        if not isinstance(data, list):
            raise AliasError(f"the alias file {self.path} should hold a list of entries")
        return [e for e in data if isinstance(e, dict) and e.get("name")]

    def _write(self, entries: list[dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = HEADER + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
        fd, tmp = tempfile.mkstemp(prefix=".aliases-", suffix=".yaml", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(body)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @staticmethod
    def _find(entries: list[dict], names: list[str]) -> int | None:
        wanted = {fold(n) for n in names}
        for i, entry in enumerate(entries):
            if {fold(n) for n in [entry["name"], *(entry.get("aliases") or [])]} & wanted:
                return i
        return None

    def merge(self, keep: Entity, absorb: Entity) -> dict:
        """`absorb` is the same referent as `keep`: one entry with keep's name and both sets of names."""
        if keep.id == absorb.id:
            raise AliasError("an entity cannot be merged with itself")
        with self._lock:
            entries = self.entries()
            absorbed_names = _names(absorb)
            i = self._find(entries, [keep.name])
            j = self._find(entries, absorbed_names)
            entry = entries[i] if i is not None else {"name": keep.name, "type": keep.type, "aliases": []}
            other = entries[j] if j is not None and j != i else {}
            names = [*(entry.get("aliases") or []), *[n for n in _names(keep) if n != entry["name"]],
                     *(other.get("aliases") or []), *absorbed_names]
            entry["aliases"] = [n for n in dict.fromkeys(names) if fold(n) != fold(entry["name"])]
            if not entry.get("wikidata") and (keep.wikidata or absorb.wikidata or other.get("wikidata")):
                entry["wikidata"] = keep.wikidata or absorb.wikidata or other.get("wikidata")
            entries = [e for k, e in enumerate(entries) if k not in (i, j)] + [entry]
            self._write(entries)
            return entry

    def split(self, entity: Entity, names: list[str], new_name: str) -> list[dict]:
        """The given spellings name someone else: a new entry for them, and the entity's own entry keeps the rest."""
        names = [n.strip() for n in names if n.strip()]
        new_name = new_name.strip() or (names[0] if names else "")
        if not names:
            raise AliasError("choose at least one spelling to split off")
        own = [n for n in _names(entity) if fold(n) not in {fold(x) for x in names}]
        if not own:
            raise AliasError("splitting off every spelling would leave nothing: merge into another entity instead")
        with self._lock:
            entries = self.entries()
            i = self._find(entries, [entity.name])
            kept = entries[i] if i is not None else {"name": entity.name, "type": entity.type}
            # spellings another entry already claims (an earlier split not yet applied by a rebuild) stay there
            claimed = {fold(n) for k, e in enumerate(entries) if k != i for n in [e["name"], *(e.get("aliases") or [])]}
            kept["aliases"] = [n for n in dict.fromkeys([*(kept.get("aliases") or []), *own])
                               if fold(n) != fold(kept["name"]) and fold(n) not in {fold(x) for x in names}
                               and fold(n) not in claimed]
            if fold(kept["name"]) in {fold(x) for x in names}:
                raise AliasError(f"{kept['name']!r} is the entity's own name: split off its other spellings")
            gone = {fold(x) for x in names}
            others, extra = [], []
            for k, e in enumerate(entries):
                if k == i:
                    continue
                if fold(e["name"]) in gone:  # an entry already about the split-off referent joins the new one
                    extra += [e["name"], *(e.get("aliases") or [])]
                    continue
                others.append({**e, "aliases": [n for n in e.get("aliases") or [] if fold(n) not in gone]})
            split_off = {"name": new_name, "type": entity.type,
                         "aliases": [n for n in dict.fromkeys([*names, *extra]) if fold(n) != fold(new_name)]}
            entries = others + [kept, split_off]
            self._write(entries)
            return [kept, split_off]
