#!/usr/bin/env bash
# The browser journeys: build Eenplan, start it with the demo municipality on a free port and a fresh
# SQLite database, and run journeys/*.test.mjs in Debian's chromium (playwright-core + axe-core).
# Screenshots and the server log land in tests/e2e/artifacts/.
#
# Environment: CARGO_TARGET_DIR (default ~/.cache/eenplan-target, as in .ci/run); CI=true makes a
# missing chromium a failure instead of a skip; EENPLAN_BIN=path skips the build and uses that binary.
set -euo pipefail
cd "$(dirname "$0")"
HERE="$(pwd)"
ROOT="$(cd ../.. && pwd)"
CHROMIUM=/usr/bin/chromium

if [[ ! -x "$CHROMIUM" ]]; then
  if [[ "${CI:-}" == "true" ]]; then
    echo "FAILED: browser tests need Debian's chromium at $CHROMIUM (apt-get install chromium)" >&2
    exit 1
  fi
  echo "SKIPPED: browser tests need Debian's chromium (apt-get install chromium)"
  exit 0
fi

# Node packages (playwright-core and axe-core only; no browser download, ever).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

# The server binary.
if [[ -n "${EENPLAN_BIN:-}" ]]; then
  BIN="$EENPLAN_BIN"
else
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/eenplan-target}"
  (cd "$ROOT" && cargo build -p eenplan)
  BIN="$CARGO_TARGET_DIR/debug/eenplan"
fi

ARTIFACTS="$HERE/artifacts"
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
TMP="$(mktemp -d)"
LOG="$ARTIFACTS/server.log"
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A fixed, fictitious password for every demo user (>= 12 characters, no username in it).
export EENPLAN_DEMO_PASSWORD="proef-wachtwoord-e2e-2026"
# Every journey logs in from 127.0.0.1 within a few minutes: more than one office address would.
export EENPLAN_LOGIN_ATTEMPTS_PER_IP=500

"$BIN" serve --demo --addr 127.0.0.1:0 --database "sqlite://$TMP/eenplan.db" >"$LOG" 2>"$ARTIFACTS/server.stderr.log" &
SERVER_PID=$!

URL=""
for _ in $(seq 1 600); do
  URL="$(sed -n 's/.*runs at \(http:\/\/[^ ]*\).*/\1/p' "$LOG" | head -n 1)"
  [[ -n "$URL" ]] && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "FAILED: eenplan serve stopped before it was ready:" >&2
    cat "$LOG" "$ARTIFACTS/server.stderr.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$URL" ]]; then
  echo "FAILED: eenplan serve did not print its address within 60 seconds:" >&2
  cat "$LOG" "$ARTIFACTS/server.stderr.log" >&2
  exit 1
fi
echo "== Browser journeys against $URL"

EENPLAN_URL="$URL" node --test journeys/
