"""``python -m generator``: the same as the ``curriculum`` command."""

from generator.cli import main

raise SystemExit(main())
