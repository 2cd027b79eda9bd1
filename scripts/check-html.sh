#!/usr/bin/env bash
# Validates every HTML and SVG file under the given folders with the Nu Html Checker (vnu.jar
# from the npm package vnu-jar; needs Java 17+). Exits non-zero on any error.
#   scripts/check-html.sh DIR [DIR...]
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 DIR [DIR...]" >&2; exit 2; }
vnu="$(cd "$(dirname "$0")/.." && pwd)/node_modules/vnu-jar/build/dist/vnu.jar"
[ -f "$vnu" ] || { echo "check-html: $vnu is missing: run npm ci --ignore-scripts" >&2; exit 2; }
html=() svg=()
for dir in "$@"; do
  [ -d "$dir" ] || { echo "check-html: $dir is not a folder" >&2; exit 2; }
  while IFS= read -r -d '' f; do html+=("$f"); done < <(find "$dir" -type f \( -name '*.html' -o -name '*.htm' \) -print0 | sort -z)
  while IFS= read -r -d '' f; do svg+=("$f"); done < <(find "$dir" -type f -name '*.svg' -print0 | sort -z)
done
[ ${#html[@]} -gt 0 ] || { echo "check-html: no HTML files under $*" >&2; exit 1; }
status=0
java -jar "$vnu" --errors-only --format gnu "${html[@]}" || status=1
if [ ${#svg[@]} -gt 0 ]; then
  java -jar "$vnu" --errors-only --svg --format gnu "${svg[@]}" || status=1
fi
if [ $status -eq 0 ]; then
  echo "check-html: ${#html[@]} HTML and ${#svg[@]} SVG files valid, 0 errors"
else
  echo "check-html: FAILED: the Nu Html Checker found errors in $* (listed above)" >&2
fi
exit $status
