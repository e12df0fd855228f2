use super::*;
use crate::draft::Draft;
use serde_json::json;

fn jwt(header: Value, claims: Value) -> DecodedJwt {
    DecodedJwt { header, claims }
}

#[test]
fn utc_known_instants_formatted() {
    assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
    assert_eq!(utc(1_800_000_000), "2027-01-15 08:00:00 UTC");
    assert_eq!(relative(1000 + 240, 1000), "in 4 min");
    assert_eq!(relative(1000 - 3 * 3600, 1000), "3 h ago");
}

/// A fresh token's `iat` read at every second of a minute: the distance follows the token, not
/// the clock's second within the minute (it read "in 55 s" when the clock was rounded down to
/// the minute).
#[test]
fn relative_fresh_iat_any_second_of_minute_to_the_second() {
    // 2027-01-15 08:00:00 UTC, the start of a minute.
    let minute = 1_800_000_000;
    assert_eq!(minute % 60, 0);
    for second in 0..60 {
        let iat = minute + second;
        assert_eq!(relative(iat, iat), "now");
        assert_eq!(relative(iat, iat + 1), "1 s ago");
        assert_eq!(relative(iat, iat + 7), "7 s ago");
        assert_eq!(relative(iat + 3, iat), "in 3 s");
    }
}

#[test]
fn relative_across_minute_and_hour_boundaries_exact() {
    // 11:59:58 and 12:00:03 UTC on 2027-01-15: across both a minute and an hour boundary.
    let before = 1_800_003_600 + 2 * 3600 + 59 * 60 + 58;
    let after = before + 5;
    assert_eq!(utc(after), "2027-01-15 12:00:03 UTC");
    assert_eq!(relative(before, after), "5 s ago");
    assert_eq!(relative(after, before), "in 5 s");
    assert_eq!(relative(after - 119, after), "119 s ago");
    assert_eq!(relative(after - 120, after), "2 min ago");
    assert_eq!(relative(after + 7_199, after), "in 119 min");
    assert_eq!(relative(after + 7_200, after), "in 2 h");
    assert_eq!(relative(after - 172_800, after), "2 days ago");
}

#[test]
fn claim_row_shown_follows_now_value_fixed() {
    let token = jwt(json!({"alg": "ES256"}), json!({"iat": 1_000, "sub": "c"}));
    let (_, claims) = explain(&token);
    let iat = claims.iter().find(|r| r.name == "iat").unwrap();
    assert_eq!(iat.value, "1000 — 1970-01-01 00:16:40 UTC");
    assert_eq!(iat.shown(1_000), "1000 — 1970-01-01 00:16:40 UTC (now)");
    assert_eq!(
        iat.shown(1_059),
        "1000 — 1970-01-01 00:16:40 UTC (59 s ago)"
    );
    assert_eq!(iat.shown(999), "1000 — 1970-01-01 00:16:40 UTC (in 1 s)");
    let sub = claims.iter().find(|r| r.name == "sub").unwrap();
    assert_eq!(sub.shown(5_000), "c");
}

#[test]
fn relative_extreme_claim_values_no_overflow() {
    // tests/corpus/jwt/exp_min: `"exp": -9223372036854775808` overflowed the subtraction.
    assert!(relative(i64::MIN, 1_750_000_000).ends_with(" days ago"));
    assert!(relative(i64::MAX, -1).starts_with("in "));
}

#[test]
fn checks_flag_mismatches_with_request() {
    let request = Draft {
        scope: "orders:read orders:write".into(),
        resource: "https://api.example/orders".into(),
        ..Draft::example()
    }
    .validate()
    .unwrap();
    let token = jwt(
        json!({"alg": "ES256", "typ": "at+jwt", "kid": "k"}),
        json!({"exp": 2000, "aud": "https://other.example", "scope": "orders:read", "client_id": "my_client_id_123"}),
    );
    let found = checks(&token, Some(&request), None, 1000);
    let warns: Vec<&str> = found
        .iter()
        .filter(|c| c.verdict == Verdict::Warn)
        .map(|c| c.message.as_str())
        .collect();
    assert_eq!(warns.len(), 2, "{found:?}");
    assert!(warns[0].contains("does not include the requested https://api.example/orders"));
    assert!(warns[1].contains("lacks the requested orders:write"));
    let expired = checks(&token, None, None, 3000);
    assert!(
        expired
            .iter()
            .any(|c| c.verdict == Verdict::Fail && c.message.starts_with("Expired"))
    );
    let none = jwt(json!({"alg": "none"}), json!({}));
    assert_eq!(checks(&none, None, None, 0)[0].verdict, Verdict::Fail);
    let odd = jwt(
        json!({"alg": "ES256"}),
        json!({"iss": "https://evil.example", "exp": 10, "iat": 20}),
    );
    let found = checks(&odd, None, Some("https://as.example"), 0);
    let fails: Vec<&str> = found
        .iter()
        .filter(|c| c.verdict == Verdict::Fail)
        .map(|c| c.message.as_str())
        .collect();
    assert!(
        fails
            .iter()
            .any(|m| m.starts_with("exp (10) is not after iat (20)")),
        "{fails:?}"
    );
    assert!(
        fails
            .iter()
            .any(|m| m.contains("is not the discovered issuer")),
        "{fails:?}"
    );
}

#[test]
fn choose_key_by_kid_or_type() {
    let jwks = br#"{"keys":[{"kty":"EC","kid":"a","crv":"P-256"},{"kty":"RSA","kid":"b"}]}"#;
    let t = |h: Value| jwt(h, json!({}));
    assert_eq!(
        choose_key(jwks, &t(json!({"alg":"ES256","kid":"a"}))).unwrap()["kid"],
        "a"
    );
    assert_eq!(
        choose_key(jwks, &t(json!({"alg":"RS256"}))).unwrap()["kid"],
        "b"
    );
    assert_eq!(
        choose_key(jwks, &t(json!({"alg":"ES256","kid":"zz"}))),
        Err(KeyChoiceError::UnknownKid("zz".into()))
    );
    assert_eq!(
        choose_key(jwks, &t(json!({"alg":"HS256"}))),
        Err(KeyChoiceError::AlgRefused("HS256".into()))
    );
    assert!(matches!(
        choose_key(b"[]", &t(json!({"alg":"ES256"}))),
        Err(KeyChoiceError::NotJwks(_))
    ));
}

#[test]
fn expiry_disagreement_beyond_tolerance_reported() {
    assert_eq!(expiry_disagreement(1000, 1003, 5), None);
    assert!(
        expiry_disagreement(1000, 1100, 5)
            .unwrap()
            .contains("later")
    );
    assert!(
        expiry_disagreement(1000, 900, 5)
            .unwrap()
            .contains("100 s apart")
    );
}

/// A token with every claim RFC 9068 §2.2 requires, valid from 1000 to 2000.
fn complete(header: Value) -> DecodedJwt {
    jwt(
        header,
        json!({"iss": "https://as.example", "exp": 2000, "aud": "https://api.example",
               "sub": "c", "client_id": "c", "iat": 1000, "jti": "j1"}),
    )
}

fn fails(found: &[Check]) -> Vec<&str> {
    found
        .iter()
        .filter(|c| c.verdict == Verdict::Fail)
        .map(|c| c.message.as_str())
        .collect()
}

#[test]
fn checks_fractional_exp_read_as_numeric_date() {
    let mut token = complete(json!({"alg": "ES256", "typ": "at+jwt"}));
    token.claims["exp"] = json!(2000.5);
    token.claims["iat"] = json!(1000.25);
    let found = checks(&token, None, None, 1500);
    assert!(fails(&found).is_empty(), "{found:?}");
    assert!(found.iter().any(|c| c.message.starts_with("Not expired")));
    let (_, claims) = explain(&token);
    let exp = claims.iter().find(|r| r.name == "exp").unwrap();
    assert_eq!(exp.time, Some(2000));
    assert!(exp.value.contains("UTC"), "{}", exp.value);
    assert!(
        exp.shown(1500).ends_with("UTC (in 8 min)"),
        "{}",
        exp.shown(1500)
    );
}

#[test]
fn checks_exp_not_a_number_says_so() {
    let mut token = complete(json!({"alg": "ES256", "typ": "at+jwt"}));
    token.claims["exp"] = json!("2000");
    let found = checks(&token, None, None, 1500);
    assert!(
        fails(&found)
            .iter()
            .any(|m| m.contains("exp") && m.contains("not a NumericDate")),
        "{found:?}"
    );
}

#[test]
fn checks_missing_required_claims_each_fail() {
    let found = checks(
        &complete(json!({"alg": "ES256", "typ": "at+jwt"})),
        None,
        None,
        1500,
    );
    assert!(fails(&found).is_empty(), "{found:?}");
    for claim in ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"] {
        let mut token = complete(json!({"alg": "ES256", "typ": "at+jwt"}));
        token.claims.as_object_mut().unwrap().remove(claim);
        let found = checks(&token, None, None, 1500);
        assert!(
            fails(&found)
                .iter()
                .any(|m| m.contains(&format!("No {claim} claim")) && m.contains("RFC 9068 §2.2")),
            "{claim}: {found:?}"
        );
    }
}

#[test]
fn checks_wrong_typ_fails() {
    for header in [
        json!({"alg": "ES256", "typ": "JWT"}),
        json!({"alg": "ES256"}),
    ] {
        let found = checks(&complete(header.clone()), None, None, 1500);
        assert!(
            fails(&found)
                .iter()
                .any(|m| m.contains("typ") && m.contains("RFC 9068 §4")),
            "{header}: {found:?}"
        );
    }
}

#[test]
fn choose_key_kid_match_must_fit_kty_use_alg() {
    let t = |h: Value| jwt(h, json!({}));
    let es = json!({"alg": "ES256", "kid": "k"});
    let cases = [
        (
            r#"{"keys":[{"kty":"RSA","kid":"k","n":"x","e":"AQAB"}]}"#,
            "kty",
        ),
        (
            r#"{"keys":[{"kty":"EC","kid":"k","crv":"P-256","use":"enc"}]}"#,
            "use",
        ),
        (
            r#"{"keys":[{"kty":"EC","kid":"k","crv":"P-256","alg":"ES384"}]}"#,
            "alg",
        ),
        (r#"{"keys":[{"kty":"EC","kid":"k","crv":"P-384"}]}"#, "crv"),
        (
            r#"{"keys":[{"kty":"EC","kid":"k","crv":"P-256","key_ops":["encrypt"]}]}"#,
            "key_ops",
        ),
    ];
    for (jwks, why) in cases {
        match choose_key(jwks.as_bytes(), &t(es.clone())) {
            Err(KeyChoiceError::KidUnfit { kid, reason }) => {
                assert_eq!(kid, "k");
                assert!(reason.contains(why), "{why}: {reason}");
            }
            other => panic!("{why}: {other:?}"),
        }
    }
    // The same kid on two keys of different types (RFC 7517 §4.5): the one that fits.
    let both = br#"{"keys":[{"kty":"RSA","kid":"k","n":"x","e":"AQAB"},{"kty":"EC","kid":"k","crv":"P-256","use":"sig","alg":"ES256"}]}"#;
    let key = choose_key(both, &t(es.clone())).unwrap();
    assert_eq!(key["kty"], "EC");
    // alg and use are kept for verification (WebCrypto checks them on import).
    assert_eq!(key["alg"], "ES256");
    assert_eq!(key["use"], "sig");
}

#[test]
fn expiry_disagreement_extreme_values_no_overflow() {
    // `exp - expires_at` overflowed for a server JWT exp of i64::MIN.
    let note = expiry_disagreement(1_800_000_000, i64::MIN, 5).unwrap();
    assert!(note.contains("earlier"), "{note}");
    assert!(
        expiry_disagreement(i64::MIN, i64::MAX, 5)
            .unwrap()
            .contains("later")
    );
    assert_eq!(expiry_disagreement(i64::MAX, i64::MAX, 5), None);
    let token = jwt(
        json!({"alg":"ES256"}),
        json!({"nbf": i64::MAX, "exp": i64::MIN, "iat": i64::MAX}),
    );
    let _ = checks(&token, None, None, i64::MAX);
    let _ = checks(&token, None, None, i64::MIN);
}

#[test]
fn decode_access_token_opaque_is_none() {
    assert!(decode_access_token("sim_abcdef").is_none());
    assert!(decode_access_token("a.b").unwrap().is_err());
}
