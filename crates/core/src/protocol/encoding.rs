//! Byte encodings used on the wire: `application/x-www-form-urlencoded` (RFC 6749 Appendix B,
//! as serialised by the WHATWG URL standard) and base64 (RFC 4648 §4, used by HTTP Basic
//! authentication, RFC 7617 §2) and base64url (RFC 4648 §5, used by JWTs, RFC 7515 §2).
//!
//! These are small enough to write here; pulling in crates for them would cost bundle bytes.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Encodes a string as an `application/x-www-form-urlencoded` component (RFC 6749 Appendix B):
/// ASCII alphanumerics and `*-._` stay, space becomes `+`, every other byte of the UTF-8
/// encoding becomes `%XX`.
pub fn form_urlencode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for &byte in input.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => push_percent(&mut out, byte),
        }
    }
    out
}

/// Percent-encodes the bytes of `input` that `keep` rejects (used for URL paths and queries).
pub fn percent_encode_where(input: &str, needs_encoding: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(input.len());
    for &byte in input.as_bytes() {
        if needs_encoding(byte) {
            push_percent(&mut out, byte);
        } else {
            out.push(byte as char);
        }
    }
    out
}

fn push_percent(out: &mut String, byte: u8) {
    out.push('%');
    out.push(HEX[usize::from(byte >> 4)] as char);
    out.push(HEX[usize::from(byte & 0x0f)] as char);
}

/// Why a form-urlencoded component could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A `%` not followed by two hexadecimal digits, at this byte offset.
    BadPercentEscape(usize),
    /// The decoded bytes are not UTF-8.
    NotUtf8,
    /// A base64 character outside the alphabet, or a bad length / padding.
    BadBase64,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadPercentEscape(at) => {
                write!(f, "'%' at position {at} is not followed by two hex digits")
            }
            Self::NotUtf8 => f.write_str("the decoded bytes are not valid UTF-8"),
            Self::BadBase64 => f.write_str("not valid base64"),
        }
    }
}

/// Decodes an `application/x-www-form-urlencoded` component (`+` is space, `%XX` a byte).
///
/// Strict: a malformed escape is an error, as a strict authorization server would treat it.
pub fn form_urldecode(input: &str) -> Result<String, DecodeError> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|b| hex_value(*b));
                let lo = bytes.get(i + 2).and_then(|b| hex_value(*b));
                match (hi, lo) {
                    (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => return Err(DecodeError::BadPercentEscape(i)),
                }
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| DecodeError::NotUtf8)
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Serialises name/value pairs as an `application/x-www-form-urlencoded` body (RFC 6749 Appendix B).
pub fn form_serialize<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&form_urlencode(name));
        out.push('=');
        out.push_str(&form_urlencode(value));
    }
    out
}

/// Parses an `application/x-www-form-urlencoded` body into decoded pairs, in order, keeping
/// repeats (so that a server can reject repeated parameters, RFC 6749 §3.2).
pub fn form_parse(body: &str) -> Result<Vec<(String, String)>, DecodeError> {
    body.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            Ok((form_urldecode(name)?, form_urldecode(value)?))
        })
        .collect()
}

const B64_STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64_encode(input: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for k in 0..4 {
            if k < chars {
                out.push(alphabet[(n >> (18 - 6 * k) & 0x3f) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

fn b64_decode(input: &str, alphabet: &[u8; 64], padded: bool) -> Result<Vec<u8>, DecodeError> {
    let trimmed = if padded {
        if !input.len().is_multiple_of(4) {
            return Err(DecodeError::BadBase64);
        }
        let t = input.trim_end_matches('=');
        if input.len() - t.len() > 2 {
            return Err(DecodeError::BadBase64);
        }
        t
    } else {
        input
    };
    if trimmed.len() % 4 == 1 {
        return Err(DecodeError::BadBase64);
    }
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in trimmed.bytes() {
        let v = alphabet
            .iter()
            .position(|&a| a == c)
            .ok_or(DecodeError::BadBase64)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero (canonical encoding, RFC 4648 §3.5).
    if acc != 0 {
        return Err(DecodeError::BadBase64);
    }
    Ok(out)
}

/// Base64 with padding (RFC 4648 §4), as HTTP Basic credentials use (RFC 7617 §2).
pub fn base64_encode(input: &[u8]) -> String {
    b64_encode(input, B64_STD, true)
}

/// Decodes padded base64 (RFC 4648 §4); non-canonical or malformed input is an error.
pub fn base64_decode(input: &str) -> Result<Vec<u8>, DecodeError> {
    b64_decode(input, B64_STD, true)
}

/// Base64url without padding (RFC 4648 §5; RFC 7515 §2), as JWT segments use.
pub fn base64url_encode(input: &[u8]) -> String {
    b64_encode(input, B64_URL, false)
}

/// Decodes unpadded base64url (RFC 7515 §2); padding or `+`/`/` are errors.
pub fn base64url_decode(input: &str) -> Result<Vec<u8>, DecodeError> {
    b64_decode(input, B64_URL, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_rfc4648_vectors_roundtrip() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn base64url_unpadded_roundtrip() {
        let bytes = [0xfb, 0xff, 0xfe, 0x00, 0x10];
        let enc = base64url_encode(&bytes);
        assert_eq!(enc, "-__-ABA");
        assert_eq!(base64url_decode(&enc).unwrap(), bytes);
        assert!(base64url_decode("-__-ABA=").is_err());
        assert!(base64url_decode("+//+").is_err());
    }

    #[test]
    fn form_urlencode_special_characters_encoded() {
        assert_eq!(
            form_urlencode("a b+c%d:e&f=g/h@i~"),
            "a+b%2Bc%25d%3Ae%26f%3Dg%2Fh%40i%7E"
        );
        assert_eq!(form_urlencode("é"), "%C3%A9");
    }

    #[test]
    fn form_urldecode_bad_escape_errors() {
        assert_eq!(form_urldecode("a%2"), Err(DecodeError::BadPercentEscape(1)));
        assert_eq!(form_urldecode("%ff"), Err(DecodeError::NotUtf8));
        assert_eq!(form_urldecode("a+b%21").unwrap(), "a b!");
    }
}
