"""qjmap: offline map explorer for the Quzhou / Qujiang four-province border multimodal hub."""
__version__ = "0.1.0"
