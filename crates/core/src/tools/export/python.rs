//! The Python 3 snippet with `requests`, and Python string literals.

use super::model::{Helper, Model, Text, merged_headers, preamble};
use super::syntax::{Syntax, best_quote, hex_escape, join_plus, quoted_with};
use std::fmt::Write as _;

/// A Python `str` literal.
pub(super) fn py_str(s: &str) -> String {
    quoted_with(best_quote(s), s, |c| {
        hex_escape(c, 0xFF, false, |n| format!("\\U{n:08x}"))
    })
}

/// Python: `os.environ` for variables, the snippet's own `form_urlencode` and `basic_auth`
/// (defined only when needed), and `json.dumps` for the inside of a JSON string.
pub(super) const PYTHON: Syntax = Syntax {
    lit: py_str,
    env: "os.environ[\"{}\"]",
    form: "form_urlencode({})",
    json: "json.dumps({}, ensure_ascii=False)[1:-1]",
    basic: "basic_auth({}, {})",
    concat: join_plus,
};

pub(super) const TILDE_NOTE: &str =
    "requests sends a %7E in the URL as ~ (the same URL, RFC 3986 §6.2.2.2).";

pub(super) const PY_FORM: &str = r#"

def form_urlencode(value):
    """application/x-www-form-urlencoded (RFC 6749 Appendix B): A-Z a-z 0-9 * - . _ kept,
    space as +, every other UTF-8 byte as %XX. (urllib.parse.quote_plus differs on * and ~.)"""
    safe = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-._"
    return "".join(
        chr(b) if b in safe else "+" if b == 0x20 else "%%%02X" % b for b in value.encode("utf-8")
    )
"#;

pub(super) const PY_BASIC: &str = r#"

def basic_auth(client_id, client_secret):
    """HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then
    base64. (requests' auth=(id, secret) would skip the urlencoding.)"""
    pair = form_urlencode(client_id) + ":" + form_urlencode(client_secret)
    return "Basic " + base64.b64encode(pair.encode("ascii")).decode("ascii")
"#;

pub(super) fn snippet(m: &Model) -> String {
    let (headers, merged) = merged_headers(m);
    let mut tool =
        vec!["requests adds Host, Content-Length, a User-Agent, Accept-Encoding and Connection."];
    if merged {
        tool.push(
            "Repeated header fields are sent as one, values joined by \", \" (RFC 9110 §5.3).",
        );
    }
    if m.url_may_hold_tilde() {
        tool.push(TILDE_NOTE);
    }
    let mut out = preamble(m, "#", &tool);
    let imports = m.helpers(&[
        (Helper::Basic, "import base64\n"),
        (Helper::Json, "import json\n"),
        (Helper::Env, "import os\n"),
    ]);
    out.push_str(&imports);
    if !imports.is_empty() {
        out.push('\n');
    }
    out.push_str("import requests\n");
    out.push_str(&m.helpers(&[(Helper::Form, PY_FORM), (Helper::Basic, PY_BASIC)]));
    out.push_str(if m.uses_form() { "\n\n" } else { "\n" });
    let e = |t: &Text| PYTHON.expr(t, &m.vars);
    out.push_str("response = requests.request(\n");
    let _ = writeln!(out, "    {},", py_str(&m.method));
    let _ = writeln!(out, "    {},", e(&m.url));
    if !headers.is_empty() {
        out.push_str("    headers={\n");
        for (name, value) in &headers {
            let _ = writeln!(out, "        {}: {},", py_str(name), e(value));
        }
        out.push_str("    },\n");
    }
    if !m.body.is_empty() {
        let body = e(&m.body);
        let body = if body.contains(" + ") {
            format!("({body})")
        } else {
            body
        };
        let _ = writeln!(out, "    data={body}.encode(\"utf-8\"),");
    }
    out.push_str("    allow_redirects=False,\n    timeout=15,\n)\n");
    out.push_str("print(response.status_code, response.reason)\nprint(response.text)\n");
    out
}
