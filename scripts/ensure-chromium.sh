#!/bin/sh
# Make Debian's Chromium available for the browser tests (Playwright drives it through
# executable_path; `playwright install` cannot download browsers here).
# Installs it when we are root and apt-get exists; otherwise says how, and the browser tests
# skip themselves (unless KZ_REQUIRE_BROWSER=1, as in CI, where they fail instead).
set -eu
for candidate in "${KZ_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
        exit 0
    fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "Chromium not found: the browser tests will be skipped." >&2
echo "Install it with: sudo apt-get install chromium  (or set KZ_CHROMIUM=/path/to/chromium)" >&2
exit 0
