"""Page tokens and the secret key: a refused token says why, and a short key is said once."""

from __future__ import annotations

import time

from pylive.server import tokens
from pylive.server.tokens import TokenSigner, load_secret_key


def test_a_refused_token_says_whether_it_expired_or_came_from_another_key():
    signer = TokenSigner("a" * 40, max_age=1)
    token = signer.sign("/", "session")
    assert "signed with another secret key" in TokenSigner("b" * 40).refusal(token)
    assert "every server a page may reach needs the same PYLIVE_SECRET_KEY" in TokenSigner("b" * 40).refusal(token)
    time.sleep(2.1)  # itsdangerous counts whole seconds
    assert "expired" in signer.refusal(token)


def test_a_short_secret_key_is_said_once_and_a_long_one_not_at_all(caplog, monkeypatch):
    monkeypatch.setattr(tokens, "_told_short", set())
    assert load_secret_key("tiny") == "tiny"
    load_secret_key("tiny")
    assert caplog.text.count("the secret key is 4 characters") == 1
    caplog.clear()
    load_secret_key("x" * tokens.MIN_KEY_LENGTH)
    assert "secret key" not in caplog.text


def test_a_key_kept_on_disk_is_remembered_for_the_state_store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("PYLIVE_SECRET_KEY", raising=False)
    monkeypatch.setattr(tokens, "kept_on_disk", False)
    key = load_secret_key()
    assert len(key) >= tokens.MIN_KEY_LENGTH and tokens.kept_on_disk
