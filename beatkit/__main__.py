"""``python -m beatkit``: the ``beatkit`` command, run by :func:`beatkit.cli.entry_point`."""

from beatkit.cli import entry_point

# Guarded: importing this module (pydoc, documentation tools, a check that imports
# every module) must not run the command line and exit the process. After Ctrl-C,
# entry_point() ends the process by SIGINT, so that a shell script running it stops too.
if __name__ == "__main__":
    entry_point()
