#!/usr/bin/env bash
# Installs the Debian packages the tests need, only those missing (see system-packages.txt).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
missing=()
while read -r check package; do
  [[ -z "$check" || "$check" == \#* ]] && continue
  if [[ "$check" == /* ]]; then [[ -e "$check" ]] && continue
  else command -v "$check" >/dev/null 2>&1 && continue; fi
  missing+=("$package")
done < "$here/system-packages.txt"
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing system packages the tests need: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then sudo=""
elif command -v sudo >/dev/null 2>&1; then sudo="sudo"
else
  echo "Cannot install ${missing[*]}: not root and no sudo. Install them with apt-get, then re-run." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
