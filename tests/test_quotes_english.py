"""English quotes on invented articles: curly, straight and tokenised (`` … '') marks, "said X", ", he said",
"told", "according to", and speakers that are names of the article, not days or objects."""

import pytest

from recoupe.model import Article

ARTICLE = (
    "Harbour workers in Port Allard walked out on Friday over a pay freeze. "
    "\u201cWe have waited two years for this offer,\u201d said Mara Quillon, who leads the dockers' union. "
    "The port authority said it would meet the union on Monday. "
    "According to the authority, the strike has already delayed fourteen ships. "
    "Transport minister Owen Falk told reporters that the government would not step in. "
    "\"The parties must settle this themselves,\" he said."
)
TOKENISED = (
    "Rescue teams reached the village of Dunmore late on Tuesday . \n"
    "`` The road is open again , '' said Colin Arbery , the county fire chief . \n"
    "Arbery added that two bridges remained closed ."
)


@pytest.fixture(scope="module")
def english(nlp):
    def run(text):
        art = Article(id="a-en", source="en", text=text, language="en")
        return {q.text: q for q in nlp.analyse([art])[0].quotes}

    return run


@pytest.mark.slow
def test_english_cues_and_marks(english):
    found = english(ARTICLE)
    assert found["We have waited two years for this offer"].speaker_name == "Mara Quillon"
    assert found["The parties must settle this themselves"].speaker_name == "Owen Falk"
    told = [q for q in found.values() if q.cue == "told"]
    assert told and told[0].speaker_name == "Owen Falk"
    assert any(q.cue and q.cue.lower() == "according to" for q in found.values())
    for q in found.values():
        assert q.speaker_name not in {"Friday", "Monday", "reporters"}, q


@pytest.mark.slow
def test_tokenised_english_quotation_marks(english):
    found = english(TOKENISED)
    q = found.get("The road is open again")
    assert q is not None, list(found)
    assert q.speaker_name == "Colin Arbery"
    assert any(x.type == "indirect" and x.text.startswith("two bridges") for x in found.values())
