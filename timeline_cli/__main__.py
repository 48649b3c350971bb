"""Run as ``python -m timeline_cli``."""

from timeline_cli.cli import main

main()
