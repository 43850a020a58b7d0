"""Developer tools: `pl.run`, the `pylive` command, hot reload and the demo gallery."""
