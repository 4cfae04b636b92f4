//! `init`: a complete, commented persona program file to start from. Dates are relative to today
//! so the template passes `check` as written on the day it is made.

use crate::source::Syntax;
use chrono::{Days, NaiveDate};

pub fn program(syntax: Syntax, today: NaiveDate) -> String {
    let d = |days: i64| {
        let date = if days >= 0 {
            today.checked_add_days(Days::new(days as u64))
        } else {
            today.checked_sub_days(Days::new(days.unsigned_abs()))
        };
        date.unwrap_or(today).format("%Y-%m-%d").to_string()
    };
    let (today_s, olivia, carl, bob, due, expires) = (d(0), d(-60), d(-30), d(-400), d(120), d(90));
    match syntax {
        Syntax::Yaml => format!(
            r#"# Persona program: the self-assessment, the personas and the policy `persona-maturity check` enforces.
# Check it:  persona-maturity check persona-program.yaml
# Every key is explained below; delete what you do not use. Ids: persona-maturity rubric show

rubric: persona-optimization-framework@1.0.0
organization: Example Co
respondent: {{ name: Your Name, role: marketing }}
date: {today_s}

# Your self-assessment: one level per attribute
# (experimenting | emerging | advancing | fully-optimized, or unsure).
answers:
  # Core Attributes
  internal-persona-ownership: advancing
  sharing-personas: advancing
  budget-allocation: advancing
  training: advancing
  executive-sponsorship: advancing
  # Creating
  qualitative-interviews: emerging
  quantitative-survey: emerging
  data-analysis: emerging
  industry-research: advancing
  number-of-personas: advancing        # evidence: the buying roles your buyer personas cover
  depth-of-personas: advancing         # evidence: what your buyer personas cover
  # Using
  organizational-use: emerging
  database-segmentation: emerging
  database-completeness: advancing     # evidence: the database section below
  # Maintaining
  frequency-of-updates: advancing      # evidence: the oldest buyer persona's last_updated
  accessibility-and-storage: advancing
  use-of-data-to-refine: emerging

# Your personas. kind: buyer | negative
# buying_role: user | champion | economic-buyer | influencer | other
# sources: customer-interviews, non-customer-interviews, survey, crm, third-party-data,
#          web-analytics, sales-input, industry-research, internal-opinion
# covers: demographics, buying-role, buying-preferences, hobbies-interests, goals-priorities,
#         drivers-motivators, fears-challenges, associations, content-preferences,
#         success-metrics, personality-traits
personas:
  - id: ops-olivia
    name: Operations Olivia
    kind: buyer
    buying_role: user
    owner: owner@example.com
    last_updated: {olivia}
    sources: [customer-interviews, non-customer-interviews, survey, crm, sales-input]
    covers: [demographics, buying-role, buying-preferences, goals-priorities, drivers-motivators,
             fears-challenges, content-preferences, success-metrics, personality-traits]
  - id: cfo-carl
    name: CFO Carl
    kind: buyer
    buying_role: economic-buyer
    owner: owner@example.com
    last_updated: {carl}
    sources: [customer-interviews, sales-input, third-party-data]
    covers: [demographics, buying-role, goals-priorities, drivers-motivators, fears-challenges,
             success-metrics, content-preferences]
  - id: bargain-bob
    name: Bargain Bob
    kind: negative                      # who not to target
    owner: owner@example.com
    last_updated: {bob}
    sources: [crm, sales-input]
    disqualifiers: ["fewer than 20 employees", "asks for an on-premise install"]

# How much of your database carries a persona (percentages, 0-100).
database: {{ customers_mapped_pct: 92, prospects_mapped_pct: 55 }}

# The bar `check` holds you to.
policy:
  minimum:
    overall: emerging
    sections: {{ core-attributes: advancing }}
    attributes: {{ frequency-of-updates: advancing }}
  require_complete: true                # every attribute answered
  max_persona_age_days: 365             # older personas are stale
  targets:                              # overdue when the date passes below the level
    - {{ attribute: depth-of-personas, level: fully-optimized, due: {due} }}
  waivers:                              # silence a rule (optionally for one subject) until it expires
    - {{ rule: stale-persona, subject: bargain-bob, reason: "Refresh planned with the new CRM", owner: owner@example.com, expires: {expires} }}
  severity: {{ demographics-only: error }}  # override a rule's default severity (error | warning | info | off)
"#
        ),
        Syntax::Toml => format!(
            r#"# Persona program: the self-assessment, the personas and the policy `persona-maturity check` enforces.
# Check it:  persona-maturity check persona-program.toml
# Ids: persona-maturity rubric show. The YAML template (persona-maturity init) explains every key.

rubric = "persona-optimization-framework@1.0.0"
organization = "Example Co"
date = {today_s}
respondent = {{ name = "Your Name", role = "marketing" }}

# Your self-assessment: experimenting | emerging | advancing | fully-optimized, or unsure.
[answers]
internal-persona-ownership = "advancing"
sharing-personas = "advancing"
budget-allocation = "advancing"
training = "advancing"
executive-sponsorship = "advancing"
qualitative-interviews = "emerging"
quantitative-survey = "emerging"
data-analysis = "emerging"
industry-research = "advancing"
number-of-personas = "advancing"
depth-of-personas = "advancing"
organizational-use = "emerging"
database-segmentation = "emerging"
database-completeness = "advancing"
frequency-of-updates = "advancing"
accessibility-and-storage = "advancing"
use-of-data-to-refine = "emerging"

[[personas]]
id = "ops-olivia"
name = "Operations Olivia"
kind = "buyer"
buying_role = "user"
owner = "owner@example.com"
last_updated = {olivia}
sources = ["customer-interviews", "non-customer-interviews", "survey", "crm", "sales-input"]
covers = ["demographics", "buying-role", "buying-preferences", "goals-priorities", "drivers-motivators",
          "fears-challenges", "content-preferences", "success-metrics", "personality-traits"]

[[personas]]
id = "cfo-carl"
name = "CFO Carl"
kind = "buyer"
buying_role = "economic-buyer"
owner = "owner@example.com"
last_updated = {carl}
sources = ["customer-interviews", "sales-input", "third-party-data"]
covers = ["demographics", "buying-role", "goals-priorities", "drivers-motivators", "fears-challenges",
          "success-metrics", "content-preferences"]

[[personas]]
id = "bargain-bob"
name = "Bargain Bob"
kind = "negative"
owner = "owner@example.com"
last_updated = {bob}
sources = ["crm", "sales-input"]
disqualifiers = ["fewer than 20 employees", "asks for an on-premise install"]

[database]
customers_mapped_pct = 92
prospects_mapped_pct = 55

[policy]
require_complete = true
max_persona_age_days = 365
minimum = {{ overall = "emerging", sections = {{ core-attributes = "advancing" }}, attributes = {{ frequency-of-updates = "advancing" }} }}
targets = [{{ attribute = "depth-of-personas", level = "fully-optimized", due = {due} }}]
waivers = [{{ rule = "stale-persona", subject = "bargain-bob", reason = "Refresh planned with the new CRM", owner = "owner@example.com", expires = {expires} }}]
severity = {{ demographics-only = "error" }}
"#
        ),
    }
}
