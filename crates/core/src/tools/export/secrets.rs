//! The secrets a snippet reads from environment variables ([`Vars`]), their names and
//! descriptions, and how each is encoded where it is used: form-urlencoded (RFC 6749 Appendix B),
//! inside a JSON string (RFC 8259 §7) or as `Basic` credentials (RFC 6749 §2.3.1).

use super::EnvVar;
use super::model::{Enc, Part, Text};
use crate::encoding::{base64_decode, base64_encode, form_urldecode, form_urlencode};

#[derive(Default)]
pub(super) struct Vars {
    pub(super) vars: Vec<EnvVar>,
    values: Vec<String>,
}

impl Vars {
    /// The variable for `value` named `name` (or `name_2`, … when `name` holds another value).
    pub(super) fn add(&mut self, name: String, holds: String, value: &str) -> usize {
        if let Some(i) = (0..self.vars.len()).find(|&i| {
            (self.vars[i].name == name || self.vars[i].name.starts_with(&format!("{name}_")))
                && self.values[i] == value
        }) {
            return i;
        }
        let mut unique = name.clone();
        let mut n = 2;
        while self.vars.iter().any(|v| v.name == unique) {
            unique = format!("{name}_{n}");
            n += 1;
        }
        self.vars.push(EnvVar {
            name: unique,
            holds,
        });
        self.values.push(value.to_string());
        self.vars.len() - 1
    }

    pub(super) fn env(&mut self, name: String, holds: String, value: &str, enc: Enc) -> Text {
        vec![Part::Env {
            var: self.add(name, holds, value),
            enc,
        }]
    }

    /// For each variable, whether its current value is the same under every encoding a shell
    /// snippet may apply ([`needs_no_encoding`]).
    pub(super) fn unencoded(&self) -> Vec<bool> {
        self.values.iter().map(|v| needs_no_encoding(v)).collect()
    }

    /// The text with every secret substituted and encoded: what the snippet computes.
    pub(super) fn materialize(&self, text: &[Part]) -> String {
        text.iter()
            .map(|p| match p {
                Part::Lit(s) => s.clone(),
                Part::Env { var, enc } => encode(enc, &self.values[*var]),
            })
            .collect()
    }
}

/// True when `value` has only `A-Z a-z 0-9 - . _`: form-urlencoding (RFC 6749 Appendix B,
/// which §2.3.1 applies to `Basic` credentials) and percent-encoding of everything but RFC 3986
/// unreserved characters (curl's `--data-urlencode`) both leave it as it is, so a snippet may
/// send it without an encoder.
pub(super) fn needs_no_encoding(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
}

pub(super) fn encode(enc: &Enc, value: &str) -> String {
    match enc {
        Enc::Plain => value.to_string(),
        Enc::Form => form_urlencode(value),
        Enc::Json => json_inner(value),
        Enc::Basic { client_id } => basic_header(client_id, value),
    }
}

/// The inside of the JSON string for `value` (RFC 8259 §7), as the raw view writes it.
pub(super) fn json_inner(value: &str) -> String {
    let quoted = serde_json::Value::from(value).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

pub(super) fn basic_header(id: &str, secret: &str) -> String {
    let pair = format!("{}:{}", form_urlencode(id), form_urlencode(secret));
    format!("Basic {}", base64_encode(pair.as_bytes()))
}

/// The client id and secret of a `Basic` value built as RFC 6749 §2.3.1 says, when re-encoding
/// them gives back exactly the same value.
pub(super) fn basic_credentials(value: &str) -> Option<(String, String)> {
    let encoded = value.strip_prefix("Basic ")?;
    let pair = String::from_utf8(base64_decode(encoded).ok()?).ok()?;
    let (id, secret) = pair.split_once(':')?;
    let (id, secret) = (form_urldecode(id).ok()?, form_urldecode(secret).ok()?);
    (basic_header(&id, &secret) == value).then_some((id, secret))
}

/// An environment variable name for `item`: upper case, `_` for anything but `A-Z0-9`.
pub(super) fn env_name(item: &str) -> String {
    let name: String = item
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.contains(|c: char| c.is_ascii_alphanumeric())
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        format!("SECRET_{name}")
    } else {
        name
    }
}

/// `name` if it is safe to show in a comment (a token of RFC 9110 §5.6.2), else `None`.
pub(super) fn comment_safe(name: &str) -> Option<&str> {
    (!name.is_empty() && name.bytes().all(crate::http::is_tchar)).then_some(name)
}

pub(super) fn param_holds(name: &str) -> String {
    match name {
        "client_secret" => "the client secret".into(),
        "client_assertion" => "the client assertion (a signed JWT, RFC 7523 §2.2)".into(),
        _ => match comment_safe(name) {
            Some(n) => format!("the value of the {n} parameter"),
            None => "the value of a secret parameter".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_no_encoding_only_unreserved_both_ways() {
        for plain in ["my_secret_456", "A-b.c_9", ""] {
            assert!(needs_no_encoding(plain), "{plain}");
            assert_eq!(form_urlencode(plain), plain);
        }
        // `*` is kept by form-urlencoding but not by curl --data-urlencode; `~` the other way.
        for encoded in ["a*b", "a~b", "a b", "p@ss", "é", "a+b", "a%b", "a&b=c"] {
            assert!(!needs_no_encoding(encoded), "{encoded}");
        }
    }

    #[test]
    fn env_name_sanitised() {
        assert_eq!(env_name("client_secret"), "CLIENT_SECRET");
        assert_eq!(env_name("x-api-key"), "X_API_KEY");
        assert_eq!(env_name("1st"), "SECRET_1ST");
        assert_eq!(env_name("é\n"), "SECRET___");
    }

    #[test]
    fn basic_credentials_roundtrip_only_exact() {
        let value = basic_header("id:1", "a b+c");
        assert_eq!(
            basic_credentials(&value),
            Some(("id:1".into(), "a b+c".into()))
        );
        // base64("a:b~") decodes, but re-encoding gives "a:b%7E": not the same bytes.
        assert_eq!(basic_credentials("Basic YTpifg=="), None);
        assert_eq!(basic_credentials("Bearer abc"), None);
    }
}
