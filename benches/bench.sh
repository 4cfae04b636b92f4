#!/usr/bin/env bash
# The Performance table in the README, reproduced: bash benches/bench.sh [--quick]
#
# Every figure is a ratio against a baseline measured in the same run (`cat` of the same files:
# the cost of merely reading them), so a busy or slow machine changes both sides alike. Times are
# medians from hyperfine; peak RSS is from /usr/bin/time (one run each). --quick leaves out the
# 100,000-file case and the 100,000-commit history (about 3 minutes of generating and measuring).
#
# Needs: cargo, python3, git, hyperfine (installed with apt-get when missing), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
WORK="${PM_BENCH_DIR:-/tmp/pm-bench}"
mkdir -p "$WORK"

if ! command -v hyperfine >/dev/null; then
  echo "installing hyperfine…" >&2
  apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null
fi
if [[ ! -x /usr/bin/time ]]; then
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

cargo build --release --quiet
BIN="$PWD/target/release/persona-maturity"

# Test data: generated once, kept between runs (deterministic for the fixed seed).
for n in 10000 100000; do
  [[ $n == 100000 && $QUICK == 1 ]] && continue
  if [[ ! -f "$WORK/$n/.complete" ]]; then
    rm -rf "${WORK:?}/$n"
    echo "generating $n answers files…" >&2
    python3 benches/gen_responses.py "$n" "$WORK/$n"
    touch "$WORK/$n/.complete"
  fi
done
[[ -f "$WORK/program-1000.yaml" ]] || python3 benches/gen_responses.py --program 1000 "$WORK/program-1000.yaml"
[[ -f "$WORK/program-1000.toml" ]] || python3 benches/gen_responses.py --program 1000 "$WORK/program-1000.toml"
ONE=examples/answers/acme.yaml

# median seconds of command $2 in hyperfine export $1
median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(r[int(sys.argv[2])]['median'])" "$1" "$2"; }
# peak RSS in MB of the program itself (VmHWM, read until it exits), without the processes it
# starts (git)
own_rss() {
  "$@" >/dev/null 2>&1 & local pid=$! hwm=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null) && [[ -n "$v" ]] && hwm=$v
    sleep 0.02
  done
  awk -v k="$hwm" 'BEGIN {printf "%.1f", k/1024}'
}
# peak RSS in MB of a shell command
rss() { /usr/bin/time -f "%M" bash -c "$1" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1/1024}'; }

row() { # name, baseline-median, tool-median, rss, target
  python3 -c "
import sys
name, base, tool, rss, target = sys.argv[1:]
base, tool = float(base), float(tool)
print(f'| {name} | {base*1000:.1f} ms | {tool*1000:.1f} ms | {tool/base:.2f}x | {rss} MB | {target} |')
" "$@"
}

echo "| What | Baseline (cat) | persona-maturity | Ratio | Peak RSS | Target |"
echo "|---|---:|---:|---:|---:|---|"

# 1. Start-up: score one file against cat of the same file; the binary doing nothing (--version)
#    shows how much of that is only starting a program of this size.
hyperfine -N --warmup 20 --runs 300 --export-json "$WORK/one.json" \
  "cat $ONE" "$BIN score $ONE --format json" "$BIN --version" >/dev/null 2>&1
row "score one answers file" "$(median "$WORK/one.json" 0)" "$(median "$WORK/one.json" 1)" \
  "$(rss "$BIN score $ONE --format json")" "≤ 1.5x, ≤ 10 MB"
row "(reference: --version, no work)" "$(median "$WORK/one.json" 0)" "$(median "$WORK/one.json" 2)" \
  "$(rss "$BIN --version")" "–"

# 2. check a program with 1,000 personas (its baseline: cat of the program file).
P="$WORK/program-1000.yaml"
hyperfine -N -i --warmup 3 --runs 30 --export-json "$WORK/check.json" \
  "cat $P" "$BIN check $P --today 2026-11-22 --format json" >/dev/null 2>&1
row "check, 1,000 personas" "$(median "$WORK/check.json" 0)" "$(median "$WORK/check.json" 1)" \
  "$(rss "$BIN check $P --today 2026-11-22 --format json")" "≤ 50 ms"
# 2b. the same program in TOML.
PT="$WORK/program-1000.toml"
hyperfine -N -i --warmup 3 --runs 30 --export-json "$WORK/check-toml.json" \
  "cat $PT" "$BIN check $PT --today 2026-11-22 --format json" >/dev/null 2>&1
row "check, 1,000 personas, TOML" "$(median "$WORK/check-toml.json" 0)" "$(median "$WORK/check-toml.json" 1)" \
  "$(rss "$BIN check $PT --today 2026-11-22 --format json")" "≤ 50 ms"

# 3. combine 10,000 and 100,000 files against cat of all of them (warm page cache for both).
for n in 10000 100000; do
  [[ $n == 100000 && $QUICK == 1 ]] && continue
  D="$WORK/$n"
  runs=$(( n == 10000 ? 10 : 3 ))
  hyperfine --warmup 1 --runs "$runs" --export-json "$WORK/combine-$n.json" \
    "find $D -type f -name '*.yaml' -print0 | xargs -0 cat > /dev/null" \
    "$BIN score $D --format json > /dev/null" >/dev/null 2>&1
  row "combine $(python3 -c "print(f'{$n:,}')") answers files" "$(median "$WORK/combine-$n.json" 0)" \
    "$(median "$WORK/combine-$n.json" 1)" "$(rss "$BIN score $D --format json")" "≤ 5x, ≤ 64 MB"
done

# 4. score a form export of 100,000 rows (streamed: memory must not grow with the rows).
E="$WORK/export-100000.csv"
if [[ ! -f "$E" ]]; then
  "$BIN" form --format json > "$WORK/form.json"
  python3 benches/gen_responses.py --export "$WORK/form.json" 100000 "$E"
fi
hyperfine -N --warmup 2 --runs 15 --export-json "$WORK/export.json" \
  "cat $E" "$BIN score $E --format json" >/dev/null 2>&1
row "score a form export, 100,000 rows" "$(median "$WORK/export.json" 0)" \
  "$(median "$WORK/export.json" 1)" "$(rss "$BIN score $E --format json")" "≤ 5x, ≤ 64 MB"

# 4d. What grows with the rows: exports of 100,000 and 1,000,000 rows with level numbers as
#     answers (182 MB at a million rather than 2.3 GB). Each respondent is kept, about 60 bytes,
#     until everything is read, so that each person is counted once (see the README).
[[ -f "$WORK/form.json" ]] || "$BIN" form --format json > "$WORK/form.json"
for n in 100000 1000000; do
  EN="$WORK/export-$n-numbers.csv"
  [[ -f "$EN" ]] || python3 benches/gen_responses.py --export "$WORK/form.json" --numbers "$n" "$EN"
  runs=$(( n == 100000 ? 10 : 3 ))
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$WORK/export-numbers-$n.json" \
    "cat $EN" "$BIN score $EN --format json" >/dev/null 2>&1
  row "score an export of $(python3 -c "print(f'{$n:,}')") rows, levels as numbers" \
    "$(median "$WORK/export-numbers-$n.json" 0)" "$(median "$WORK/export-numbers-$n.json" 1)" \
    "$(rss "$BIN score $EN --format json")" "RSS: about 60 bytes a respondent"
done

# 4b. import the same export: one answers file per row (baseline: score of the export, the same
#     reading without writing). A new folder for every run, removed only after them all: deleting
#     100,000 files between runs leaves the file system's journal busy, and the next run measured
#     that (18 s where a quiet disk takes 5).
rm -rf "$WORK"/imp-*; sync
hyperfine --warmup 0 --runs 5 --export-json "$WORK/import.json" \
  "$BIN score $E --format json" "$BIN import $E --out \$(mktemp -d -u $WORK/imp-XXXXXX)" >/dev/null 2>&1
row "import the same export (baseline: score of it)" "$(median "$WORK/import.json" 0)" \
  "$(median "$WORK/import.json" 1)" "$(rss "$BIN import $E --out \$(mktemp -d -u $WORK/imp-XXXXXX)")" "≤ 10x"
SAMPLE="$(ls "$WORK"/imp-*/respondent-1.yaml | head -1)"
cp "$SAMPLE" "$WORK/one-answers.yaml"
rm -rf "$WORK"/imp-*; sync

# 4c. the file system's floor under 4b: creating as many files of that size and nothing else
#     (benches/create_files.py: open, write, close). What import adds is 4b less this.
hyperfine --warmup 0 --runs 5 --export-json "$WORK/floor.json" \
  "$BIN score $E --format json" \
  "python3 benches/create_files.py 100000 $WORK/one-answers.yaml \$(mktemp -d -u $WORK/imp-XXXXXX)" >/dev/null 2>&1
row "create 100,000 such files and nothing else: the floor under import (baseline: score)" \
  "$(median "$WORK/floor.json" 0)" "$(median "$WORK/floor.json" 1)" "–" "(measured, not a target)"
rm -rf "$WORK"/imp-*

# 6. evidence crm on a HubSpot contacts export of 1,000,000 rows (175 MB; every cell quoted, CRLF),
#    against cat of it: streamed, so memory must not grow with the rows (target: under 100 MB).
C="$WORK/contacts-1000000.csv"
[[ -f "$C" ]] || python3 benches/gen_crm.py 1000000 "$C" 2>/dev/null
hyperfine -N --warmup 2 --runs 15 --export-json "$WORK/crm.json" \
  "cat $C" "$BIN evidence crm $C --format json --today 2026-12-01" >/dev/null 2>&1
row "evidence crm, 1,000,000 contacts" "$(median "$WORK/crm.json" 0)" \
  "$(median "$WORK/crm.json" 1)" "$(rss "$BIN evidence crm $C --format json --today 2026-12-01")" "≤ 3x, < 100 MB"

# 6b. The same for a Salesforce contacts report of 1,000,000 rows (192 MB; a byte-order mark, every
#     cell quoted, CRLF, the account Type and a custom Persona column).
S="$WORK/salesforce-1000000.csv"
[[ -f "$S" ]] || python3 benches/gen_crm.py --salesforce 1000000 "$S" 2>/dev/null
hyperfine -N --warmup 2 --runs 15 --export-json "$WORK/crm-sf.json" \
  "cat $S" "$BIN evidence crm $S --format json --today 2026-12-01" >/dev/null 2>&1
row "evidence crm, Salesforce, 1,000,000 contacts" "$(median "$WORK/crm-sf.json" 0)" \
  "$(median "$WORK/crm-sf.json" 1)" "$(rss "$BIN evidence crm $S --format json --today 2026-12-01")" "≤ 3x, < 100 MB"

# 5. history of an answers file with 200 committed versions (baseline: git itself printing every
#    version, `git log --follow -p`).
H="$WORK/history-200"
if [[ ! -f "$H/.complete" ]]; then
  rm -rf "$H"; mkdir -p "$H"
  python3 benches/gen_responses.py --history 200 "$H"
  touch "$H/.complete"
fi
hyperfine -N --warmup 2 --runs 10 --export-json "$WORK/history.json" \
  "git -C $H log --follow -p -- answers.yaml" \
  "$BIN history $H/answers.yaml --format json" >/dev/null 2>&1
row "history, 200 versions of an answers file" "$(median "$WORK/history.json" 0)" \
  "$(median "$WORK/history.json" 1)" "$(rss "$BIN history $H/answers.yaml --format json")" "≤ 2 s"

# 5b. history of an answers file with 100,000 commits (an hourly job; baseline: the same `git log
#     --follow -p`). Its peak RSS is persona-maturity's own: git's processes (cat-file maps the
#     pack, as git log does) are not counted, as they are not in the baseline's either.
if [[ $QUICK == 0 ]]; then
  H="$WORK/history-100000"
  if [[ ! -f "$H/.complete" ]]; then
    rm -rf "$H"; mkdir -p "$H"
    echo "generating 100,000 commits…" >&2
    python3 benches/gen_responses.py --history 100000 "$H"
    touch "$H/.complete"
  fi
  hyperfine -N --warmup 1 --runs 5 --export-json "$WORK/history-100000.json" \
    "git -C $H log --follow -p -- answers.yaml" \
    "$BIN history $H/answers.yaml --format json" >/dev/null 2>&1
  row "history, 100,000 commits to one file (baseline: git log --follow -p)" \
    "$(median "$WORK/history-100000.json" 0)" "$(median "$WORK/history-100000.json" 1)" \
    "$(own_rss "$BIN" history $H/answers.yaml --format json)" "≤ 2x"
fi

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(rustc --version)"
