//! No secret ever appears in `{:?}`: every secret-bearing field is a
//! [`Secret`](cc_core::protocol::secret::Secret) (or a `secret_type!` newtype over one), so a
//! struct that holds one can derive `Debug` and a stray log line cannot leak a client secret
//! (RFC 6749 §2.3.1), a private key (RFC 7517), a client assertion (RFC 7523 §2.2) or an access
//! token (RFC 6749 §10.3). A new secret field that is a plain `String` makes this test fail.

use cc_core::assertion::{JwtAlg, SigningKey, parse_private_key};
use cc_core::draft::{AssertionState, Draft};
use cc_core::http::{HttpResponse, NameValue};
use cc_core::prefill::parse;
use cc_core::response::{TokenOutcome, parse as parse_response};
use cc_core::simulator::{Simulator, SimulatorConfig};
use cc_core::token::IssuedToken;
use cc_core::types::AuthMethod;
use cc_core::url::TokenUrl;

const NOW: u64 = 1_700_000_000_000;
const SECRET: &str = "S3CRET-client-value";
const ASSERTION: &str = "eyJhbGciOiJIUzI1NiJ9.ASSERTION-claims.ASSERTION-signature";
const PRIVATE_JWK: &str =
    r#"{"kty":"RSA","n":"PUBLIC-n","e":"AQAB","d":"PRIVATE-exponent-d","p":"PRIVATE-p"}"#;

/// Fails with the offending text when any of `secrets` is in `shown`.
fn assert_hidden(what: &str, shown: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(
            !shown.contains(s),
            "{what}'s Debug output shows the secret {s:?}: {shown}"
        );
    }
}

fn draft(auth: AuthMethod) -> Draft {
    Draft {
        auth,
        client_secret: SECRET.into(),
        private_key: PRIVATE_JWK.into(),
        assertion: AssertionState::Signed(ASSERTION.into()),
        ..Draft::example()
    }
}

#[test]
fn debug_draft_every_method_secrets_hidden() {
    for auth in AuthMethod::ALL {
        let d = draft(auth);
        assert_hidden(
            "Draft",
            &format!("{d:?}"),
            &[SECRET, "PRIVATE-", "ASSERTION-"],
        );
        assert_hidden(
            "Draft (pretty)",
            &format!("{d:#?}"),
            &[SECRET, "PRIVATE-", "ASSERTION-"],
        );
    }
}

#[test]
fn debug_token_request_and_http_request_secrets_hidden() {
    for auth in AuthMethod::ALL {
        let request = draft(auth).validate().expect("the example validates");
        let http = request.to_http();
        let secrets = [SECRET, "ASSERTION-"];
        assert_hidden("TokenRequest", &format!("{request:?}"), &secrets);
        assert_hidden("HttpRequest", &format!("{http:?}"), &secrets);
        assert_hidden("params", &format!("{:?}", request.params()), &secrets);
        // The secret is really on the wire for the methods that send it: the test would
        // otherwise pass vacuously.
        let wire = String::from_utf8_lossy(&http.to_bytes()).into_owned();
        if auth.uses_assertion() {
            assert!(wire.contains("ASSERTION-claims"), "{wire}");
        }
        if auth == AuthMethod::ClientSecretPost {
            assert!(wire.contains(SECRET), "{wire}");
        }
    }
}

#[test]
fn debug_issued_token_and_response_access_token_hidden() {
    let bytes = Draft::example().validate().unwrap().to_http().to_bytes();
    let mut sim = Simulator::new(SimulatorConfig::default(), 7);
    let response = sim.handle_bytes(&bytes, NOW);
    let TokenOutcome::Token(token) = parse_response(&response) else {
        panic!("the simulator issues a token for the example");
    };
    let access_token = token.access_token.expose().to_string();
    assert!(access_token.len() > 8);
    // A derived Debug would print the body as a list of byte values: the token's bytes, too.
    let as_bytes = format!("{:?}", access_token.as_bytes());
    let as_bytes = as_bytes.trim_start_matches('[').trim_end_matches(']');
    let shown = format!("{response:?}");
    assert_hidden("HttpResponse", &shown, &[&access_token, as_bytes]);
    assert!(shown.contains("bytes]"), "{shown}");
    let issued = IssuedToken {
        response: token,
        received_at_ms: NOW,
        jwt_exp_ms: None,
    };
    assert_hidden("IssuedToken", &format!("{issued:?}"), &[&access_token]);
}

#[test]
fn debug_signing_keys_and_prefill_secrets_hidden() {
    let jwk = parse_private_key(PRIVATE_JWK, JwtAlg::Rs256).expect("a private JWK");
    assert!(matches!(jwk, SigningKey::Jwk(_)));
    assert_hidden("SigningKey::Jwk", &format!("{jwk:?}"), &["PRIVATE-"]);
    let (_, hmac) = draft(AuthMethod::ClientSecretJwt)
        .assertion_plan()
        .unwrap()
        .unwrap();
    // The key is the secret's bytes; Debug of a Vec<u8> would print them as numbers.
    let bytes = format!("{:?}", SECRET.as_bytes());
    assert_hidden(
        "SigningKey::Secret",
        &format!("{hmac:?}"),
        &[SECRET, &bytes],
    );
    let prefill = parse("", &format!("secret={SECRET}&allow_secret=1"));
    assert_eq!(prefill.client_secret.as_ref().unwrap().expose(), SECRET);
    assert_hidden("Prefill", &format!("{prefill:?}"), &[SECRET]);
}

#[test]
fn debug_token_response_extra_members_hidden() {
    let body = r#"{"access_token":"at-1234567890","token_type":"Bearer","expires_in":60,"refresh_token":"rt-0987654321","id_token":"idt-5555555555"}"#;
    let response = HttpResponse {
        status: 200,
        reason: "OK".into(),
        headers: vec![NameValue {
            name: "Content-Type".into(),
            value: "application/json".into(),
            sensitive: false,
        }],
        body: body.as_bytes().to_vec(),
    };
    let TokenOutcome::Token(token) = parse_response(&response) else {
        panic!("a token response");
    };
    // The members are kept (by name) for the token panel.
    let names: Vec<&str> = token.extra.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["id_token", "refresh_token"]);
    assert_eq!(token.extra[1].1.expose(), "rt-0987654321");
    let shown = format!("{token:?}");
    assert_hidden(
        "TokenResponse",
        &shown,
        &["at-1234567890", "rt-0987654321", "idt-5555555555"],
    );
    assert!(shown.contains("refresh_token"), "{shown}");
}

#[test]
fn debug_token_url_query_values_redacted_names_kept() {
    // Users paste token URLs with credentials in the query although RFC 6749 §2.3.1 says they
    // MUST NOT be there; Debug (logs) must not repeat them, Display (the request) still does.
    let url = TokenUrl::parse(&format!(
        "https://as.example:8443/oauth2/token?client_secret={SECRET}&api-version=2&flag&x=a=b;c"
    ))
    .unwrap();
    let shown = format!("{url:?}");
    assert_hidden("TokenUrl", &shown, &[SECRET, "api-version=2", "a=b;c"]);
    assert_eq!(
        shown,
        "TokenUrl(https://as.example:8443/oauth2/token?client_secret=[redacted]&api-version=[redacted]&flag&x=[redacted])"
    );
    assert!(url.to_string().contains(SECRET), "Display is the URL sent");
    let draft = Draft {
        token_url: url.to_string(),
        ..Draft::example()
    };
    let request = draft.validate().unwrap();
    assert_hidden("TokenRequest", &format!("{request:?}"), &[SECRET]);
    // Without a query, Debug is the whole URL.
    let plain = TokenUrl::parse("https://as.example/token").unwrap();
    assert_eq!(format!("{plain:?}"), "TokenUrl(https://as.example/token)");
}
