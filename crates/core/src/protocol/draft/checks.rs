//! The checks of single fields that [`super::Draft::validate`] runs: client credentials
//! (RFC 6749 Appendix A), resource URIs (RFC 8707 §2) and extra header rows (RFC 9110 §5).

use super::{Field, FieldError, Row, error};
use crate::http::is_tchar;
use crate::types::AuthMethod;

/// Headers the page may not choose: the browser (or HTTP framing) sets them.
const CONTROLLED_HEADERS: [&str; 5] = [
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "expect",
];

pub(super) fn control_message(c: char) -> String {
    format!(
        "contains the control character U+{:04X}; remove it",
        u32::from(c)
    )
}

/// Client id and secret: required, and free of control characters (RFC 6749 Appendix A.1/A.2
/// allow only visible characters and space; a CR or LF could never be sent safely).
pub(super) fn check_credential(
    field: Field,
    value: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    if value.is_empty() {
        errors.push(error(
            field,
            "is required for client authentication (RFC 6749 §2.3.1)",
        ));
        return None;
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        errors.push(error(
            field,
            format!(
                "{} (RFC 6749 Appendix A allows only visible characters and space)",
                control_message(c)
            ),
        ));
        return None;
    }
    Some(value.to_string())
}

/// RFC 8707 §2: an absolute URI (RFC 3986 §4.3) without a fragment.
pub(super) fn check_resource(value: &str) -> Result<(), &'static str> {
    if value.chars().any(|c| c.is_control() || c == ' ') {
        return Err("contains spaces or control characters");
    }
    let scheme = value.split(':').next().unwrap_or_default();
    let scheme_ok = value.contains(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(
            "is not an absolute URI (e.g. https://api.example/orders) as RFC 8707 §2 requires",
        );
    }
    if value.contains('#') {
        return Err("must not contain a #fragment (RFC 8707 §2)");
    }
    Ok(())
}

/// Header rows: a valid field name (RFC 9110 §5.1), a value without CR/LF/NUL (which would
/// inject headers, RFC 9110 §5.5), not a header the browser controls, and no second
/// `Authorization` when Basic is used (RFC 6749 §2.3), no second `DPoP` when DPoP is on
/// (RFC 9449 §4.3 check 1: exactly one).
pub(super) fn check_header(row: &Row, auth: AuthMethod, dpop: bool, errors: &mut Vec<FieldError>) {
    let field = Field::ExtraHeader(row.id);
    let name = row.name.trim();
    if name.is_empty() {
        errors.push(error(field, "has a value but no name"));
        return;
    }
    if let Some(bad) = name.chars().find(|c| !c.is_ascii() || !is_tchar(*c as u8)) {
        let shown = if bad.is_control() || bad == ' ' {
            format!("U+{:04X}", u32::from(bad))
        } else {
            format!("\"{bad}\"")
        };
        errors.push(error(
            field,
            format!(
                "\"{}\" has the character {shown}, which a header name cannot contain (RFC 9110 §5.6.2)",
                name.escape_default()
            ),
        ));
    }
    if let Some(c) = row.value.chars().find(|c| matches!(c, '\r' | '\n' | '\0')) {
        errors.push(error(
            field,
            format!(
                "\"{name}\" has a value containing U+{:04X}: a line break in a header value would inject headers, so it can never be sent (RFC 9110 §5.5)",
                u32::from(c)
            ),
        ));
    }
    let lower = name.to_ascii_lowercase();
    if CONTROLLED_HEADERS.contains(&lower.as_str()) {
        errors.push(error(
            field,
            format!("\"{name}\" is set by the browser and HTTP framing, not by the page"),
        ));
    }
    if lower == "authorization" && auth == AuthMethod::ClientSecretBasic {
        errors.push(error(
            field,
            "\"Authorization\" would be a second Authorization header next to client_secret_basic; a client MUST NOT use more than one authentication method (RFC 6749 §2.3)",
        ));
    }
    if lower == "dpop" && dpop {
        errors.push(error(
            field,
            "\"DPoP\" would be a second DPoP header next to the proof \"Use DPoP\" adds; a request carries exactly one (RFC 9449 §4.3)",
        ));
    }
}
