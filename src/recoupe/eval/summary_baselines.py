"""Baseline summarisers for `recoupe eval summaries`: Lead, and LexRank, TextRank and LSA from sumy.

Every system gets the same sentences (those of our NLP stage) and the same word tokenisation, so only the
choice of sentences differs. sumy's own tokenizer needs NLTK data files that cannot be downloaded at run
time; it is replaced by ours. Stemming and stop words are sumy's French ones (Snowball stemmer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..crosscheck.text import word_count, words

Baseline = Callable[[Sequence[Sequence[str]], int], list[str]]


class _Tokenizer:
    """What sumy asks of a tokenizer: sentences of a text and words of a sentence."""

    language = "french"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return (text,)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))


def lead(docs: Sequence[Sequence[str]], budget: int) -> list[str]:
    """First sentence of each article in turn, then second sentences, … (the multi-document lead)."""
    out, total, depth = [], 0, 0
    while total < budget and any(depth < len(d) for d in docs):
        for d in docs:
            if depth < len(d) and total < budget and d[depth] not in out:
                out.append(d[depth])
                total += word_count(d[depth])
        depth += 1
    return out


def _sumy(name: str) -> Baseline:
    def run(docs: Sequence[Sequence[str]], budget: int) -> list[str]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.utils import get_stop_words

        tokenizer = _Tokenizer()
        document = ObjectDocumentModel(
            [Paragraph([Sentence(s, tokenizer) for s in d]) for d in docs if d]
        )
        summarizer = _summarizer(name)(Stemmer("french"))
        summarizer.stop_words = get_stop_words("french")
        ranked: list[str] = []

        def take(infos):  # sumy hands the sentences best first; keep them until the budget is reached
            total = 0
            kept = []
            for info in infos:
                if total >= budget:
                    break
                if str(info.sentence) in ranked:  # the same sentence printed in two articles counts once
                    continue
                kept.append(info)
                ranked.append(str(info.sentence))
                total += word_count(str(info.sentence))
            return kept

        summarizer(document, take)
        return ranked

    return run


def _summarizer(name: str):
    if name == "lexrank":
        from sumy.summarizers.lex_rank import LexRankSummarizer

        return LexRankSummarizer
    if name == "textrank":
        from sumy.summarizers.text_rank import TextRankSummarizer

        return TextRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer

    return LsaSummarizer


BASELINES: dict[str, Baseline] = {
    "lead": lead,
    "lexrank": _sumy("lexrank"),
    "textrank": _sumy("textrank"),
    "lsa": _sumy("lsa"),
}
