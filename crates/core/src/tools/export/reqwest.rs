//! The Rust snippet with `reqwest` (blocking).

use super::model::{Enc, Helper, Model, Part, Text, preamble};
use super::rust::{RUST, rust_str};
use std::fmt::Write as _;

pub(super) const RUST_FORM: &str = r#"
/// application/x-www-form-urlencoded (RFC 6749 Appendix B): A-Z a-z 0-9 * - . _ kept,
/// space as +, every other byte as %XX.
fn form_urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
"#;

pub(super) const RUST_JSON: &str = r#"
/// The inside of a JSON string: \ and " escaped (a secret has no control characters).
fn json_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}
"#;

/// A `reqwest::Method` expression.
pub(super) fn rust_method(method: &str) -> String {
    const KNOWN: [&str; 9] = [
        "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "PATCH", "TRACE",
    ];
    if KNOWN.contains(&method) {
        format!("reqwest::Method::{method}")
    } else {
        format!(
            "reqwest::Method::from_bytes({}.as_bytes())?",
            rust_str(method)
        )
    }
}

pub(super) fn snippet(m: &Model) -> String {
    let mut out = preamble(
        m,
        "//",
        &[
            "Cargo.toml: reqwest = { version = \"0.12\", features = [\"blocking\"] }",
            "reqwest adds Host and Content-Length, and writes header names in lower case.",
        ],
    );
    out.push_str(&m.helpers(&[(Helper::Form, RUST_FORM), (Helper::Json, RUST_JSON)]));
    let e = |t: &Text| RUST.expr(t, &m.vars);
    out.push_str(
        "\nfn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
         let client = reqwest::blocking::Client::builder()\n        \
         .redirect(reqwest::redirect::Policy::none())\n        \
         .build()?;\n    \
         let response = client\n",
    );
    let _ = writeln!(
        out,
        "        .request({}, {})",
        rust_method(&m.method),
        e(&m.url)
    );
    for (name, value) in &m.headers {
        if let [
            Part::Env {
                var,
                enc: Enc::Basic { client_id },
            },
        ] = value.as_slice()
        {
            // reqwest's basic_auth encodes "user:password" in base64; giving it the
            // form-urlencoded id and secret yields the header of RFC 6749 §2.3.1.
            let _ = writeln!(
                out,
                "        // Basic base64(form-urlencoded id \":\" form-urlencoded secret), RFC 6749 §2.3.1.\n        \
                 .basic_auth(\n            form_urlencode({}),\n            Some(form_urlencode(&{})),\n        )",
                rust_str(client_id),
                RUST.read_env(&m.vars[*var].name)
            );
        } else {
            let _ = writeln!(out, "        .header({}, {})", rust_str(name), e(value));
        }
    }
    if !m.body.is_empty() {
        let _ = writeln!(out, "        .body({})", e(&m.body));
    }
    out.push_str(
        "        .send()?;\n    \
         println!(\"{}\", response.status());\n    \
         println!(\"{}\", response.text()?);\n    \
         Ok(())\n}\n",
    );
    out
}
