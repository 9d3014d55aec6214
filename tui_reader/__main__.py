"""Allow `python -m tui_reader`."""

from tui_reader.cli import main

raise SystemExit(main())
