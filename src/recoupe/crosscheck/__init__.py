"""Cross-article stages of a story: facts confirmed by independent outlets, conflicts and updates, a cited summary."""
