"""Reading country profiles: text in, typed records out (no RDF here)."""
