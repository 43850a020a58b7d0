"""Page tokens: the signed, expiring name of the page a WebSocket connects for.

The first HTTP response embeds a token naming its path and query; the WebSocket handshake carries
it back, so a socket can only mount pages this server rendered, and a restarted server (same secret)
can remount the page it names.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

log = logging.getLogger("pylive")

#: How long a page's token is accepted after the page was rendered (a day).
DEFAULT_MAX_AGE = 24 * 60 * 60

#: The itsdangerous salt of page tokens (a token for nothing else verifies as one).
SALT = "pylive.page"


class TokenSigner:
    """Signs page locations into tokens and checks them.

        signer = TokenSigner(b"secret")
        token = signer.sign("/users/3?tab=posts")
        signer.verify(token)  # "/users/3?tab=posts", or None if forged or expired
    """

    __slots__ = ("_serializer", "max_age")

    def __init__(self, secret_key: str | bytes, *, max_age: float = DEFAULT_MAX_AGE) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt=SALT)
        self.max_age = max_age

    def sign(self, url: str, session: str | None = None) -> str:
        """A token for the page at `url` (path and query), bound to its session id if given."""
        return self._serializer.dumps({"p": url} if session is None else {"p": url, "s": session})

    def verify_page(self, token: str) -> tuple[str, str | None] | None:
        """The page URL and session id a token names (None: the token names no session), or None
        if its signature is wrong or it has expired."""
        try:
            payload = self._serializer.loads(token, max_age=self.max_age)
        except BadSignature:  # also covers SignatureExpired
            return None
        if not isinstance(payload, dict):
            return None
        url, session = payload.get("p"), payload.get("s")
        if not isinstance(url, str) or not url.startswith("/"):
            return None
        return url, session if isinstance(session, str) else None

    def refusal(self, token: str) -> str:
        """Why `token` does not verify, in words for the log (with the fix when there is one)."""
        try:
            self._serializer.loads(token, max_age=self.max_age)
        except SignatureExpired:
            return "its page token expired (the page was rendered longer ago than token_max_age)"
        except BadSignature:
            return (
                "its page token was signed with another secret key: every server a page may reach "
                "needs the same PYLIVE_SECRET_KEY"
            )
        return "its page token names no page"

    def verify(self, token: str) -> str | None:
        """The page URL a token names, or None if its signature is wrong or it has expired."""
        try:
            payload = self._serializer.loads(token, max_age=self.max_age)
        except BadSignature:  # also covers SignatureExpired
            return None
        url = payload.get("p") if isinstance(payload, dict) else None
        return url if isinstance(url, str) and url.startswith("/") else None


def config_dir() -> Path:
    """Where pylive keeps per-user files: `$XDG_CONFIG_HOME/pylive` or `~/.config/pylive`."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "pylive"


#: A secret key shorter than this is said in the log (a guessable key forges sessions).
MIN_KEY_LENGTH = 32
_told_short: set = set()
#: Whether this process signs with the key kept on this machine's disk (none was given): a state
#: store shared by several machines then needs one given to each (the store says so).
kept_on_disk = False


def load_secret_key(explicit: str | bytes | None = None) -> str | bytes:
    """The key that signs tokens: `explicit`, else `$PYLIVE_SECRET_KEY`, else one kept on disk.

    The kept key is generated once (mode 0600) so that a restarted server, or another worker on
    the same machine, accepts the tokens of pages rendered before.
    """
    global kept_on_disk
    given = explicit or os.environ.get("PYLIVE_SECRET_KEY")
    if given:
        if len(given) < MIN_KEY_LENGTH and given not in _told_short:
            _told_short.add(given)
            log.warning(
                "the secret key is %d characters: anyone who guesses it can forge page tokens and session "
                "cookies; use %d or more random ones: python -c 'import secrets; print(secrets.token_urlsafe(32))'",
                len(given),
                MIN_KEY_LENGTH,
            )
        return given
    kept_on_disk = True
    path = config_dir() / "secret_key"
    for _ in range(20):
        key = _read_key(path)
        if key:
            return key
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            # O_EXCL: when several workers start at once, one writes and the others read its key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            time.sleep(0.05)  # another worker is writing it
            continue
        key = secrets.token_urlsafe(48)
        with os.fdopen(fd, "w") as f:
            f.write(key)
        return key
    # An empty file left by a crash: replace it.
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _read_key(path: Path) -> str:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return ""
