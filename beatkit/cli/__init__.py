"""The ``beatkit`` command: ``beatkit demo`` and ``beatkit hls ...`` (one module per command)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from beatkit._version import __version__

__all__ = ["main"]


def _demo(args: argparse.Namespace) -> int:
    from beatkit.cli.demo import run

    return run(sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``beatkit`` command."""
    from beatkit.cli.hls import add_hls_commands

    parser = argparse.ArgumentParser(
        prog="beatkit", description="Tools from the beatkit SDK for music platform APIs."
    )
    parser.add_argument("--version", action="version", version=f"beatkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="an offline tour against the bundled fake services")
    demo.set_defaults(func=_demo)
    add_hls_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    status: int = func(args)
    return status
