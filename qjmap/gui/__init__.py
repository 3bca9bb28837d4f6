"""Qt widgets: thin adapters over the catalogue model."""
