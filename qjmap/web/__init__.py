"""Qt WebEngine adapters: the qjmap:// scheme, the request guard, the bridge and the map view."""
