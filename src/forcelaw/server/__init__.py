"""The HTTP server: SPARQL endpoint (and, later, linked-data pages and dumps)."""
