//! Masking credentials in text shown on screen or copied: token response bodies (RFC 6749
//! §5.1), and the simulated server's log of the requests it received (RFC 6749 §2.3.1 client
//! secrets in a query, RFC 7523 §2.2 client assertions, RFC 9110 §11.6.2 `Authorization`).
//!
//! A JSON string may spell the same value in many ways (RFC 8259 §7: `\/` for `/`, `\u0041`
//! for `A`, surrogate pairs), so a body is masked by the *decoded* value of each string literal,
//! never by searching the raw text for the token alone. The scan is a single linear pass with no
//! recursion and no allocation beyond the output and one decoded literal at a time, so hostile,
//! deeply nested or huge bodies cost time proportional to their length.

use super::encoding::form_urldecode;
use super::http::MASK;

/// Members and parameters whose value is a credential: masked whatever their value is.
/// RFC 6749 §5.1 (`access_token`, `refresh_token`), OpenID Connect Core §3.1.3.3 (`id_token`),
/// RFC 6749 §2.3.1 (`client_secret`), RFC 7521 §4.2 / RFC 7523 §2.2 (`client_assertion`,
/// `assertion`), RFC 8693 §2.1 (`subject_token`, `actor_token`), RFC 7662 §2.1 / RFC 7009 §2.1
/// (`token`), RFC 6749 §4.3.2 (`password`).
pub const SECRET_NAMES: [&str; 10] = [
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "client_assertion",
    "assertion",
    "subject_token",
    "actor_token",
    "token",
    "password",
];

/// True when a member or parameter of this (decoded) name carries a credential.
pub fn is_secret_name(name: &str) -> bool {
    SECRET_NAMES
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name.trim()))
}

/// `text` (a JSON document, or anything else a server sent) with every credential replaced by
/// [`MASK`]: each string literal whose decoded value (RFC 8259 §7) contains one of `secrets`,
/// or that is the value of a member named in [`SECRET_NAMES`], has its raw span between the
/// quotes replaced. Text that is not valid JSON is scanned the same way (any `"…"` is taken as
/// a literal, an unterminated one runs to the end), and raw occurrences of a secret outside
/// literals (an HTML error page) are masked too. Never panics; linear in `text`.
pub fn mask_json_text(text: &str, secrets: &[String]) -> String {
    let secrets: Vec<&str> = secrets
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Text before `copied` is in `out`; what lies between literals is masked by raw search.
    let mut copied = 0;
    let mut i = 0;
    // After `"name":`, whether `name` is a secret-bearing member, until its value is read.
    let mut secret_member = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let (end, closed) = literal_end(bytes, i + 1);
                let inner_end = if closed { end - 1 } else { end };
                // `"` and `\` are ASCII, so these are char boundaries.
                let decoded = decode_literal(&text[i + 1..inner_end]);
                let after = skip_whitespace(bytes, end);
                let is_key = bytes.get(after) == Some(&b':');
                out.push_str(&mask_raw(&text[copied..i], &secrets));
                // The literal after a secret member's colon is masked whatever follows it.
                if secret_member || contains_any(&decoded, &secrets) {
                    out.push('"');
                    out.push_str(MASK);
                    if closed {
                        out.push('"');
                    }
                } else {
                    out.push_str(&text[i..end]);
                }
                copied = end;
                secret_member = is_key && is_secret_name(&decoded);
                i = if is_key { after + 1 } else { end };
            }
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            _ => {
                secret_member = false;
                i += 1;
            }
        }
    }
    out.push_str(&mask_raw(&text[copied..], &secrets));
    out
}

/// Raw occurrences of each secret, and of its JSON spelling with `\/` (PHP's default), masked
/// in text outside string literals.
fn mask_raw(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_string();
    // A secret that is part of the mask itself would be masked again inside each mask.
    for secret in secrets.iter().filter(|s| !MASK.contains(**s)) {
        if text.contains(secret) {
            text = text.replace(secret, MASK);
        }
        if secret.contains('/') {
            let escaped = secret.replace('/', "\\/");
            if text.contains(&escaped) {
                text = text.replace(&escaped, MASK);
            }
        }
    }
    text
}

fn contains_any(value: &str, secrets: &[&str]) -> bool {
    secrets.iter().any(|s| value.contains(s))
}

fn skip_whitespace(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|b| b" \t\n\r".contains(b)) {
        i += 1;
    }
    i
}

/// The index just past the closing quote of the literal whose content starts at `start`, and
/// whether there was one (an unterminated literal runs to the end of the text).
fn literal_end(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (i + 1, true),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// The value of a JSON string literal's content (RFC 8259 §7), decoded leniently: an invalid
/// escape is kept as written, a lone surrogate becomes U+FFFD.
pub fn decode_literal(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else {
            out.push('\\');
            break;
        };
        let simple = match c {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '/' => Some('/'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            _ => None,
        };
        if let Some(decoded) = simple {
            out.push(decoded);
            rest = &rest[1..];
            continue;
        }
        if c != 'u' {
            // Not an escape JSON knows: kept as written.
            out.push('\\');
            continue;
        }
        let Some(unit) = hex4(&rest[1..]) else {
            out.push('\\');
            continue;
        };
        rest = &rest[5..];
        match unit {
            0xD800..=0xDBFF => {
                let low = rest
                    .strip_prefix("\\u")
                    .and_then(hex4)
                    .filter(|l| (0xDC00..=0xDFFF).contains(l));
                match low {
                    Some(low) => {
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        rest = &rest[6..];
                    }
                    None => out.push('\u{FFFD}'),
                }
            }
            unit => out.push(char::from_u32(unit).unwrap_or('\u{FFFD}')),
        }
    }
    out.push_str(rest);
    out
}

/// Four hexadecimal digits at the start of `s`.
fn hex4(s: &str) -> Option<u32> {
    let digits = s.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// A line of the simulated server's log as the raw request view shows a request: the values of
/// credential parameters in any query (`?…` up to white space or `#`, names compared after
/// percent-decoding, RFC 6749 Appendix B) and the credentials of an `Authorization` header
/// (the scheme stays visible, RFC 9110 §11.6.2) replaced by [`MASK`]. Never panics.
pub fn mask_log_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(q) = rest.find('?') {
        out.push_str(&rest[..=q]);
        rest = &rest[q + 1..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '#')
            .unwrap_or(rest.len());
        out.push_str(&mask_query(&rest[..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    mask_authorization(&out)
}

/// A query string (or form body) with the values of credential parameters masked; the names
/// are compared percent-decoded (`client%5Fsecret` is `client_secret`).
pub fn mask_query(query: &str) -> String {
    query
        .split('&')
        .map(|part| match part.split_once('=') {
            Some((name, _)) if is_secret_name(&decode_name(name)) => format!("{name}={MASK}"),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn decode_name(name: &str) -> String {
    form_urldecode(name).unwrap_or_else(|_| name.to_string())
}

/// Every `Authorization:` (any case) value up to the end of its line masked, keeping the scheme.
fn mask_authorization(text: &str) -> String {
    const NAME: &str = "authorization:";
    let lower = text.to_ascii_lowercase();
    if !lower.contains(NAME) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    // ASCII lowercasing keeps byte offsets, so indices in `lower` are indices in `text`.
    while let Some(found) = lower[from..].find(NAME) {
        let value_start = from + found + NAME.len();
        let line_end = text[value_start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |e| value_start + e);
        let value = text[value_start..line_end].trim_start();
        let lead = &text[value_start..line_end - value.len()];
        out.push_str(&text[copied..value_start]);
        out.push_str(lead);
        if !value.is_empty() {
            match value.split_once(' ') {
                Some((scheme, _)) => {
                    out.push_str(scheme);
                    out.push(' ');
                    out.push_str(MASK);
                }
                None => out.push_str(MASK),
            }
        }
        copied = line_end;
        from = line_end;
    }
    out.push_str(&text[copied..]);
    out
}
