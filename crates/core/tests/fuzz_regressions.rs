//! Replays the regression corpus: every file of `tests/corpus/<target>/` goes through the same
//! code as the cargo-fuzz target `<target>` (`tests/fuzz_exercise/<target>.rs`, shared with
//! `fuzz/fuzz_targets/<target>.rs`). A panic or a broken invariant fails the test and names
//! the file. New crash inputs found by `cargo xtask fuzz` belong in the corpus.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

macro_rules! targets {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                include!(concat!("fuzz_exercise/", stringify!($name), ".rs"));
            }
        )*
        /// Every target's name and its exercise.
        const TARGETS: &[(&str, fn(&[u8]))] = &[$((stringify!($name), $name::run)),*];
    };
}

targets!(
    http_request,
    simulator,
    token_response,
    jwt,
    jwks,
    metadata,
    token_url,
    form,
    pem_key,
    misc,
    prefill,
    openapi,
    persist,
    yaml,
);

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("corpus")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `run` on every file of the target's corpus; returns the files that panicked.
fn replay(name: &str, run: fn(&[u8])) -> Vec<String> {
    let mut failures = Vec::new();
    for file in files(&corpus_dir().join(name)) {
        let data = fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if panic::catch_unwind(AssertUnwindSafe(|| run(&data))).is_err() {
            failures.push(file.display().to_string());
        }
    }
    failures
}

#[test]
fn corpus_every_target_has_a_nonempty_corpus() {
    for (name, _) in TARGETS {
        let dir = corpus_dir().join(name);
        assert!(
            !files(&dir).is_empty(),
            "{} has no regression inputs",
            dir.display()
        );
    }
}

#[test]
fn corpus_every_directory_is_a_known_target() {
    for dir in fs::read_dir(corpus_dir()).expect("tests/corpus exists") {
        let name = dir.expect("directory entry").file_name();
        let name = name.to_string_lossy();
        assert!(
            TARGETS.iter().any(|(target, _)| *target == name),
            "tests/corpus/{name} has no exercise in tests/fuzz_exercise/"
        );
    }
}

#[test]
fn corpus_replayed_through_every_target_no_panic() {
    let failures: Vec<String> = TARGETS
        .iter()
        .flat_map(|(name, run)| replay(name, *run))
        .collect();
    assert!(
        failures.is_empty(),
        "these regression inputs panic (see the messages above):\n{}",
        failures.join("\n")
    );
}

/// Inputs nested 100 000 levels deep, each shaped for the target's parsers (JSON, YAML, a JWT
/// or a request carrying JSON): every recursive reader refuses them (serde_json's recursion
/// limit, the YAML reader's MAX_DEPTH) instead of overflowing the stack, which would abort this
/// test process here and corrupt memory in wasm.
#[test]
fn corpus_deep_nesting_every_target_no_overflow() {
    const LEVELS: usize = 100_000;
    let arrays = format!("{}{}", "[".repeat(LEVELS), "]".repeat(LEVELS));
    let objects = format!("{}1{}", "{\"a\":".repeat(LEVELS), "}".repeat(LEVELS));
    let b64 = |s: &str| cc_core::encoding::base64url_encode(s.as_bytes());
    let jwt = format!("{}.{}.c2ln", b64(&objects), b64(&arrays));
    let json_body = format!("{{\"client_id\":{objects}}}");
    let form_body = format!("grant_type=client_credentials&client_assertion={jwt}");
    let request = |kind: &str, body: &str| {
        format!(
            " POST /oauth2/token HTTP/1.1\r\nHost: authorization-server.example\r\n\
             Content-Type: {kind}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let inputs = [
        arrays.clone(),
        objects.clone(),
        format!("openapi: 3.1.0\nx: {arrays}\n"),
        format!("x: {}1{}\n", "{a: ".repeat(LEVELS), "}".repeat(LEVELS)),
        format!("{}x\n", "- ".repeat(LEVELS)),
        format!("{{\"keys\":{arrays}}}"),
        format!("{objects}\0{arrays}"),
        jwt.clone(),
        format!("\0\u{64}{{\"access_token\":\"x\",\"x\":{objects}}}"),
        request("application/json", &json_body),
        request("application/x-www-form-urlencoded", &form_body),
    ];
    let mut failures = Vec::new();
    for (name, run) in TARGETS {
        for (i, input) in inputs.iter().enumerate() {
            if panic::catch_unwind(AssertUnwindSafe(|| run(input.as_bytes()))).is_err() {
                failures.push(format!("{name}: deep input {i}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
