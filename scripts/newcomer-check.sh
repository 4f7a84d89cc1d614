#!/usr/bin/env bash
# The newcomer's path, run by CI before anything is installed: from this clean clone, the README's
# run command (`npm ci && npm start`) must print the browser-mode URL, and that URL must serve the
# app. As root it runs in a private mount namespace where the files of the Debian packages the
# tests install (and a fresh machine lacks) are hidden, so a run command that needs one of them
# fails here even on a machine where an earlier test run installed them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d -t incident-console-newcomer-XXXXXX)
inside=""
# Stops the app started below, every process of it (npm, its shell, the server: its process group);
# keeps the script's own exit status (the app's SIGTERM status is not ours).
cleanup() {
  local status=$?
  if [[ -n "$inside" ]]; then kill -TERM -- "-$inside" 2>/dev/null || true; wait "$inside" 2>/dev/null || true; fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# What a fresh machine of this kind lacks: the test packages and the libraries they bring.
packages="libsecret-1-dev libsecret-1-0 gnome-keyring chromium chromium-common xvfb openssh-server redis-server redis-tools postgresql-15"
: > "$work/hide"
if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null && command -v dpkg >/dev/null; then
  for p in $packages; do dpkg -L "$p" 2>/dev/null || true; done | sort -u | while read -r f; do [[ -f "$f" ]] && echo "$f"; done > "$work/hide" || true
  echo "newcomer: hiding $(wc -l < "$work/hide") files of the packages a fresh machine lacks"
  run_isolated() { unshare -m bash -c 'while read -r f; do mount --bind /dev/null "$f" 2>/dev/null; done < "$1"; shift; exec "$@"' _ "$work/hide" "$@"; }
else
  echo "newcomer: not root (or no unshare/dpkg): running without hiding installed packages"
  run_isolated() { "$@"; }
fi

# A new user's HOME (keeping the machine's npm settings, e.g. nodedir for native builds, and its cache).
export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
real_home=$HOME
export HOME="$work/home"
mkdir -p "$HOME"
[[ -f "$real_home/.npmrc" ]] && cp "$real_home/.npmrc" "$HOME/.npmrc"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

echo "newcomer: npm ci"
if ! run_isolated npm ci --no-audit --no-fund > "$work/npm-ci.log" 2>&1; then
  tail -20 "$work/npm-ci.log"
  echo "newcomer: FAILED (npm ci)"
  exit 1
fi

echo "newcomer: npm start (until it prints the browser-mode URL)"
# In a process group of its own (job control), so that stopping it reaches the server npm started:
# a signal to the shell that started it alone left the app running after CI.
set -m
run_isolated npm start -- --port 0 > "$work/start.log" 2>&1 &
inside=$!
set +m
url=""
for _ in $(seq 1 300); do
  url=$(grep -m1 -oE 'http://127\.0\.0\.1:[0-9]+/\?token=[A-Za-z0-9_-]+' "$work/start.log" || true)
  [[ -n "$url" ]] && break
  kill -0 "$inside" 2>/dev/null || break
  sleep 1
done
sed -e 's/token=[A-Za-z0-9_-]*/token=…/' "$work/start.log"
if [[ -z "$url" ]]; then
  echo "newcomer: FAILED (npm start printed no browser-mode URL)"
  exit 1
fi
if ! node "$root/scripts/fetch-app-page.mjs" "$url"; then
  echo "newcomer: FAILED (the printed URL did not serve the app)"
  exit 1
fi
echo "newcomer: OK (npm ci, npm start, the printed URL serves the app)"
