//! `plan`: the gap between the current answers and a target level, as a quarter-by-quarter
//! roadmap.

use super::score::{combine_checked, inputs_label, Inputs};
use super::{load_rubric, today};
use crate::cli::{Format, PlanArgs};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::outcome::Outcome;
use crate::output::emit;
use crate::render;
use crate::style::Console;
use crate::view::plan::{target_lines, PlanView};
use std::path::Path;

pub fn run(args: &PlanArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    let (target, mut targets, explicit) = targets(&rubric, &args.target)?;
    let start = match &args.start {
        Some(s) => crate::source::Date::parse(s).map_err(|e| Diagnostic::new("--start", e))?,
        None => crate::plan::next_quarter_start(today(args.today.as_deref())?),
    };
    let mut program_owners: Vec<Option<String>> = vec![None; rubric.attributes.len()];
    let mut program_targets: Vec<crate::program::Target> = Vec::new();
    let combine =
        args.files.len() > 1 || args.files[0].is_dir() || crate::combine::is_export(&args.files[0]);
    let today = today(args.today.as_deref())?;
    let mut lowered = Vec::new();
    let mut program_file = None;
    let (levels, source) = if combine {
        let inputs = Inputs {
            input_format: args.input_format,
            map: args.map.as_deref(),
            skip_invalid: args.skip_invalid,
            keep: args.keep,
            allow_missing: args.form.allow_missing,
            dates: args.form.dates,
            role_alias: &[],
            comments: &[],
        };
        let combined = combine_checked(&args.files, inputs, &rubric, target)?;
        if !combined.invalid.is_empty() && !args.skip_invalid {
            return Err(Diagnostic::new(
                inputs_label(&args.files),
                format!(
                    "{} could not be read (listed above); fix them or pass --skip-invalid",
                    crate::combine::Unread::of(&combined.invalid).words(false)
                ),
            )
            .into());
        }
        (combined.scorecard.levels, inputs_label(&args.files))
    } else {
        // A program file brings its policy: its targets and minimums are where the plan goes,
        // unless --target says otherwise.
        let src = crate::source::Source::read(&args.files[0], args.input_format)?;
        // With the interview log it names read, as `check` reads it (a log that cannot be read
        // stops the plan).
        let (a, program, warnings) = super::check::load_program(&src, &rubric)?;
        for w in warnings {
            crate::output::warn(&w);
        }
        for t in &program.policy.targets {
            if t.owner.is_some() {
                program_owners[t.attribute] = t.owner.clone();
            }
        }
        program_targets = program.policy.targets.clone();
        // The policy's targets and minimums are floors: an attribute is planned at least to
        // them, even with a lower --target (an --target ATTRIBUTE=LEVEL is taken as given).
        let mut raised = 0;
        for (i, floor) in policy_targets(&rubric, &program.policy).iter().enumerate() {
            if let Some(level) = floor {
                if !explicit[i] && *level > targets[i] {
                    targets[i] = *level;
                    raised += 1;
                }
            }
        }
        if raised > 0 {
            crate::output::warn(&format!(
                "{} planned above {}: {}'s policy asks for more (its targets and minimums)",
                crate::words::count(raised, "attribute is", "attributes are"),
                rubric.levels[target].name,
                src.name
            ));
        }
        // A program file is planned from what its facts support where the answers claim more.
        lowered = super::lowered(&rubric, &a, &program, today);
        let answered: Vec<Option<usize>> = a.answers.iter().map(|x| x.level()).collect();
        let levels = crate::score::supported_levels(&answered, &lowered);
        if super::is_program(&program) {
            program_file = Some(program);
        }
        (levels, src.name)
    };
    let deps = crate::plan::Dependencies::of(&rubric);
    let first = crate::score::refresh_first(&rubric, &lowered);
    let mut p = crate::plan::plan_each(
        &crate::plan::Goals {
            levels: &levels,
            targets: &targets,
            target,
            deps: &deps,
            first: &first,
        },
        usize::from(args.per_quarter),
        start,
        args.order,
    );
    p.lowered = lowered;
    if let Some(program) = &program_file {
        let facts = crate::view::score::ProgramFacts { program, today };
        for q in &p.quarters {
            for s in &q.steps {
                if let Some(e) = facts.in_file(&rubric.attributes[s.attribute].id, s.next) {
                    p.in_file.insert((s.attribute, s.next), e);
                }
            }
        }
    }
    // Owners: the program's targets name some; --owner wins.
    for (i, o) in program_owners.into_iter().enumerate() {
        if o.is_some() {
            p.owners[i] = o;
        }
    }
    owners(&mut p, &rubric, &args.owner)?;
    warn_if_unlikely(&p, start, args.start.is_some(), today)?;
    let text = render_plan(&p, &rubric, &source, args, &program_targets, console);
    emit(&text)?;
    Ok(Outcome::Success)
}

/// The plan in the format asked for.
fn render_plan(
    p: &crate::plan::Plan,
    rubric: &crate::rubric::Rubric,
    source: &str,
    args: &PlanArgs,
    program_targets: &[crate::program::Target],
    console: &Console,
) -> String {
    let view = || PlanView::new(p, rubric, source);
    match args.format {
        Format::Table => render::plan::table(&view(), &console.stdout),
        Format::Markdown => render::plan::markdown(&view()),
        Format::Csv => render::plan::csv(&view()),
        Format::Json => render::plan::json(&view()),
        Format::Targets => {
            // In the syntax of the file planned from (a TOML program gets TOML to paste).
            let syntax = crate::source::Syntax::from_path(&args.files[0])
                .or(args.input_format)
                .unwrap_or(crate::source::Syntax::Yaml);
            // Never a program's own target moved later, or dropped, without a word.
            let lines = target_lines(p, program_targets, rubric);
            for note in lines.iter().filter_map(|l| l.note.as_ref()) {
                crate::output::note(&format!("{source}: {note}"));
            }
            render::plan::targets(&lines, source, syntax)
        }
        other => other.not_offered("plan"),
    }
}

/// The level to plan every attribute to, and any `ATTRIBUTE=LEVEL` for one: the plan's target,
/// each attribute's, and which of those were given for the attribute itself.
fn targets(
    rubric: &crate::rubric::Rubric,
    given: &[String],
) -> Result<(usize, Vec<usize>, Vec<bool>)> {
    // One level for all, then any ATTRIBUTE=LEVEL for one.
    let mut target = rubric.top_level();
    let mut each: Vec<(usize, usize)> = Vec::new();
    for t in given {
        match t.split_once('=') {
            Some((attr, level)) => {
                let i = rubric.attribute_index(attr.trim()).ok_or_else(|| {
                    Diagnostic::new("--target", format!("`{}` is no attribute", attr.trim()))
                        .help_opt(crate::suggest::did_you_mean(
                            attr.trim(),
                            rubric.attributes.iter().map(|a| a.id.as_str()),
                        ))
                })?;
                each.push((i, rubric.parse_level_arg("--target", level.trim())?));
            }
            None => target = super::target(rubric, Some(t))?,
        }
    }
    let mut targets = vec![target; rubric.attributes.len()];
    let mut explicit = vec![false; rubric.attributes.len()];
    for (i, l) in each {
        targets[i] = l;
        explicit[i] = true;
    }
    Ok((target, targets, explicit))
}

/// `--owner ATTRIBUTE=NAME`, each over the program's owner for the attribute.
fn owners(
    p: &mut crate::plan::Plan,
    rubric: &crate::rubric::Rubric,
    given: &[String],
) -> Result<()> {
    for o in given {
        let Some((attr, name)) = o.split_once('=') else {
            return Err(Diagnostic::new(
                "--owner",
                format!("`{o}`: expected ATTRIBUTE=NAME (e.g. training=ana@acme.example)"),
            )
            .into());
        };
        let i = rubric.attribute_index(attr.trim()).ok_or_else(|| {
            Diagnostic::new("--owner", format!("`{}` is no attribute", attr.trim())).help_opt(
                crate::suggest::did_you_mean(
                    attr.trim(),
                    rubric.attributes.iter().map(|a| a.id.as_str()),
                ),
            )
        })?;
        p.owners[i] = Some(name.trim().to_string()).filter(|n| !n.is_empty());
    }
    Ok(())
}

/// A start in the past and a plan of more than two years are said: both are more often a slip
/// than a choice.
fn warn_if_unlikely(
    p: &crate::plan::Plan,
    start: crate::source::Date,
    start_given: bool,
    today: crate::source::Date,
) -> Result<()> {
    if start_given && start < today {
        crate::output::warn(&format!(
            "--start {start} is in the past: the first steps are due already"
        ));
    }
    if let Some(last) = p.quarters.last() {
        let years = (last.due().0 - start.0).num_days() as f64 / 365.25;
        if years > 2.0 {
            crate::output::warn(&format!(
                "the plan runs {} quarters, to {} (more than two years): take more steps a \
                 quarter (--per-quarter) or a nearer target",
                p.quarters.len(),
                last.due()
            ));
        }
    }
    Ok(())
}

/// Per attribute, the level a program's policy asks for: its latest target for the attribute,
/// else the highest of its minimums that apply (the attribute's, its section's, the overall one).
fn policy_targets(
    rubric: &crate::rubric::Rubric,
    policy: &crate::program::Policy,
) -> Vec<Option<usize>> {
    (0..rubric.attributes.len())
        .map(|i| {
            let target = policy
                .targets
                .iter()
                .filter(|t| t.attribute == i)
                .max_by_key(|t| t.due)
                .map(|t| t.level);
            let section = rubric.attributes[i].section;
            let minimum = policy
                .minimum_attributes
                .iter()
                .filter(|(a, _)| *a == i)
                .map(|(_, l)| *l)
                .chain(
                    policy
                        .minimum_sections
                        .iter()
                        .filter(|(s, _)| *s == section)
                        .map(|(_, l)| *l),
                )
                .chain(policy.minimum_overall)
                .max();
            target.or(minimum)
        })
        .collect()
}
