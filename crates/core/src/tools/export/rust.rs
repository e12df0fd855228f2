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

pub(super) const RUST: Syntax = Syntax {
    lit: rust_str,
    env: |n| format!("std::env::var(\"{n}\")?"),
    form: |e| format!("form_urlencode(&{e})"),
    json: |e| format!("json_escape(&{e})"),
    basic: |id, e| format!("basic_auth({id}, &{e})"),
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
