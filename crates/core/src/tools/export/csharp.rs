//! The C# snippet with `HttpClient` (.NET 6 or later, top-level program), and C# string literals.

use super::model::{Helper, Model, Text, preamble};
use super::syntax::{Syntax, join_plus, quoted, utf16_escapes};
use std::fmt::Write as _;

/// A C# regular string literal.
pub(super) fn cs_str(s: &str) -> String {
    quoted(s, utf16_escapes)
}

/// C#: the snippet's static `Env`, `FormUrlEncode`, `JsonEscape` and `BasicAuth` methods.
pub(super) const CSHARP: Syntax = Syntax {
    lit: cs_str,
    env: "Env(\"{}\")",
    form: "FormUrlEncode({})",
    json: "JsonEscape({})",
    basic: "BasicAuth({}, {})",
    concat: join_plus,
};

/// Header fields .NET keeps on the content rather than on the request.
pub(super) fn is_content_header(name: &str) -> bool {
    const CONTENT: [&str; 10] = [
        "allow",
        "content-disposition",
        "content-encoding",
        "content-language",
        "content-location",
        "content-md5",
        "content-range",
        "content-type",
        "expires",
        "last-modified",
    ];
    CONTENT.contains(&name.to_ascii_lowercase().as_str())
}

pub(super) const CS_FORM: &str = r#"
// application/x-www-form-urlencoded (RFC 6749 Appendix B): A-Z a-z 0-9 * - . _ kept, space as +,
// every other UTF-8 byte as %XX. (Uri.EscapeDataString and WebUtility.UrlEncode differ.)
static string FormUrlEncode(string value)
{
    var sb = new StringBuilder();
    foreach (var b in Encoding.UTF8.GetBytes(value))
    {
        var c = (char)b;
        if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '*' or '-' or '.' or '_')
            sb.Append(c);
        else if (c == ' ')
            sb.Append('+');
        else
            sb.Append('%').Append(b.ToString("X2"));
    }
    return sb.ToString();
}
"#;

pub(super) const CS_BASIC: &str = r#"
// HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then base64.
static string BasicAuth(string id, string secret) =>
    "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes(FormUrlEncode(id) + ":" + FormUrlEncode(secret)));
"#;

pub(super) const CS_ENV: &str = r#"
static string Env(string name) =>
    Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"Set the environment variable {name} first.");
"#;

pub(super) const CS_JSON: &str = r#"
// The inside of a JSON string: \ and " escaped (a secret has no control characters).
static string JsonEscape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
"#;

pub(super) fn snippet(m: &Model) -> String {
    let mut out = preamble(
        m,
        "//",
        &[
            ".NET 6 or later (a top-level program). HttpClient adds Host and Content-Length and",
            "writes the content's header fields (Content-Type) after the others.",
        ],
    );
    out.push_str("using System;\nusing System.Net.Http;\nusing System.Text;\n\n");
    let e = |t: &Text| CSHARP.expr(t, &m.vars);
    out.push_str(
        "using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });\n",
    );
    let _ = writeln!(
        out,
        "using var request = new HttpRequestMessage(new HttpMethod({}), {});",
        cs_str(&m.method),
        e(&m.url)
    );
    let has_content_headers = m.headers.iter().any(|(n, _)| is_content_header(n));
    if !m.body.is_empty() {
        let _ = writeln!(
            out,
            "request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes({}));",
            e(&m.body)
        );
    } else if has_content_headers {
        out.push_str("request.Content = new ByteArrayContent(Array.Empty<byte>());\n");
    }
    for (name, value) in &m.headers {
        let target = if is_content_header(name) {
            "request.Content.Headers"
        } else {
            "request.Headers"
        };
        let _ = writeln!(
            out,
            "{target}.TryAddWithoutValidation({}, {});",
            cs_str(name),
            e(value)
        );
    }
    out.push_str(
        "using var response = await client.SendAsync(request);\n\
         Console.WriteLine($\"{(int)response.StatusCode} {response.ReasonPhrase}\");\n\
         Console.WriteLine(await response.Content.ReadAsStringAsync());\n",
    );
    out.push_str(&m.helpers(&[
        (Helper::Form, CS_FORM),
        (Helper::Basic, CS_BASIC),
        (Helper::Json, CS_JSON),
        (Helper::Env, CS_ENV),
    ]));
    out
}
