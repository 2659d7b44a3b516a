"""From typed profile records and curated Turtle to one validated RDF dataset."""
