"""`recoupe train stories [SHARED] [--json]`: refit `recoupe/data/story_pairs.json` and print its CV figures."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from ...config import Config, shared_dir
from . import app

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "story_pairs.json"


@app.command("stories")
def train_stories(
    shared: Annotated[Path | None, typer.Argument(help="The shared folder (default: $RECOUPE_SHARED or ../shared).")] = None,
    output: Annotated[Path, typer.Option(help="Where to write the parameters.")] = MODEL_PATH,
    encoder: Annotated[str | None, typer.Option(help="Sentence encoder: none or use (default: the config's).")] = None,
    cache: Annotated[Path | None, typer.Option(help="An .npz file keeping the embeddings between runs.")] = None,
    thresholds: Annotated[bool, typer.Option(help="Also choose the clustering thresholds by CV (slow).")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Article-pair model of story clustering: fit on RPM2, ML-Crisis and SemEval gold pairs, grouped CV."""
    from ...stories.encoder import encoder_for
    from .stories import train

    logging.basicConfig(level=logging.WARNING)
    params = Config().stories
    if encoder is not None:
        params = replace(params, encoder=encoder)
    shared = shared or shared_dir()
    if not (shared / "eval" / "rpm2" / "articles.jsonl").exists():
        typer.echo(f"no eval data under {shared}/eval", err=True)
        raise typer.Exit(2)
    result = train(shared, params, encoder_for(params), cache, thresholds)
    previous: dict = {}
    if output.exists():  # what is not refitted now (the encoder variant, the threshold table) is kept
        try:
            previous = json.loads(output.read_text(encoding="utf-8"))
        except ValueError:
            previous = {}  # not a parameter file: overwritten
    stored = {"about": "Logistic regression over recoupe.stories.similarity.FEATURES (standardised); "
                       "retrain with `recoupe train stories`.",
              "models": {**previous.get("models", {}), **result["models"]},
              "cv": {**previous.get("cv", {}), **result["cv"]}, "pairs": result["pairs"],
              "crisis_weight": result["crisis_weight"]}
    if "thresholds" in result:
        stored["thresholds_cv"] = result["thresholds"][:5]
    elif "thresholds_cv" in previous:
        stored["thresholds_cv"] = previous["thresholds_cv"]
    output.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    if as_json:
        print(json.dumps(result))
        return
    print(f"pairs: {result['pairs']}  → {output}")
    for name, cv in result["cv"].items():
        print(f"model {name}: cross-validated (grouped by topic / month / article group)")
        for src, r in cv.items():
            extra = f"  Pearson {r['pearson']:.3f}" if "pearson" in r else ""
            score = f"AUC {r['auc']:.3f}" if "auc" in r else f"over 0.5: {r['over_half']:.3f}"
            print(f"  {src:9} {r['pairs']:6} pairs ({r['positives']} same story)  {score}{extra}")
        coef = result["models"][name]
        print("  coefficients: " + ", ".join(f"{f} {c:+.2f}" for f, c in zip(coef["features"], coef["coef"])))
    if "thresholds" in result:
        print("clustering thresholds, held-out folds (best first; Config.stories keeps the chosen pair):")
        for r in result["thresholds"][:6]:
            print(f"  ML-Crisis weight {r['crisis_weight']:.0f}, threshold {r['threshold']:.2f} merge {r['merge_threshold']:.2f}: RPM2 topic F1 "
                  f"{r['rpm2_topic_f1']:.3f}, ML-Crisis topic P {r['mlcrisis_topic_p']:.3f}")
