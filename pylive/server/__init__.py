"""The Quart and hypercorn adapter: pages over HTTP, frames between a WebSocket and a session."""
