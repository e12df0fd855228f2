//! The simulated authorization server, one table row per rule (RFC 6749 §2.3, §3.2, §4.4, §5).
#![cfg(not(target_arch = "wasm32"))]

use cc_playground::oauth::draft::Draft;
use cc_playground::oauth::encoding::base64_encode;
use cc_playground::oauth::response::{TokenOutcome, parse};
use cc_playground::oauth::simulator::{Simulator, SimulatorConfig};
use cc_playground::oauth::types::AuthMethod;

const NOW: u64 = 1_800_000_000_000;

fn raw(method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = format!("{method} {target} HTTP/1.1\r\nHost: authorization-server.example\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    out.into_bytes()
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64_encode(format!("{id}:{secret}").as_bytes())
    )
}

/// One rule: name, request bytes, expected status, expected error code (`None`: a token),
/// and a header the response must carry.
type Row<'a> = (
    &'a str,
    Vec<u8>,
    u16,
    Option<&'a str>,
    Option<(&'a str, &'a str)>,
);

#[test]
fn handle_rules_table() {
    let good = basic("my_client_id_123", "my_secret_456");
    let bad_secret = basic("my_client_id_123", "nope");
    // (name, request bytes, expected status, expected error code or None for success, header expected)
    let rows: Vec<Row> = vec![
        (
            "basic ok",
            raw(
                "POST",
                "/oauth2/token",
                &[FORM, ("Authorization", &good)],
                "grant_type=client_credentials",
            ),
            200,
            None,
            Some(("Cache-Control", "no-store")),
        ),
        (
            "post ok",
            raw(
                "POST",
                "/oauth2/token",
                &[FORM],
                "grant_type=client_credentials&client_id=my_client_id_123&client_secret=my_secret_456",
            ),
            200,
            None,
            None,
        ),
        (
            "GET refused",
            raw("GET", "/oauth2/token", &[("Authorization", &good)], ""),
            405,
            Some("invalid_request"),
            Some(("Allow", "POST")),
        ),
        (
            "JSON body refused",
            raw(
                "POST",
                "/oauth2/token",
                &[
                    ("Content-Type", "application/json"),
                    ("Authorization", &good),
                ],
                "{}",
            ),
            400,
            Some("invalid_request"),
            None,
        ),
        (
            "grant_type missing",
            raw(
                "POST",
                "/oauth2/token",
                &[FORM, ("Authorization", &good)],
                "scope=orders%3Aread",
            ),
            400,
            Some("invalid_request"),
            None,
        ),
        (
            "other grant type",
            raw(
                "POST",
                "/oauth2/token",
                &[FORM, ("Authorization", &good)],
                "grant_type=password",
            ),
            400,
            Some("unsupported_grant_type"),
            None,
        ),
        (
            "repeated parameter",
            raw(
                "POST",
                "/oauth2/token",
                &[FORM, ("Authorization", &good)],
                "grant_type=client_credentials&grant_type=client_credentials",
            ),
            400,
            Some("invalid_request"),
            None,
        ),
        (
            "wrong secret basic",
            raw(
                "POST",
                "/oauth2/token",
                &[FORM, ("Authorization", &bad_secret)],
                "grant_type=client_credentials",
            ),
            401,
            Some("invalid_client"),
            Some((
                "WWW-Authenticate",
                "Basic realm=\"authorization-server.example\"",
            )),
        ),
        (
            "unknown client post",
            raw(
                "POST",
                "/oauth2/token",
                &[FORM],
                "grant_type=client_credentials&client_id=who&client_secret=x",
            ),
            401,
            Some("invalid_client"),
            None,
        ),
        (
            "no authentication",
            raw(
                "POST",
                "/oauth2/token",
                &[FORM],
                "grant_type=client_credentials",
            ),
            401,
            Some("invalid_client"),
            None,
        ),
        (
            "two methods",
            raw(
                "POST",
                "/oauth2/token",
                &[FORM, ("Authorization", &good)],
                "grant_type=client_credentials&client_id=my_client_id_123&client_secret=my_secret_456",
            ),
            400,
            Some("invalid_request"),
            None,
        ),
        (
            "scope not allowed",
            raw(
                "POST",
                "/oauth2/token",
                &[FORM, ("Authorization", &good)],
                "grant_type=client_credentials&scope=admin",
            ),
            400,
            Some("invalid_scope"),
            None,
        ),
        (
            "unknown path",
            raw(
                "POST",
                "/token",
                &[FORM, ("Authorization", &good)],
                "grant_type=client_credentials",
            ),
            404,
            Some("not_found"),
            None,
        ),
        (
            "malformed HTTP",
            b"POST /oauth2/token HTTP/1.1\r\nHost: a\r\nContent-Length: 99\r\n\r\nshort".to_vec(),
            400,
            Some("invalid_request"),
            None,
        ),
    ];
    for (name, bytes, status, code, header) in rows {
        let mut sim = Simulator::new(SimulatorConfig::default(), 7);
        let response = sim.handle_bytes(&bytes, NOW);
        assert_eq!(response.status, status, "{name}: {}", response.body_text());
        match (parse(&response), code) {
            (TokenOutcome::Token(t), None) => {
                assert!(t.access_token.expose().starts_with("sim_"), "{name}");
                assert_eq!(t.expires_in, Some(3600), "{name}");
                assert_eq!(t.token_type, "Bearer", "{name}");
            }
            (TokenOutcome::Error(e), Some(code)) => assert_eq!(e.error, code, "{name}"),
            (other, _) => panic!("{name}: unexpected outcome {other:?}"),
        }
        if let Some((h, v)) = header {
            assert_eq!(response.header(h), Some(v), "{name}");
        }
    }
}

#[test]
fn handle_unencoded_special_secret_fails_like_strict_server() {
    // A client that forgets the §2.3.1 form-encoding of a secret containing '+' sends
    // "a+b", which a strict server decodes as "a b": authentication fails.
    let mut config = SimulatorConfig::default();
    config.clients[0].secret = "a+b".into();
    let mut sim = Simulator::new(config, 1);
    let naive = basic("my_client_id_123", "a+b");
    let response = sim.handle_bytes(
        &raw(
            "POST",
            "/oauth2/token",
            &[FORM, ("Authorization", &naive)],
            "grant_type=client_credentials",
        ),
        NOW,
    );
    assert_eq!(response.status, 401);
    let encoded = basic("my_client_id_123", "a%2Bb");
    let response = sim.handle_bytes(
        &raw(
            "POST",
            "/oauth2/token",
            &[FORM, ("Authorization", &encoded)],
            "grant_type=client_credentials",
        ),
        NOW,
    );
    assert_eq!(response.status, 200);
}

#[test]
fn handle_composed_requests_from_every_method_issue_tokens() {
    for auth in [AuthMethod::ClientSecretBasic, AuthMethod::ClientSecretPost] {
        let draft = Draft {
            auth,
            client_secret: "p@ss w:rd+%".into(),
            ..Draft::example()
        };
        let mut config = SimulatorConfig::default();
        config.clients[0].secret = "p@ss w:rd+%".into();
        let mut sim = Simulator::new(config, 3);
        let bytes = draft.validate().unwrap().to_http().to_bytes();
        let response = sim.handle_bytes(&bytes, NOW);
        assert_eq!(response.status, 200, "{auth:?}: {}", response.body_text());
    }
}

#[test]
fn handle_public_client_rejected_invalid_client() {
    let draft = Draft {
        auth: AuthMethod::None,
        ..Draft::example()
    };
    let mut sim = Simulator::new(SimulatorConfig::default(), 3);
    let bytes = draft.validate().unwrap().to_http().to_bytes();
    let response = sim.handle_bytes(&bytes, NOW);
    assert_eq!(response.status, 401);
    assert!(matches!(parse(&response), TokenOutcome::Error(e) if e.error == "invalid_client"));
}

#[test]
fn handle_tokens_unique_per_issue() {
    let mut sim = Simulator::new(SimulatorConfig::default(), 42);
    let bytes = Draft::example().validate().unwrap().to_http().to_bytes();
    let a = sim.handle_bytes(&bytes, NOW).body_text();
    let b = sim.handle_bytes(&bytes, NOW).body_text();
    assert_ne!(a, b);
    assert_eq!(sim.issued, 2);
}

#[test]
fn handle_other_host_any_path_plays_token_endpoint() {
    // A live request retried against the simulator keeps its own URL.
    let draft = Draft {
        token_url: "http://127.0.0.1:4180/token".into(),
        ..Draft::example()
    };
    let mut sim = Simulator::new(SimulatorConfig::default(), 9);
    let bytes = draft.validate().unwrap().to_http().to_bytes();
    assert_eq!(sim.handle_bytes(&bytes, NOW).status, 200);
}

#[test]
fn handle_metadata_served_and_parsed() {
    use cc_playground::oauth::metadata::{parse as parse_metadata, request, well_known_urls};
    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    for url in well_known_urls("https://authorization-server.example").unwrap() {
        let response = sim.handle_bytes(&request(&url).unwrap().to_bytes(), NOW);
        assert_eq!(response.status, 200, "{url}");
        let m = parse_metadata(&response.body).unwrap();
        assert_eq!(
            m.token_endpoint.as_deref(),
            Some("https://authorization-server.example/oauth2/token")
        );
        assert!(
            m.warnings(
                "https://authorization-server.example",
                AuthMethod::ClientSecretBasic
            )
            .is_empty()
        );
        assert_eq!(
            m.warnings(
                "https://authorization-server.example",
                AuthMethod::PrivateKeyJwt
            )
            .len(),
            1
        );
    }
}

#[test]
fn handle_protected_resource_checks_bearer_tokens() {
    use cc_playground::oauth::bearer::{api_request, parse_challenge};
    let mut sim = Simulator::new(SimulatorConfig::default(), 5);
    let token_for = |sim: &mut Simulator, scope: &str| {
        let d = Draft {
            scope: scope.into(),
            ..Draft::example()
        };
        match parse(&sim.handle_bytes(&d.validate().unwrap().to_http().to_bytes(), NOW)) {
            TokenOutcome::Token(t) => t.access_token.expose().to_string(),
            other => panic!("{other:?}"),
        }
    };
    let url = "https://authorization-server.example/api/orders";
    let call = |sim: &mut Simulator, token: &str, now: u64| {
        sim.handle_bytes(&api_request(url, "GET", token, "").unwrap().to_bytes(), now)
    };
    let good = token_for(&mut sim, "orders:read");
    assert_eq!(call(&mut sim, &good, NOW).status, 200);
    let expired = call(&mut sim, &good, NOW + 3_601_000);
    assert_eq!(expired.status, 401);
    let c = parse_challenge(expired.header("WWW-Authenticate").unwrap()).unwrap();
    assert_eq!(c.error.as_deref(), Some("invalid_token"));
    let narrow = token_for(&mut sim, "inventory:read");
    let r = call(&mut sim, &narrow, NOW);
    assert_eq!(r.status, 403);
    let c = parse_challenge(r.header("WWW-Authenticate").unwrap()).unwrap();
    assert_eq!(c.scope.as_deref(), Some("orders:read"));
    assert_eq!(call(&mut sim, "forged", NOW).status, 401);
}

#[test]
fn handle_with_signing_key_issues_jwt_access_tokens() {
    use cc_playground::oauth::assertion::decode;
    use cc_playground::oauth::bearer::api_request;
    use cc_playground::oauth::metadata::{parse as parse_metadata, request};
    use cc_playground::oauth::simulator::{complete, pending_signature};
    let mut sim = Simulator::new(SimulatorConfig::default(), 11);
    sim.set_signing_key(
        serde_json::json!({"kty": "EC", "crv": "P-256", "x": "x", "y": "y", "kid": "k1"}),
    );
    let draft = Draft {
        resource: "https://api.example/a\nhttps://api.example/b".into(),
        ..Draft::example()
    };
    let response = sim.handle_bytes(&draft.validate().unwrap().to_http().to_bytes(), NOW);
    assert_eq!(response.status, 200, "{}", response.body_text());
    let input = pending_signature(&response).expect("a JWT waiting for its signature");
    let response = complete(response, &[1, 2, 3]);
    assert!(pending_signature(&response).is_none());
    assert_eq!(
        response.header("Content-Length").unwrap(),
        response.body.len().to_string()
    );
    let TokenOutcome::Token(t) = parse(&response) else {
        panic!()
    };
    let token = t.access_token.expose();
    assert_eq!(token, format!("{input}.AQID"));
    let jwt = decode(token).unwrap();
    assert_eq!(jwt.header["typ"], "at+jwt");
    assert_eq!(jwt.header["kid"], "k1");
    assert_eq!(jwt.claims["client_id"], "my_client_id_123");
    assert_eq!(
        jwt.claims["aud"],
        serde_json::json!(["https://api.example/a", "https://api.example/b"])
    );
    // The protected resource accepts it; the JWKS and the metadata name the key.
    let call = api_request(
        "https://authorization-server.example/api/orders",
        "GET",
        token,
        "",
    )
    .unwrap();
    assert_eq!(sim.handle_bytes(&call.to_bytes(), NOW).status, 200);
    let jwks = sim.handle_bytes(
        &request("https://authorization-server.example/jwks")
            .unwrap()
            .to_bytes(),
        NOW,
    );
    assert!(jwks.body_text().contains("\"kid\":\"k1\""));
    let meta = sim.handle_bytes(
        &request("https://authorization-server.example/.well-known/oauth-authorization-server")
            .unwrap()
            .to_bytes(),
        NOW,
    );
    assert_eq!(
        parse_metadata(&meta.body).unwrap().jwks_uri.as_deref(),
        Some("https://authorization-server.example/jwks")
    );
}

#[test]
fn handle_faults_answer_as_configured() {
    use cc_playground::oauth::simulator::Fault;
    let bytes = Draft::example().validate().unwrap().to_http().to_bytes();
    // (fault, status, header that must be present, outcome kind)
    let rows = [
        (
            Fault::Unavailable,
            503,
            Some(("Retry-After", "30")),
            "problem",
        ),
        (
            Fault::TooManyRequests,
            429,
            Some(("Retry-After", "10")),
            "error",
        ),
        (
            Fault::HtmlError,
            500,
            Some(("Content-Type", "text/html")),
            "problem",
        ),
        (Fault::MalformedJson, 200, None, "problem"),
        (
            Fault::EmptyBody,
            200,
            Some(("Content-Length", "0")),
            "problem",
        ),
        (Fault::None, 200, None, "token"),
    ];
    for (fault, status, header, kind) in rows {
        let config = SimulatorConfig {
            fault,
            ..SimulatorConfig::default()
        };
        let mut sim = Simulator::new(config, 2);
        let response = sim.handle_bytes(&bytes, NOW);
        assert_eq!(response.status, status, "{fault:?}");
        if let Some((h, v)) = header {
            assert_eq!(response.header(h), Some(v), "{fault:?}");
        }
        let got = match parse(&response) {
            TokenOutcome::Token(_) => "token",
            TokenOutcome::Error(_) => "error",
            TokenOutcome::Problem(_) => "problem",
        };
        assert_eq!(got, kind, "{fault:?}");
    }
}

#[test]
fn handle_opaque_option_and_short_lifetime() {
    let config = SimulatorConfig {
        opaque_tokens: true,
        token_lifetime_secs: 10,
        ..SimulatorConfig::default()
    };
    let mut sim = Simulator::new(config, 4);
    sim.set_signing_key(serde_json::json!({"kty": "EC", "kid": "k"}));
    let bytes = Draft::example().validate().unwrap().to_http().to_bytes();
    let TokenOutcome::Token(t) = parse(&sim.handle_bytes(&bytes, NOW)) else {
        panic!()
    };
    assert!(
        !t.access_token.expose().contains('.'),
        "opaque token expected"
    );
    assert_eq!(t.expires_in, Some(10));
}
