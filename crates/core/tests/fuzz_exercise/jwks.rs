// Choosing the verification key from a JWKS (RFC 7517 §5) for a token's JOSE header
// (RFC 7515 §4.1.1 `alg`, §4.1.4 `kid`).
use cc_core::assertion::DecodedJwt;
use cc_core::jwt::choose_key;
use serde_json::{Value, json};

/// Split at the first NUL: the JOSE header (JSON; a default RS256 header when it is not
/// JSON), then the JWKS document. A chosen key must be one of the JWKS's keys, with the
/// token's `kid` when it has one.
pub fn run(data: &[u8]) {
    let (header, jwks) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b""[..], data),
    };
    let header: Value = serde_json::from_slice(header).unwrap_or_else(|_| json!({"alg": "RS256"}));
    let jwt = DecodedJwt {
        header,
        claims: json!({}),
    };
    let Ok(key) = choose_key(jwks, &jwt) else {
        return;
    };
    let doc: Value = serde_json::from_slice(jwks).expect("a key came from valid JSON");
    let keys = doc["keys"]
        .as_array()
        .expect("a key came from a keys array");
    assert!(keys.contains(&key), "the chosen key is not in the JWKS");
    if let Some(kid) = jwt.header.get("kid").and_then(Value::as_str) {
        assert_eq!(key.get("kid").and_then(Value::as_str), Some(kid));
    }
}
