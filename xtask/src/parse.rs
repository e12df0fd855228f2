//! Small hand-written parsers for tool output (no serde, no regex: std only).

/// The `version` of the first `[[package]]` named `name` in a Cargo.lock.
pub fn lock_package_version(lock: &str, name: &str) -> Option<String> {
    let mut current_name: Option<&str> = None;
    let mut current_version: Option<&str> = None;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            current_name = None;
            current_version = None;
            continue;
        }
        if let Some(value) = toml_string_value(line, "name") {
            current_name = Some(value);
        } else if let Some(value) = toml_string_value(line, "version") {
            current_version = Some(value);
        }
        if let (Some(n), Some(v)) = (current_name, current_version)
            && n == name
        {
            return Some(v.to_string());
        }
    }
    None
}

/// `key = "value"` → `value`.
fn toml_string_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(key)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim();
    rest.strip_prefix('"')?.strip_suffix('"')
}

/// `key = 123_456` (comments after `#` ignored) → 123456. `Ok(None)` when the key is absent.
pub fn toml_integer(text: &str, key: &str) -> Result<Option<u64>, String> {
    for (index, raw_line) in text.lines().enumerate() {
        let line = raw_line.split('#').next().unwrap_or("").trim();
        let Some(rest) = line.strip_prefix(key) else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let digits: String = value.trim().chars().filter(|c| *c != '_').collect();
        return digits.parse::<u64>().map(Some).map_err(|_| {
            format!(
                "line {}: `{}` is not a non-negative integer",
                index + 1,
                raw_line.trim()
            )
        });
    }
    Ok(None)
}

/// Totals of libtest-style `test result:` lines (cargo test and wasm-bindgen-test-runner).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TestCounts {
    pub passed: u64,
    pub failed: u64,
    pub ignored: u64,
    /// How many `test result:` lines were seen (one per test binary / doctest run).
    pub results: u64,
}

impl TestCounts {
    pub fn add(&mut self, other: TestCounts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
        self.results += other.results;
    }
}

/// Sums every `test result: ok. 3 passed; 0 failed; 1 ignored; ...` line in `output`.
pub fn sum_test_results(output: &str) -> TestCounts {
    let mut counts = TestCounts::default();
    for line in output.lines() {
        let line = strip_ansi(line);
        let Some(at) = line.find("test result:") else {
            continue;
        };
        counts.results += 1;
        let tokens: Vec<&str> = line[at + "test result:".len()..]
            .split_whitespace()
            .collect();
        for pair in tokens.windows(2) {
            let Ok(n) = pair[0].parse::<u64>() else {
                continue;
            };
            match pair[1].trim_end_matches([';', ',', '.']) {
                "passed" => counts.passed += n,
                "failed" => counts.failed += n,
                "ignored" => counts.ignored += n,
                _ => {}
            }
        }
    }
    counts
}

/// Removes ANSI escape sequences (`ESC [ ... letter`), in case a tool forces colours.
pub fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The `stats` object of Playwright's JSON reporter.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PlaywrightStats {
    pub expected: u64,
    pub unexpected: u64,
    pub flaky: u64,
    pub skipped: u64,
}

/// Reads `"stats": { ..., "expected": N, "skipped": N, "unexpected": N, "flaky": N }` from a
/// Playwright JSON report. `None` if there is no `stats` object or no `expected` count in it.
pub fn playwright_stats(json: &str) -> Option<PlaywrightStats> {
    let start = json.rfind("\"stats\"")?;
    let rest = &json[start + "\"stats\"".len()..];
    let open = rest.find('{')?;
    let close = rest[open..].find('}')? + open;
    let object = &rest[open..=close];
    Some(PlaywrightStats {
        expected: json_number(object, "expected")?,
        unexpected: json_number(object, "unexpected").unwrap_or(0),
        flaky: json_number(object, "flaky").unwrap_or(0),
        skipped: json_number(object, "skipped").unwrap_or(0),
    })
}

/// The unsigned integer after `"key":` in a flat JSON object.
fn json_number(object: &str, key: &str) -> Option<u64> {
    let needle = format!("\"{key}\"");
    let at = object.find(&needle)?;
    let rest = object[at + needle.len()..].trim_start().strip_prefix(':')?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The second whitespace-separated word: `trunk 0.21.14` → `0.21.14`.
pub fn second_word(text: &str) -> Option<&str> {
    text.split_whitespace().nth(1)
}

/// The local files an HTML page references (`href=` and `src=` values, quoted or not, as a
/// minifier leaves them), relative to the page: not `data:`, absolute or fragment URLs.
pub fn html_references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=", "src="] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or_default(),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or_default(),
            };
            if let Some(path) = local_path(value) {
                out.push(path);
            }
        }
    }
    out
}

/// The modules a JavaScript module imports statically (`import … from "./x.js"`, `import "./x.js"`):
/// what the browser fetches before the module runs. Dynamic loads (`fetch`, `import()`) are not
/// listed: those are the lazily loaded chunks.
pub fn js_static_imports(js: &str) -> Vec<String> {
    // Minified modules put every statement on one line (`import*as a from"./x.js";import"./y.js"`),
    // so statements are found by their keyword, not by lines: `import` at the start of a
    // statement (after nothing, `;`, `}` or a line break) and followed by a clause or a string,
    // not by `(` (a dynamic import) or `.` (`import.meta`). The specifier is the first string
    // after the keyword (an import clause has none of its own).
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = js[from..].find("import") {
        let at = from + found;
        from = at + "import".len();
        let starts_statement = js[..at]
            .trim_end_matches([' ', '\t'])
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, ';' | '}' | '\n' | '\r'));
        let clause_follows = js[from..]
            .chars()
            .next()
            .is_some_and(|c| matches!(c, ' ' | '*' | '{' | '"' | '\''));
        if !starts_statement || !clause_follows {
            continue;
        }
        let rest = &js[from..];
        let Some(open) = rest.find(['"', '\'']) else {
            break;
        };
        if rest[..open].contains([';', '(', '=']) {
            continue;
        }
        let quote = rest[open..].chars().next().unwrap_or('"');
        let spec = &rest[open + 1..];
        if let Some(close) = spec.find(quote)
            && let Some(path) = local_path(&spec[..close])
        {
            out.push(path);
        }
    }
    out
}

fn local_path(value: &str) -> Option<String> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    if value.is_empty()
        || value.starts_with('#')
        || value.starts_with('/')
        || lower.starts_with("data:")
        || lower.contains("://")
    {
        return None;
    }
    let path = value.split(['?', '#']).next()?;
    Some(path.strip_prefix("./").unwrap_or(path).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"# This file is automatically @generated by Cargo.
version = 4

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.99"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"
"#;

    #[test]
    fn lock_package_version_present_returns_its_version() {
        assert_eq!(
            lock_package_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
    }

    #[test]
    fn lock_package_version_prefix_named_package_is_not_confused() {
        assert_eq!(
            lock_package_version(LOCK, "wasm-bindgen-backend").as_deref(),
            Some("0.2.99")
        );
    }

    #[test]
    fn lock_package_version_absent_returns_none() {
        assert_eq!(lock_package_version(LOCK, "leptos"), None);
    }

    #[test]
    fn lock_package_version_file_format_version_is_ignored() {
        // The top-level `version = 4` is not a package version.
        assert_eq!(lock_package_version("version = 4\n", "wasm-bindgen"), None);
    }

    #[test]
    fn sum_test_results_cargo_output_sums_all_binaries() {
        let output = "\
running 2 tests
test a ... ok
test b ... ok

test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

running 5 tests
test result: FAILED. 3 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s

   Doc-tests cc_playground
test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";
        assert_eq!(
            sum_test_results(output),
            TestCounts {
                passed: 5,
                failed: 2,
                ignored: 1,
                results: 3
            }
        );
    }

    #[test]
    fn sum_test_results_wasm_runner_output_is_parsed() {
        let output = "Running headless tests in Chrome on `http://127.0.0.1:41235/`\n\
                      running 3 tests\n\
                      test result: ok. 3 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.12s\n";
        let counts = sum_test_results(output);
        assert_eq!((counts.passed, counts.failed, counts.results), (3, 0, 1));
    }

    #[test]
    fn sum_test_results_coloured_line_is_parsed() {
        let output = "test result: \u{1b}[32mok\u{1b}[0m. 4 passed; 1 failed; 0 ignored\n";
        let counts = sum_test_results(output);
        assert_eq!((counts.passed, counts.failed), (4, 1));
    }

    #[test]
    fn sum_test_results_no_result_lines_returns_zero() {
        assert_eq!(
            sum_test_results("error: could not compile\n"),
            TestCounts::default()
        );
    }

    const PLAYWRIGHT_JSON: &str = r#"{
  "config": { "workers": 1, "reporter": [["list", null], ["json", null]] },
  "suites": [
    { "title": "app.spec.mjs", "specs": [
      { "title": "loads", "ok": true, "tests": [
        { "expectedStatus": "passed", "status": "expected",
          "results": [{ "status": "passed", "duration": 812 }] } ] } ] }
  ],
  "errors": [],
  "stats": {
    "startTime": "2026-11-22T18:50:00.000Z",
    "duration": 4242.5,
    "expected": 13,
    "skipped": 2,
    "unexpected": 1,
    "flaky": 1
  }
}"#;

    #[test]
    fn playwright_stats_report_returns_counts() {
        assert_eq!(
            playwright_stats(PLAYWRIGHT_JSON),
            Some(PlaywrightStats {
                expected: 13,
                unexpected: 1,
                flaky: 1,
                skipped: 2
            })
        );
    }

    #[test]
    fn playwright_stats_compact_json_returns_counts() {
        let json = r#"{"suites":[],"errors":[],"stats":{"startTime":"x","duration":1,"expected":0,"skipped":0,"unexpected":0,"flaky":0}}"#;
        assert_eq!(playwright_stats(json), Some(PlaywrightStats::default()));
    }

    #[test]
    fn playwright_stats_missing_stats_returns_none() {
        assert_eq!(playwright_stats(r#"{"suites":[]}"#), None);
    }

    #[test]
    fn toml_integer_with_comment_and_underscores_returns_value() {
        let text = "# measured + 10%\ntotal_gzip_bytes = 350_000 # bytes\n";
        assert_eq!(toml_integer(text, "total_gzip_bytes"), Ok(Some(350_000)));
    }

    #[test]
    fn toml_integer_commented_out_key_returns_none() {
        assert_eq!(
            toml_integer("# total_gzip_bytes = 5\n", "total_gzip_bytes"),
            Ok(None)
        );
    }

    #[test]
    fn toml_integer_not_a_number_returns_error() {
        assert!(toml_integer("total_gzip_bytes = \"big\"\n", "total_gzip_bytes").is_err());
    }

    #[test]
    fn second_word_version_output_returns_version() {
        assert_eq!(second_word("trunk 0.21.14\n"), Some("0.21.14"));
        assert_eq!(second_word("wasm-bindgen 0.2.130"), Some("0.2.130"));
        assert_eq!(second_word(""), None);
    }

    #[test]
    fn html_references_quoted_unquoted_and_foreign_returns_local_only() {
        let html = r##"<link href=./a-1.css rel=stylesheet><link rel="modulepreload" href="./w/app.js"><script type=module src='./w/boot.js'></script><link href="data:image/svg+xml,x" rel=icon><a href="https://x.example/">x</a><a href="#top">t</a>"##;
        assert_eq!(html_references(html), ["a-1.css", "w/app.js", "w/boot.js"]);
    }

    #[test]
    fn js_static_imports_minified_one_line_returns_paths() {
        let js = "import*as j from\"./__wasm_split.js\";import i,*as t from'./app.js';import\"./side.js\";export class A{f(){return import(\"./lazy.js\")}}const u=new URL(\"./x.wasm\",import.meta.url);";
        assert_eq!(
            js_static_imports(js),
            ["__wasm_split.js", "app.js", "side.js"]
        );
    }

    #[test]
    fn js_static_imports_word_inside_code_ignored() {
        let js =
            "const important = 1;\nlet s = \"re-import './no.js'\";\nfoo.import('./no2.js');\n";
        assert!(
            js_static_imports(js).is_empty(),
            "{:?}",
            js_static_imports(js)
        );
    }

    #[test]
    fn js_static_imports_from_and_bare_returns_paths_not_dynamic() {
        let js = "import init, * as b from './app.js';\nimport * as i1 from \"./__wasm_split.js\"\nimport './side.js';\nconst m = fetch(new URL(\"./split_x.wasm\", import.meta.url));\nimport('./lazy.js');\n";
        assert_eq!(
            js_static_imports(js),
            ["app.js", "__wasm_split.js", "side.js"]
        );
    }
}
