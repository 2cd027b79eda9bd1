#!/usr/bin/env bash
# The test suite on a fresh machine: installs what the tests read PDFs with (Debian's
# poppler-utils: pdfinfo, pdftotext) when it is missing, then runs `cargo test` with any
# arguments given (e.g. --locked, or a test name).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pdfinfo >/dev/null 2>&1; then
  echo "installing poppler-utils (pdfinfo, pdftotext) for the PDF export tests" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
fi
exec cargo test "$@"
