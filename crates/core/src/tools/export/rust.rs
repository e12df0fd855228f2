//! Rust, shared by the `reqwest` and `oauth2` snippets: string literals and how a Rust snippet
//! reads variables and calls its helpers.

use super::syntax::{Syntax, is_plain, quoted};

/// A Rust string literal.
pub(super) fn rust_str(s: &str) -> String {
    // A raw string reads better when the text has quotes and nothing to escape.
    let raw = s.contains('"')
        && !s.contains("\"#")
        && s.chars()
            .all(|c| c == '"' || c == '\\' || c == '\'' || is_plain(c));
    if raw {
        return format!("r#\"{s}\"#");
    }
    quoted(s, |c| format!("\\u{{{:x}}}", u32::from(c)))
}

/// Rust: `std::env::var` (the error ends `main`), the snippet's `form_urlencode` and
/// `json_escape`, and a `[..].concat()` to join pieces into one `String`.
pub(super) const RUST: Syntax = Syntax {
    lit: rust_str,
    env: "std::env::var(\"{}\")?",
    form: "form_urlencode(&{})",
    json: "json_escape(&{})",
    basic: "basic_auth({}, &{})",
    concat: |pieces| {
        if let [(true, lit)] = pieces.as_slice() {
            return lit.clone();
        }
        if let [(false, code)] = pieces.as_slice() {
            return code.clone();
        }
        let items: Vec<String> = pieces
            .into_iter()
            .map(|(lit, code)| {
                if lit {
                    code
                } else {
                    format!("{code}.as_str()")
                }
            })
            .collect();
        format!("[{}].concat()", items.join(", "))
    },
};
