"""Project commands for `scrapy` (COMMANDS_MODULE = "commands").

Every command says what is wrong with its input in one line, `scrapy NAME: error: ...`,
and exits non-zero: an unknown option or argument, a value an option cannot take, an
unknown command (Scrapy's own answer is a banner and three lines: replaced below).
"""

from __future__ import annotations

import difflib
import functools
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import scrapy.cmdline
from scrapy.exceptions import UsageError

from archive import ArchiveError, open_archive
from archive.database import describe

if TYPE_CHECKING:
    from sqlite_utils import Database


def quiet_logs(settings) -> None:
    """Warnings only, unless the user asked for more with -L or -s LOG_LEVEL."""
    if settings.getpriority("LOG_LEVEL") < 40:  # below "cmdline"
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")


def command_name(command) -> str:
    return type(command).__module__.rsplit(".", 1)[-1]


def fail(command, message: str, status: int = 2) -> None:
    """One line, `scrapy NAME: error: MESSAGE`, and the command's exit status (2: the
    user asked for something that cannot be done; 1: it failed while doing it)."""
    sys.stderr.write(f"scrapy {command_name(command)}: error: {message}\n")
    command.exitcode = status


def stop(name: str, message: str, status: int = 2) -> NoReturn:
    """One line and exit, before the command has started anything."""
    sys.stderr.write(f"scrapy {name}: error: {message}\n")
    sys.exit(status)


def nearest(word: str, choices) -> str:
    """' (did you mean X?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


#: Settings of components that define their own (scrapy-redis, scrapy-playwright ...): a
#: name with one of these prefixes is theirs to read.
COMPONENT_PREFIXES = ("REDIS_", "SCHEDULER_", "DUPEFILTER_", "PLAYWRIGHT_", "SPIDERMON_")


@functools.cache
def setting_defaults() -> dict[str, object]:
    """Every setting Scrapy or the project defines a default for (the project's are all
    in settings.py, and win), with that default."""
    import scrapy.settings.default_settings as scrapy_defaults

    import settings as project

    return {
        name: getattr(module, name)
        for module in (scrapy_defaults, project)
        for name in dir(module)
        if name.isupper()
    }


def known_settings() -> frozenset[str]:
    return frozenset(setting_defaults())


_KINDS = {bool: ("getbool", "true or false"), int: ("getint", "a whole number"),
          float: ("getfloat", "a number")}  # fmt: skip


def setting_value_problem(name: str, value: str) -> str | None:
    """Why a -s value cannot be read as the kind its default is (an int, a float, a
    bool), or None: read at once, not when a component first asks for it mid-crawl.

    >>> setting_value_problem("EXTRACT_MAX_ELEMENTS", "x")
    "EXTRACT_MAX_ELEMENTS must be a whole number, not 'x'"
    >>> setting_value_problem("DOWNLOAD_DELAY", "0.5"), setting_value_problem("ARCHIVE", "a.db")
    (None, None)
    """
    from scrapy.settings import Settings

    kind = _KINDS.get(type(setting_defaults().get(name)))
    if kind is None:
        return None
    getter, wanted = kind
    try:
        getattr(Settings({name: value}), getter)(name)
    except ValueError:
        return f"{name} must be {wanted}, not {value!r}"
    return None


def is_known_setting(name: str) -> bool:
    """A setting some component reads: a typo (ARCHVE) would otherwise be silently
    ignored, and the crawl would write somewhere else.

    >>> is_known_setting("ARCHIVE"), is_known_setting("DOWNLOAD_DELAY"), is_known_setting("ARCHVE")
    (True, True, False)
    """
    return name in known_settings() or name.startswith(COMPONENT_PREFIXES)


class InputChecks:
    """What every project command checks of its command line before it runs: mixed in
    front of ScrapyCommand (or of Scrapy's crawl command) by each command. Not itself a
    command class: Scrapy takes every ScrapyCommand subclass in this package for one."""

    #: Does the command take positional arguments (files, URLs, a spider)?
    takes_arguments = False
    #: Warnings only in the log unless the user asks for more (for cron).
    quiet = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "run" in cls.__dict__:
            cls.run = _archive_errors_are_one_line(cls.__dict__["run"])

    def add_options(self, parser) -> None:
        super().add_options(parser)
        name = command_name(self)
        # argparse would print the usage, then the error: one line is enough.
        parser.error = lambda message: stop(name, message)

    def process_options(self, args: list[str], opts) -> None:
        name = command_name(self)
        try:
            super().process_options(args, opts)
        except UsageError as exc:
            stop(name, str(exc))
        # Scrapy reads options with parse_known_args: an unknown one lands among the
        # arguments, where it would be silently ignored.
        options = [a for a in args if a.startswith("-") and a != "-"]
        if options:
            stop(name, f"unknown option {options[0]} (see scrapy {name} -h)")
        if args and not self.takes_arguments:
            stop(name, f"takes no arguments, not {' '.join(args)!r} (see scrapy {name} -h)")
        for pair in getattr(opts, "set", None) or []:
            name, _, value = pair.partition("=")
            if not is_known_setting(name):
                stop(name=command_name(self), message=f"unknown setting {name}"
                     f"{nearest(name, known_settings())}: no component of rongmei or Scrapy reads it")  # fmt: skip
            if problem := setting_value_problem(name, value):
                stop(command_name(self), problem)
        if self.quiet:
            quiet_logs(self.settings)

    def existing_archive(self, *, read_only: bool = False) -> Database:
        """The archive (ARCHIVE) a command reads, opened (read_only: as it is; else its
        schema brought up to date). A command that reads one never creates it: without
        one it stops in one line."""
        archive = self.settings["ARCHIVE"]
        if not Path(archive).is_file():
            raise ArchiveError(f"no archive at {archive}")
        return open_archive(archive, read_only=read_only)


def _archive_errors_are_one_line(run):
    """A command's run, where an archive that cannot be read (damaged, not SQLite, gone
    bad halfway) is one line and exit status 2, not a traceback."""

    @functools.wraps(run)
    def checked(self, args, opts):
        try:
            return run(self, args, opts)
        except ArchiveError as exc:
            fail(self, str(exc))
        except sqlite3.DatabaseError as exc:
            fail(self, describe(self.settings.get("ARCHIVE"), exc))
        return None

    return checked


def _unknown_command(settings, cmdname: str, inproject: bool) -> None:
    commands = scrapy.cmdline._get_commands_dict(settings, inproject)
    sys.stderr.write(
        f"scrapy: error: unknown command {cmdname!r}{nearest(cmdname, commands)}; "
        "`scrapy` lists the commands\n"
    )


# Scrapy imports this package to find the project's commands before it looks up the one
# asked for, and prints a banner and three lines for an unknown one: one line instead.
scrapy.cmdline._print_unknown_command = _unknown_command
