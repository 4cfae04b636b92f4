//! The HTML report: one self-contained page that parses, with one radar chart, nothing fetched
//! from anywhere, and every text from an input file escaped.

use crate::common::run;
use scraper::{Html, Selector};

fn page(args: &[&str]) -> Html {
    let (code, out, err) = run(args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(
        out.starts_with("<!DOCTYPE html>"),
        "{}",
        &out[..out.len().min(200)]
    );
    let doc = Html::parse_document(&out);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    doc
}

fn count(doc: &Html, css: &str) -> usize {
    doc.select(&Selector::parse(css).unwrap()).count()
}

/// Nothing is loaded from elsewhere: no script, stylesheet link, image, frame or font, no URL in
/// any src or href, and no url() or @import in the CSS.
fn assert_self_contained(doc: &Html) {
    for tag in [
        "script", "link", "img", "iframe", "object", "embed", "image", "use",
    ] {
        assert_eq!(count(doc, tag), 0, "found <{tag}>");
    }
    for el in doc.select(&Selector::parse("*").unwrap()) {
        for (name, value) in el.value().attrs() {
            if name == "src" || name == "href" || name.ends_with(":href") {
                assert!(value.starts_with('#'), "{name}={value}");
            }
        }
    }
    let css: String = doc
        .select(&Selector::parse("style").unwrap())
        .flat_map(|s| s.text())
        .collect();
    assert!(!css.contains("url("), "CSS loads a URL");
    assert!(!css.contains("@import"), "CSS imports");
}

#[test]
fn one_answers_file_gives_one_radar_with_a_spoke_per_attribute() {
    let doc = page(&["score", "examples/answers/acme.yaml", "--format", "html"]);
    assert_self_contained(&doc);
    // Two drawings of one chart: for a wide screen, and for a phone (numbered spokes, with a key).
    assert_eq!(count(&doc, "svg.radar.wide"), 1);
    assert_eq!(count(&doc, "svg.radar.narrow"), 1);
    assert_eq!(count(&doc, ".radar-key li"), 17);
    assert_eq!(count(&doc, "svg.narrow text.label"), 17);
    assert_eq!(count(&doc, "svg.wide line.spoke"), 17);
    assert_eq!(count(&doc, "svg.wide circle.ring"), 4);
    // Now and the target.
    assert_eq!(count(&doc, "svg.wide polygon.series"), 2);
    assert_eq!(count(&doc, "svg.wide text.label"), 17);
    // The attribute table: 17 attributes in 4 section groups, with the level descriptions.
    assert_eq!(count(&doc, "section.attributes tbody"), 4);
    assert_eq!(count(&doc, "section.attributes td.name"), 17);
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("Persona maturity: Acme Analytics"));
    assert!(text.contains("Next steps toward Fully Optimized"));
    assert!(text.contains("Only the enterprise segment has documented personas"));
}

#[test]
fn a_combined_report_draws_the_baseline_and_one_outline_per_role() {
    let doc = page(&[
        "score",
        "examples/responses/acme-q4",
        "--baseline",
        "examples/responses/acme-q2",
        "--format",
        "html",
    ]);
    assert_self_contained(&doc);
    assert_eq!(count(&doc, "svg.radar.wide"), 1);
    assert_eq!(count(&doc, "svg.wide line.spoke"), 17);
    // Now, target, baseline, and marketing, product, sales.
    let labels: Vec<String> = doc
        .select(&Selector::parse("svg.wide polygon.series").unwrap())
        .map(|p| p.value().attr("data-series").unwrap().to_string())
        .collect();
    assert_eq!(labels.len(), 6, "{labels:?}");
    assert!(labels.iter().any(|l| l.starts_with("Before")));
    assert!(labels.contains(&"sales (median)".to_string()));
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("Where the team disagrees"));
    assert!(text.contains("Start the next persona workshop with these."));
    assert!(text.contains("What moved since"));
}

#[test]
fn text_from_the_answers_file_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil.yaml");
    std::fs::write(
        &file,
        "organization: \"<script>alert('org')</script>\"\n\
         respondent: { name: \"<img src=x onerror=alert(1)>\", role: \"<b>sales</b>\" }\n\
         answers:\n  training: { level: emerging, note: \"<a href='https://example.com'>x</a> & more\" }\n",
    )
    .unwrap();
    let doc = page(&["score", file.to_str().unwrap(), "--format", "html"]);
    assert_self_contained(&doc);
    assert_eq!(count(&doc, "a"), 0);
    assert_eq!(count(&doc, "b"), 0);
    let h1: String = doc
        .select(&Selector::parse("h1").unwrap())
        .flat_map(|h| h.text())
        .collect();
    assert_eq!(h1, "Persona maturity: <script>alert('org')</script>");
    let note: String = doc
        .select(&Selector::parse(".note").unwrap())
        .flat_map(|n| n.text())
        .collect();
    assert_eq!(note, "Note: <a href='https://example.com'>x</a> & more");
}

#[test]
fn the_check_report_leads_with_the_verdict_and_findings() {
    let doc = page(&[
        "check",
        "examples/programs/northwind-program.yaml",
        "--today",
        "2026-11-22",
        "--format",
        "html",
    ]);
    assert_self_contained(&doc);
    assert_eq!(count(&doc, "svg.radar.wide"), 1);
    assert_eq!(count(&doc, "svg.wide line.spoke"), 17);
    let badge: String = doc
        .select(&Selector::parse(".verdict-badge").unwrap())
        .flat_map(|b| b.text())
        .collect();
    assert_eq!(badge, "FAIL");
    assert!(count(&doc, "section.findings tbody tr") >= 5);
    assert!(count(&doc, "section.evidence tbody tr") >= 4);
}

#[test]
fn the_page_prints_cleanly() {
    let (_, out, _) = run(&["score", "examples/answers/acme.yaml", "--format", "html"]);
    // Print rules: page margins, no chart or row cut across pages, colours kept.
    assert!(out.contains("@page"));
    assert!(out.contains("@media print"));
    assert!(out.contains(".chart, figure, tr"));
    assert!(out.contains("break-inside: avoid"));
    assert!(out.contains("print-color-adjust: exact"));
}

#[test]
fn at_most_six_role_outlines_are_drawn_and_the_caption_says_so() {
    let dir = tempfile::tempdir().unwrap();
    for k in 0..9 {
        // Role r0 has one respondent, r1 two, … so the six largest are r3 to r8.
        for j in 0..=k {
            std::fs::write(
                dir.path().join(format!("r{k}-{j}.yaml")),
                format!("respondent: {{ role: r{k} }}\nanswers:\n  training: emerging\n"),
            )
            .unwrap();
        }
    }
    let doc = page(&["score", dir.path().to_str().unwrap(), "--format", "html"]);
    let labels: Vec<String> = doc
        .select(&Selector::parse("svg.wide polygon.series").unwrap())
        .map(|p| p.value().attr("data-series").unwrap().to_string())
        .filter(|l| l.ends_with("(median)"))
        .collect();
    let expected: Vec<String> = (3..9).map(|k| format!("r{k} (median)")).collect();
    assert_eq!(labels.iter().rev().cloned().collect::<Vec<_>>(), expected);
    let caption: String = doc
        .select(&Selector::parse("figcaption").unwrap())
        .flat_map(|c| c.text())
        .collect();
    assert!(
        caption.contains("Role outlines: the 6 largest of 9 roles."),
        "{caption}"
    );
}
