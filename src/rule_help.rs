//! What each rule checks, why it matters, an example that fires it and how to fix or waive it:
//! the text of `persona-maturity rules RULE`, and of the SARIF rule metadata code scanning shows.

use crate::rule::Rule;

/// The long help of one rule.
pub struct RuleHelp {
    /// Why the rule exists, from the persona guidance.
    pub why: &'static str,
    /// A whole program file that fires the rule (with `check --today 2026-11-22`).
    pub example: &'static str,
    /// How to make the finding go away by fixing the program.
    pub fix: &'static str,
}

/// Where the README explains a rule (its row in the rules table carries this anchor).
pub fn help_uri(rule_id: &str) -> String {
    format!("{}#rule-{rule_id}", env!("CARGO_PKG_HOMEPAGE"))
}

/// How to waive a rule, the same for all that can be.
pub fn waive(rule: &str) -> String {
    if Rule::from_id(rule).is_some_and(|r| !r.waivable()) {
        return format!("`{rule}` cannot be waived or turned off: correct the file.\n");
    }
    format!(
        "policy:\n  waivers:\n    - rule: {rule}\n      subject: SUBJECT      # the id the finding names; leave out for every subject\n      reason: why it is accepted\n      owner: you@example.com\n      expires: YYYY-MM-DD\n\
         # or turn the rule off:  policy: {{ severity: {{ {rule}: off }} }}\n"
    )
}

/// `invalid-input`: a file that cannot be read, which nothing can silence.
const INVALID_INPUT: RuleHelp = RuleHelp {
    why: "Nothing in a file that cannot be read can be checked: the finding stands where the \
          reading stopped, in every report, so CI shows it where it shows findings.",
    example: "answers:\n  training: emerging\npersonas:\n  - id: pat\n    sorces: [sales-input]\n",
    fix: "Correct the file at the place the message names; the message says what was expected. \
          It cannot be waived or turned off: a file that cannot be read has no policy.",
};

/// `persona-without-owner`: nobody named to keep a persona current.
const PERSONA_WITHOUT_OWNER: RuleHelp = RuleHelp {
            why: "A persona nobody owns is not kept current.",
            example: "answers: { training: emerging }\npersonas:\n  - { id: pat, kind: buyer, last_updated: 2026-10-01, sources: [customer-interviews, sales-input], covers: [goals-priorities] }\n",
            fix: "Name an owner: `owner: dana@acme.example`.",
        };

/// `stale-evidence`: the figures measured from the CRM have aged.
const STALE_EVIDENCE: RuleHelp = RuleHelp {
        why: "Database Completeness is only as true as the day it was measured: contacts \
              come in every day without a persona. Figures measured from the CRM (`evidence \
              crm --update`) carry their date, and a month-old measurement is the routine; a \
              quarter-old one no longer says what the database holds.",
        example: "answers: { database-completeness: emerging }\ndatabase:\n  customers: { records: 1000, mapped: 600 }\n  prospects: { records: 9000, mapped: 900 }\n  measured_on: 2026-06-01\n  source: hubspot\n",
        fix: "Export the contacts again and measure: `persona-maturity evidence crm \
              contacts.csv --update persona-program.yaml`, then commit; or set \
              policy.max_evidence_age_days to the cadence the team keeps.",
    };

/// The long help of `rule`.
pub fn help(rule: Rule) -> RuleHelp {
    match rule {
        Rule::BelowMinimum => RuleHelp {
            why: "A minimum is the team's own floor: the level below which the program is not \
                  doing its job. It holds the gains made so far.",
            example: "answers: { training: experimenting }\npolicy:\n  minimum: { attributes: { training: emerging } }\n",
            fix: "Raise the attributes the finding names (for a section or overall, the lowest \
                  first), or lower the minimum in policy.minimum if the bar was set too high.",
        },
        Rule::Incomplete => RuleHelp {
            why: "An unanswered attribute is left out of the scores, so a partial assessment can \
                  look better than the program is.",
            example: "answers: { training: emerging, budget-allocation: unsure }\npolicy: { require_complete: true }\n",
            fix: "Answer every attribute (`persona-maturity assess --out` with the program file \
                  resumes where it stops), or drop require_complete.",
        },
        Rule::OverdueTarget => RuleHelp {
            why: "A target with a due date is a promise; a missed one should be seen, not \
                  forgotten.",
            example: "answers: { depth-of-personas: emerging }\npolicy:\n  targets: [ { attribute: depth-of-personas, level: advancing, due: 2026-06-30 } ]\n",
            fix: "Reach the target level, or agree a new due date and change `due`.",
        },
        Rule::Regression => RuleHelp {
            why: "Run with --baseline (the file on the main branch), a change that lowers a \
                  level or the overall score is caught in review. Lowering an overclaimed answer \
                  to what the facts support is a correction and does not fire.",
            example: "# persona-maturity check persona-program.yaml --baseline main-program.yaml\n# where main-program.yaml says training: advancing\nanswers: { training: emerging }\n",
            fix: "Restore the level; if the lower level is the true one, waive `regression` for \
                  the attribute with a reason, or check against an updated baseline.",
        },
        Rule::ExpiredWaiver => RuleHelp {
            why: "A waiver is temporary by design; once it expires it silences nothing, and the \
                  problem it covered is back.",
            example: "answers: { training: emerging }\npersonas:\n  - { id: pat, kind: buyer, owner: a@x.example, last_updated: 2026-10-01, sources: [customer-interviews, sales-input], covers: [goals-priorities] }\npolicy:\n  waivers: [ { rule: no-negative-persona, reason: \"drafting one\", expires: 2026-01-31 } ]\n",
            fix: "Fix what the waiver covered and remove it, or renew it with a new expiry date \
                  and reason.",
        },
        Rule::UnusedWaiver => RuleHelp {
            why: "A waiver that matches nothing is a misspelt subject (the real finding still \
                  fails) or a problem fixed long ago (the waiver would hide it coming back).",
            example: "answers: { training: emerging }\npolicy:\n  waivers: [ { rule: guesswork, subject: no-such-persona, reason: \"interviews booked\", expires: 2030-12-31 } ]\n",
            fix: "Correct the subject's spelling (it is the persona, attribute or section id the \
                  finding names), or remove the waiver.",
        },
        Rule::EvidenceOverclaim => RuleHelp {
            why: "Nine attributes can be read from the file's own facts: Number and Depth of \
                  Personas from the buying roles and covers of researched buyer personas, \
                  Database Completeness from the database counts (with percentages, the range \
                  of levels they allow), and, as ceilings only, Frequency of Updates from \
                  last_updated, the Creating attributes from the sources buyer personas list and \
                  Use of Data to Refine from the sources of buyer personas updated lately. An \
                  answer above them is a claim the program cannot show yet; where the file \
                  cannot tell, a note says so and the claim stands.",
            example: "answers: { database-completeness: advancing }\ndatabase: { customers_mapped_pct: 40, prospects_mapped_pct: 8 }\n",
            fix: "Lower the answer to the level the facts support, or make the facts true: the \
                  finding names the personas, covers ids, dates, buying roles or sources to add.",
        },
        Rule::NoNegativePersona => RuleHelp {
            why: "A negative (exclusionary) persona says who not to target; without one, sales \
                  and marketing spend time on leads that will not buy.",
            example: "answers: { training: emerging }\npersonas:\n  - { id: pat, kind: buyer, owner: a@x.example, last_updated: 2026-10-01, sources: [customer-interviews, sales-input], covers: [goals-priorities] }\n",
            fix: "Add a persona with `kind: negative` and the disqualifiers that rule a lead out \
                  (from past leads that did not convert, churned customers, sales' experience).",
        },
        Rule::DemographicsOnly => RuleHelp {
            why: "A persona built on demographics alone says who buyers are, not why they buy: \
                  the third of the buyer-persona guide's five common mistakes.",
            example: "answers: { training: emerging }\npersonas:\n  - { id: pat, kind: buyer, owner: a@x.example, last_updated: 2026-10-01, sources: [customer-interviews, sales-input], covers: [demographics] }\n",
            fix: "Add goals-priorities, fears-challenges and drivers-motivators (from interviews) \
                  to the persona's covers.",
        },
        Rule::Guesswork => RuleHelp {
            why: "Personas written from internal opinion or sales' impressions alone describe \
                  what the company believes, not what buyers do: internal stakeholder input is \
                  the framework's lowest Qualitative Interviews level, and the buyer-persona \
                  guide's first mistake is relying on assumptions instead of research.",
            example: "answers: { training: emerging }\npersonas:\n  - { id: pat, kind: buyer, owner: a@x.example, last_updated: 2026-10-01, sources: [internal-opinion], covers: [goals-priorities] }\n",
            fix: "Validate the persona with research and list it in sources: \
                  customer-interviews, non-customer-interviews, survey, crm, third-party-data, \
                  web-analytics, industry-research. Sales input stays useful beside research, \
                  not instead of it.",
        },
        Rule::StalePersona => RuleHelp {
            why: "Buyers, markets and products change; a persona not reviewed for a year \
                  describes last year's buyer.",
            example: "answers: { training: emerging }\npersonas:\n  - { id: pat, kind: buyer, owner: a@x.example, last_updated: 2020-01-15, sources: [customer-interviews, sales-input], covers: [goals-priorities] }\n",
            fix: "Review the persona against fresh research and set last_updated; or change \
                  policy.max_persona_age_days.",
        },
        Rule::FutureDate => RuleHelp {
            why: "A last_updated after today is a typo or a date not reached; it would otherwise \
                  count as a fresh update.",
            example: "answers: { training: emerging }\npersonas:\n  - { id: pat, kind: buyer, owner: a@x.example, last_updated: 2099-01-01, sources: [customer-interviews, sales-input], covers: [goals-priorities] }\n",
            fix: "Write the date the persona was really last reviewed (YYYY-MM-DD).",
        },
        Rule::NoSalesInput => RuleHelp {
            why: "Sales talks to buyers every day; personas marketing writes alone drift from \
                  what sales hears, and sales stops using them.",
            example: "answers: { training: emerging }\npersonas:\n  - { id: pat, kind: buyer, owner: a@x.example, last_updated: 2026-10-01, sources: [customer-interviews], covers: [goals-priorities] }\n",
            fix: "Build or review the personas with the sales team and add sales-input to their \
                  sources.",
        },
        Rule::NegativeWithoutDisqualifiers => RuleHelp {
            why: "A negative persona is only useful through the signs that rule a lead out.",
            example: "answers: { training: emerging }\npersonas:\n  - { id: bob, kind: negative, owner: a@x.example, last_updated: 2026-10-01, sources: [sales-input] }\n",
            fix: "List the disqualifiers: `disqualifiers: [\"fewer than 20 employees\", ...]`.",
        },
        Rule::DuplicatePersonaId => RuleHelp {
            why: "Waivers, reports and CI cases name personas by id; two with one id cannot be \
                  told apart.",
            example: "answers: { training: emerging }\npersonas:\n  - { id: pat, kind: buyer, owner: a@x.example, last_updated: 2026-10-01, sources: [customer-interviews, sales-input], covers: [goals-priorities] }\n  - { id: pat, kind: negative, owner: a@x.example, last_updated: 2026-10-01, sources: [sales-input], disqualifiers: [x] }\n",
            fix: "Give each persona its own id (the finding names their lines).",
        },
        Rule::InvalidInput => INVALID_INPUT,
        Rule::PersonaWithoutOwner => PERSONA_WITHOUT_OWNER,
        Rule::StaleEvidence => STALE_EVIDENCE,
    }
}
