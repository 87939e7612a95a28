"""Entity corrections written to the user's alias file, directly and through the API."""

from __future__ import annotations

import pytest
import yaml

from recoupe.model import Entity, Mention
from recoupe.web.aliases import AliasError, AliasFile


def _entity(eid: str, name: str, *texts: str, etype: str = "PER", aliases=(), wikidata=None) -> Entity:
    mentions = tuple(Mention("a-1", i * 10, i * 10 + len(t), t, etype, eid) for i, t in enumerate(texts))
    return Entity(eid, name, etype, tuple(aliases), mentions, wikidata=wikidata)


def test_merge_writes_one_entry_with_both_sets_of_names(tmp_path):
    path = tmp_path / "aliases.yaml"
    aliases = AliasFile(path)
    kim = _entity("e-1", "Kim Jong-un", "Kim Jong-un", "M. Kim")
    kim2 = _entity("e-2", "Kim Jong Un", "Kim Jong Un", wikidata="Q56226")
    entry = aliases.merge(kim, kim2)
    assert entry == {"name": "Kim Jong-un", "type": "PER", "aliases": ["M. Kim", "Kim Jong Un"], "wikidata": "Q56226"}
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == [entry]
    # a second merge into the same entity extends its entry instead of adding another
    aliases.merge(kim, _entity("e-3", "Kim", "Kim"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(data) == 1 and data[0]["aliases"] == ["M. Kim", "Kim Jong Un", "Kim"]
    assert [p.name for p in tmp_path.iterdir()] == ["aliases.yaml"]  # no temporary file left behind
    with pytest.raises(AliasError):
        aliases.merge(kim, kim)


def test_split_moves_spellings_to_a_new_entry_and_keeps_the_rest(tmp_path):
    aliases = AliasFile(tmp_path / "aliases.yaml")
    kims = _entity("e-1", "Kim Jong-un", "Kim Jong-un", "M. Kim", "Kim Jong-il", "Kim Jong Il")
    aliases.merge(kims, _entity("e-9", "Kim Jong Il", "Kim Jong Il"))  # the wrong merge, written earlier
    kept, split = aliases.split(kims, ["Kim Jong-il", "Kim Jong Il"], "Kim Jong-il")
    assert kept == {"name": "Kim Jong-un", "type": "PER", "aliases": ["M. Kim"]}
    assert split == {"name": "Kim Jong-il", "type": "PER", "aliases": ["Kim Jong Il"]}
    assert yaml.safe_load((tmp_path / "aliases.yaml").read_text(encoding="utf-8")) == [kept, split]
    with pytest.raises(AliasError):
        aliases.split(kims, [], "x")
    with pytest.raises(AliasError):
        aliases.split(_entity("e-5", "Poutine", "Poutine"), ["Poutine"], "Putin")


def test_a_broken_alias_file_is_reported_not_overwritten(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("- name: [unclosed\n", encoding="utf-8")
    with pytest.raises(AliasError, match="not valid YAML"):
        AliasFile(path).merge(_entity("e-1", "A", "A"), _entity("e-2", "B", "B"))
    assert path.read_text(encoding="utf-8") == "- name: [unclosed\n"
