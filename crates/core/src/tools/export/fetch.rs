//! The JavaScript `fetch` snippet (Node.js 18 or later, as an ES module).

use super::js::{JS, js_helpers, js_str};
use super::model::{Model, Text, preamble};
use std::fmt::Write as _;

pub(super) const JS_BASIC_BTOA: &str = r#"
// HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then base64.
const basicAuth = (id, secret) => "Basic " + btoa(formUrlencode(id) + ":" + formUrlencode(secret));
"#;

pub(super) fn snippet(m: &Model) -> String {
    let mut out = preamble(
        m,
        "//",
        &[
            "Node.js 18 or later, as an ES module (token.mjs). Never put a client secret in a web page.",
            "fetch adds Host, Content-Length and its own headers (User-Agent, Accept-Encoding, ...).",
        ],
    );
    out.push_str(&js_helpers(m, JS_BASIC_BTOA));
    let e = |t: &Text| JS.expr(t, &m.vars);
    let _ = writeln!(out, "\nconst response = await fetch({}, {{", e(&m.url));
    let _ = writeln!(out, "  method: {},", js_str(&m.method));
    if !m.headers.is_empty() {
        out.push_str("  headers: [\n");
        for (name, value) in &m.headers {
            let _ = writeln!(out, "    [{}, {}],", js_str(name), e(value));
        }
        out.push_str("  ],\n");
    }
    if !m.body.is_empty() {
        let _ = writeln!(out, "  body: {},", e(&m.body));
    }
    out.push_str("  redirect: \"manual\",\n});\n");
    out.push_str("console.log(response.status, response.statusText);\n");
    out.push_str("console.log(await response.text());\n");
    out
}
