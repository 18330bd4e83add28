//! docs/CONFIGURATION.md must list every `SEKISHO_*` variable the product reads, and nothing it
//! does not: operators configure production from that page alone.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::settings::Settings;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `SEKISHO_*` names in a text; a name ending in `_` is a prefix in prose, not a variable.
fn variables_in(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("SEKISHO_") {
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(tail.len());
        let name = &tail[..end];
        if !name.ends_with('_') {
            names.insert(name.to_owned());
        }
        rest = &tail[end..];
    }
    names
}

/// What figment reads: one variable per top-level field of the settings.
fn settings_variables() -> BTreeSet<String> {
    let defaults = serde_json::to_value(Settings::default()).expect("settings serialise");
    defaults
        .as_object()
        .expect("settings are a table")
        .keys()
        .map(|field| format!("SEKISHO_{}", field.to_ascii_uppercase()))
        .collect()
}

fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "node_modules" || name == "target" || name == "dist" {
            continue;
        }
        if path.is_dir() {
            files_under(&path, keep, found);
        } else if keep(&path) {
            found.push(path);
        }
    }
}

/// Variables named in the code, the scripts and the browser tests (read with `env::var`, set for
/// a child process, or named in an error message).
fn code_variables() -> BTreeSet<String> {
    let root = repository();
    let mut files = Vec::new();
    let source = |path: &Path| {
        matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rs" | "mjs" | "ts")
        )
    };
    files_under(&root.join("crates"), &source, &mut files);
    files_under(&root.join("web/e2e"), &source, &mut files);
    files_under(&root.join("scripts"), &|_| true, &mut files);
    files.retain(|path| !path.ends_with("settings_docs.rs"));
    files
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .flat_map(|text| variables_in(&text))
        .collect()
}

fn documented_variables() -> BTreeSet<String> {
    let page = std::fs::read_to_string(repository().join("docs/CONFIGURATION.md"))
        .expect("docs/CONFIGURATION.md");
    variables_in(&page)
}

#[test]
fn every_setting_the_product_reads_is_documented() {
    let documented = documented_variables();
    let read: BTreeSet<String> = settings_variables()
        .union(&code_variables())
        .cloned()
        .collect();
    let missing: Vec<&String> = read.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "docs/CONFIGURATION.md does not document {missing:?}"
    );
}

#[test]
fn every_documented_setting_is_read() {
    let read: BTreeSet<String> = settings_variables()
        .union(&code_variables())
        .cloned()
        .collect();
    let unused: Vec<String> = documented_variables().difference(&read).cloned().collect();
    assert!(
        unused.is_empty(),
        "docs/CONFIGURATION.md documents {unused:?}, which nothing reads"
    );
}

#[test]
fn the_scanner_finds_names_and_skips_prefixes() {
    let names = variables_in("`SEKISHO_LISTEN`, SEKISHO_ENRICHMENT_* and (SEKISHO_POOL_SIZE).");
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["SEKISHO_LISTEN", "SEKISHO_POOL_SIZE"]
    );
}
