#!/usr/bin/env bash
# Run one fuzz target for a while: bash fuzz/run.sh TARGET [SECONDS]   (default 600)
# Needs cargo-fuzz (cargo install cargo-fuzz). cargo-fuzz passes nightly-only flags to rustc;
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them. A crash or a run over 2 s is saved
# under fuzz/artifacts/TARGET/ and stops the run.
set -euo pipefail
cd "$(dirname "$0")"
[[ -d corpus ]] || ./seed-corpus.sh
RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$1" -- -max_total_time="${2:-600}" -timeout=2 -rss_limit_mb=1024 -print_final_stats=1
