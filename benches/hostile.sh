#!/usr/bin/env bash
# Time and peak memory of every hostile input (tests/hostile/ and the large files the test suite
# generates), one run each: bash benches/hostile.sh
# Prints a Markdown table: file, command, exit code, seconds, peak RSS. Targets: < 1 s, < 100 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
# The large inputs are written by the hostile test; run it once to have them.
cargo test --release --quiet --test hostile >/dev/null
BIN=target/release/persona-maturity
echo "| File | Command | Exit | Seconds | Peak RSS |"
echo "|---|---|---:|---:|---:|"
for f in tests/hostile/* target/tmp/hostile-generated/*; do
  name=$(basename "$f")
  case "$name" in
    rubric-*) cmd=(rubric validate "$f") ;;
    program-*) cmd=(check "$f" --today 2026-11-22 --format json) ;;
    *) cmd=(score "$f" --format json) ;;
  esac
  /usr/bin/time -f "%x %e %M" -o /tmp/pm-hostile-time "$BIN" "${cmd[@]}" >/dev/null 2>&1 || true
  # GNU time puts "Command exited with non-zero status N" first; the figures are the last line.
  read -r code secs kb < <(tail -1 /tmp/pm-hostile-time)
  printf "| %s | %s | %s | %s | %s MB |\n" "$name" "${cmd[0]}" "$code" "$secs" "$(awk "BEGIN {printf \"%.1f\", $kb / 1024}")"
done
