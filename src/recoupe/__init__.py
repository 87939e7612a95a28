"""recoupe: cross-check news articles into sourced dossiers."""

__version__ = "0.1.0"
