"""What runs one page: the mounted tree, the reconciler, the wire format and the session.

Imports only the core; knows nothing of Quart, hypercorn or sockets.
"""
