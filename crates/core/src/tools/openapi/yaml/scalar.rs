//! Scalars and keys (YAML 1.2 §7.3, §10.3): `key:` splitting, quoted scalars and their
//! escapes, the indicators this subset refuses, the core schema's plain scalars, and the
//! incremental scans that find where a multi-line quoted scalar or flow collection ends.

use super::{YamlError, err};
use serde_json::{Number, Value};

pub(super) fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Errors for the indicators this subset does not support (YAML 1.2 §6.9, §7.1).
pub(super) fn check_indicator(text: &str, no: usize) -> Result<(), YamlError> {
    let message = match text.chars().next() {
        Some('&') => "anchors (&name) are not supported; write the value out in full",
        Some('*') => "aliases (*name) are not supported; write the value out in full",
        Some('!') => "tags (!tag) are not supported; remove the tag",
        Some('@' | '`') => "@ and ` are reserved and cannot start a plain value; quote it",
        Some('%') => "% cannot start a plain value here; quote it",
        _ => return Ok(()),
    };
    Err(err(no, message))
}

/// Splits `key: rest` (plain or quoted key). `None` when the line is not a mapping entry.
pub(super) fn split_key(text: &str, no: usize) -> Result<Option<(String, &str)>, YamlError> {
    if text.starts_with("? ") || text == "?" {
        return Err(err(no, "complex mapping keys (? key) are not supported"));
    }
    if text.starts_with(['"', '\'']) {
        let quote = text.chars().next().unwrap_or('"');
        let Some(end) = quoted_end(text, quote) else {
            return Ok(None);
        };
        let after = &text[end..];
        return match after.strip_prefix(':') {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
                Ok(Some((unquote(&text[..end], no)?, rest)))
            }
            _ => Ok(None),
        };
    }
    if text.starts_with(['[', '{']) {
        return Ok(None);
    }
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            let key = text[..i].trim_end();
            if key.is_empty() {
                return Ok(None);
            }
            if key == "<<" {
                return Err(err(
                    no,
                    "merge keys (<<) are not supported; write the entries out in full",
                ));
            }
            check_indicator(key, no)?;
            return Ok(Some((key.to_string(), &text[i + 1..])));
        }
    }
    Ok(None)
}

/// The byte index just after the closing quote of the quoted scalar at the start of `text`.
pub(super) fn quoted_end(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
            } else {
                return Some(i + c.len_utf8());
            }
        }
    }
    None
}

/// Decodes a quoted scalar including its quotes (YAML 1.2 §7.3.1–7.3.2).
pub(super) fn unquote(quoted: &str, no: usize) -> Result<String, YamlError> {
    let inner = &quoted[1..quoted.len() - 1];
    if quoted.starts_with('\'') {
        return Ok(inner.replace("''", "'"));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars
            .next()
            .ok_or_else(|| err(no, "a backslash ends the double-quoted string"))?;
        let hex = |n: usize, chars: &mut std::str::Chars<'_>| -> Result<char, YamlError> {
            let digits: String = chars.take(n).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .filter(|_| digits.len() == n)
                .and_then(char::from_u32)
                .ok_or_else(|| err(no, format!("\\{e}{digits} is not a valid escape")))
        };
        out.push(match e {
            '0' => '\0',
            'a' => '\u{7}',
            'b' => '\u{8}',
            't' | '\t' => '\t',
            'n' => '\n',
            'v' => '\u{b}',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            'x' => hex(2, &mut chars)?,
            'u' => hex(4, &mut chars)?,
            'U' => hex(8, &mut chars)?,
            other => return Err(err(no, format!("\\{other} is not a YAML escape sequence"))),
        });
    }
    Ok(out)
}

/// Whether every `[`/`{` opened outside quotes is closed, scanned incrementally: each call
/// reads only what was appended to `text` since the last one, so that a flow collection
/// spanning many lines is read in linear time.
#[derive(Default)]
pub(super) struct FlowScan {
    depth: i64,
    quote: Option<char>,
    escaped: bool,
    next: usize,
}

impl FlowScan {
    pub(super) fn balanced(&mut self, text: &str) -> bool {
        for c in text[self.next..].chars() {
            if self.escaped {
                self.escaped = false;
                continue;
            }
            match (self.quote, c) {
                (Some('"'), '\\') => self.escaped = true,
                (Some(q), c) if c == q => self.quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => self.quote = Some(c),
                (None, '[' | '{') => self.depth += 1,
                (None, ']' | '}') => self.depth -= 1,
                _ => {}
            }
        }
        self.next = text.len();
        self.depth <= 0 && self.quote.is_none()
    }
}

/// [`quoted_end`] of a text that grows (a quoted scalar continued on more lines), reading only
/// what was appended since the last call.
pub(super) struct QuotedScan {
    quote: char,
    escaped: bool,
    next: usize,
}

impl QuotedScan {
    pub(super) fn new(quote: char) -> Self {
        Self {
            quote,
            escaped: false,
            next: quote.len_utf8(),
        }
    }

    pub(super) fn end(&mut self, text: &str) -> Option<usize> {
        let base = self.next;
        let mut chars = text[base..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if self.escaped {
                self.escaped = false;
            } else if self.quote == '"' && c == '\\' {
                self.escaped = true;
            } else if c == self.quote {
                if self.quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    return Some(base + i + c.len_utf8());
                }
            }
        }
        self.next = text.len();
        None
    }
}

/// The core schema's resolution of a plain scalar (YAML 1.2 §10.3.2).
pub(super) fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let unsigned = text.trim_start_matches('+');
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = unsigned.parse::<i64>()
    {
        return Value::Number(n.into());
    }
    for (prefix, radix) in [("0x", 16), ("0o", 8)] {
        if let Some(d) = text.strip_prefix(prefix)
            && let Ok(n) = i64::from_str_radix(d, radix)
        {
            return Value::Number(n.into());
        }
    }
    if is_float(digits)
        && let Some(n) = unsigned.parse::<f64>().ok().and_then(Number::from_f64)
    {
        return Value::Number(n);
    }
    Value::String(text.to_string())
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` (sign already removed).
pub(super) fn is_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = all_digits(int)
        && frac.is_none_or(all_digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok
}
