"""Time expressions: recognise, normalise to TIMEX3 values, and anchor them (French first, then English;
Spanish and Italian dates). Plain text in, no parser needed; a tense callback may refine weekdays."""

from .tagger import Timex, parse_dct, supported, tag

__all__ = ["Timex", "tag", "parse_dct", "supported"]
