"""Running ``beatkit hls`` in-process, as the CLI tests of several modules do."""

from __future__ import annotations

import argparse

from beatkit.cli.hls import add_hls_commands

KEY = bytes(range(16))
IV = bytes(range(16, 32))


def run(*argv: str) -> int:
    """Parse ``argv`` as ``beatkit`` would and run the ``hls`` command it names."""
    parser = argparse.ArgumentParser(prog="beatkit")
    add_hls_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    result = args.func(args)
    assert isinstance(result, int)
    return result
