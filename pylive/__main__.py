"""`python -m pylive`: the `pylive` command."""

from pylive.dev.cli import main

main()
