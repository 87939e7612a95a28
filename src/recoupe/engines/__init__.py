"""Batch engines for `pipeline.ingest`: `local` (one process, in `pipeline.py`) and `dask` (`dask_engine.py`)."""
