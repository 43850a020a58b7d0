"""What an app is written with: elements, components, hooks, contexts, events, navigation.

Imports nothing of pylive above it; knows nothing of sessions, sockets or servers.
"""

#: The version of the pylive package.
__version__ = "0.1.0"
