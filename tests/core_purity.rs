//! The `oauth` core must stay pure: no web crate may be named anywhere under `src/oauth`.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

const FORBIDDEN: [&str; 5] = ["leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/oauth is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Finds forbidden crate names used as identifiers (also `web-sys` spelled with a dash).
fn violations(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let normalised = line.replace('-', "_");
        for word in normalised.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if FORBIDDEN.contains(&word) || word.starts_with("gloo_") {
                found.push((n + 1, line.trim().to_string()));
            }
        }
    }
    found
}

#[test]
fn oauth_core_no_web_crates_named() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/oauth");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() >= 5, "expected the core's files under {root:?}");
    let mut problems = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("readable source");
        for (line, content) in violations(&text) {
            problems.push(format!("{}:{line}: {content}", file.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "the pure core names a web crate:\n{}",
        problems.join("\n")
    );
}

#[test]
fn violations_detector_forbidden_names_found() {
    // The detector itself must be able to fail.
    assert_eq!(violations("use leptos::prelude::*;").len(), 1);
    assert_eq!(violations("// uses web-sys").len(), 1);
    assert_eq!(
        violations("let x = gloo_net::http::Request::get(u);").len(),
        1
    );
    assert!(violations("let leptosish = 1; // sys").is_empty());
}
