"""provenance: quote attribution and provenance for news."""

__version__ = "0.1.0"
