// The "Private key" field: PEM (RFC 7468; PKCS#8 RFC 5208, PKCS#1 RFC 8017, SEC1 RFC 5915)
// or a private JWK (RFC 7517).
use cc_core::assertion::{JwtAlg, SigningKey, parse_private_key};
use cc_core::encoding::base64_encode;

/// The bytes as typed text, for every algorithm; and the bytes as the DER body of each PEM
/// label, which must be accepted (wrapped into PKCS#8 for PKCS#1 / SEC1 keys, ending with the
/// original DER) or refused with a named reason.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for alg in [JwtAlg::Rs256, JwtAlg::Es256, JwtAlg::Hs256] {
        if let Ok(SigningKey::Jwk(jwk)) = parse_private_key(&text, alg) {
            let members = cc_core::json_members::object_members(jwk.expose())
                .expect("an accepted JWK is a JSON object");
            assert!(members.contains("d"), "a public JWK accepted as private");
            // What signing parses (WebCrypto in the app) reads it as an object with a "d" too.
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(jwk.expose()) {
                assert!(value.get("d").is_some(), "serde_json sees no \"d\"");
            }
        }
    }
    let body = base64_encode(data);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    for label in [
        "PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "PUBLIC KEY",
    ] {
        let pem = format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            lines.join("\n")
        );
        match parse_private_key(&pem, JwtAlg::Es256) {
            Ok(SigningKey::Pkcs8(der)) => {
                assert!(label != "PUBLIC KEY");
                assert!(der.expose().ends_with(data), "the key bytes were altered");
                if label == "PRIVATE KEY" {
                    assert_eq!(der.expose(), data);
                }
            }
            Ok(other) => panic!("a PEM parsed as {other:?}"),
            Err(e) => {
                assert_eq!(label, "PUBLIC KEY", "{label} refused: {e}");
            }
        }
    }
}
