"""Project commands for `scrapy` (COMMANDS_MODULE = "commands")."""

from __future__ import annotations

import sys


def quiet_logs(settings) -> None:
    """Warnings only, unless the user asked for more with -L or -s LOG_LEVEL."""
    if settings.getpriority("LOG_LEVEL") < 40:  # below "cmdline"
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")


def fail(command, message: str, status: int = 2) -> None:
    """One line, `scrapy NAME: error: MESSAGE`, and the command's exit status (2: the
    user asked for something that cannot be done; 1: it failed while doing it)."""
    name = type(command).__module__.rsplit(".", 1)[-1]
    sys.stderr.write(f"scrapy {name}: error: {message}\n")
    command.exitcode = status
