//! The simulated authorization server, one table row per rule (RFC 6749 §2.3, §3.2, §4.4, §5).
#![cfg(not(target_arch = "wasm32"))]

use cc_core::draft::Draft;
use cc_core::encoding::base64_encode;
use cc_core::response::{TokenOutcome, parse};
use cc_core::simulator::{Profile, Simulator, SimulatorConfig};
use cc_core::types::AuthMethod;

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

/// One rule of the server: the configuration it runs with, the request bytes, and the exact
/// status, headers and JSON body of the answer (`"<token>"` stands for the random token).
struct Row {
    name: &'static str,
    config: fn(&mut SimulatorConfig),
    bytes: Vec<u8>,
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: serde_json::Value,
}

fn default_config(_: &mut SimulatorConfig) {}

fn token_post(body: &str) -> Vec<u8> {
    raw("POST", "/oauth2/token", &[FORM], body)
}

fn token_basic(id: &str, secret: &str, body: &str) -> Vec<u8> {
    raw(
        "POST",
        "/oauth2/token",
        &[FORM, ("Authorization", &basic(id, secret))],
        body,
    )
}

/// Basic credentials with the base64 padding cut off (RFC 4648 §3.2).
fn unpadded_basic(id: &str, secret: &str) -> String {
    let padded = basic(id, secret);
    assert!(
        padded.ends_with('='),
        "pick credentials whose base64 is padded"
    );
    padded.trim_end_matches('=').to_string()
}

const ID: &str = "my_client_id_123";
const SECRET: &str = "my_secret_456";
const GRANT: &str = "grant_type=client_credentials";
const JSON_HEADERS: [(&str, &str); 3] = [
    ("Content-Type", "application/json;charset=UTF-8"),
    ("Cache-Control", "no-store"),
    ("Pragma", "no-cache"),
];
const BASIC_CHALLENGE: (&str, &str) = (
    "WWW-Authenticate",
    "Basic realm=\"authorization-server.example\"",
);

fn error(code: &str, description: &str) -> serde_json::Value {
    serde_json::json!({"error": code, "error_description": description})
}

fn rows() -> Vec<Row> {
    use serde_json::json;
    let with_challenge = || {
        let mut h = JSON_HEADERS.to_vec();
        h.push(BASIC_CHALLENGE);
        h
    };
    let post_creds = format!("{GRANT}&client_id={ID}&client_secret={SECRET}");
    vec![
        Row {
            name: "basic, no scope: the default scope is granted and named (§3.3, §5.1)",
            config: default_config,
            bytes: token_basic(ID, SECRET, GRANT),
            status: 200,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": 3600, "scope": "orders:read"}),
        },
        Row {
            name: "post, scope granted as requested: scope omitted (§5.1)",
            config: default_config,
            bytes: token_post(&format!(
                "{post_creds}&scope=orders%3Aread+inventory%3Aread"
            )),
            status: 200,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": 3600}),
        },
        Row {
            name: "GET: 405 with Allow: POST (§3.2)",
            config: default_config,
            bytes: raw(
                "GET",
                "/oauth2/token",
                &[("Authorization", &basic(ID, SECRET))],
                "",
            ),
            status: 405,
            headers: vec![("Allow", "POST"), ("Cache-Control", "no-store")],
            body: error(
                "invalid_request",
                "The token endpoint accepts only POST (RFC 6749 §3.2), not GET.",
            ),
        },
        Row {
            name: "JSON body: 400 naming the content type (§4.4.2)",
            config: default_config,
            bytes: raw(
                "POST",
                "/oauth2/token",
                &[
                    ("Content-Type", "application/json"),
                    ("Authorization", &basic(ID, SECRET)),
                ],
                "{}",
            ),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_request",
                "Content-Type must be application/x-www-form-urlencoded (RFC 6749 §4.4.2), not application/json.",
            ),
        },
        Row {
            name: "repeated parameter (§3.2)",
            config: default_config,
            bytes: token_basic(ID, SECRET, &format!("{GRANT}&{GRANT}")),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_request",
                "The parameter grant_type is repeated (RFC 6749 §3.2: parameters MUST NOT be included more than once).",
            ),
        },
        Row {
            name: "empty scope= is treated as omitted: the default scope (§3.2)",
            config: default_config,
            bytes: token_basic(ID, SECRET, &format!("{GRANT}&scope=")),
            status: 200,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": 3600, "scope": "orders:read"}),
        },
        Row {
            name: "empty grant_type= is treated as omitted: missing (§3.2, §4.4.2)",
            config: default_config,
            bytes: token_basic(ID, SECRET, "grant_type=&scope=orders%3Aread"),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_request",
                "The grant_type parameter is missing (RFC 6749 §4.4.2).",
            ),
        },
        Row {
            name: "empty audience= and resource= are treated as omitted (§3.2)",
            config: default_config,
            bytes: token_basic(ID, SECRET, &format!("{GRANT}&audience=&resource=")),
            status: 200,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": 3600, "scope": "orders:read"}),
        },
        Row {
            name: "empty client_secret= next to Basic is treated as omitted: one method (§3.2)",
            config: default_config,
            bytes: token_basic(ID, SECRET, &format!("{GRANT}&client_secret=")),
            status: 200,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": 3600, "scope": "orders:read"}),
        },
        Row {
            name: "Authorization: Bearer with client_secret_post: 400 malformed header (§5.2)",
            config: default_config,
            bytes: raw(
                "POST",
                "/oauth2/token",
                &[FORM, ("Authorization", "Bearer abc")],
                &post_creds,
            ),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"error": "invalid_request"}),
        },
        Row {
            name: "Basic with bad base64: 400 malformed header (§5.2)",
            config: default_config,
            bytes: raw(
                "POST",
                "/oauth2/token",
                &[FORM, ("Authorization", "Basic !!!*")],
                GRANT,
            ),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"error": "invalid_request"}),
        },
        Row {
            name: "Basic without ':': 400 malformed header (§2.3.1, §5.2)",
            config: default_config,
            bytes: raw(
                "POST",
                "/oauth2/token",
                &[
                    FORM,
                    (
                        "Authorization",
                        &format!("Basic {}", base64_encode(ID.as_bytes())),
                    ),
                ],
                GRANT,
            ),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"error": "invalid_request"}),
        },
        Row {
            name: "Basic with a bad %-escape: 400 malformed header (§2.3.1, Appendix B)",
            config: default_config,
            bytes: token_basic(ID, "my%zzsecret", GRANT),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"error": "invalid_request"}),
        },
        Row {
            name: "Basic without base64 padding: accepted, as real servers do (RFC 4648 §3.2)",
            config: |c| c.clients[0].secret = "my_secret_4567".into(),
            bytes: raw(
                "POST",
                "/oauth2/token",
                &[
                    FORM,
                    ("Authorization", &unpadded_basic(ID, "my_secret_4567")),
                ],
                GRANT,
            ),
            status: 200,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": 3600, "scope": "orders:read"}),
        },
        Row {
            name: "wrong client_assertion_type: 400 invalid_request (RFC 7521 §4.2, RFC 6749 §5.2)",
            config: default_config,
            bytes: token_post(&format!(
                "{GRANT}&client_assertion_type=urn%3Aexample%3Awrong&client_assertion=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJteV9jbGllbnRfaWRfMTIzIn0.c2ln"
            )),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"error": "invalid_request"}),
        },
        Row {
            name: "password grant: unsupported_grant_type, no current server has it (RFC 9700 §2.4)",
            config: default_config,
            bytes: token_basic(ID, SECRET, "grant_type=password"),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "unsupported_grant_type",
                "This server supports only grant_type=client_credentials, not \"password\".",
            ),
        },
        Row {
            name: "assertion with another client_id in the body: 400 invalid_request (RFC 7521 §4.2)",
            config: default_config,
            bytes: token_post(&format!(
                "{GRANT}&client_id=web_app_client&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={}.{}.c2ln",
                cc_core::encoding::base64url_encode(br#"{"alg":"HS256"}"#),
                cc_core::encoding::base64url_encode(
                    br#"{"iss":"my_client_id_123","sub":"my_client_id_123"}"#
                ),
            )),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_request",
                "client_id \"web_app_client\" in the body differs from the assertion's iss/sub \"my_client_id_123\" (RFC 7521 §4.2).",
            ),
        },
        Row {
            name: "grant_type missing (§4.4.2)",
            config: default_config,
            bytes: token_basic(ID, SECRET, "scope=orders%3Aread"),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_request",
                "The grant_type parameter is missing (RFC 6749 §4.4.2).",
            ),
        },
        Row {
            name: "unknown grant type: unsupported_grant_type (§5.2)",
            config: default_config,
            bytes: token_basic(ID, SECRET, "grant_type=urn%3Aexample%3Amagic"),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "unsupported_grant_type",
                "This server supports only grant_type=client_credentials, not \"urn:example:magic\".",
            ),
        },
        Row {
            name: "a grant that exists but the client may not use: unauthorized_client (§5.2)",
            config: default_config,
            bytes: token_basic(ID, SECRET, "grant_type=authorization_code"),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "unauthorized_client",
                "The client my_client_id_123 is not authorized to use the authorization_code grant (registered grant_types: client_credentials).",
            ),
        },
        Row {
            name: "client not registered for client_credentials: unauthorized_client (§5.2)",
            config: default_config,
            bytes: token_basic("web_app_client", "web_secret_789", GRANT),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "unauthorized_client",
                "The client web_app_client is not allowed to use client_credentials; it is registered for authorization_code, refresh_token (RFC 7591 §2 grant_types).",
            ),
        },
        Row {
            name: "public client: unauthorized_client (§4.4: confidential clients only)",
            config: default_config,
            bytes: token_post(&format!("{GRANT}&client_id=public_spa_client")),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "unauthorized_client",
                "public_spa_client is a public client: the client credentials grant MUST only be used by confidential clients (RFC 6749 §4.4).",
            ),
        },
        Row {
            name: "wrong secret with Basic: 401 and a Basic challenge (§5.2)",
            config: default_config,
            bytes: token_basic(ID, "nope", GRANT),
            status: 401,
            headers: with_challenge(),
            body: error(
                "invalid_client",
                "Client authentication failed: unknown client or wrong secret.",
            ),
        },
        Row {
            name: "unknown client in the body: 401 without a challenge",
            config: default_config,
            bytes: token_post(&format!("{GRANT}&client_id=who&client_secret=x")),
            status: 401,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_client",
                "Client authentication failed: unknown client or wrong secret.",
            ),
        },
        Row {
            name: "no authentication: 401 with a challenge (§2.3.1)",
            config: default_config,
            bytes: token_post(GRANT),
            status: 401,
            headers: with_challenge(),
            body: error(
                "invalid_client",
                "No client authentication: send HTTP Basic credentials or client_id and client_secret (RFC 6749 §2.3.1).",
            ),
        },
        Row {
            name: "two authentication methods (§2.3)",
            config: default_config,
            bytes: token_basic(ID, SECRET, &post_creds),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_request",
                "The client used more than one authentication method (Authorization header and client_secret in the body); RFC 6749 §2.3 forbids this.",
            ),
        },
        Row {
            name: "Basic not base64: 400 invalid_request, no challenge (§2.3.1, §5.2)",
            config: default_config,
            bytes: raw(
                "POST",
                "/oauth2/token",
                &[FORM, ("Authorization", "Basic !!!")],
                GRANT,
            ),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_request",
                "Malformed Authorization header: the credentials are not valid base64 (RFC 6749 §2.3.1, §5.2).",
            ),
        },
        Row {
            name: "registered for client_secret_post, used Basic: invalid_client",
            config: |c| c.clients[0].auth_methods = vec![AuthMethod::ClientSecretPost],
            bytes: token_basic(ID, SECRET, GRANT),
            status: 401,
            headers: with_challenge(),
            body: error(
                "invalid_client",
                "The client my_client_id_123 is registered for client_secret_post (token_endpoint_auth_method) but authenticated with client_secret_basic.",
            ),
        },
        Row {
            name: "the method rule switched off: any method passes",
            config: |c| {
                c.clients[0].auth_methods = vec![AuthMethod::ClientSecretPost];
                c.enforce_auth_method = false;
            },
            bytes: token_basic(ID, SECRET, &format!("{GRANT}&scope=orders%3Aread")),
            status: 200,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": 3600}),
        },
        Row {
            name: "scope not allowed: invalid_scope (§5.2)",
            config: default_config,
            bytes: token_basic(ID, SECRET, &format!("{GRANT}&scope=admin")),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_scope",
                "The scope \"admin\" is not allowed for this client; allowed: orders:read orders:write inventory:read.",
            ),
        },
        Row {
            name: "scope with an empty entry: invalid_scope (§3.3)",
            config: default_config,
            bytes: token_basic(
                ID,
                SECRET,
                &format!("{GRANT}&scope=orders%3Aread++orders%3Awrite"),
            ),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_scope",
                "The scope parameter has empty entries; separate scopes by single spaces (RFC 6749 §3.3).",
            ),
        },
        Row {
            name: "unknown resource: invalid_target (RFC 8707 §2)",
            config: default_config,
            bytes: token_basic(
                ID,
                SECRET,
                &format!("{GRANT}&resource=https%3A%2F%2Fother.example"),
            ),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_target",
                "The resource \"https://other.example\" is unknown or not allowed for this client; allowed: https://authorization-server.example/api/orders, https://api.example, https://api.example/orders, urn:example:inventory.",
            ),
        },
        Row {
            name: "relative resource: invalid_target (RFC 8707 §2)",
            config: default_config,
            bytes: token_basic(ID, SECRET, &format!("{GRANT}&resource=orders")),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_target",
                "The resource \"orders\" must be an absolute URI without a fragment (RFC 8707 §2).",
            ),
        },
        Row {
            name: "known resources and audience: a token",
            config: default_config,
            bytes: token_basic(
                ID,
                SECRET,
                &format!(
                    "{GRANT}&scope=orders%3Aread&audience=https%3A%2F%2Fapi.example&resource=urn%3Aexample%3Ainventory"
                ),
            ),
            status: 200,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": 3600}),
        },
        Row {
            name: "unknown path on the server's own host: 404",
            config: default_config,
            bytes: raw(
                "POST",
                "/token",
                &[FORM, ("Authorization", &basic(ID, SECRET))],
                GRANT,
            ),
            status: 404,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "not_found",
                "The simulated server has no endpoint at /token. Its token endpoint is POST https://authorization-server.example/oauth2/token.",
            ),
        },
        Row {
            name: "malformed HTTP (Content-Length longer than the body): 400",
            config: default_config,
            bytes: b"POST /oauth2/token HTTP/1.1\r\nHost: a\r\nContent-Length: 99\r\n\r\nshort"
                .to_vec(),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"error": "invalid_request"}),
        },
        Row {
            name: "Auth0-like: no audience: 403 access_denied",
            config: |c| c.profile = Profile::Auth0,
            bytes: token_basic(ID, SECRET, GRANT),
            status: 403,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "access_denied",
                "No audience parameter was provided, and no default audience has been configured",
            ),
        },
        Row {
            name: "Auth0-like: with audience: a token, scope always named",
            config: |c| c.profile = Profile::Auth0,
            bytes: token_basic(
                ID,
                SECRET,
                &format!("{GRANT}&scope=orders%3Aread&audience=https%3A%2F%2Fapi.example"),
            ),
            status: 200,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": 3600, "scope": "orders:read"}),
        },
        Row {
            name: "Entra-like: a plain scope: AADSTS1002012",
            config: |c| c.profile = Profile::Entra,
            bytes: token_basic(ID, SECRET, &format!("{GRANT}&scope=orders%3Aread")),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: json!({
                "error": "invalid_scope",
                "error_description": "AADSTS1002012: The provided value for scope orders:read is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
                "error_codes": [1002012],
                "timestamp": "2027-01-15 08:00:00Z",
                "trace_id": "00000000-0000-0000-0000-simulated000",
                "correlation_id": "00000000-0000-0000-0000-simulated001",
            }),
        },
        Row {
            name: "Entra-like: <resource>/.default: expires_in as strings, ext_expires_in",
            config: |c| c.profile = Profile::Entra,
            bytes: token_basic(
                ID,
                SECRET,
                &format!("{GRANT}&scope=https%3A%2F%2Fapi.example%2F.default"),
            ),
            status: 200,
            headers: JSON_HEADERS.to_vec(),
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": "3600", "ext_expires_in": "3600"}),
        },
        Row {
            name: "Keycloak-like: wrong secret: unauthorized_client with Keycloak's text",
            config: |c| c.profile = Profile::Keycloak,
            bytes: token_post(&format!("{GRANT}&client_id={ID}&client_secret=nope")),
            status: 401,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "unauthorized_client",
                "Invalid client or Invalid client credentials",
            ),
        },
        Row {
            name: "Okta-like: no scope: invalid_scope with Okta's text",
            config: |c| c.profile = Profile::Okta,
            bytes: token_basic(ID, SECRET, GRANT),
            status: 400,
            headers: JSON_HEADERS.to_vec(),
            body: error(
                "invalid_scope",
                "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
            ),
        },
        Row {
            name: "clock skew: the server's Date is 2 minutes ahead",
            config: |c| c.clock_skew_secs = 120,
            bytes: token_basic(ID, SECRET, GRANT),
            status: 200,
            headers: vec![("Date", "Fri, 15 Jan 2027 08:02:00 GMT")],
            body: json!({"access_token": "<token>", "token_type": "Bearer", "expires_in": 3600, "scope": "orders:read"}),
        },
    ]
}

#[test]
fn handle_rules_table_exact_responses() {
    // Every row is checked; the failures are listed together.
    let failed: Vec<&'static str> = rows()
        .into_iter()
        .filter_map(|row| {
            let name = row.name;
            std::panic::catch_unwind(move || check_row(row))
                .is_err()
                .then_some(name)
        })
        .collect();
    assert!(failed.is_empty(), "failing rows: {failed:#?}");
}

fn check_row(row: Row) {
    {
        let mut config = SimulatorConfig::default();
        (row.config)(&mut config);
        let mut sim = Simulator::new(config, 7);
        let response = sim.handle_bytes(&row.bytes, NOW);
        let name = row.name;
        assert_eq!(
            response.status,
            row.status,
            "{name}: {}",
            response.body_text()
        );
        for (h, v) in &row.headers {
            assert_eq!(response.header(h), Some(*v), "{name}: header {h}");
        }
        if !row.headers.iter().any(|(h, _)| *h == "WWW-Authenticate") {
            assert_eq!(response.header("WWW-Authenticate"), None, "{name}");
        }
        assert_eq!(
            response.header("Content-Length"),
            Some(response.body.len().to_string().as_str()),
            "{name}"
        );
        let mut body: serde_json::Value = serde_json::from_slice(&response.body)
            .unwrap_or_else(|e| panic!("{name}: body not JSON ({e})"));
        if let Some(token) = body.get_mut("access_token") {
            assert!(token.as_str().unwrap().starts_with("sim_"), "{name}");
            *token = "<token>".into();
        }
        if row.body.get("error_description").is_none() && row.status == 400 {
            // Parser messages are pinned in tests/raw_request.rs; here only the code.
            assert_eq!(body["error"], row.body["error"], "{name}");
        } else {
            assert_eq!(body, row.body, "{name}");
        }
        assert!(
            !sim.last_log().is_empty(),
            "{name}: the server log is empty"
        );
        assert_eq!(
            sim.last_log().last().unwrap().ok,
            row.status < 400,
            "{name}: the log's last line"
        );
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
    use cc_core::metadata::{parse as parse_metadata, request, well_known_urls};
    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    for url in well_known_urls("https://authorization-server.example").unwrap() {
        let response = sim.handle_bytes(&request(&url).unwrap().to_bytes(), NOW);
        assert_eq!(response.status, 200, "{url}");
        let m = parse_metadata(&response.body).unwrap();
        assert_eq!(
            m.token_endpoint.as_deref(),
            Some("https://authorization-server.example/oauth2/token")
        );
        assert!(m.warnings(AuthMethod::ClientSecretBasic).is_empty());
        assert_eq!(m.warnings(AuthMethod::None).len(), 1);
    }
}

#[test]
fn handle_protected_resource_checks_bearer_tokens() {
    use cc_core::bearer::{api_request, parse_challenge};
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
    use cc_core::assertion::decode;
    use cc_core::bearer::api_request;
    use cc_core::metadata::{parse as parse_metadata, request};
    use cc_core::simulator::pending_signature;
    let mut sim = Simulator::new(SimulatorConfig::default(), 11);
    sim.set_signing_key(
        serde_json::json!({"kty": "EC", "crv": "P-256", "x": "x", "y": "y", "kid": "k1"}),
    );
    let draft = Draft {
        resource: "https://api.example/orders\nhttps://authorization-server.example/api/orders"
            .into(),
        ..Draft::example()
    };
    let response = sim.handle_bytes(&draft.validate().unwrap().to_http().to_bytes(), NOW);
    assert_eq!(response.status, 200, "{}", response.body_text());
    let input = pending_signature(&response).expect("a JWT waiting for its signature");
    let response = sim.complete(response, &[1, 2, 3]);
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
        serde_json::json!([
            "https://api.example/orders",
            "https://authorization-server.example/api/orders"
        ])
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
    // Another signature on the same header and claims: the resource notices.
    let forged = api_request(
        "https://authorization-server.example/api/orders",
        "GET",
        &format!("{input}.AQIE"),
        "",
    )
    .unwrap();
    let refused = sim.handle_bytes(&forged.to_bytes(), NOW);
    assert_eq!(refused.status, 401);
    assert!(
        refused
            .header("WWW-Authenticate")
            .unwrap()
            .contains("signature does not verify")
    );
    let jwks = sim.handle_bytes(
        &request("https://authorization-server.example/jwks")
            .unwrap()
            .to_bytes(),
        NOW,
    );
    assert!(jwks.body_text().contains("\"kid\":\"k1\""));
    // The direct read the app verifies with is the endpoint's body, byte for byte.
    assert_eq!(sim.jwks().to_string().into_bytes(), jwks.body);
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
    use cc_core::simulator::Fault;
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

/// A token for `draft` from `sim`.
fn token_of(sim: &mut Simulator, draft: &Draft) -> String {
    match parse(&sim.handle_bytes(&draft.validate().unwrap().to_http().to_bytes(), NOW)) {
        TokenOutcome::Token(t) => t.access_token.expose().to_string(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn handle_protected_resource_wrong_audience_invalid_token() {
    use cc_core::bearer::{api_request, parse_challenge};
    let mut sim = Simulator::new(SimulatorConfig::default(), 5);
    let token = token_of(
        &mut sim,
        &Draft {
            resource: "urn:example:inventory".into(),
            ..Draft::example()
        },
    );
    let call = api_request(
        "https://authorization-server.example/api/orders",
        "GET",
        &token,
        "",
    )
    .unwrap();
    let r = sim.handle_bytes(&call.to_bytes(), NOW);
    assert_eq!(r.status, 401);
    let c = parse_challenge(r.header("WWW-Authenticate").unwrap()).unwrap();
    assert_eq!(c.error.as_deref(), Some("invalid_token"));
    assert_eq!(
        c.error_description.as_deref(),
        Some("The token's audience (urn:example:inventory) is not this API")
    );
}

#[test]
fn handle_introspection_and_revocation_follow_rfc7662_rfc7009() {
    use cc_core::bearer::api_request;
    use cc_core::introspection::{Introspection, parse as parse_introspection, request};
    let mut sim = Simulator::new(SimulatorConfig::default(), 8);
    let draft = Draft::example();
    let auth = draft.validate().unwrap();
    let token = token_of(&mut sim, &draft);
    let introspect = |sim: &mut Simulator, token: &str, now: u64| {
        let req = request(
            "https://authorization-server.example/oauth2/introspect",
            &auth,
            token,
        )
        .unwrap();
        let r = sim.handle_bytes(&req.to_bytes(), now);
        parse_introspection(r.status, &r.body).unwrap()
    };
    let Introspection::Active(members) = introspect(&mut sim, &token, NOW) else {
        panic!("active expected")
    };
    let get = |name: &str| {
        members
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("client_id"), Some("my_client_id_123"));
    assert_eq!(get("scope"), Some("orders:read"));
    assert_eq!(get("exp"), Some("1800003600"));
    assert_eq!(
        introspect(&mut sim, &token, NOW + 3_600_000),
        Introspection::Inactive
    );
    assert_eq!(
        introspect(&mut sim, "nonsense", NOW),
        Introspection::Inactive
    );

    // Introspection needs client authentication.
    let anonymous = raw(
        "POST",
        "/oauth2/introspect",
        &[FORM],
        &format!("token={token}"),
    );
    assert_eq!(sim.handle_bytes(&anonymous, NOW).status, 401);

    // Another client may not revoke it; its owner may; the API then refuses it.
    let other = raw(
        "POST",
        "/oauth2/revoke",
        &[FORM],
        &format!("token={token}&client_id=my_client_id_123&client_secret=wrong"),
    );
    assert_eq!(sim.handle_bytes(&other, NOW).status, 401);
    let revoke = raw(
        "POST",
        "/oauth2/revoke",
        &[FORM],
        &format!("token={token}&client_id=my_client_id_123&client_secret=my_secret_456"),
    );
    assert_eq!(sim.handle_bytes(&revoke, NOW).status, 200);
    assert_eq!(introspect(&mut sim, &token, NOW), Introspection::Inactive);
    let call = api_request(
        "https://authorization-server.example/api/orders",
        "GET",
        &token,
        "",
    )
    .unwrap();
    let r = sim.handle_bytes(&call.to_bytes(), NOW);
    assert_eq!(r.status, 401);
    assert!(r.header("WWW-Authenticate").unwrap().contains("revoked"));
    // Revoking an unknown token still answers 200 (RFC 7009 §2.2).
    let unknown = raw(
        "POST",
        "/oauth2/revoke",
        &[FORM],
        "token=zzz&client_id=my_client_id_123&client_secret=my_secret_456",
    );
    assert_eq!(sim.handle_bytes(&unknown, NOW).status, 200);
}

#[test]
fn handle_server_log_names_each_step_and_rule() {
    let mut sim = Simulator::new(SimulatorConfig::default(), 8);
    sim.handle_bytes(
        &Draft::example().validate().unwrap().to_http().to_bytes(),
        NOW,
    );
    let text: Vec<String> = sim
        .last_log()
        .iter()
        .map(|l| format!("{} [{}]", l.text, l.rule))
        .collect();
    let joined = text.join("\n");
    for expected in [
        "Parsed the request: POST /oauth2/token",
        "Client my_client_id_123 authenticated with client_secret_basic [RFC 6749 §2.3]",
        "Scope granted: orders:read [RFC 6749 §3.3]",
        "Issued an opaque access token",
        "Answered HTTP/1.1 200 OK",
    ] {
        assert!(
            joined.contains(expected),
            "{expected:?} missing from:\n{joined}"
        );
    }
    let bad = Draft {
        client_secret: "nope".into(),
        ..Draft::example()
    };
    sim.handle_bytes(&bad.validate().unwrap().to_http().to_bytes(), NOW);
    let failing: Vec<_> = sim.last_log().iter().filter(|l| !l.ok).collect();
    assert_eq!(failing[0].rule, "RFC 6749 §5.2");
    assert!(failing[0].text.starts_with("invalid_client: "));
}

#[test]
fn handle_many_sends_registry_bounded_oldest_forgotten() {
    use cc_core::bearer::api_request;
    use cc_core::simulator::MAX_LIVE_TOKENS;
    let mut sim = Simulator::new(SimulatorConfig::default(), 8);
    let first = token_of(&mut sim, &Draft::example());
    let mut last = String::new();
    for _ in 0..MAX_LIVE_TOKENS {
        last = token_of(&mut sim, &Draft::example());
    }
    let call = |sim: &mut Simulator, token: &str| {
        let req = api_request(
            "https://authorization-server.example/api/orders",
            "GET",
            token,
            "",
        )
        .unwrap();
        sim.handle_bytes(&req.to_bytes(), NOW).status
    };
    assert_eq!(call(&mut sim, &last), 200);
    assert_eq!(call(&mut sim, &first), 401);
}

/// The bearer tokens a forger derives from a genuine one: cut, extended, or re-signed.
fn forgeries(token: &str) -> Vec<String> {
    let mut out = vec![
        format!("{token}x"),
        format!("{token}.sig"),
        token[..token.len() - 1].to_string(),
    ];
    if let Some((input, _)) = token.rsplit_once('.') {
        out.push(input.to_string());
        out.push(format!("{input}."));
        out.push(format!("{input}.AAAA"));
    }
    out
}

#[test]
fn handle_forged_tokens_unknown_to_resource_and_introspection() {
    use cc_core::bearer::{api_request, parse_challenge};
    use cc_core::introspection::{Introspection, parse as parse_introspection, request};
    let auth = Draft::example().validate().unwrap();
    for jwt in [false, true] {
        let mut sim = Simulator::new(SimulatorConfig::default(), 21);
        if jwt {
            sim.set_signing_key(serde_json::json!({"kty": "EC", "kid": "k"}));
        }
        let token = token_of(&mut sim, &Draft::example());
        assert_eq!(token.matches('.').count(), if jwt { 2 } else { 0 });
        let call = |sim: &mut Simulator, token: &str| {
            let req = api_request(
                "https://authorization-server.example/api/orders",
                "GET",
                token,
                "",
            )
            .unwrap();
            sim.handle_bytes(&req.to_bytes(), NOW)
        };
        let introspect = |sim: &mut Simulator, token: &str| {
            let req = request(
                "https://authorization-server.example/oauth2/introspect",
                &auth,
                token,
            )
            .unwrap();
            let r = sim.handle_bytes(&req.to_bytes(), NOW);
            parse_introspection(r.status, &r.body).unwrap()
        };
        assert_eq!(call(&mut sim, &token).status, 200, "jwt={jwt}: genuine");
        assert!(matches!(
            introspect(&mut sim, &token),
            Introspection::Active(_)
        ));
        for forged in forgeries(&token) {
            let r = call(&mut sim, &forged);
            assert_eq!(r.status, 401, "jwt={jwt}: {forged}");
            let c = parse_challenge(r.header("WWW-Authenticate").unwrap()).unwrap();
            assert_eq!(c.error.as_deref(), Some("invalid_token"), "{forged}");
            assert_eq!(
                introspect(&mut sim, &forged),
                Introspection::Inactive,
                "jwt={jwt}: {forged}"
            );
        }
    }
}

#[test]
fn handle_forged_signature_after_completion_invalid_token() {
    use cc_core::bearer::api_request;
    use cc_core::simulator::pending_signature;
    let mut sim = Simulator::new(SimulatorConfig::default(), 22);
    sim.set_signing_key(serde_json::json!({"kty": "EC", "kid": "k"}));
    let bytes = Draft::example().validate().unwrap().to_http().to_bytes();
    let response = sim.handle_bytes(&bytes, NOW);
    assert!(pending_signature(&response).is_some());
    let completed = sim.complete(response, b"the-signature");
    let TokenOutcome::Token(t) = parse(&completed) else {
        panic!("token expected")
    };
    let token = t.access_token.expose().to_string();
    let call = |sim: &mut Simulator, token: &str| {
        let req = api_request(
            "https://authorization-server.example/api/orders",
            "GET",
            token,
            "",
        )
        .unwrap();
        sim.handle_bytes(&req.to_bytes(), NOW).status
    };
    assert_eq!(call(&mut sim, &token), 200);
    for forged in forgeries(&token) {
        assert_eq!(call(&mut sim, &forged), 401, "{forged}");
    }
    // The placeholder the token carried before the app signed it is no longer valid.
    let (input, _) = token.rsplit_once('.').unwrap();
    assert_eq!(
        call(&mut sim, &format!("{input}.SIMULATOR-SIGNATURE-PENDING")),
        401
    );
}

#[test]
fn handle_assertion_aud_with_token_url_query_accepted() {
    use cc_core::assertion::assemble;
    use cc_core::draft::AssertionState;
    use cc_core::sha256::hmac_sha256;
    for token_url in [
        "https://authorization-server.example/oauth2/token?tenant=x",
        "http://127.0.0.1:4180/token?tenant=x",
    ] {
        let mut draft = Draft {
            auth: AuthMethod::ClientSecretJwt,
            token_url: token_url.into(),
            ..Draft::example()
        };
        let (plan, _) = draft.assertion_plan().unwrap().unwrap();
        assert_eq!(plan.audience, token_url);
        let input = plan.signing_input(NOW / 1000, "jti-query");
        draft.assertion = AssertionState::Signed(
            assemble(&input, &hmac_sha256(SECRET.as_bytes(), input.as_bytes())).into(),
        );
        let bytes = draft.validate().unwrap().to_http().to_bytes();
        let mut sim = Simulator::new(SimulatorConfig::default(), 23);
        let r = sim.handle_bytes(&bytes, NOW);
        assert_eq!(r.status, 200, "{token_url}: {}", r.body_text());
    }
}

#[test]
fn profile_quirks_claim_only_what_the_code_does() {
    // Two authentication methods get the same 400 invalid_request in every profile.
    let both = raw(
        "POST",
        "/oauth2/token",
        &[FORM, ("Authorization", &basic(ID, SECRET))],
        &format!("{GRANT}&client_id={ID}&client_secret={SECRET}"),
    );
    let answer = |profile: Profile| {
        let config = SimulatorConfig {
            profile,
            ..SimulatorConfig::default()
        };
        Simulator::new(config, 1)
            .handle_bytes(&both, NOW)
            .body_text()
    };
    assert_eq!(answer(Profile::Keycloak), answer(Profile::Strict));
    for profile in Profile::ALL {
        assert!(
            !profile.quirks().contains("two authentication methods"),
            "{profile:?} claims a wording no code produces"
        );
    }
}
