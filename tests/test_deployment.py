"""The deployment recipe of docs/deployment.md: what can be checked without Docker or a proxy."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pylive as pl

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "docs" / "deploy"


def test_the_dockerfile_runs_unprivileged_checks_health_and_copies_what_exists():
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim$", text, re.M)
    user = re.findall(r"^USER (\S+)$", text, re.M)
    assert user and user[-1] not in ("root", "0")
    assert "HEALTHCHECK" in text and "/_pylive/health" in text
    for source in re.findall(r"^COPY (.+) \S+$", text, re.M):
        for name in source.split():
            assert (ROOT / name).exists(), name
    assert (ROOT / re.search(r"^ARG APP=(\S+)$", text, re.M)[1]).is_file()
    if shutil.which("hadolint"):  # CI lints it too (docs/deploy/check.sh), as does a developer who has it
        result = subprocess.run(["hadolint", str(DEPLOY / "Dockerfile")], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_proxy_configs_upgrade_websockets_and_stick_clients_to_a_server():
    nginx = (DEPLOY / "nginx.conf").read_text()
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Host $host;"):
        assert line in nginx
    assert "Connection $connection_upgrade" in nginx and re.search(r"^\s*(hash \S+ consistent|ip_hash);", nginx, re.M)
    caddy = (DEPLOY / "Caddyfile").read_text()
    assert "lb_policy cookie" in caddy and "health_uri /_pylive/health" in caddy


async def test_the_health_check_answers():
    app = pl.App(title="Health", secret_key="k" * 32)
    response = await app.test_client().get("/_pylive/health")
    assert response.status_code == 200
    assert (await response.get_data(as_text=True)).startswith("ok ")
