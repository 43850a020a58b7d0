"""Small pylive apps that the end-to-end tests serve; each module has a `make_app()`."""

#: Every test app signs its page tokens with this key, so a restarted server accepts old pages.
SECRET_KEY = "pylive-e2e-tests-key-that-is-not-secret"
