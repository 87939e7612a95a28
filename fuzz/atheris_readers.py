"""Coverage-guided fuzzing of the readers, cleaning and metadata with atheris (libFuzzer).

Not part of the test suite (the hypothesis tests in tests/test_fuzz.py run in CI with a fixed budget);
run it for longer sessions:

    pip install atheris==3.0.0          # or: pip install -e ".[fuzz]"
    python fuzz/atheris_readers.py -atheris_runs=200000 fuzz/corpus   # corpus folder optional

The first byte picks the file extension, the rest is the file's content. A crash (any exception other than
the readers' own rejects) is a bug: libFuzzer stops and writes the input to crash-<hash>.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["recoupe"]):
    from recoupe.config import Config
    from recoupe.ingest import SUPPORTED, read_bytes
    from recoupe.model import RawDocument, Reject
    from recoupe.nlp.language import LanguageDetector
    from recoupe.pipeline import prepare

CONFIG = Config(db=":memory:")
DETECTOR = LanguageDetector()
EXTENSIONS = sorted(SUPPORTED)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    ext = EXTENSIONS[data[0] % len(EXTENSIONS)]
    for item in read_bytes(data[1:], f"fuzz{ext}", ext, CONFIG):
        if isinstance(item, Reject):
            if not item.reason.strip() or "\n" in item.reason:
                raise AssertionError(f"reject without a one-line reason: {item!r}")
            continue
        assert isinstance(item, RawDocument)
        art = prepare(item, DETECTOR, CONFIG)
        if not isinstance(art, Reject):
            art.text.encode("utf-8")  # storable: no lone surrogates
            if "\x00" in art.text:
                raise AssertionError("NUL character left in an article text")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
