//! The Go snippet with `net/http`, and Go string literals.

use super::model::{Helper, Model, Text, preamble};
use super::syntax::{Syntax, hex_escape, join_plus, quoted};
use std::fmt::Write as _;

/// A Go interpreted string literal (`\x` is a byte in Go, so only ASCII is written with it).
pub(super) fn go_str(s: &str) -> String {
    quoted(s, |c| hex_escape(c, 0x7F, false, |n| format!("\\U{n:08x}")))
}

/// Go: the snippet's `mustGetenv`, `formURLEncode`, `jsonEscape` and `basicAuth` functions.
pub(super) const GO: Syntax = Syntax {
    lit: go_str,
    env: "mustGetenv(\"{}\")",
    form: "formURLEncode({})",
    json: "jsonEscape({})",
    basic: "basicAuth({}, {})",
    concat: join_plus,
};

/// The canonical form Go's `http.Header.Add` gives a name (`x-api-key` → `X-Api-Key`).
pub(super) fn go_canonical(name: &str) -> String {
    if !name.bytes().all(crate::http::is_tchar) || name.contains(' ') {
        return name.to_string();
    }
    let mut upper = true;
    name.chars()
        .map(|c| {
            let out = if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            upper = c == '-';
            out
        })
        .collect()
}

pub(super) const GO_FORM: &str = r#"
// formURLEncode encodes as application/x-www-form-urlencoded (RFC 6749 Appendix B): A-Z a-z
// 0-9 * - . _ kept, space as +, every other byte as %XX. (url.QueryEscape differs on * and ~.)
func formURLEncode(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
"#;

pub(super) const GO_BASIC: &str = r#"
// basicAuth builds HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret
// form-urlencoded, then base64. (SetBasicAuth would skip the urlencoding.)
func basicAuth(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(formURLEncode(id)+":"+formURLEncode(secret)))
}
"#;

pub(super) const GO_JSON: &str = r#"
// jsonEscape returns the inside of a JSON string: \ and " escaped (a secret has no control
// characters).
func jsonEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
"#;

pub(super) const GO_ENV: &str = r#"
func mustGetenv(name string) string {
	value, ok := os.LookupEnv(name)
	if !ok {
		log.Fatalf("set the environment variable %s first", name)
	}
	return value
}
"#;

pub(super) fn snippet(m: &Model) -> String {
    let mut out = preamble(
        m,
        "//",
        &[
            "net/http adds Host, Content-Length, a User-Agent and Accept-Encoding, and sorts the header fields.",
        ],
    );
    let mut imports = vec!["fmt", "io", "log", "net/http"];
    if m.uses_basic() {
        imports.push("encoding/base64");
    }
    if m.uses_env() {
        imports.push("os");
    }
    if !m.body.is_empty() || m.uses_form() || m.uses_json() {
        imports.push("strings");
    }
    imports.sort_unstable();
    out.push_str("package main\n\nimport (\n");
    for i in &imports {
        let _ = writeln!(out, "\t\"{i}\"");
    }
    out.push_str(")\n");
    out.push_str(&m.helpers(&[
        (Helper::Form, GO_FORM),
        (Helper::Basic, GO_BASIC),
        (Helper::Json, GO_JSON),
        (Helper::Env, GO_ENV),
    ]));
    let e = |t: &Text| GO.expr(t, &m.vars);
    out.push_str("\nfunc main() {\n");
    let body = if m.body.is_empty() {
        "nil".to_string()
    } else {
        format!("strings.NewReader({})", e(&m.body))
    };
    let _ = writeln!(
        out,
        "\treq, err := http.NewRequest({}, {}, {body})",
        go_str(&m.method),
        e(&m.url)
    );
    out.push_str("\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n");
    for (name, value) in &m.headers {
        if go_canonical(name) == *name {
            let _ = writeln!(out, "\treq.Header.Add({}, {})", go_str(name), e(value));
        } else {
            // Set directly to keep the name's case (Add would canonicalise it).
            let key = go_str(name);
            let _ = writeln!(
                out,
                "\treq.Header[{key}] = append(req.Header[{key}], {})",
                e(value)
            );
        }
    }
    out.push_str(
        "\tclient := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {\n\
         \t\treturn http.ErrUseLastResponse\n\
         \t}}\n\
         \tresp, err := client.Do(req)\n\
         \tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\
         \tdefer resp.Body.Close()\n\
         \ttext, err := io.ReadAll(resp.Body)\n\
         \tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\
         \tfmt.Println(resp.Status)\n\
         \tfmt.Println(string(text))\n\
         }\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_canonical_matches_go_rules() {
        assert_eq!(go_canonical("x-api-key"), "X-Api-Key");
        assert_eq!(go_canonical("Content-Type"), "Content-Type");
        assert_eq!(go_canonical("X-API-Key"), "X-Api-Key");
    }
}
