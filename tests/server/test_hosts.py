"""Host names an app answers to, and the Origin a page's socket must come from."""

from __future__ import annotations

import pytest

from pylive.server.hosts import ENV_ALLOWED_HOSTS, AllowedHosts, origin_allowed, page_scheme, split_host


def test_host_headers_are_split_into_name_and_port():
    assert split_host("Example.COM.:8080") == ("example.com", 8080)
    assert split_host("[::1]:8000") == ("::1", 8000)
    assert split_host("[0:0::1]") == ("::1", None)
    for bad in (None, "", "a b", "x:y", "[::1", "[zz]", "user@host", "host:123456", "-x.example"):
        assert split_host(bad) is None, bad


def test_unset_allows_local_names_and_addresses_only(monkeypatch):
    monkeypatch.delenv(ENV_ALLOWED_HOSTS, raising=False)
    hosts = AllowedHosts()
    for ok in ("localhost:8000", "app.localhost", "127.0.0.1:1", "10.1.2.3", "[::1]:80", "[2001:db8::1]"):
        assert hosts.allows(ok), ok
    for refused in ("example.com", "localhost.example.com", "127.0.0.1.nip.io", None, ""):
        assert not hosts.allows(refused), refused


def test_the_environment_lists_the_names_when_the_app_does_not(monkeypatch):
    monkeypatch.setenv(ENV_ALLOWED_HOSTS, "example.com, *.example.org")
    hosts = AllowedHosts()
    assert hosts.allows("example.com") and hosts.allows("www.example.org")
    assert not hosts.allows("localhost") and not hosts.allows("example.org")
    assert AllowedHosts(["other.example"]).allows("other.example")  # the argument comes first


def test_patterns_that_are_not_host_names_fail_at_once():
    with pytest.raises(ValueError, match="not a host name"):
        AllowedHosts(["https://example.com"])
    with pytest.raises(ValueError):
        AllowedHosts(["example.com:8000"])
    assert AllowedHosts(["[::1]", "192.0.2.1"]).allows("[0::1]:8000")


def test_the_origin_must_match_scheme_host_and_port():
    none: frozenset[str] = frozenset()
    assert origin_allowed("http://app.example", "app.example", none, "http")
    assert origin_allowed("http://app.example:80", "app.example", none, "http")
    assert origin_allowed("https://app.example", "app.example:443", none, "https")
    assert not origin_allowed("https://app.example", "app.example", none, "http")
    assert not origin_allowed("http://app.example", "app.example", none, "https")
    assert not origin_allowed("http://app.example:8080", "app.example", none, "http")
    assert not origin_allowed("ws://app.example", "app.example", none, "http")
    assert origin_allowed("https://other.example", "app.example", frozenset({"https://other.example"}), "http")
    assert origin_allowed(None, "app.example", none, "http")


def test_the_pages_scheme_comes_from_tls_or_the_proxy():
    assert page_scheme("ws", None) == "http"
    assert page_scheme("wss", None) == "https"
    assert page_scheme("ws", "https, http") == "https"
    assert page_scheme("wss", "gopher") == "https"
