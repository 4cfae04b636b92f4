#!/usr/bin/env python3
"""Write N realistic answers files (one respondent each) for the scale benchmark.

Usage: benches/gen_responses.py N OUT_DIR [--seed S]
       benches/gen_responses.py --program N OUT_FILE   (one program file with N personas;
           TOML when OUT_FILE ends in .toml)
       benches/gen_responses.py --history N OUT_DIR   (a git repository: N versions of answers.yaml)
       benches/gen_responses.py --export FORM.json N OUT_FILE
           (a Google Forms export, one row per respondent, from `persona-maturity form --format json`)

Files go into sub-folders of 1,000 (team-0000/, team-0001/, ...), the way a consultancy would
pool one folder per client or survey wave. Deterministic for a given seed.
"""
import argparse
import os
import random

IDS = [
    "internal-persona-ownership", "sharing-personas", "budget-allocation", "training",
    "executive-sponsorship", "qualitative-interviews", "quantitative-survey", "data-analysis",
    "industry-research", "number-of-personas", "depth-of-personas", "organizational-use",
    "database-segmentation", "database-completeness", "frequency-of-updates",
    "accessibility-and-storage", "use-of-data-to-refine",
]
LEVELS = ["experimenting", "emerging", "advancing", "fully-optimized"]
ROLES = ["marketing", "sales", "product", "customer success", "leadership"]
NOTES = [
    "Only the enterprise segment has documented personas",
    "Sales has its own version in the CRM",
    "Reviewed at the last offsite",
    "Budget comes out of the campaign line",
]


def program(n, out, rng):
    """A persona program file with n personas (buyer and negative), for `check`; TOML when OUT
    ends in .toml, else YAML (the same program for a given seed)."""
    roles = ["user", "champion", "economic-buyer", "influencer"]
    sources = ["customer-interviews", "non-customer-interviews", "survey", "crm", "web-analytics",
               "sales-input", "third-party-data"]
    covers = ["demographics", "buying-role", "buying-preferences", "goals-priorities",
              "drivers-motivators", "fears-challenges", "content-preferences", "success-metrics",
              "personality-traits", "associations", "hobbies-interests"]
    answers = [(i, rng.choice(LEVELS[:3])) for i in IDS]
    personas = []
    for k in range(n):
        p = {"id": f"persona-{k:06d}", "name": f"Persona {k}", "owner": f"owner{k % 17}@example.com",
             "last_updated": f"2026-{rng.randrange(1, 11):02d}-{rng.randrange(1, 29):02d}",
             "sources": rng.sample(sources, 3)}
        if k % 10 == 9:
            p["kind"] = "negative"
            p["disqualifiers"] = ["fewer than 20 employees", "no CRM in place"]
        else:
            p["kind"] = "buyer"
            p["buying_role"] = roles[k % 4]
            p["covers"] = rng.sample(covers, 6)
        personas.append(p)
    if out.endswith(".toml"):
        text = toml_program(answers, personas)
    else:
        text = yaml_program(answers, personas)
    with open(out, "w") as f:
        f.write(text)


def yaml_program(answers, personas):
    lines = ["rubric: persona-optimization-framework@1.0.0", "organization: Benchmark Corp",
             "date: 2026-11-01", "answers:"]
    lines += [f"  {i}: {level}" for i, level in answers]
    lines.append("personas:")
    for p in personas:
        lines.append(f"  - id: {p['id']}")
        lines.append(f"    name: {p['name']}")
        lines.append(f"    owner: {p['owner']}")
        lines.append(f"    last_updated: {p['last_updated']}")
        lines.append(f"    sources: [{', '.join(p['sources'])}]")
        lines.append(f"    kind: {p['kind']}")
        if p["kind"] == "negative":
            lines.append('    disqualifiers: ["fewer than 20 employees", "no CRM in place"]')
        else:
            lines.append(f"    buying_role: {p['buying_role']}")
            lines.append(f"    covers: [{', '.join(p['covers'])}]")
    lines.append("database: { customers_mapped_pct: 60, prospects_mapped_pct: 40 }")
    return "\n".join(lines) + "\n"


def toml_program(answers, personas):
    words = lambda xs: "[" + ", ".join(f'"{x}"' for x in xs) + "]"
    lines = ['rubric = "persona-optimization-framework@1.0.0"', 'organization = "Benchmark Corp"',
             "date = 2026-11-01", "", "[answers]"]
    lines += [f'{i} = "{level}"' for i, level in answers]
    lines += ["", "[database]", "customers_mapped_pct = 60", "prospects_mapped_pct = 40"]
    for p in personas:
        lines += ["", "[[personas]]", f'id = "{p["id"]}"', f'name = "{p["name"]}"',
                  f'owner = "{p["owner"]}"', f"last_updated = {p['last_updated']}",
                  f"sources = {words(p['sources'])}", f'kind = "{p["kind"]}"']
        if p["kind"] == "negative":
            lines.append(f"disqualifiers = {words(p['disqualifiers'])}")
        else:
            lines.append(f'buying_role = "{p["buying_role"]}"')
            lines.append(f"covers = {words(p['covers'])}")
    return "\n".join(lines) + "\n"


def export(form_json, n, out, rng, numbers=False):
    """A Google Forms "Download responses (.csv)" with n rows: every field quoted, CRLF. With
    numbers, each answer is its level number (as a spreadsheet someone filled in has it): a file
    a tenth the size, for measuring what grows with the rows rather than with the bytes."""
    import csv
    import json
    with open(form_json) as f:
        form = json.load(f)
    questions = form["questions"]
    with open(out, "w", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(["Timestamp", "Email address", "Your name", "Your role or team",
                    "Your organization"] + [q["title"] for q in questions])
        for k in range(n):
            base = rng.randrange(4)
            row = [f"2026/{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d} 10:02:11 AM GMT+1",
                   f"respondent{k}@example.com", f"Respondent {k}", rng.choice(ROLES),
                   f"Client {k // 1000:04d}"]
            for q in questions:
                if rng.random() < 0.04:
                    row.append("Not sure")
                else:
                    level = max(0, min(3, base + rng.choice([-1, 0, 0, 1])))
                    row.append(str(level + 1) if numbers else q["options"][level]["text"])
            w.writerow(row)


def history(n, out, rng):
    """A git repository with n committed versions of answers.yaml, built with `git fast-import`
    (one process, however many versions): one a week, or one an hour past 1,000 versions (an
    automated job; 100,000 weekly versions would run for 1,900 years)."""
    import datetime
    import subprocess
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    stream = []
    start = datetime.datetime(2023, 1, 2, 10, 0, tzinfo=datetime.timezone.utc)
    if n > 1000:
        # Hourly, ending in the past: 100,000 hours are 11.4 years.
        start = datetime.datetime(2013, 1, 7, 10, 0, tzinfo=datetime.timezone.utc)
    levels = [rng.randrange(2) for _ in IDS]
    for k in range(n):
        i = rng.randrange(len(IDS))
        levels[i] = max(0, min(3, levels[i] + rng.choice([-1, 1, 1])))
        step = datetime.timedelta(days=7) if n <= 1000 else datetime.timedelta(hours=1)
        when = start + step * k
        body = "\n".join(
            ["rubric: persona-optimization-framework@1.0.0", "organization: Benchmark Corp",
             f"date: {when.date().isoformat()}", "answers:"]
            + [f"  {a}: {LEVELS[l]}" for a, l in zip(IDS, levels)]) + "\n"
        data = body.encode()
        ts = int(when.timestamp())
        msg = f"assessment {k}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"author Ops <ops@example.com> {ts} +0000\n".encode())
        stream.append(f"committer Ops <ops@example.com> {ts} +0000\n".encode())
        stream.append(b"data %d\n%s\n" % (len(msg), msg))
        stream.append(b"M 100644 inline answers.yaml\n")
        stream.append(b"data %d\n%s\n" % (len(data), data))
    subprocess.run(["git", "-C", out, "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", out, "checkout", "-q", "main"], check=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--export", metavar="FORM_JSON", help="write one form export instead")
    p.add_argument("--numbers", action="store_true", help="with --export: level numbers as answers")
    p.add_argument("--history", action="store_true", help="write a git repository instead")
    p.add_argument("n", type=int)
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=2016)
    p.add_argument("--program", action="store_true", help="write one program file instead")
    a = p.parse_args()
    rng = random.Random(a.seed)
    if a.program:
        program(a.n, a.out, rng)
        return
    if a.export:
        export(a.export, a.n, a.out, rng, a.numbers)
        return
    if a.history:
        history(a.n, a.out, rng)
        return
    for k in range(a.n):
        folder = os.path.join(a.out, f"team-{k // 1000:04d}")
        if k % 1000 == 0:
            os.makedirs(folder, exist_ok=True)
        role = rng.choice(ROLES)
        base = rng.randrange(4)
        lines = [
            "# Persona maturity self-assessment, written by `persona-maturity assess`.",
            "rubric: persona-optimization-framework@1.0.0",
            f"organization: Client {k // 1000:04d}",
            f"respondent:\n  name: Respondent {k}\n  role: {role}",
            f"date: 2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "answers:",
        ]
        for i in IDS:
            r = rng.random()
            if r < 0.04:
                lines.append(f"  {i}: unsure")
                continue
            level = LEVELS[max(0, min(3, base + rng.choice([-1, 0, 0, 1])))]
            if r > 0.93:
                lines.append(f"  {i}:\n    level: {level}\n    note: {rng.choice(NOTES)}")
            else:
                lines.append(f"  {i}: {level}")
        with open(os.path.join(folder, f"respondent-{k:06d}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
