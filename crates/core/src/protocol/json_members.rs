//! A JSON (RFC 8259) validator that keeps the top-level object's string members: what the
//! "Private key" field's check of a JWK (RFC 7517 §4: `kty`, `crv`, the private `d`) needs.
//!
//! Hand-written on purpose, and tested against `serde_json` (the crate every other JSON reader in
//! the app uses): the check runs as the user types, so it is in the page's first load, and
//! `serde_json`'s reader with its `Value` in the key type cost 10.3 KB gzip of that load
//! (`cargo xtask size`, issue 17) — this module costs about 1 KB. It only validates and reads the
//! top level; signing (a lazily loaded chunk) hands the text to WebCrypto as it is.
//!
//! One difference, on purpose: a number beyond `f64`'s range (`1e400`) is read, as JavaScript's
//! `JSON.parse` — what signing hands the text to — reads it (as `Infinity`); `serde_json` refuses
//! it. Numbers in a JWK are not read here.
//!
//! Iterative, not recursive: nesting is an explicit stack bounded by [`MAX_DEPTH`] (the limit
//! `serde_json` applies by default), so no input can exhaust the stack.

use std::fmt;

/// Arrays and objects nest fewer levels than this (`serde_json`'s default recursion limit: 127
/// levels are read, 128 are refused).
pub const MAX_DEPTH: usize = 128;

/// A JSON text's top-level object: each member's name, and its value when that is a string
/// (`None` for numbers, literals, arrays and objects). Names may repeat; [`Members::get`] and
/// [`Members::contains`] see the last one, as a JSON object map does (RFC 8259 §4 leaves
/// duplicate names to the reader; `serde_json` keeps the last).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Members(Vec<(String, Option<String>)>);

impl Members {
    /// The string value of member `name` (the last of that name), if it is a string.
    pub fn get(&self, name: &str) -> Option<&str> {
        let (_, value) = self.0.iter().rev().find(|(n, _)| n == name)?;
        value.as_deref()
    }

    /// Whether the object has a member `name`, of any type.
    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    /// The members in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_deref()))
    }
}

/// Why a text is not a JSON object, and where (1-based line and column, in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// What was wrong.
    pub what: &'static str,
    /// Line of the offending character.
    pub line: usize,
    /// Column of the offending character.
    pub column: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.what, self.line, self.column
        )
    }
}

/// Reads `text` as one JSON value (RFC 8259 §2) that must be an object, and returns its string
/// members. Rejects what `serde_json` rejects: trailing commas, comments, leading zeros, lone
/// surrogates in `\u` escapes, control characters in strings, text after the value, nesting
/// of [`MAX_DEPTH`] levels or more.
pub fn object_members(text: &str) -> Result<Members, JsonError> {
    let mut reader = Reader { text, pos: 0 };
    let mut members = Vec::new();
    // The open containers: `true` for an object, `false` for an array.
    let mut open: Vec<bool> = Vec::new();
    reader.skip_ws();
    if reader.peek() != Some(b'{') {
        return Err(reader.error("expected a JSON object"));
    }
    // One value per loop: `pending` is the top-level member whose value comes next.
    let mut pending: Option<String> = None;
    loop {
        reader.skip_ws();
        match reader.peek() {
            None => return Err(reader.error("EOF while parsing a value")),
            Some(b'{') | Some(b'[') => {
                let object = reader.bump() == b'{';
                if open.len() + 1 == MAX_DEPTH {
                    return Err(reader.error("recursion limit exceeded"));
                }
                if let Some(name) = pending.take() {
                    members.push((name, None));
                }
                open.push(object);
                reader.skip_ws();
                let close = if object { b'}' } else { b']' };
                if reader.peek() == Some(close) {
                    reader.bump();
                    open.pop();
                } else if object {
                    let name = reader.member_name()?;
                    if open.len() == 1 {
                        pending = Some(name);
                    }
                    continue;
                } else {
                    continue;
                }
            }
            Some(b'"') => {
                let value = reader.string()?;
                if let Some(name) = pending.take() {
                    members.push((name, Some(value)));
                }
            }
            Some(_) => {
                reader.scalar()?;
                if let Some(name) = pending.take() {
                    members.push((name, None));
                }
            }
        }
        // After a value: close containers, or a comma and the next value.
        loop {
            let Some(&object) = open.last() else {
                reader.skip_ws();
                return match reader.peek() {
                    None => Ok(Members(members)),
                    Some(_) => Err(reader.error("trailing characters")),
                };
            };
            reader.skip_ws();
            let close = if object { b'}' } else { b']' };
            match reader.peek() {
                Some(b',') => {
                    reader.bump();
                    if object {
                        reader.skip_ws();
                        let name = reader.member_name()?;
                        if open.len() == 1 {
                            pending = Some(name);
                        }
                    }
                    break;
                }
                Some(c) if c == close => {
                    reader.bump();
                    open.pop();
                }
                None => return Err(reader.error("EOF while parsing a value")),
                Some(_) if object => return Err(reader.error("expected `,` or `}`")),
                Some(_) => return Err(reader.error("expected `,` or `]`")),
            }
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn bump(&mut self) -> u8 {
        let c = self.text.as_bytes()[self.pos];
        self.pos += 1;
        c
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn error(&self, what: &'static str) -> JsonError {
        let before = &self.text[..self.pos.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        JsonError { what, line, column }
    }

    /// A member's name and the colon after it (RFC 8259 §4).
    fn member_name(&mut self) -> Result<String, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.error(if self.peek().is_none() {
                "EOF while parsing an object"
            } else {
                "key must be a string"
            }));
        }
        let name = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.error("expected `:`"));
        }
        self.bump();
        Ok(name)
    }

    /// A string (RFC 8259 §7), decoded; the reader is on its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.bump();
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let plain = rest
                .find(|c: char| c == '"' || c == '\\' || c < ' ')
                .ok_or_else(|| {
                    self.pos = self.text.len();
                    self.error("EOF while parsing a string")
                })?;
            out.push_str(&rest[..plain]);
            self.pos += plain;
            match self.bump() {
                b'"' => return Ok(out),
                b'\\' => out.push(self.escape()?),
                _ => {
                    self.pos -= 1;
                    return Err(self.error(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
            }
        }
    }

    /// The character of an escape (RFC 8259 §7); the reader is after its backslash.
    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(c) = self.peek() else {
            return Err(self.error("EOF while parsing a string"));
        };
        self.pos += 1;
        Ok(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if (0xDC00..0xE000).contains(&unit) {
                    return Err(self.error("lone trailing surrogate in hex escape"));
                }
                if (0xD800..0xDC00).contains(&unit) {
                    if !self.text[self.pos..].starts_with("\\u") {
                        return Err(self.error("lone leading surrogate in hex escape"));
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error("lone leading surrogate in hex escape"));
                    }
                    let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    return char::from_u32(code).ok_or_else(|| self.error("invalid escape"));
                }
                return char::from_u32(unit).ok_or_else(|| self.error("invalid escape"));
            }
            _ => {
                self.pos -= 1;
                return Err(self.error("invalid escape"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.text.get(self.pos..self.pos + 4);
        match digits.filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit())) {
            Some(d) => {
                self.pos += 4;
                u32::from_str_radix(d, 16).map_err(|_| self.error("invalid escape"))
            }
            None => Err(self.error("invalid escape")),
        }
    }

    /// A number (RFC 8259 §6) or `true`, `false`, `null` (§3).
    fn scalar(&mut self) -> Result<(), JsonError> {
        for literal in ["true", "false", "null"] {
            if self.text[self.pos..].starts_with(literal) {
                self.pos += literal.len();
                return Ok(());
            }
        }
        let digits = |r: &mut Self| {
            let start = r.pos;
            while r.peek().is_some_and(|c| c.is_ascii_digit()) {
                r.pos += 1;
            }
            r.pos > start
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    return Err(self.error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => _ = digits(self),
            _ => return Err(self.error("expected value")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// What `serde_json` makes of `text`: `None` when it is not a JSON object, else its string
    /// members (the last of each name) and its member names.
    fn reference(text: &str) -> Option<Vec<(String, Option<String>)>> {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Some(
                map.into_iter()
                    .map(|(k, v)| (k, v.as_str().map(str::to_string)))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// Ours, in the same shape (names sorted, the last of each name).
    fn ours(text: &str) -> Option<Vec<(String, Option<String>)>> {
        let members = object_members(text).ok()?;
        let mut names: Vec<&str> = members.iter().map(|(n, _)| n).collect();
        names.sort();
        names.dedup();
        Some(
            names
                .into_iter()
                .map(|n| (n.to_string(), members.get(n).map(str::to_string)))
                .collect(),
        )
    }

    fn assert_agrees(text: &str) {
        if serde_json::from_str::<Value>(text)
            .is_err_and(|e| e.to_string().starts_with("number out of range"))
        {
            // Read on purpose (the module's documentation: JSON.parse reads it too); serde_json
            // stopped there, so what follows was not compared.
            return;
        }
        let mut expected = reference(text);
        if let Some(e) = expected.as_mut() {
            e.sort();
        }
        assert_eq!(ours(text), expected, "input: {text:?}");
    }

    #[test]
    fn object_members_jwk_reads_string_members() {
        let m = object_members(
            r#"{"kty":"EC","crv":"P-256","d":"abc","x":"1","key_ops":["sign"],"ext":true}"#,
        )
        .unwrap();
        assert_eq!(m.get("kty"), Some("EC"));
        assert_eq!(m.get("crv"), Some("P-256"));
        assert!(m.contains("d"));
        assert!(m.contains("key_ops"));
        assert_eq!(m.get("key_ops"), None);
        assert!(!m.contains("y"));
    }

    #[test]
    fn object_members_table_agrees_with_serde_json() {
        for text in [
            "{}",
            " { } ",
            r#"{"a":1}"#,
            r#"{"a":"b","a":2}"#,
            r#"{"a":2,"a":"b"}"#,
            r#"{"a":[1,{"b":"c"},[]],"d":{"e":{"f":null}}}"#,
            r#"{"s":"\u00e9\ud83d\ude00\n\t\"\\\/\b\f\r"}"#,
            r#"{"s":"\ud83d"}"#,
            r#"{"s":"\ude00"}"#,
            r#"{"s":"\ud83d\u0041"}"#,
            r#"{"s":"\x"}"#,
            r#"{"s":"\u12"}"#,
            "{\"s\":\"a\u{1}b\"}",
            r#"{"n":-0.5e+10,"m":0,"o":-1E-2,"p":123}"#,
            r#"{"n":01}"#,
            r#"{"n":1.}"#,
            r#"{"n":.5}"#,
            r#"{"n":+1}"#,
            r#"{"n":-}"#,
            r#"{"n":1e}"#,
            r#"{"n":NaN}"#,
            r#"{"t":true,"f":false,"z":null}"#,
            r#"{"t":tru}"#,
            r#"{"a":1,}"#,
            r#"{"a":[1,]}"#,
            r#"{,}"#,
            r#"{"a" 1}"#,
            r#"{a:1}"#,
            r#"{"a":1} x"#,
            r#"{"a":1}}"#,
            r#"{"a":1"#,
            r#"{"a":"#,
            r#"{"a"#,
            "{",
            "[]",
            "\"x\"",
            "1",
            "",
            "{} // comment",
            "{\"a\":\"é\"}",
            "{\"é\":[\"\u{2028}\"]}",
            "{\"a\":\n[\r\n1\t]\n}",
        ] {
            assert_agrees(text);
        }
    }

    #[test]
    fn object_members_number_beyond_f64_read_like_json_parse() {
        let m = object_members(r#"{"n":1e400,"m":-1E999,"kty":"EC"}"#).unwrap();
        assert_eq!(m.get("kty"), Some("EC"));
        assert!(m.contains("n") && m.contains("m"));
    }

    #[test]
    fn object_members_deep_nesting_refused_without_overflow() {
        // The object and 126 arrays: 127 levels; serde_json's limit is the same.
        for depth in 120..=130 {
            let nested = format!("{{\"a\":{}1{}}}", "[".repeat(depth), "]".repeat(depth));
            assert_agrees(&nested);
        }
        for depth in [127, 128, 129, 10_000, 1_000_000] {
            let deep = format!("{{\"a\":{}1{}}}", "[".repeat(depth), "]".repeat(depth));
            let err = object_members(&deep).unwrap_err();
            assert_eq!(err.what, "recursion limit exceeded", "depth {depth}");
            assert!(reference(&deep).is_none(), "depth {depth}");
        }
    }

    #[test]
    fn object_members_error_names_line_and_column() {
        let err = object_members("{\n  \"a\": 1,\n  }").unwrap_err();
        assert_eq!(err.to_string(), "key must be a string at line 3 column 3");
        let err = object_members("{\"é\": x}").unwrap_err();
        assert_eq!((err.line, err.column), (1, 7));
    }

    fn json_value() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_string()),
            Just("true".to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| format!("{f:e}")),
            any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
            "[ -~\\\\\"]{0,8}".prop_map(|s| format!("\"{s}\"")),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec(("[a-z]{0,3}", inner), 0..4).prop_map(|v| {
                    let members: Vec<String> = v
                        .into_iter()
                        .map(|(k, v)| format!("\"{k}\" : {v}"))
                        .collect();
                    format!("{{ {} }}", members.join(" , "))
                }),
            ]
        })
    }

    proptest! {
        #[test]
        fn object_members_generated_objects_agree_with_serde_json(
            members in prop::collection::vec(("[a-z]{0,3}", json_value()), 0..6),
        ) {
            let members: Vec<String> = members.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            assert_agrees(&format!("{{{}}}", members.join(",")));
        }

        #[test]
        fn object_members_mangled_text_agrees_with_serde_json(
            value in json_value(),
            cut in 0usize..64,
            insert in "[\\[\\]{},:\"\\\\ 0-9a-z.eE+-]{0,2}",
        ) {
            let text = format!("{{\"k\":{value}}}");
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            assert_agrees(&format!("{}{insert}{}", &text[..at], &text[at..]));
            assert_agrees(&text[..at]);
        }
    }
}
