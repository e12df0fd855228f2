//! The Java snippet with `java.net.http` (Java 11 or later), and Java string literals.

use super::model::{Helper, Model, Text, preamble};
use super::syntax::{Syntax, join_plus, quoted, utf16_escapes};
use std::fmt::Write as _;

/// A Java string literal. Java turns `\uXXXX` into a character before reading the literal,
/// so ASCII control characters (a `\u000a` would end the line) are written in octal; other
/// non-ASCII characters use `\uXXXX`, which also keeps the file readable in any encoding.
pub(super) fn java_str(s: &str) -> String {
    let body = quoted(s, |c| match u32::from(c) {
        n @ 0..=0x7F => format!("\\{n:03o}"),
        _ => utf16_escapes(c),
    });
    body.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                utf16_escapes(c)
            }
        })
        .collect()
}

/// Java: `URLEncoder.encode`, which is exactly RFC 6749 Appendix B, and the class's own static
/// `env`, `jsonEscape` and `basicAuth` methods.
pub(super) const JAVA: Syntax = Syntax {
    lit: java_str,
    env: "env(\"{}\")",
    form: "URLEncoder.encode({}, StandardCharsets.UTF_8)",
    json: "jsonEscape({})",
    basic: "basicAuth({}, {})",
    concat: join_plus,
};

pub(super) const JAVA_BASIC: &str = r#"
    /** HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then base64. */
    static String basicAuth(String id, String secret) {
        String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.US_ASCII));
    }
"#;

pub(super) const JAVA_ENV: &str = r#"
    static String env(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException("Set the environment variable " + name + " first.");
        }
        return value;
    }
"#;

pub(super) const JAVA_JSON: &str = r#"
    /** The inside of a JSON string: \ and " escaped (a secret has no control characters). */
    static String jsonEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
"#;

pub(super) fn snippet(m: &Model) -> String {
    let mut tool = vec![
        "Java 11 or later; save as TokenRequest.java and run: java TokenRequest.java",
        "URLEncoder.encode is exactly application/x-www-form-urlencoded (RFC 6749 Appendix B).",
        "HttpClient adds Host, Content-Length and a User-Agent.",
    ];
    let restricted = ["date", "from", "via", "warning"];
    if m.headers
        .iter()
        .any(|(n, _)| restricted.contains(&n.to_ascii_lowercase().as_str()))
    {
        tool.push(
            "Date, From, Via and Warning need -Djdk.httpclient.allowRestrictedHeaders=date,from,via,warning",
        );
    }
    let mut out = preamble(m, "//", &tool);
    let mut imports = vec![
        "java.net.URI",
        "java.net.http.HttpClient",
        "java.net.http.HttpRequest",
        "java.net.http.HttpResponse",
        "java.nio.charset.StandardCharsets",
    ];
    if m.uses_form() {
        imports.push("java.net.URLEncoder");
    }
    if m.uses_basic() {
        imports.push("java.util.Base64");
    }
    imports.sort_unstable();
    for i in &imports {
        let _ = writeln!(out, "import {i};");
    }
    let e = |t: &Text| JAVA.expr(t, &m.vars);
    out.push_str(
        "\npublic class TokenRequest {\n    \
         public static void main(String[] args) throws Exception {\n",
    );
    let _ = writeln!(
        out,
        "        HttpRequest request = HttpRequest.newBuilder(URI.create({}))",
        e(&m.url)
    );
    let publisher = if m.body.is_empty() {
        "HttpRequest.BodyPublishers.noBody()".to_string()
    } else {
        format!(
            "HttpRequest.BodyPublishers.ofString({}, StandardCharsets.UTF_8)",
            e(&m.body)
        )
    };
    let _ = writeln!(
        out,
        "            .method({}, {publisher})",
        java_str(&m.method)
    );
    for (name, value) in &m.headers {
        let _ = writeln!(out, "            .header({}, {})", java_str(name), e(value));
    }
    out.push_str(
        "            .build();\n        \
         HttpClient client = HttpClient.newBuilder()\n            \
         .version(HttpClient.Version.HTTP_1_1)\n            \
         .followRedirects(HttpClient.Redirect.NEVER)\n            \
         .build();\n        \
         HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());\n        \
         System.out.println(response.statusCode());\n        \
         System.out.println(response.body());\n    \
         }\n",
    );
    out.push_str(&m.helpers(&[
        (Helper::Basic, JAVA_BASIC),
        (Helper::Json, JAVA_JSON),
        (Helper::Env, JAVA_ENV),
    ]));
    out.push_str("}\n");
    out
}
