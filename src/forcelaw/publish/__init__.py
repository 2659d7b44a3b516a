"""Writing releases: dumps, manifest, dataset description, atomic switch."""
