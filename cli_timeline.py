"""The commands that write timelines (init, add, contact, log, import, export): the same thin
click layer as cli.py, which adds them to the `followup` group. Apart so that neither module
outgrows one screenful of options per command."""

from __future__ import annotations

import click

__all__ = ["COMMANDS"]

COMMANDS: list[click.Command] = []
