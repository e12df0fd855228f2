//! Writing values as code, shared by every language: [`Syntax`] (how a language writes a
//! literal, reads a variable and calls the encoding helpers) and the quoting rules for
//! double- or single-quoted string literals with escapes for invisible characters.

use super::EnvVar;
use super::model::{Enc, Part};

/// How a language writes literals, reads variables and calls the encoding helpers. `env`,
/// `form`, `json` and `basic` are code templates: each `{}` takes the next argument (the
/// variable's name; the expression that reads it; for `basic`, the client id's literal and then
/// that expression).
pub(super) struct Syntax {
    pub(super) lit: fn(&str) -> String,
    /// Reads the environment variable `{}`.
    pub(super) env: &'static str,
    /// Form-urlencodes `{}` (RFC 6749 Appendix B).
    pub(super) form: &'static str,
    /// Escapes `{}` for the inside of a JSON string (RFC 8259 §7).
    pub(super) json: &'static str,
    /// `Basic` credentials of client id `{}` and secret `{}` (RFC 6749 §2.3.1).
    pub(super) basic: &'static str,
    /// Joins pieces (`true` for a literal) into one string expression.
    pub(super) concat: fn(Vec<(bool, String)>) -> String,
}

impl Syntax {
    pub(super) fn expr(&self, text: &[Part], vars: &[EnvVar]) -> String {
        let pieces: Vec<(bool, String)> = text
            .iter()
            .map(|p| match p {
                Part::Lit(s) => (true, (self.lit)(s)),
                Part::Env { var, enc } => (false, self.secret(&vars[*var].name, enc)),
            })
            .collect();
        if pieces.is_empty() {
            return (self.lit)("");
        }
        (self.concat)(pieces)
    }

    /// The expression that reads the environment variable `name`.
    pub(super) fn read_env(&self, name: &str) -> String {
        fill(self.env, &[name])
    }

    pub(super) fn secret(&self, name: &str, enc: &Enc) -> String {
        let read = self.read_env(name);
        match enc {
            Enc::Plain => read,
            Enc::Form => fill(self.form, &[&read]),
            Enc::Json => fill(self.json, &[&read]),
            Enc::Basic { client_id } => fill(self.basic, &[&(self.lit)(client_id), &read]),
        }
    }
}

/// `template` with each `{}` replaced by the next of `args`.
fn fill(template: &str, args: &[&str]) -> String {
    let mut pieces = template.split("{}");
    let mut out = pieces.next().unwrap_or_default().to_string();
    for (arg, piece) in args.iter().zip(pieces) {
        out.push_str(arg);
        out.push_str(piece);
    }
    out
}

pub(super) fn join_plus(pieces: Vec<(bool, String)>) -> String {
    pieces
        .into_iter()
        .map(|(_, code)| code)
        .collect::<Vec<_>>()
        .join(" + ")
}

/// True for characters written as they are inside a quoted literal: printable, and not a quote
/// or backslash. Control, formatting (e.g. bidirectional overrides) and separator characters
/// are escaped, so that the code reads as it runs.
pub(super) fn is_plain(c: char) -> bool {
    !matches!(c, '\\' | '"' | '\'') && c.escape_debug().next() != Some('\\')
}

/// A double-quoted literal with `\\`, `\"`, `\n`, `\r`, `\t`, and `escape` for other non-plain
/// characters.
pub(super) fn quoted(s: &str, escape: fn(char) -> String) -> String {
    quoted_with('"', s, escape)
}

/// Like [`quoted`] with `quote` (`"` or `'`) as the delimiter.
pub(super) fn quoted_with(quote: char, s: &str, escape: fn(char) -> String) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '"' | '\'' => out.push(c),
            c if is_plain(c) => out.push(c),
            c => out.push_str(&escape(c)),
        }
    }
    out.push(quote);
    out
}

/// `'` when the text holds `"` but no `'` (fewer escapes, for Python and JavaScript), else `"`.
pub(super) fn best_quote(s: &str) -> char {
    if s.contains('"') && !s.contains('\'') {
        '\''
    } else {
        '"'
    }
}

/// The escape Python, JavaScript and Go share for a character not written as is: `\xHH` up to
/// `x_max`, `\uHHHH` up to U+FFFF (hex digits in upper case when `upper`), `astral` beyond.
pub(super) fn hex_escape(c: char, x_max: u32, upper: bool, astral: fn(u32) -> String) -> String {
    match u32::from(c) {
        n if n <= x_max && upper => format!("\\x{n:02X}"),
        n if n <= x_max => format!("\\x{n:02x}"),
        n @ 0..=0xFFFF if upper => format!("\\u{n:04X}"),
        n @ 0..=0xFFFF => format!("\\u{n:04x}"),
        n => astral(n),
    }
}

pub(super) fn utf16_escapes(c: char) -> String {
    let mut units = [0u16; 2];
    c.encode_utf16(&mut units)
        .iter()
        .map(|u| format!("\\u{u:04X}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::csharp::cs_str;
    use super::super::go::go_str;
    use super::super::java::java_str;
    use super::super::js::js_str;
    use super::super::python::py_str;
    use super::super::rust::rust_str;
    use super::fill;

    #[test]
    fn literals_hostile_values_escaped_per_language() {
        let hostile = "q\"\\\n\u{7}é\u{202e}🔑";
        // Python and JavaScript use single quotes when that saves escaping a `"`.
        assert_eq!(py_str(hostile), r#"'q"\\\n\x07é\u202e🔑'"#);
        assert_eq!(js_str(hostile), r#"'q"\\\n\x07é\u202E🔑'"#);
        assert_eq!(py_str("it's \"q\""), r#""it's \"q\"""#);
        assert_eq!(js_str("it's"), r#""it's""#);
        assert_eq!(rust_str(hostile), r#""q\"\\\n\u{7}é\u{202e}🔑""#);
        assert_eq!(go_str(hostile), r#""q\"\\\n\x07é\u202e🔑""#);
        assert_eq!(cs_str(hostile), r#""q\"\\\n\u0007é\u202E🔑""#);
        assert_eq!(
            java_str(hostile),
            r#""q\"\\\n\007\u00E9\u202E\uD83D\uDD11""#
        );
    }

    #[test]
    fn fill_placeholders_in_order_arguments_not_rescanned() {
        assert_eq!(
            fill("basic_auth({}, &{})", &["\"{}\"", "x"]),
            "basic_auth(\"{}\", &x)"
        );
        assert_eq!(fill("\"${}\"", &["CLIENT_SECRET"]), "\"$CLIENT_SECRET\"");
        assert_eq!(fill("no placeholder", &["unused"]), "no placeholder");
    }
}
