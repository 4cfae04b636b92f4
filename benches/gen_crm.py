#!/usr/bin/env python3
"""A HubSpot contacts export for the benchmark, written as HubSpot writes it: every cell quoted,
CRLF line ends, its usual columns. Deterministic for a fixed seed. With --salesforce, a
Salesforce contacts report instead: a byte-order mark, every cell quoted, CRLF, the account
`Type` (`Customer - Direct`, `Prospect`, ...) and a custom `Persona` column.

    python3 benches/gen_crm.py [--salesforce] ROWS OUT.csv

The figures it holds are printed on standard error (customers and prospects, records and mapped),
so a run can be checked against them.
"""
import random
import sys

HEADER = [
    "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Lifecycle Stage",
    "Persona", "Contact owner", "Lead Status", "Create Date", "Last Activity Date",
    "Company Name", "Job Title",
]
STAGES = ["Subscriber", "Lead", "Marketing Qualified Lead", "Sales Qualified Lead",
          "Opportunity", "Customer", "Evangelist", "Other"]
PERSONAS = ["Operations Olivia", "Finance Fred", "IT Ian", "Champion Chloe", "Exec Erin",
            "Bargain Bob"]
FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Eve", "Farah", "Gus", "Hana", "Ivan", "Jo"]
LAST = ["Lee", "Okafor", "Müller", "Nguyen", "Smith", "García", "Kowalski", "Tanaka"]
TITLES = ["Head of Operations", "CFO", "IT Manager", "VP Marketing", "Analyst", ""]


def q(v):
    return '"' + v.replace('"', '""') + '"'


SF_HEADER = [
    "Contact ID", "First Name", "Last Name", "Email", "Phone", "Type", "Persona",
    "Contact Owner", "Lead Source", "Created Date", "Last Activity", "Account Name", "Title",
]
SF_TYPES = ["Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller",
            "Installation Partner", "Other"]


def main():
    salesforce = sys.argv[1] == "--salesforce"
    args = sys.argv[2:] if salesforce else sys.argv[1:]
    rows, out = int(args[0]), args[1]
    rnd = random.Random(34)
    counts = {"customer": [0, 0], "prospect": [0, 0]}
    with open(out, "w", encoding="utf-8", newline="") as f:
        if salesforce:
            f.write("\ufeff")
        f.write(",".join(q(h) for h in (SF_HEADER if salesforce else HEADER)) + "\r\n")
        for i in range(1, rows + 1):
            stage = rnd.choice(SF_TYPES if salesforce else STAGES)
            customer = stage in ("Customer", "Evangelist", "Customer - Direct",
                                 "Customer - Channel")
            r = rnd.random()
            mapped = r < (0.9 if customer else 0.55)
            persona = rnd.choice(PERSONAS) if mapped else rnd.choice(["", "", "n/a", " "])
            side = counts["customer" if customer else "prospect"]
            side[0] += 1
            side[1] += int(mapped)
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            cells = [
                f"003{i:015d}" if salesforce else str(1000 + i), first, last, f"{first.lower()}.{last.lower()}{i}@example.com",
                f"+1 555 {i % 10000:04d}", stage, persona, "Dana Reyes",
                rnd.choice(["New", "Open", "In progress", ""]),
                f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} 09:{i % 60:02d}",
                f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}",
                f"Company {i % 5000}", rnd.choice(TITLES),
            ]
            f.write(",".join(q(c) for c in cells) + "\r\n")
    print(f"customers {counts['customer'][0]} records {counts['customer'][1]} mapped; "
          f"prospects {counts['prospect'][0]} records {counts['prospect'][1]} mapped",
          file=sys.stderr)


if __name__ == "__main__":
    main()
