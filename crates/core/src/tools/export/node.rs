//! The Node.js snippet with only the `http`/`https` modules (no dependencies).

use super::js::{JS, js_helpers, js_str};
use super::model::{Model, Text, preamble};
use std::fmt::Write as _;

pub(super) const JS_BASIC_BUFFER: &str = r#"
// HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then base64.
const basicAuth = (id, secret) =>
  "Basic " + Buffer.from(formUrlencode(id) + ":" + formUrlencode(secret)).toString("base64");
"#;

pub(super) fn snippet(m: &Model) -> String {
    let module = if m.url_is_https() { "https" } else { "http" };
    let mut out = preamble(
        m,
        "//",
        &[
            "Node.js, no dependencies; save as token.mjs and run: node token.mjs",
            "Node adds Host, Content-Length and Connection.",
        ],
    );
    let _ = writeln!(out, "import {{ request }} from \"node:{module}\";");
    out.push_str(&js_helpers(m, JS_BASIC_BUFFER));
    let e = |t: &Text| JS.expr(t, &m.vars);
    out.push('\n');
    if !m.body.is_empty() {
        let _ = writeln!(out, "const body = Buffer.from({}, \"utf8\");", e(&m.body));
    }
    // Repeated names become an array: Node sends one field per value.
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for (name, value) in &m.headers {
        match groups.iter_mut().find(|(n, _)| *n == name.as_str()) {
            Some((_, values)) => values.push(e(value)),
            None => groups.push((name, vec![e(value)])),
        }
    }
    let _ = writeln!(out, "const req = request({}, {{", e(&m.url));
    let _ = writeln!(out, "  method: {},", js_str(&m.method));
    if !groups.is_empty() {
        out.push_str("  headers: {\n");
        for (name, values) in &groups {
            let value = match values.as_slice() {
                [one] => one.clone(),
                many => format!("[{}]", many.join(", ")),
            };
            let _ = writeln!(out, "    {}: {value},", js_str(name));
        }
        out.push_str("  },\n");
    }
    out.push_str(
        r#"}, (res) => {
  const chunks = [];
  res.on("data", (chunk) => chunks.push(chunk));
  res.on("end", () => {
    console.log(res.statusCode, res.statusMessage);
    console.log(Buffer.concat(chunks).toString("utf8"));
  });
});
req.on("error", (error) => {
  console.error(error);
  process.exitCode = 1;
});
"#,
    );
    out.push_str(if m.body.is_empty() {
        "req.end();\n"
    } else {
        "req.end(body);\n"
    });
    out
}
