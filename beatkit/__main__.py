"""``python -m beatkit``: the same as the ``beatkit`` command."""

from beatkit.cli import main

raise SystemExit(main())
