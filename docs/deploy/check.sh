#!/usr/bin/env bash
# Lints the Dockerfile with hadolint and builds the image, each only where the tool is present
# (neither is needed by the test suite). Run from the project's root: `bash docs/deploy/check.sh`.
set -euo pipefail
cd "$(dirname "$0")/../.."

if command -v hadolint >/dev/null 2>&1; then
    hadolint docs/deploy/Dockerfile
    echo "hadolint: docs/deploy/Dockerfile is clean"
else
    echo "hadolint is not installed: the Dockerfile was not linted"
fi

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    docker build -f docs/deploy/Dockerfile -t pylive-login:check .
    echo "docker: the image builds"
else
    echo "no Docker daemon here: the image was not built"
fi
