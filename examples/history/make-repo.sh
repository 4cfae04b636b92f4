#!/usr/bin/env bash
# Build a small git repository holding a year of quarterly persona assessments, to try
# `persona-maturity history` on:
#
#   bash examples/history/make-repo.sh /tmp/persona-history
#   cd /tmp/persona-history
#   persona-maturity history answers.yaml
#   persona-maturity history answers.yaml --format html > progress.html
#   persona-maturity history responses/ --by quarter
#
# Five versions of answers.yaml (dated by their `date:`, committed on those days), one commit that
# only touches the README, a rename (assessment.yaml -> answers.yaml), a folder of three
# respondents assessed twice, and an uncommitted change (the working copy).
set -euo pipefail
REPO="${1:?usage: make-repo.sh FOLDER}"
rm -rf "$REPO"
mkdir -p "$REPO"
cd "$REPO"
git init -q -b main
git config user.name "Marketing Ops"
git config user.email "ops@example.com"

commit() { # date message
  GIT_AUTHOR_DATE="$1T10:00:00" GIT_COMMITTER_DATE="$1T10:00:00" git commit -q -m "$2"
}

# answers(date, levels of the 17 attributes as 1-4 or u for unsure)
answers() {
  local date=$1; shift
  local ids=(internal-persona-ownership sharing-personas budget-allocation training
    executive-sponsorship qualitative-interviews quantitative-survey data-analysis
    industry-research number-of-personas depth-of-personas organizational-use
    database-segmentation database-completeness frequency-of-updates
    accessibility-and-storage use-of-data-to-refine)
  local names=(experimenting emerging advancing fully-optimized)
  echo "rubric: persona-optimization-framework@1.0.0"
  echo "organization: Acme Analytics"
  echo "respondent: { name: Dana Reyes, role: marketing }"
  echo "date: $date"
  echo "answers:"
  local i=0
  for l in "$@"; do
    if [[ $l == u ]]; then echo "  ${ids[$i]}: unsure"; else echo "  ${ids[$i]}: ${names[$((l-1))]}"; fi
    i=$((i+1))
  done
}

echo "# Persona program" > README.md
git add README.md && commit 2025-11-20 "Start the persona program"

answers 2025-12-01 1 1 1 1 2 1 1 1 2 1 1 1 1 1 1 1 1 > assessment.yaml
git add assessment.yaml && commit 2025-12-01 "Baseline assessment"

answers 2026-03-02 2 1 2 1 2 2 1 1 2 2 1 1 1 1 1 2 1 > assessment.yaml
git add assessment.yaml && commit 2026-03-02 "Q1: an owner, a budget line, first interviews"

echo "Assessed every quarter; see answers.yaml." >> README.md
git add README.md && commit 2026-04-10 "README"

git mv assessment.yaml answers.yaml && commit 2026-04-11 "Rename the assessment"

answers 2026-06-01 2 2 2 2 3 2 2 1 2 2 2 2 1 2 2 2 1 > answers.yaml
git add answers.yaml && commit 2026-06-01 "Q2: training, sales alignment"

answers 2026-09-01 3 2 2 2 3 3 2 2 3 2 2 2 2 2 2 2 2 > answers.yaml
git add answers.yaml && commit 2026-09-01 "Q3: KPIs, interview cadence, CRM data"

answers 2026-11-02 3 3 3 2 3 3 2 2 3 3 2 2 2 2 1 2 2 > answers.yaml
git add answers.yaml && commit 2026-11-02 "Q4: documented across the business; updates slipped"

mkdir -p responses
for who in "dana marketing 2 2 2" "sam sales 1 1 2" "ana product 2 1 1"; do
  set -- $who
  cat > "responses/$1.yaml" <<YAML
respondent: { name: $1, role: $2 }
date: 2026-06-01
answers: { internal-persona-ownership: $([[ $3 == 1 ]] && echo emerging || echo advancing), training: $([[ $4 == 1 ]] && echo experimenting || echo emerging), data-analysis: $([[ $5 == 1 ]] && echo experimenting || echo emerging) }
YAML
done
git add responses && commit 2026-06-02 "Q2 survey: three respondents"
sed -i 's/2026-06-01/2026-11-03/; s/emerging }/advancing }/' responses/*.yaml
git add responses && commit 2026-11-03 "Q4 survey"

# Uncommitted: the next assessment, begun.
sed -i 's/^date: .*/date: 2026-11-20/; s/frequency-of-updates: experimenting/frequency-of-updates: emerging/' answers.yaml
echo "Built $REPO: $(git rev-list --count HEAD) commits, answers.yaml changed in the working copy." >&2
