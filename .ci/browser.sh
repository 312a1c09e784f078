#!/usr/bin/env bash
# Debian's chromium for the browser tests (tests/web): Playwright drives /usr/bin/chromium and never
# downloads a browser of its own. Idempotent: does nothing when chromium is already installed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
echo "installing Debian's chromium for the browser tests"
$SUDO apt-get update -qq
# fonts: readable text in the screenshots the tests save
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation >/dev/null
/usr/bin/chromium --version
