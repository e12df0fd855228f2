//! DPoP proof construction (RFC 9449 §4.2): exact claims, `htu` normalisation, `ath`, RFC 7638
//! thumbprints, private members stripped, and decoding bounded and total.

use cc_core::dpop::{
    DPOP_JWT_TYPE, PROOF_MAX_BYTES, ProofClaims, access_token_hash, assemble, decode_proof,
    explain, jwk_thumbprint, normalize_htu, public_jwk, signing_input,
};
use cc_core::encoding::base64url_decode;
use serde_json::{Value, json};

/// RFC 9449 §4.1's example key (its thumbprint is the `jkt` of §6.1's example).
fn rfc9449_key() -> Value {
    json!({
        "kty": "EC",
        "crv": "P-256",
        "x": "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",
        "y": "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"
    })
}

fn claims() -> ProofClaims {
    ProofClaims {
        jti: "e1j3V_bKic8-LAEB".into(),
        htm: "POST".into(),
        htu: "https://server.example.com/token".into(),
        iat: 1_562_262_618,
        ath: None,
        nonce: None,
    }
}

fn segment(input: &str, index: usize) -> Value {
    let part = input.split('.').nth(index).unwrap();
    serde_json::from_slice(&base64url_decode(part).unwrap()).unwrap()
}

#[test]
fn signing_input_claims_exact() {
    let input = signing_input("ES256", &rfc9449_key(), &claims());
    assert_eq!(
        segment(&input, 1),
        json!({
            "jti": "e1j3V_bKic8-LAEB",
            "htm": "POST",
            "htu": "https://server.example.com/token",
            "iat": 1_562_262_618
        })
    );
    assert_eq!(
        segment(&input, 0),
        json!({"typ": DPOP_JWT_TYPE, "alg": "ES256", "jwk": rfc9449_key()})
    );
}

#[test]
fn signing_input_ath_and_nonce_present_when_some() {
    let mut c = claims();
    c.ath = Some("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo".into());
    c.nonce = Some("eyJ7S_zG.eyJH0-Z.HX4w-7v".into());
    let payload = segment(&signing_input("ES256", &rfc9449_key(), &c), 1);
    assert_eq!(
        payload["ath"],
        "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
    );
    assert_eq!(payload["nonce"], "eyJ7S_zG.eyJH0-Z.HX4w-7v");
    assert_eq!(payload.as_object().unwrap().len(), 6);
}

#[test]
fn signing_input_private_members_stripped() {
    let mut private = rfc9449_key();
    for m in ["d", "p", "q", "dp", "dq", "qi", "k", "ext"] {
        private[m] = json!("secret");
    }
    private["oth"] = json!([{"r": "x"}]);
    private["key_ops"] = json!(["sign"]);
    private["kid"] = json!("k1");
    let header = segment(&signing_input("ES256", &private, &claims()), 0);
    let mut expected = rfc9449_key();
    expected["kid"] = json!("k1");
    assert_eq!(header["jwk"], expected);
    assert_eq!(public_jwk(&json!("not an object")), json!({}));
}

#[test]
fn assemble_appends_base64url_signature() {
    let proof = assemble("a.b", &[0xfb, 0xff]);
    assert_eq!(proof, "a.b.-_8");
}

#[test]
fn normalize_htu_query_and_fragment_dropped() {
    assert_eq!(
        normalize_htu("https://as.example/token?a=1#frag").unwrap(),
        "https://as.example/token"
    );
    assert_eq!(
        normalize_htu("https://as.example/token#frag?x").unwrap(),
        "https://as.example/token"
    );
}

#[test]
fn normalize_htu_case_and_default_port_normalised() {
    assert_eq!(
        normalize_htu("HTTPS://AS.Example:443/Token").unwrap(),
        "https://as.example/Token"
    );
    assert_eq!(
        normalize_htu("http://localhost:80").unwrap(),
        "http://localhost/"
    );
    assert_eq!(
        normalize_htu("https://as.example:8443/a/../token").unwrap(),
        "https://as.example:8443/token"
    );
}

#[test]
fn normalize_htu_garbage_refused_with_message() {
    for bad in [
        "",
        "ftp://as.example/x",
        "javascript:alert(1)",
        "/token",
        "https://",
        "https://bücher.example/token",
        "https://as.example:99999/",
        "https://user:pw@as.example/",
    ] {
        let err = normalize_htu(bad).unwrap_err();
        assert!(err.starts_with("The DPoP htu URL "), "{bad}: {err}");
    }
    assert!(
        normalize_htu("https://bücher.example/")
            .unwrap_err()
            .contains("punycode")
    );
    assert_eq!(
        normalize_htu("https://xn--bcher-kva.example/t").unwrap(),
        "https://xn--bcher-kva.example/t"
    );
}

#[test]
fn access_token_hash_rfc9449_example_matches() {
    // RFC 9449 §7.1: the access token of the example request and its `ath`.
    assert_eq!(
        access_token_hash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
        "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
    );
    // SHA-256("") = e3b0c442…b855, base64url.
    assert_eq!(
        access_token_hash(""),
        "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"
    );
}

#[test]
fn jwk_thumbprint_rfc7638_rsa_example_matches() {
    let jwk = json!({
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29"
    });
    assert_eq!(
        jwk_thumbprint(&jwk).unwrap(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
}

#[test]
fn jwk_thumbprint_ec_rfc9449_example_matches() {
    // RFC 9449 §6.1: the `jkt` of the §4.1 key.
    assert_eq!(
        jwk_thumbprint(&rfc9449_key()).unwrap(),
        "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"
    );
    // Private and extra members do not change it (RFC 7638 §3.2).
    let mut private = rfc9449_key();
    private["d"] = json!("x");
    private["kid"] = json!("y");
    assert_eq!(
        jwk_thumbprint(&private).unwrap(),
        "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"
    );
}

#[test]
fn jwk_thumbprint_missing_member_or_unknown_kty_refused() {
    assert!(
        jwk_thumbprint(&json!({"kty": "EC", "crv": "P-256", "x": "a"}))
            .unwrap_err()
            .contains("\"y\"")
    );
    assert!(
        jwk_thumbprint(&json!({"kty": "oct", "k": "a"}))
            .unwrap_err()
            .contains("oct")
    );
    assert!(jwk_thumbprint(&json!({"x": "a"})).is_err());
    assert!(jwk_thumbprint(&json!({"kty": "RSA", "n": 1, "e": "AQAB"})).is_err());
    assert!(jwk_thumbprint(&json!(null)).is_err());
}

#[test]
fn decode_proof_roundtrip_exact() {
    let input = signing_input("ES256", &rfc9449_key(), &claims());
    let proof = assemble(&input, &[1; 64]);
    let decoded = decode_proof(&proof).unwrap();
    assert_eq!(decoded.signing_input, input);
    assert_eq!(decoded.signature, vec![1; 64]);
    assert_eq!(decoded.header["typ"], "dpop+jwt");
    assert_eq!(decoded.claims["htm"], "POST");
}

#[test]
fn decode_proof_bad_shapes_refused_with_message() {
    let cases = [
        ("a.b", "2 segment(s)"),
        ("a.b.c.d", "4 segment(s)"),
        ("!!.e30.", "header that is not base64url"),
        ("WzFd.e30.", "header that is not a JSON object"),
        ("e30.WzFd.", "payload that is not a JSON object"),
        ("e30.e30.!!", "signature that is not base64url"),
    ];
    for (proof, needle) in cases {
        let err = decode_proof(proof).unwrap_err();
        assert!(err.contains(needle), "{proof}: {err}");
    }
    let huge = format!("e30.{}.", "A".repeat(PROOF_MAX_BYTES));
    assert!(decode_proof(&huge).unwrap_err().contains("refused unread"));
}

#[test]
fn decode_proof_garbage_never_panics() {
    let mut seed: u32 = 0x1234_5678;
    let alphabet = b"eyJ0.AQ-_=!{}\"[]\x00\xff";
    for len in 0..400 {
        let mut s = Vec::with_capacity(len);
        for _ in 0..len {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            s.push(alphabet[(seed >> 16) as usize % alphabet.len()]);
        }
        let _ = decode_proof(&String::from_utf8_lossy(&s));
    }
    // Deeply nested JSON inside a valid base64url header is refused, not overflowed.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let header = cc_core::encoding::base64url_encode(deep.as_bytes());
    assert!(decode_proof(&format!("{header}.e30.")).is_err());
}

#[test]
fn explain_every_member_cites_rfc9449() {
    for name in [
        "typ", "alg", "jwk", "jti", "htm", "htu", "iat", "ath", "nonce",
    ] {
        assert!(explain(name).unwrap().contains("RFC 9449 §"), "{name}");
    }
    assert_eq!(explain("exp"), None);
}
