// Compact JWS / JWT decoding (RFC 7515 §7.1, RFC 7519 §7.2), claim display and the RFC 9068
// access-token checks.
use cc_core::assertion::{DecodedJwt, decode};
use cc_core::draft::Draft;
use cc_core::encoding::base64url_encode;
use cc_core::jwt::{checks, decode_access_token, explain};

/// "Now" as the app's clock would give it (2025-06-15, seconds since the epoch).
const NOW_SECS: i64 = 1_750_000_000;

/// Two ways in: the bytes as a token string (any number of segments), and, split at the
/// first NUL into a header and a payload, as JSON wrapped into a well-formed three-segment
/// token so that the claim checks see arbitrary JSON.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let decoded = decode(&text);
    let segments = text.split('.').count();
    if segments != 3 {
        assert!(decoded.is_err(), "{segments} segments accepted");
    }
    match decode_access_token(&text) {
        None => assert!(!text.contains('.'), "a dotted token called opaque"),
        Some(result) => assert_eq!(result.is_ok(), decoded.is_ok()),
    }
    if let Ok(jwt) = decoded {
        exercise(&jwt);
    }
    let (header, payload) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"{}"[..]),
    };
    let token = format!(
        "{}.{}.c2ln",
        base64url_encode(header),
        base64url_encode(payload)
    );
    let objects = [header, payload].iter().all(|part| {
        matches!(
            serde_json::from_slice::<serde_json::Value>(part),
            Ok(serde_json::Value::Object(_))
        )
    });
    match decode(&token) {
        Ok(jwt) => {
            assert!(objects, "a non-object segment accepted");
            exercise(&jwt);
        }
        Err(e) => assert!(!objects, "well-formed token refused: {e}"),
    }
}

fn exercise(jwt: &DecodedJwt) {
    assert!(jwt.header.is_object() && jwt.claims.is_object());
    let (header_rows, claim_rows) = explain(jwt);
    for row in header_rows.iter().chain(&claim_rows) {
        let _ = row.shown(NOW_SECS);
    }
    assert_eq!(
        header_rows.len(),
        jwt.header.as_object().map_or(0, |m| m.len())
    );
    assert_eq!(
        claim_rows.len(),
        jwt.claims.as_object().map_or(0, |m| m.len())
    );
    let request = Draft::example().validate().expect("the example is valid");
    assert!(!checks(jwt, None, None, NOW_SECS).is_empty());
    assert!(
        !checks(
            jwt,
            Some(&request),
            Some("https://authorization-server.example"),
            NOW_SECS
        )
        .is_empty()
    );
}
