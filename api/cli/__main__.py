"""``python -m api.cli``: the ``kringmatch`` command."""

from api.cli import main

raise SystemExit(main())
