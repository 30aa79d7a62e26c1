"""``python -m beatkit``: the same as the ``beatkit`` command."""

from beatkit.cli import main

# Guarded: importing this module (pydoc, documentation tools, a check that imports
# every module) must not run the command line and exit the process.
if __name__ == "__main__":
    raise SystemExit(main())
