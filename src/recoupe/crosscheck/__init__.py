"""Cross-checking stages that run over a story's articles (timeline, facts, conflicts, summary)."""
