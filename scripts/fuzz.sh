#!/usr/bin/env bash
# Runs the cargo-fuzz targets one after another (not in CI: see README "Development").
#   scripts/fuzz.sh [SECONDS_EACH] [TARGET...]      default: 600 s each, all targets
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain; without nightly it
# falls back to RUSTC_BOOTSTRAP=1 on stable. Crashes, timeouts and out-of-memory inputs are kept in
# fuzz/artifacts/<target>/ and the run goes on (fork mode); the corpus grows in fuzz/corpus/<target>/.
# FUZZ_ARGS adds libFuzzer flags, e.g. FUZZ_ARGS="-timeout=2" to keep slow inputs as timeouts.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frontmatter config build_site)
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  echo "== fuzz $t for ${secs}s"
  "${fuzz[@]}" run -O "$t" "corpus/$t" "seeds/$t" -- \
    -dict=yaml.dict -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=16384 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -artifact_prefix="artifacts/$t/" ${FUZZ_ARGS:-} 2>&1 | grep --line-buffered -E '^(#|INFO: fuzzing|==|.*(crash|timeout|oom|panicked|DONE|Done))' || true
  echo "artifacts of $t: $(ls "artifacts/$t" | wc -l)"
done
