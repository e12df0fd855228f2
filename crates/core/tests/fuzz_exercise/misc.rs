// HTTP dates (RFC 9110 §5.6.7) and Bearer challenges in `WWW-Authenticate` (RFC 6750 §3).
use cc_core::bearer::parse_challenge;
use cc_core::token::{clock_skew_secs, format_http_date, parse_http_date};

/// A parsed date formats to an IMF-fixdate that parses back to the same instant; a challenge
/// is recognised exactly when the scheme is `Bearer` (case-insensitive, RFC 9110 §11.1).
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(secs) = parse_http_date(&text) {
        // Years 0–9999 are what IMF-fixdate can write (4DIGIT); a date past 9999-12-31
        // (e.g. a leap second on the last day) formats with five digits.
        let formatted = format_http_date(secs);
        if (0..253_402_300_800).contains(&secs) {
            assert_eq!(parse_http_date(&formatted), Some(secs), "{formatted:?}");
        }
        let _ = clock_skew_secs(&text, 1_750_000_000_000);
    }
    let challenge = parse_challenge(&text);
    let trimmed = text.trim();
    let scheme = trimmed.split_once(' ').map_or(trimmed, |(s, _)| s);
    assert_eq!(challenge.is_some(), scheme.eq_ignore_ascii_case("bearer"));
    if let Some(challenge) = challenge {
        let _ = challenge.explanation();
    }
}
