"""Language identification and the spaCy stage: sentences, entity mentions, and per-article components."""
