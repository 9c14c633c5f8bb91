"""Project commands for `scrapy` (COMMANDS_MODULE = "commands")."""

from __future__ import annotations


def quiet_logs(settings) -> None:
    """Warnings only, unless the user asked for more with -L or -s LOG_LEVEL."""
    if settings.getpriority("LOG_LEVEL") < 40:  # below "cmdline"
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
