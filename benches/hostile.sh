#!/usr/bin/env bash
# Time and peak memory of every hostile input (tests/hostile/ and the large files the test suite
# generates), one run each: bash benches/hostile.sh
#
# Prints a Markdown table: file, command, exit code, median time (hyperfine, 5 runs), peak RSS
# (/usr/bin/time), and both as a ratio to the baseline measured first in the same run: `score` of a
# normal answers file (examples/answers/acme.yaml). Targets: every input done in < 1 s and < 100 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x /usr/bin/time ]] || ! command -v hyperfine >/dev/null; then
  apt-get update -qq && apt-get install -y -qq time hyperfine >/dev/null
fi
cargo build --release --quiet
# The large inputs are written by the hostile test; run it once to have them.
cargo test --release --quiet --test hostile >/dev/null
BIN=target/release/persona-maturity
T=$(mktemp)
J=$(mktemp)
trap 'rm -f "$T" "$J"' EXIT

measure() { # command… → "exit milliseconds kb"
  /usr/bin/time -f "%x %M" -o "$T" "$@" >/dev/null 2>&1 || true
  # GNU time puts "Command exited with non-zero status N" first; the figures are the last line.
  local code kb
  read -r code kb < <(tail -1 "$T")
  local cmd
  printf -v cmd '%q ' "$@"
  hyperfine -N -i --warmup 1 --runs 5 --export-json "$J" "$cmd" >/dev/null 2>&1
  echo "$code $(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median']*1000)" "$J") $kb"
}

read -r _ base_ms base_kb < <(measure "$BIN" score examples/answers/acme.yaml --format json)
mb() { awk "BEGIN {printf \"%.1f\", $1 / 1024}"; }
ratio() { awk "BEGIN {printf \"%.1f\", $1 / $2}"; }
printf "Baseline, the same run: score examples/answers/acme.yaml: %.1f ms, %s MB\n\n" "$base_ms" "$(mb "$base_kb")"
echo "| File | Command | Exit | Time | × baseline | Peak RSS | × baseline |"
echo "|---|---|---:|---:|---:|---:|---:|"
for f in tests/hostile/* target/tmp/hostile-generated/*; do
  name=$(basename "$f")
  case "$name" in
    rubric-*) cmd=(rubric validate "$f") ;;
    program-*) cmd=(check "$f" --today 2026-11-22 --format json) ;;
    *) cmd=(score "$f" --format json) ;;
  esac
  read -r code ms kb < <(measure "$BIN" "${cmd[@]}")
  printf "| %s | %s | %s | %.1f ms | %s | %s MB | %s |\n" "$name" "${cmd[0]}" "$code" "$ms" \
    "$(ratio "$ms" "$base_ms")" "$(mb "$kb")" "$(ratio "$kb" "$base_kb")"
done
