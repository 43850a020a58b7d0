"""Attacks on the cookie session and CSRF: forged cookies, missing or stolen tokens, replayed writes."""

from __future__ import annotations

import re

from apps import SECRET_KEY, account

import pylive as pl
from pylive.testing import render


async def cookie_set_by(app: pl.App, path: str, **kwargs) -> str:
    response = await app.test_client().get(path, **kwargs)
    header = response.headers.get("Set-Cookie", "")
    assert header.startswith("session="), header
    return header.split(";")[0].removeprefix("session=")


def signed_in_elsewhere(secret_key: str) -> pl.App:
    """An app with another key that signs a session cookie with a user in it."""
    app = pl.App(title="Forger", secret_key=secret_key)

    @app.quart.get("/sign")
    async def sign():
        from quart import session

        session["user"] = "ada"
        return "signed"

    return app


async def test_a_cookie_signed_with_another_key_is_no_session():
    real = account.make_app()
    forged = await cookie_set_by(signed_in_elsewhere("another key" * 4), "/sign")
    genuine = await cookie_set_by(signed_in_elsewhere(SECRET_KEY), "/sign")
    response = await real.test_client().get("/private", headers={"Cookie": f"session={forged}"})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    # The same cookie signed with the app's key is a session: the test can tell them apart.
    response = await real.test_client().get("/private", headers={"Cookie": f"session={genuine}"})
    assert response.status_code == 200
    assert 'id="user">ada<' in await response.get_data(as_text=True)


async def test_post_routes_need_the_browsers_csrf_token():
    app = account.make_app()
    client = app.test_client()
    page = await (await client.get("/forms")).get_data(as_text=True)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page)[1]
    assert (await client.post("/note", form={"note": "x"})).status_code == 403
    assert (await client.post("/note", form={"note": "x", "_csrf_token": token + "x"})).status_code == 403
    assert (await client.post("/note", form={"note": "x", "_csrf_token": token})).status_code == 303
    assert (await client.post("/note", headers={"X-CSRF-Token": token})).status_code == 303
    assert (await client.post("/hook")).status_code == 200  # @pl.csrf_exempt
    # Another browser (no cookie) with a token it stole from the page: refused.
    assert (await app.test_client().post("/note", form={"_csrf_token": token})).status_code == 403


async def test_a_cookie_write_token_is_signed_good_once_and_not_a_read_token():
    app = account.make_app()
    client = app.test_client()
    token = app.cookie_signer.write_token({"user": "ada"})
    assert (await client.post("/_pylive/session", form={"token": token[:-2] + "xx"})).status_code == 403
    assert (await client.post("/_pylive/session", form={"token": token})).status_code == 204
    assert (await client.post("/_pylive/session", form={"token": token})).status_code == 403  # replayed
    assert (await client.get("/private")).status_code == 200  # the cookie was written
    snapshot = await (await client.get("/_pylive/session")).get_data(as_text=True)
    assert app.cookie_signer.read_token(snapshot) == {"user": "ada"}
    # The two kinds of token are signed apart: neither passes for the other.
    assert app.cookie_signer.read_token(token) is None
    assert app.cookie_signer.redeem(snapshot) is None


async def test_a_forged_session_frame_is_refused_and_changes_nothing():
    async with render(account.Private(), cookie={"user": "ada"}) as view:
        await view.session.receive('{"t":"session","token":"forged"}')
        assert '"session needs a valid, fresh token"' in view.frames[-1]
        assert view.cookie["user"] == "ada"


async def test_another_site_cannot_post_a_cookie_write_token_into_the_browser():
    # Login CSRF: an attacker gets a write token for its own session from its own page, then has the
    # victim's browser post it. Browsers send Origin with a POST: another site's is refused.
    app = account.make_app()
    client = app.test_client()
    token = app.cookie_signer.write_token({"user": "mallory"})
    response = await client.post("/_pylive/session", form={"token": token}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert (await client.get("/private")).status_code == 303  # not logged in as mallory
    response = await client.post("/_pylive/session", form={"token": token}, headers={"Origin": "http://localhost"})
    assert response.status_code == 204
