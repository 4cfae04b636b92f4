#!/usr/bin/env bash
# Time and peak memory of every hostile input (tests/hostile/ and the inputs the test suite
# generates: aliases of long strings, workbooks with lying counts, 200 MB cells, 100 MB of blank
# lines, 40,000 findings...), one run each: bash benches/hostile.sh
#
# Prints a Markdown table: file, command, exit code, median time (hyperfine, 5 runs), peak RSS
# (/usr/bin/time), and both as a ratio to the baseline measured first in the same run: `score` of a
# normal answers file (examples/answers/acme.yaml). Targets: every input done in < 1 s and < 100 MB.
# Then the pairs the README's Limits section compares: the same bytes where they cost nothing
# (junk in a column that is not read; `wc -l` of the blank lines), and `check` at three sizes, so
# a cost that grows faster than the input shows as a ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x /usr/bin/time ]] || ! command -v hyperfine >/dev/null; then
  apt-get update -qq && apt-get install -y -qq time hyperfine >/dev/null
fi
cargo build --release --quiet
# The generated inputs are written by the hostile tests (one test per input); run them once.
cargo test --release --quiet --test cli hostile:: >/dev/null
BIN=target/release/persona-maturity
GEN=target/tmp/hostile-generated
T=$(mktemp)
J=$(mktemp)
W=$(mktemp -d)
trap 'rm -rf "$T" "$J" "$W"' EXIT

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

# The command that reads a hostile file, from its name (as tests/cli/hostile.rs decides it).
command_for() {
  local f=$1 name
  name=$(basename "$f")
  case "$name" in
    rubric-*) cmd=(rubric validate "$f") ;;
    program-sarif-*) cmd=(check "$f" --today 2026-11-22 --format sarif) ;;
    program-*) cmd=(check "$f" --today 2026-11-22 --format json) ;;
    export-*) cmd=(score "$f" --format json --allow-missing) ;;
    *) cmd=(score "$f" --format json) ;;
  esac
}

read -r _ base_ms base_kb < <(measure "$BIN" score examples/answers/acme.yaml --format json)
mb() { awk "BEGIN {printf \"%.1f\", $1 / 1024}"; }
ratio() { awk "BEGIN {printf \"%.1f\", $1 / $2}"; }
printf "Baseline, the same run: score examples/answers/acme.yaml: %.1f ms, %s MB\n\n" "$base_ms" "$(mb "$base_kb")"
echo "| File | Command | Exit | Time | × baseline | Peak RSS | × baseline |"
echo "|---|---|---:|---:|---:|---:|---:|"
for f in tests/hostile/* "$GEN"/*; do
  name=$(basename "$f")
  [[ $name == harness-* ]] && continue
  command_for "$f"
  read -r code ms kb < <(measure "$BIN" "${cmd[@]}")
  printf "| %s | %s | %s | %.1f ms | %s | %s MB | %s |\n" "$name" "${cmd[0]}" "$code" "$ms" \
    "$(ratio "$ms" "$base_ms")" "$(mb "$kb")" "$(ratio "$kb" "$base_kb")"
done

# Pairs: each hostile input against the same bytes read where they cost nothing.
python3 - "$W" <<'EOF'
import sys
w = sys.argv[1]
junk = "z" * ((16 << 20) - 64)
open(f"{w}/junk-ignored.csv", "w").write(f'Your name,4. Training,Notes\nDana,emerging,"{junk}"\n')
for n in (2500, 5000, 10000):
    with open(f"{w}/program-{n}.yaml", "w") as f:
        f.write("date: 2026-11-01\nanswers:\n  training: emerging\npersonas:\n")
        for k in range(n):
            f.write(f"  - {{ id: p{k}, kind: buyer, covers: [demographics], last_updated: 2020-01-01 }}\n")
EOF
echo
echo "| Pair | Baseline | Time | Ratio |"
echo "|---|---:|---:|---:|"
pair() { # name, baseline command (a string), tool command…
  local name=$1 base=$2
  shift 2
  local cmd
  printf -v cmd '%q ' "$@"
  hyperfine -N -i --warmup 1 --runs 5 --export-json "$J" "$base" "$cmd" >/dev/null 2>&1
  python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))['results']
b, t = r[0]['median'], r[1]['median']
print(f'| {sys.argv[2]} | {b*1000:.1f} ms | {t*1000:.1f} ms | {t/b:.2f}x |')
" "$J" "$name"
}
pair "16 MiB junk in a level column (baseline: in a column not read)" \
  "$BIN score $W/junk-ignored.csv --format json --allow-missing" \
  "$BIN" score "$GEN/export-16mib-junk-level.csv" --format json --allow-missing
pair "100 MB of blank lines (baseline: wc -l)" \
  "wc -l $GEN/export-100mb-blank-lines-valid.csv" \
  "$BIN" score "$GEN/export-100mb-blank-lines-valid.csv" --format json --allow-missing
for fmt in human json sarif; do
  pair "check, 10,000 personas × 4 warnings, $fmt (baseline: 2,500; linear is 4x)" \
    "$BIN check $W/program-2500.yaml --today 2026-11-22 --format $fmt" \
    "$BIN" check "$W/program-10000.yaml" --today 2026-11-22 --format "$fmt"
done
