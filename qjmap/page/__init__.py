"""page package."""
