"""timeline: keep a timeline of dated events in a TOML file."""

__version__ = "0.1.0"
