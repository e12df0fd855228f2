//! A JSON (RFC 8259) validator that keeps the top-level object's string members: what the
//! "Private key" field's check of a JWK (RFC 7517 §4: `kty`, `crv`, the private `d`) needs.
//!
//! Hand-written on purpose, and tested against `serde_json` (the crate every other JSON reader in
//! the app uses; `crates/core/tests/json_members.rs`): the check runs as the user types, so it is
//! in the page's first load, and `serde_json`'s reader with its `Value` in the key type cost
//! 10.3 KB gzip of that load (`cargo xtask size`, issue 17) — this module costs about 1 KB. It
//! only validates and reads the top level; signing (a lazily loaded chunk) hands the text to
//! WebCrypto as it is.
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
