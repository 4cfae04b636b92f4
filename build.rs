//! Converts the built-in rubric from YAML to JSON at build time. Parsing YAML was most of the cost
//! of a `score` run (about 55% of its instructions); JSON parses several times faster, and the
//! YAML file in rubric/ stays the one source people read and edit.

use std::path::Path;

fn main() {
    let src = Path::new("rubric/persona-optimization-framework.yaml");
    println!("cargo:rerun-if-changed={}", src.display());
    let text = std::fs::read_to_string(src).expect("rubric/ is part of the repository");
    let value: serde_json::Value =
        serde_yaml::from_str(&text).expect("the built-in rubric is valid YAML");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin-rubric.json");
    std::fs::write(out, serde_json::to_string(&value).expect("JSON")).expect("OUT_DIR is writable");
}
