#!/usr/bin/env bash
# Seed the fuzz corpora from the repository's examples and fixtures. Each seed is one byte that
# picks the syntax (even: YAML, odd: TOML) followed by the file. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")"
seed() { # target, file
  local first=$'\x00'
  case "$2" in *.toml) first=$'\x01' ;; esac
  local name
  name=$(echo "${2#../}" | tr '/' '_')
  { printf '%s' "$first"; cat "$2"; } > "corpus/$1/$name"
}
mkdir -p corpus/rubric corpus/answers corpus/check corpus/export
for f in ../rubric/*.yaml ../tests/fixtures/rubrics/*; do seed rubric "$f"; done
for f in ../examples/answers/* ../examples/programs/* ../examples/organizations/* ../examples/responses/*/* ../tests/fixtures/bad/* ../tests/fixtures/fuzz/* ../tests/hostile/*; do
  [[ -f "$f" ]] || continue
  seed answers "$f"
  seed check "$f"
done
# Form exports go in as they are (the export target reads raw CSV bytes).
for f in ../tests/fixtures/forms/* ../tests/hostile/export-*.csv; do
  [[ -f "$f" ]] && cp "$f" "corpus/export/$(basename "$f")"
done
echo "corpus: $(ls corpus/rubric | wc -l) rubric, $(ls corpus/answers | wc -l) answers, $(ls corpus/check | wc -l) check, $(ls corpus/export | wc -l) export seeds"
