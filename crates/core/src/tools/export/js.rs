//! JavaScript, shared by the `fetch` and Node.js snippets: string literals, the `env` and
//! `formUrlencode` helpers.

use super::model::{Helper, Model};
use super::syntax::{Syntax, best_quote, hex_escape, join_plus, quoted_with};

/// A JavaScript string literal.
pub(super) fn js_str(s: &str) -> String {
    quoted_with(best_quote(s), s, |c| {
        hex_escape(c, 0xFF, true, |n| format!("\\u{{{n:X}}}"))
    })
}

/// JavaScript: the snippet's `env`, `formUrlencode` and `basicAuth` helpers, and
/// `JSON.stringify` for the inside of a JSON string.
pub(super) const JS: Syntax = Syntax {
    lit: js_str,
    env: "env(\"{}\")",
    form: "formUrlencode({})",
    json: "JSON.stringify({}).slice(1, -1)",
    basic: "basicAuth({}, {})",
    concat: join_plus,
};

pub(super) const JS_ENV: &str = r#"
function env(name) {
  const value = process.env[name];
  if (value === undefined) throw new Error(`Set the environment variable ${name} first.`);
  return value;
}
"#;

pub(super) const JS_FORM: &str = r#"
// application/x-www-form-urlencoded exactly as RFC 6749 Appendix B asks: URLSearchParams
// serialises "=value" that way, and the "=" is dropped.
const formUrlencode = (value) => new URLSearchParams([["", value]]).toString().slice(1);
"#;

/// The `env`, `formUrlencode` and `basicAuth` helpers the snippet needs (`basic`: the
/// `basicAuth` of this runtime).
pub(super) fn js_helpers(m: &Model, basic: &str) -> String {
    m.helpers(&[
        (Helper::Env, JS_ENV),
        (Helper::Form, JS_FORM),
        (Helper::Basic, basic),
    ])
}
