"""Developer tools: geodata and context builders, the README screenshot, the app server."""
