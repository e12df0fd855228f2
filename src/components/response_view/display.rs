//! The response as displayed: JSON pretty-printed, credentials masked, long bodies cut.

use crate::oauth::http::HttpResponse;
use crate::oauth::response::{mask_secrets, secret_values};

/// Bodies longer than this are shown truncated (Copy still copies all of it).
pub(crate) const DISPLAY_LIMIT: usize = 100_000;

/// The body as "Raw body" shows it and "Copy body" copies it: with `masked`, every credential
/// is masked by its decoded JSON value ([`mask_secrets`]), however the server escaped it.
pub(crate) fn masked_body(response: &HttpResponse, masked: bool) -> String {
    if !masked {
        return response.body_text();
    }
    mask_secrets(&response.body_text(), &secret_values(&response.body))
}

/// The response as displayed: JSON bodies pretty-printed unless `raw`, long bodies cut.
pub(crate) fn display_text(
    response: &HttpResponse,
    raw: bool,
    masked: bool,
) -> (String, Option<usize>) {
    let body = match (
        raw,
        serde_json::from_slice::<serde_json::Value>(&response.body),
    ) {
        (false, Ok(v)) => match serde_json::to_string_pretty(&v) {
            Ok(pretty) if masked => mask_secrets(&pretty, &secret_values(&response.body)),
            Ok(pretty) => pretty,
            Err(_) => masked_body(response, masked),
        },
        _ => masked_body(response, masked),
    };
    let mut head = response.status_line();
    head.push('\n');
    for h in &response.headers {
        head.push_str(&format!("{}: {}\n", h.name, h.value));
    }
    head.push('\n');
    if body.len() > DISPLAY_LIMIT {
        let cut = (0..=DISPLAY_LIMIT)
            .rev()
            .find(|i| body.is_char_boundary(*i))
            .unwrap_or(0);
        (format!("{head}{}", &body[..cut]), Some(response.body.len()))
    } else {
        (format!("{head}{body}"), None)
    }
}

pub(crate) fn size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / 1024.0 / 1024.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::http::Header;

    #[test]
    fn display_text_json_pretty_unless_raw() {
        let r = HttpResponse::new(
            200,
            vec![Header::new("Content-Type", "application/json")],
            r#"{"a":1}"#,
        );
        assert!(
            display_text(&r, false, true)
                .0
                .ends_with("{\n  \"a\": 1\n}")
        );
        assert!(display_text(&r, true, true).0.ends_with(r#"{"a":1}"#));
    }

    #[test]
    fn display_text_escaped_token_masked_raw_and_pretty() {
        // PHP writes `/` as `\/`; serde decodes it, the raw text keeps it.
        let r = HttpResponse::new(
            200,
            vec![Header::new("Content-Type", "application/json")],
            r#"{"access_token":"ey.abc\/def\u002Dghi","token_type":"Bearer"}"#,
        );
        for raw in [true, false] {
            let (text, _) = display_text(&r, raw, true);
            assert!(!text.contains("abc") && !text.contains("ghi"), "{text}");
            assert!(text.contains("Bearer"), "{text}");
        }
        assert!(display_text(&r, true, false).0.contains(r"abc\/def"));
    }

    #[test]
    fn display_text_huge_body_truncated_on_char_boundary() {
        let body = "é".repeat(DISPLAY_LIMIT);
        let r = HttpResponse::new(200, vec![], body.clone());
        let (text, total) = display_text(&r, false, true);
        assert_eq!(total, Some(body.len()));
        assert!(text.len() < body.len());
    }
}
