#!/usr/bin/env bash
# `npm test`: every check the project has, in the order a reviewer would want them:
# build, lint (with the layering rules), format, typecheck, unit/integration tests (vitest), end-to-end
# tests (Playwright, browser mode in Debian's Chromium; the Electron project where it can run).
# Tests run inside a private D-Bus session with a freshly unlocked gnome-keyring and a temporary
# HOME, so keytar talks to a real Secret Service that is never the operator's own.
set -uo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${INCIDENT_CONSOLE_TEST_SESSION:-}" ]]; then
  bash scripts/ensure-system-deps.sh || exit 1
  test_home=$(mktemp -d -t incident-console-home-XXXXXX)
  trap 'rm -rf "$test_home"' EXIT
  mkdir -p .cache
  # The tests' own stderr is folded into stdout (so the summary stays last); the session bus's
  # chatter goes to a log file.
  INCIDENT_CONSOLE_TEST_SESSION=1 REAL_HOME="$HOME" HOME="$test_home" \
    dbus-run-session -- bash -c 'echo -n test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec bash scripts/test-all.sh 2>&1' \
    2> .cache/dbus-session.log
  exit $?
fi

bin=node_modules/.bin
mkdir -p .cache
rm -f .cache/vitest.json .cache/playwright.json .cache/steps
status=0
step() {
  local name=$1; shift
  echo "━━ $name"
  if "$@"; then echo "$name: ok" >> .cache/steps; else echo "$name: FAILED" >> .cache/steps; status=1; fi
}

step build node node_modules/electron-vite/bin/electron-vite.js build --logLevel warn
step lint "$bin/eslint" . --max-warnings 0
step format "$bin/prettier" --check . --log-level warn
step typecheck npm run -s typecheck
step unit "$bin/vitest" run --reporter=default --reporter=json --outputFile.json=.cache/vitest.json
step e2e env PLAYWRIGHT_JSON_OUTPUT=.cache/playwright.json "$bin/playwright" test

echo "━━ summary"
node scripts/summarize-tests.mjs .cache/steps .cache/vitest.json .cache/playwright.json || status=1
exit $status
