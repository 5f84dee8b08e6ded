"""backrub: massage for lower back pain, used safely and measured honestly."""

__version__ = "0.1.0"
