//! Property tests (proptest) of every parser of outside input in the pure core: encodings
//! (RFC 4648, RFC 6749 Appendix B), raw HTTP requests (RFC 9112), the simulated server, token
//! endpoint URLs (RFC 6749 §3.2), scopes (§3.3), JWTs (RFC 7515, RFC 7519), JWKS (RFC 7517),
//! metadata (RFC 8414), token responses (RFC 6749 §5), PEM/JWK keys, HTTP dates (RFC 9110
//! §5.6.7) and Bearer challenges (RFC 6750 §3).
//!
//! Case counts are kept modest so that the file runs in seconds in a debug build; the
//! cargo-fuzz targets (`cargo xtask fuzz`) search much longer.
#![cfg(not(target_arch = "wasm32"))]

use cc_core::assertion::{DecodedJwt, JwtAlg, SigningKey, decode, parse_private_key};
use cc_core::bearer::parse_challenge;
use cc_core::draft::{Draft, Row};
use cc_core::encoding::{
    base64_decode, base64_encode, base64url_decode, base64url_encode, form_parse, form_serialize,
    form_urldecode, form_urlencode,
};
use cc_core::http::{Header, HttpRequest, HttpResponse};
use cc_core::jwt::{checks, choose_key, decode_access_token, explain};
use cc_core::metadata::MetadataError;
use cc_core::response::{self, TokenOutcome};
use cc_core::simulator::{Simulator, SimulatorConfig};
use cc_core::token::{format_http_date, parse_http_date};
use cc_core::types::{AuthMethod, Scope};
use cc_core::url::TokenUrl;
use cc_core::{introspection, metadata};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// The simulator's clock in these tests (2025-06-15, ms since the epoch).
const NOW_MS: u64 = 1_750_000_000_000;
/// The same instant in seconds.
const NOW_SECS: i64 = 1_750_000_000;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failures are reported with their minimal input; new crash inputs go into
        // tests/corpus/ (replayed by tests/fuzz_regressions.rs), not into a proptest file.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Arbitrary text, biased towards the characters parsers care about.
fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        "[a-z%+=&:/?#@\\[\\]. \t\r\n\"\\\\,-]{0,40}",
    ]
}

/// A JSON value a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // Quarters are exact in binary, so they survive serde_json's float parsing unchanged.
        any::<i32>().prop_map(|q| Value::from(f64::from(q) / 4.0)),
        "[ -~]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(claim_name(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Member names, mostly the registered claims and header parameters.
fn claim_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "iss",
            "sub",
            "aud",
            "exp",
            "nbf",
            "iat",
            "jti",
            "client_id",
            "scope",
            "alg",
            "typ",
            "kid",
            "keys",
            "kty",
            "use",
            "access_token",
            "token_type",
            "expires_in",
            "error",
            "active",
            "issuer",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,8}",
    ]
}

/// A JSON object of claims.
fn json_object() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(claim_name(), json_value(), 0..6)
        .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
}

fn header_pairs(headers: &[Header]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|h| {
            // OWS around a field value is not part of it (RFC 9112 §5.1).
            let value = h.value.trim_matches([' ', '\t']).to_string();
            (h.name.to_ascii_lowercase(), value)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Encodings (RFC 6749 Appendix B; RFC 4648 §4, §5)

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn form_urlencode_any_string_decodes_back(s in any::<String>()) {
        let encoded = form_urlencode(&s);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"*-._+%".contains(&b)));
        prop_assert_eq!(form_urldecode(&encoded), Ok(s));
    }

    #[test]
    fn form_serialize_any_pairs_parse_back_in_order(
        pairs in prop::collection::vec((any::<String>(), any::<String>()), 0..6)
    ) {
        let body = form_serialize(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        prop_assert_eq!(form_parse(&body), Ok(pairs));
    }

    #[test]
    fn form_urldecode_any_text_no_panic_and_accepted_reencodes(s in tricky_text()) {
        if let Ok(decoded) = form_urldecode(&s) {
            prop_assert_eq!(form_urldecode(&form_urlencode(&decoded)), Ok(decoded));
        }
        let _ = form_parse(&s);
    }

    #[test]
    fn base64_any_bytes_roundtrips(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let encoded = base64_encode(&bytes);
        prop_assert_eq!(encoded.len() % 4, 0);
        prop_assert_eq!(base64_decode(&encoded), Ok(bytes));
    }

    #[test]
    fn base64url_any_bytes_roundtrips_unpadded(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let encoded = base64url_encode(&bytes);
        prop_assert!(!encoded.contains(['=', '+', '/']));
        prop_assert_eq!(base64url_decode(&encoded), Ok(bytes));
    }

    #[test]
    fn base64_decode_any_text_accepts_only_canonical(s in "[A-Za-z0-9+/=_-]{0,12}") {
        if let Ok(bytes) = base64_decode(&s) {
            prop_assert_eq!(base64_encode(&bytes), s.clone());
        }
        if let Ok(bytes) = base64url_decode(&s) {
            prop_assert_eq!(base64url_encode(&bytes), s);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP requests (RFC 9112) and the simulated server

/// A draft with arbitrary credentials, scope and extra headers.
fn any_draft() -> impl Strategy<Value = Draft> {
    (
        prop::sample::select(vec![
            AuthMethod::ClientSecretBasic,
            AuthMethod::ClientSecretPost,
            AuthMethod::None,
        ]),
        prop_oneof![Just("my_client_id_123".to_string()), any::<String>()],
        prop_oneof![Just("my_secret_456".to_string()), any::<String>()],
        prop_oneof!["[a-z:]{0,10}( [a-z:]{1,10}){0,2}", any::<String>()],
        prop::collection::vec((tricky_text(), tricky_text()), 0..3),
        prop_oneof![
            Just("https://authorization-server.example/oauth2/token".to_string()),
            "https://[a-z]{1,8}\\.example(:[0-9]{1,5})?/[ -~]{0,20}",
        ],
    )
        .prop_map(|(auth, id, secret, scope, headers, url)| Draft {
            auth,
            client_id: id,
            client_secret: secret.into(),
            scope,
            token_url: url,
            extra_headers: headers
                .into_iter()
                .enumerate()
                .map(|(i, (name, value))| Row::new(i as u32 + 1, name, value))
                .collect(),
            ..Draft::example()
        })
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn http_request_parse_composed_request_gives_back_its_parts(draft in any_draft()) {
        let Ok(request) = draft.validate() else {
            return Ok(());
        };
        let http = request.to_http();
        let parsed = HttpRequest::parse(&http.to_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e} for {http:?}")))?;
        prop_assert_eq!(&parsed.method, &http.method);
        prop_assert_eq!(&parsed.target, &http.target);
        prop_assert_eq!(header_pairs(&parsed.headers), header_pairs(&http.headers));
        prop_assert_eq!(&parsed.body, &http.body);
    }

    #[test]
    fn http_request_parse_any_bytes_no_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = HttpRequest::parse(&bytes);
    }

    #[test]
    fn http_request_parse_accepted_bytes_rerender_to_same_request(
        method in "[A-Z]{1,7}",
        target in "/[!-~]{0,20}",
        headers in prop::collection::vec(("[A-Za-z-]{1,10}", "[ -~]{0,16}"), 0..4),
        body in prop::collection::vec(any::<u8>(), 0..32),
    ) {
        let mut text = format!("{method} {target} HTTP/1.1\r\nHost: as.example\r\n");
        for (name, value) in &headers {
            if !name.eq_ignore_ascii_case("content-length") && !name.eq_ignore_ascii_case("host") {
                text.push_str(&format!("{name}:{value}\r\n"));
            }
        }
        text.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(&body);
        let parsed = HttpRequest::parse(&bytes)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&parsed.body, &body);
        let again = HttpRequest::parse(&parsed.to_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, parsed);
    }

    #[test]
    fn simulator_handle_bytes_any_bytes_valid_status_and_content_length(
        bytes in prop::collection::vec(any::<u8>(), 0..200),
        seed in any::<u64>(),
    ) {
        let response = Simulator::new(SimulatorConfig::default(), seed).handle_bytes(&bytes, NOW_MS);
        prop_assert!((100..=599).contains(&response.status));
        prop_assert_eq!(
            response.header("content-length").map(str::to_string),
            Some(response.body.len().to_string())
        );
    }

    #[test]
    fn simulator_handle_bytes_composed_request_json_answer(draft in any_draft(), seed in any::<u64>()) {
        let Ok(request) = draft.validate() else {
            return Ok(());
        };
        let bytes = request.to_http().to_bytes();
        let response = Simulator::new(SimulatorConfig::default(), seed).handle_bytes(&bytes, NOW_MS);
        prop_assert!((100..=599).contains(&response.status));
        prop_assert_eq!(
            response.header("content-length").map(str::to_string),
            Some(response.body.len().to_string())
        );
        // Whatever the verdict, the token endpoint answers in JSON (RFC 6749 §5.1, §5.2).
        let outcome = response::parse(&response);
        prop_assert!(
            !matches!(outcome, TokenOutcome::Problem(_)),
            "simulator answer not a token or error response: {:?}", response
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Token endpoint URLs (RFC 6749 §3.2) and scopes (§3.3)

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn token_url_parse_any_text_accepted_reserialises_stably(s in prop_oneof![
        tricky_text(),
        "(https?|HTTP|ftp|javascript):(//)?[a-zA-Z0-9.:@\\[\\]_~-]{0,20}[/?#]?[ -~]{0,20}",
    ]) {
        if let Ok(url) = TokenUrl::parse(&s) {
            let serialised = url.to_string();
            let again = TokenUrl::parse(&serialised)
                .map_err(|e| TestCaseError::fail(format!("{serialised:?}: {e}")))?;
            prop_assert_eq!(again.to_string(), serialised.clone());
            prop_assert_eq!(again, url.clone());
            prop_assert!(url.path().starts_with('/'));
            prop_assert!(!serialised.contains(['#', ' ']));
        }
    }

    #[test]
    fn token_url_parse_generated_https_url_accepted_and_lowercased(
        host in "[A-Za-z][A-Za-z0-9-]{0,10}(\\.[A-Za-z0-9-]{1,10}){0,3}",
        port in prop::option::of(1u16..),
        // No dot segments here (a segment never starts with `.` or `%`): those are removed,
        // see the next property.
        path in "(/([A-Za-z0-9_~!$&'()*+,;=:@-][A-Za-z0-9._~%!$&'()*+,;=:@-]{0,9})?){0,3}",
    ) {
        let port_text = port.map(|p| format!(":{p}")).unwrap_or_default();
        let url = TokenUrl::parse(&format!("https://{host}{port_text}{path}"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(url.host(), host.to_ascii_lowercase());
        prop_assert_eq!(url.port(), port.filter(|p| *p != 443));
        let expected_path = if path.is_empty() { "/" } else { path.as_str() };
        prop_assert_eq!(url.path(), expected_path);
    }

    /// RFC 3986 §5.2.4 / WHATWG path state: whatever the dot segments, the path sent has none
    /// left, and it is the same path whichever separator (`/` or `\\`) was typed.
    #[test]
    fn token_url_parse_dot_segments_never_survive(
        segments in prop::collection::vec(
            prop_oneof![
                Just("."), Just(".."), Just("%2e"), Just("%2E%2e"), Just(".%2e"),
                Just("a"), Just("b."), Just(""), Just("..."),
            ],
            0..8,
        ),
        query in prop::option::of("[a-z'= ]{0,6}"),
    ) {
        let path: String = segments.iter().map(|s| format!("/{s}")).collect();
        let query = query.map(|q| format!("?{q}")).unwrap_or_default();
        let url = TokenUrl::parse(&format!("https://as.example{path}{query}"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let sent = url.path().to_string();
        prop_assert!(sent.starts_with('/'));
        for segment in sent.split('/').skip(1) {
            let lower = segment.to_ascii_lowercase();
            prop_assert!(
                !matches!(lower.as_str(), "." | ".." | "%2e" | ".%2e" | "%2e." | "%2e%2e"),
                "{sent:?} from {path:?}"
            );
        }
        let backslashed = TokenUrl::parse(&format!("https://as.example{}{query}", path.replace('/', "\\")))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(backslashed.path(), sent.as_str());
        prop_assert!(!url.request_target().contains(['\'', ' ']));
    }

    #[test]
    fn scope_parse_accepted_wire_form_parses_to_same_tokens(s in tricky_text()) {
        if let Ok(scope) = Scope::parse(&s) {
            prop_assert!(scope.tokens().iter().all(|t| !t.is_empty() && t.is_ascii()));
            let again = Scope::parse(&scope.to_wire())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(again.tokens(), scope.tokens());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JWTs (RFC 7515 §7.1, RFC 7519 §7.2, RFC 9068) and JWKS (RFC 7517)

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn jwt_decode_any_one_to_five_segments_no_panic(
        segments in prop::collection::vec(
            prop_oneof!["[A-Za-z0-9_-]{0,24}", any::<String>().prop_map(|s| s.replace('.', ""))],
            1..=5,
        )
    ) {
        let token = segments.join(".");
        let decoded = decode(&token);
        if segments.len() != 3 {
            prop_assert!(decoded.is_err());
        }
        if let Ok(jwt) = &decoded {
            let (h, c) = explain(jwt);
            let _: Vec<String> = h.iter().chain(&c).map(|r| r.shown(NOW_SECS)).collect();
            let _ = checks(jwt, None, Some("https://authorization-server.example"), NOW_SECS);
        }
        let opaque = decode_access_token(&token).is_none();
        prop_assert_eq!(opaque, segments.len() == 1);
    }

    #[test]
    fn jwt_decode_encoded_objects_decode_to_same_json(
        header in json_object(),
        claims in json_object(),
        signature in "[A-Za-z0-9_-]{0,16}",
    ) {
        let token = format!(
            "{}.{}.{signature}",
            base64url_encode(header.to_string().as_bytes()),
            base64url_encode(claims.to_string().as_bytes()),
        );
        let jwt = decode(&token).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&jwt.header, &header);
        prop_assert_eq!(&jwt.claims, &claims);
        let (header_rows, claim_rows) = explain(&jwt);
        prop_assert_eq!(header_rows.len(), header.as_object().map_or(0, Map::len));
        prop_assert_eq!(claim_rows.len(), claims.as_object().map_or(0, Map::len));
        let request = Draft::example().validate().expect("example is valid");
        prop_assert!(!checks(&jwt, Some(&request), None, NOW_SECS).is_empty());
    }

    #[test]
    fn jwt_choose_key_any_jwks_chosen_key_is_listed_with_kid(
        header in json_object(),
        keys in prop::collection::vec(json_object(), 0..4),
        wrapped in any::<bool>(),
    ) {
        let jwks = if wrapped { json!({ "keys": keys }) } else { Value::Array(keys.clone()) };
        let jwt = DecodedJwt { header: header.clone(), claims: json!({}) };
        if let Ok(key) = choose_key(jwks.to_string().as_bytes(), &jwt) {
            prop_assert!(wrapped && keys.contains(&key));
            if let Some(kid) = header.get("kid").and_then(Value::as_str) {
                prop_assert_eq!(key.get("kid").and_then(Value::as_str), Some(kid));
            }
        }
    }

    #[test]
    fn jwt_choose_key_any_bytes_no_panic(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
        let jwt = DecodedJwt { header: json!({"alg": "ES256"}), claims: json!({}) };
        let _ = choose_key(&bytes, &jwt);
    }
}

// ---------------------------------------------------------------------------------------------
// Response bodies: token (RFC 6749 §5), introspection (RFC 7662 §2.2), metadata (RFC 8414 §3.2)

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn response_parse_any_body_no_panic(
        status in 100u16..600,
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..120),
            json_value().prop_map(|v| v.to_string().into_bytes()),
            json_object().prop_map(|v| v.to_string().into_bytes()),
        ],
    ) {
        let http = HttpResponse::new(status, vec![], body.clone());
        if let TokenOutcome::Error(error) = response::parse(&http) {
            prop_assert_eq!(error.status, status);
        }
        prop_assert!(response::secret_values(&body).iter().all(|s| !s.is_empty()));
        let _ = introspection::parse(status, &body);
        let _ = metadata::parse(&body);
    }

    #[test]
    fn response_parse_generated_token_keeps_its_members(
        token in "[ -~]{1,40}",
        expires_in in any::<u64>(),
        scope in "[a-z:]{1,10}( [a-z:]{1,10}){0,2}",
        extra in json_object(),
    ) {
        let mut body = extra.as_object().cloned().unwrap_or_default();
        body.retain(|k, _| k != "error");
        body.insert("access_token".into(), Value::from(token.clone()));
        body.insert("token_type".into(), Value::from("Bearer"));
        body.insert("expires_in".into(), Value::from(expires_in));
        body.insert("scope".into(), Value::from(scope.clone()));
        let bytes = Value::Object(body).to_string().into_bytes();
        let http = HttpResponse::new(200, vec![], bytes.clone());
        let TokenOutcome::Token(parsed) = response::parse(&http) else {
            return Err(TestCaseError::fail("a well-formed token response was refused"));
        };
        prop_assert_eq!(parsed.access_token.expose(), token.as_str());
        prop_assert_eq!(parsed.scope.as_deref(), Some(scope.as_str()));
        prop_assert_eq!(response::secret_values(&bytes).first().cloned(), Some(token));
    }

    #[test]
    fn metadata_parse_generated_document_keeps_issuer(
        issuer in "https://[a-z]{1,10}\\.example(/[a-z]{1,5}){0,2}",
        extra in json_object(),
    ) {
        let mut doc = extra.as_object().cloned().unwrap_or_default();
        doc.insert("issuer".into(), Value::from(issuer.clone()));
        match metadata::parse(Value::Object(doc).to_string().as_bytes()) {
            Ok(m) => prop_assert_eq!(m.issuer, issuer.clone()),
            // With an issuer present, only a member of the wrong type may refuse it.
            Err(e) => prop_assert!(matches!(e, MetadataError::WrongType(_)), "{e:?}"),
        }
        prop_assert_eq!(metadata::well_known_urls(&issuer).map(|u| u.len()).ok(), Some(2));
    }
}

// ---------------------------------------------------------------------------------------------
// Keys (RFC 7468 PEM, RFC 5208 PKCS#8, RFC 7517 JWK), dates (RFC 9110 §5.6.7), challenges
// (RFC 6750 §3)

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn parse_private_key_any_text_no_panic(s in tricky_text()) {
        for alg in [JwtAlg::Rs256, JwtAlg::Es256, JwtAlg::Hs256] {
            let _ = parse_private_key(&s, alg);
            let _ = parse_private_key(&format!("-----BEGIN {s}"), alg);
        }
    }

    #[test]
    fn parse_private_key_pem_of_any_der_keeps_the_key_bytes(
        der in prop::collection::vec(any::<u8>(), 0..300),
        label in prop::sample::select(vec!["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]),
    ) {
        let body = base64_encode(&der);
        let lines: Vec<&str> = body.as_bytes().chunks(64)
            .map(|c| std::str::from_utf8(c).expect("ASCII"))
            .collect();
        let pem = format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"));
        match parse_private_key(&pem, JwtAlg::Rs256) {
            Ok(SigningKey::Pkcs8(out)) => prop_assert!(out.expose().ends_with(&der)),
            other => return Err(TestCaseError::fail(format!("{other:?}"))),
        }
    }

    #[test]
    fn parse_http_date_formatted_instant_parses_back(secs in 0i64..253_402_300_800) {
        prop_assert_eq!(parse_http_date(&format_http_date(secs)), Some(secs));
    }

    #[test]
    fn parse_http_date_any_text_no_panic(
        s in prop_oneof![
            tricky_text(),
            "[A-Za-z]{3}, [0-9+-]{1,20} [A-Za-z]{3} [0-9+-]{1,20} [0-9+-]{1,20}:[0-9+-]{1,20}:[0-9+-]{1,20} GMT",
        ]
    ) {
        let _ = parse_http_date(&s);
    }

    #[test]
    fn parse_challenge_generated_bearer_gives_back_quoted_values(
        scheme in prop::sample::select(vec!["Bearer", "bearer", "BEARER"]),
        error in "[ -~]{0,20}",
        scope in "[a-z: ]{0,20}",
    ) {
        let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let header = format!(
            "{scheme} realm=\"api\", error=\"{}\", scope=\"{}\"",
            quote(&error),
            quote(&scope)
        );
        let challenge = parse_challenge(&header)
            .ok_or_else(|| TestCaseError::fail("Bearer not recognised"))?;
        prop_assert_eq!(challenge.realm.as_deref(), Some("api"));
        prop_assert_eq!(challenge.error.as_deref(), Some(error.as_str()));
        prop_assert_eq!(challenge.scope.as_deref(), Some(scope.as_str()));
    }

    #[test]
    fn parse_challenge_any_text_some_only_for_bearer(s in tricky_text()) {
        let trimmed = s.trim();
        let scheme = trimmed.split_once(' ').map_or(trimmed, |(scheme, _)| scheme);
        prop_assert_eq!(parse_challenge(&s).is_some(), scheme.eq_ignore_ascii_case("bearer"));
    }
}

// ---------------------------------------------------------------------------------------------
// URL prefill parameters (README "Configuration by URL") and OpenAPI documents

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn prefill_parse_any_query_and_fragment_applies_without_panic(
        query in tricky_text(),
        fragment in tricky_text(),
    ) {
        let prefill = cc_core::prefill::parse(&query, &fragment);
        let mut draft = Draft::example();
        prefill.apply(&mut draft);
        let _ = draft.validate();
    }

    #[test]
    fn prefill_parse_encoded_token_url_and_client_id_given_back(
        url in "https://[a-z]{1,10}\\.example/[ -~]{0,20}",
        client_id in any::<String>(),
    ) {
        let query = format!(
            "?token_url={}&client_id={}",
            form_urlencode(&url),
            form_urlencode(&client_id)
        );
        let prefill = cc_core::prefill::parse(&query, "");
        prop_assert_eq!(prefill.token_url.as_deref(), Some(url.as_str()));
        prop_assert_eq!(prefill.client_id.as_deref(), Some(client_id.as_str()));
    }

    #[test]
    fn openapi_parse_any_text_no_panic(s in prop_oneof![
        tricky_text(),
        "(openapi: 3\\.[01]\\.0\n|swagger: \"2\\.0\"\n)([ a-zA-Z:{}\\[\\]\"'/.,#-]{0,20}\n){0,8}",
    ]) {
        let _ = cc_core::openapi::parse(&s);
    }
}

// ---------------------------------------------------------------------------------------------
// Time arithmetic on claims and lifetimes from outside (issue 14 #9): NumericDate (RFC 7519
// §2) may be any JSON number, `expires_in` (RFC 6749 §5.1) too; none of them may overflow.

/// Any JSON number a hostile token or response can carry, biased to the extremes.
fn any_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![
            Just(Value::from(i64::MIN)),
            Just(Value::from(i64::MAX)),
            Just(Value::from(u64::MAX)),
            Just(Value::from(u64::MAX - 59)),
            Just(Value::from(-1)),
            Just(Value::from(0)),
            Just(json!(1.5e300)),
            Just(json!(-1.5e300)),
            Just(json!(1_750_000_000.5)),
        ],
        Just(Value::String("NaN".into())),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn jwt_time_claims_any_number_no_panic(
        exp in any_number(),
        iat in any_number(),
        nbf in any_number(),
        now in any::<i64>(),
        expires_at in any::<i64>(),
        tolerance in any::<i64>(),
    ) {
        let jwt = DecodedJwt {
            header: json!({"alg": "ES256", "typ": "at+jwt"}),
            claims: json!({"exp": exp, "iat": iat, "nbf": nbf}),
        };
        for now in [now, i64::MIN, i64::MAX, NOW_SECS] {
            let (h, c) = explain(&jwt);
            let _: Vec<String> = h.iter().chain(&c).map(|r| r.shown(now)).collect();
            let found = checks(&jwt, None, Some("https://as.example"), now);
            prop_assert!(!found.is_empty());
        }
        if let Some(exp) = cc_core::jwt::time_claim(&jwt.claims, "exp") {
            let _ = cc_core::jwt::expiry_disagreement(expires_at, exp, tolerance);
        }
    }

    #[test]
    fn simulator_assertion_any_time_claims_answered(
        exp in any_number(),
        iat in any_number(),
        jti in "[a-z]{1,8}",
    ) {
        let header = json!({"alg": "HS256", "typ": "JWT"});
        let claims = json!({
            "iss": "my_client_id_123", "sub": "my_client_id_123",
            "aud": "https://authorization-server.example/oauth2/token",
            "exp": exp, "iat": iat, "jti": jti,
        });
        // The claims are checked before the signature, so a made-up signature reaches them.
        let jws = format!(
            "{}.{}.c2ln",
            base64url_encode(header.to_string().as_bytes()),
            base64url_encode(claims.to_string().as_bytes())
        );
        let draft = Draft {
            auth: AuthMethod::ClientSecretJwt,
            assertion: cc_core::draft::AssertionState::Signed(jws.into()),
            ..Draft::example()
        };
        let bytes = draft.validate().map_err(|e| TestCaseError::fail(format!("{e:?}")))?.to_http().to_bytes();
        let mut sim = Simulator::new(SimulatorConfig::default(), 7);
        for _ in 0..2 {
            let response = sim.handle_bytes(&bytes, NOW_MS);
            prop_assert!(matches!(response.status, 200 | 400 | 401), "{}", response.status);
        }
    }

    #[test]
    fn token_lifetime_any_expires_in_and_clock_no_panic(
        expires_in in any_number(),
        received_at in any::<u64>(),
        now in any::<u64>(),
        jwt_exp_ms in prop::option::of(any::<u64>()),
    ) {
        use cc_core::token::{IssuedToken, RenewAt};
        let body = json!({"access_token": "a", "token_type": "Bearer", "expires_in": expires_in});
        let response = HttpResponse::new(200, vec![Header::new("Cache-Control", "no-store")], body.to_string());
        let TokenOutcome::Token(token) = response::parse(&response) else {
            return Err(TestCaseError::fail("a token response"));
        };
        let about = token.notes.iter().filter(|n| n.contains("expires_in")).count();
        prop_assert!(about <= 1, "{:?}", token.notes);
        let issued = IssuedToken { response: token, received_at_ms: received_at, jwt_exp_ms };
        for policy in [RenewAt::LastTenPercent, RenewAt::EightyPercent, RenewAt::ThirtySecondsBefore] {
            for now in [now, 0, u64::MAX, received_at] {
                let _ = issued.state_for(now, policy);
                if let Some(f) = issued.fraction_left(now) {
                    prop_assert!((0.0..=1.0).contains(&f));
                }
            }
        }
        let _ = issued.lifetime_secs();
    }
}
