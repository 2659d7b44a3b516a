"""Serving from, and loading, an external SPARQL store: ``RemoteStore`` and ``load``."""
