//! The differential test: the simulator against a real authorization server.
//!
//! It starts panva's oidc-provider (`tests/e2e/tools/differential-server.mjs`, configured as the
//! twin of the simulator's clients, scopes and resources) on 127.0.0.1, sends the *same raw
//! request bytes* to it over a plain TCP connection and to [`Simulator::handle_bytes`], and
//! asserts that both give the same status and `error` code (and `active` for introspection),
//! unless the case is a deliberate difference listed in [`DELIBERATE`] with its reason and RFC
//! section. That table is printed in README ("Where it differs from a real server"); the test
//! fails when the two disagree, when a listed difference has gone, or when a new one appears.
//!
//! Needs node and `tests/e2e/node_modules` (`cargo xtask setup` installs both).
#![cfg(not(target_arch = "wasm32"))]

#[path = "differential/dpop.rs"]
mod dpop;

use cc_core::encoding::{base64_encode, base64url_encode};
use cc_core::sha256::hmac_sha256;
use cc_core::simulator::{RegisteredClient, SignatureCheck, Simulator, SimulatorConfig, Verdicts};
use cc_core::types::AuthMethod;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const HOST: &str = "authorization-server.example";
const ISSUER: &str = "https://authorization-server.example";
const TOKEN_URL: &str = "https://authorization-server.example/oauth2/token";
const ID: &str = "my_client_id_123";
const SECRET: &str = "my_secret_456";
const JWT_ID: &str = "secret_jwt_client";
const JWT_SECRET: &str = "a-shared-secret-of-more-than-32-bytes-for-hs256";
const GRANT: &str = "grant_type=client_credentials";
const FORM: &str = "application/x-www-form-urlencoded";
/// Stands for the access token each side issued earlier (the only bytes that differ).
const TOKEN: &str = "{TOKEN}";
/// Stands for that token without its last character.
const CUT: &str = "{CUT}";

/// A difference between the simulator and oidc-provider that is meant: the case, what each
/// answers, why, and the rule the simulator follows.
struct Deliberate {
    case: &'static str,
    simulator: &'static str,
    reference: &'static str,
    why: &'static str,
    rule: &'static str,
}

/// Every deliberate difference; README's table is checked against this one.
const DELIBERATE: &[Deliberate] = &[
    Deliberate {
        case: "no client authentication at all",
        simulator: "401 invalid_client",
        reference: "400 invalid_request",
        why: "RFC 6749 names this case under invalid_client (\"no client authentication included\"), with a Basic challenge",
        rule: "RFC 6749 §5.2",
    },
    Deliberate {
        case: "introspection without client authentication",
        simulator: "401 invalid_client",
        reference: "400 invalid_request",
        why: "the same rule as at the token endpoint: no client authentication is invalid_client",
        rule: "RFC 6749 §5.2, RFC 7662 §2.1",
    },
    Deliberate {
        case: "grant_type authorization_code without a code",
        simulator: "400 unauthorized_client",
        reference: "400 invalid_request",
        why: "the client is not registered for that grant, which RFC 6749 names unauthorized_client",
        rule: "RFC 6749 §5.2",
    },
    Deliberate {
        case: "client not registered for client_credentials",
        simulator: "400 unauthorized_client",
        reference: "400 invalid_request",
        why: "the client is not registered for that grant, which RFC 6749 names unauthorized_client",
        rule: "RFC 6749 §5.2",
    },
    Deliberate {
        case: "public client",
        simulator: "400 unauthorized_client",
        reference: "400 invalid_request",
        why: "only confidential clients may use client credentials; the client is not authorized for the grant",
        rule: "RFC 6749 §4.4, §5.2",
    },
    Deliberate {
        case: "client_secret_jwt, signature cut off",
        simulator: "401 invalid_client",
        reference: "400 invalid_request",
        why: "a client JWT that is not valid is invalid_client, malformed or not",
        rule: "RFC 7523 §3.2",
    },
    Deliberate {
        case: "unknown scope",
        simulator: "400 invalid_scope",
        reference: "200",
        why: "oidc-provider silently drops scopes it does not know; the simulator names them, which a learner can act on",
        rule: "RFC 6749 §3.3, §5.2",
    },
    Deliberate {
        case: "scope with an empty entry (two spaces)",
        simulator: "400 invalid_scope",
        reference: "200",
        why: "scope tokens are separated by single spaces; an empty token is malformed",
        rule: "RFC 6749 §3.3",
    },
    Deliberate {
        case: "two resource parameters, both allowed",
        simulator: "200",
        reference: "400 invalid_target",
        why: "resource may repeat; oidc-provider issues a client credentials token for one resource only",
        rule: "RFC 8707 §2",
    },
    Deliberate {
        case: "audience not registered for the client",
        simulator: "400 invalid_target",
        reference: "200",
        why: "oidc-provider does not know the audience parameter (an Auth0 and RFC 8693 name) and ignores it; the simulator checks it like resource",
        rule: "RFC 8707 §2, RFC 8693 §2.1",
    },
    Deliberate {
        case: "GET on the token endpoint",
        simulator: "405 invalid_request",
        reference: "404 invalid_request",
        why: "the endpoint exists but takes only POST: 405 with Allow: POST",
        rule: "RFC 6749 §3.2, RFC 9110 §15.5.6",
    },
    Deliberate {
        case: "PUT on the token endpoint",
        simulator: "405 invalid_request",
        reference: "404 invalid_request",
        why: "the endpoint exists but takes only POST: 405 with Allow: POST",
        rule: "RFC 6749 §3.2, RFC 9110 §15.5.6",
    },
    Deliberate {
        case: "GET on the introspection endpoint",
        simulator: "405 invalid_request",
        reference: "404 invalid_request",
        why: "the endpoint exists but takes only POST: 405 with Allow: POST",
        rule: "RFC 7662 §2.1, RFC 9110 §15.5.6",
    },
    Deliberate {
        case: "body that is not valid form data (bad %-escape)",
        simulator: "400 invalid_request",
        reference: "400 unsupported_grant_type",
        why: "oidc-provider reads the broken escape literally and then finds no such grant; the simulator refuses the malformed body",
        rule: "RFC 6749 Appendix B, §5.2",
    },
    Deliberate {
        case: "DPoP, iat two minutes ago",
        simulator: "400 invalid_dpop_proof",
        reference: "200",
        why: "a proof is accepted for a short window around the server's clock; the simulator's is ±60 s, oidc-provider's 300 s",
        rule: "RFC 9449 §4.3, §11.1",
    },
    Deliberate {
        case: "DPoP, replayed",
        simulator: "400 invalid_dpop_proof",
        reference: "400 invalid_grant",
        why: "a replayed proof is an invalid DPoP proof; oidc-provider reports it as an invalid grant",
        rule: "RFC 9449 §4.3, §11.1",
    },
    Deliberate {
        case: "DPoP-bound client, no proof",
        simulator: "400 invalid_dpop_proof",
        reference: "400 invalid_grant",
        why: "a client registered with dpop_bound_access_tokens must send a proof; the missing proof is named invalid_dpop_proof",
        rule: "RFC 9449 §5, §5.2",
    },
    Deliberate {
        case: "client_secret_jwt, aud is the token URL with its query",
        simulator: "200",
        reference: "401 invalid_client",
        why: "a token endpoint URL may carry a query, and the client puts the URL it was given in aud; oidc-provider compares without the query",
        rule: "RFC 6749 §3.2, RFC 7523 §3",
    },
];

/// The `private_key_jwt` client (RFC 7523 §2.2), registered with tests/fixtures/ec-public.pem.
const PKJ_ID: &str = "private_key_jwt_client";

/// Runs a node ES module with `input` on stdin and returns its stdout.
fn node(script: &str, input: &str) -> String {
    let mut child = Command::new("node")
        .args(["--input-type=module", "-e", script])
        .current_dir(e2e_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node could not be started");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().expect("node");
    assert!(out.status.success(), "node failed on {script}");
    String::from_utf8(out.stdout).unwrap()
}

/// ES256 signatures (RFC 7518 §3.4, `r || s`) of `inputs` by node's crypto: with the fixture
/// key (tests/fixtures/ec-pkcs8.pem), or with a key made for the occasion (`other`); and the
/// fixture's public JWK.
fn es256_signatures(inputs: &[(&str, bool)]) -> (Vec<String>, Value) {
    const SCRIPT: &str = r#"
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
const pem = readFileSync('../fixtures/ec-pkcs8.pem');
const fixture = createPrivateKey(pem);
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const inputs = JSON.parse(readFileSync(0, 'utf8'));
const signatures = inputs.map(([input, useOther]) => sign('sha256', Buffer.from(input),
  { key: useOther ? other : fixture, dsaEncoding: 'ieee-p1363' }).toString('base64url'));
const jwk = createPublicKey(fixture).export({ format: 'jwk' });
console.log(JSON.stringify({ signatures, jwk }));
"#;
    let out: Value = serde_json::from_str(&node(SCRIPT, &json!(inputs).to_string())).unwrap();
    let signatures = out["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    (signatures, out["jwk"].clone())
}

/// The app's WebCrypto verdict, played by node's crypto: does `check.jws` verify with
/// `check.jwk` (ES256 or RS256, RFC 7518 §3)?
fn verify(check: &SignatureCheck) -> bool {
    const SCRIPT: &str = r#"
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
const { jws, alg, jwk } = JSON.parse(readFileSync(0, 'utf8'));
const i = jws.lastIndexOf('.');
const ok = verify('sha256', Buffer.from(jws.slice(0, i)),
  { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
  Buffer.from(jws.slice(i + 1), 'base64url'));
console.log(alg === 'ES256' || alg === 'RS256' ? String(ok) : 'false');
"#;
    let input = json!({"jws": check.jws, "alg": check.alg, "jwk": check.jwk});
    node(SCRIPT, &input.to_string()).trim() == "true"
}

/// How many cases [`private_key_jwt_assertions`] makes.
const PRIVATE_KEY_JWT_CASES: usize = 7;

/// `private_key_jwt` assertions for the matrix, signed by node: (case name, assertion).
fn private_key_jwt_assertions() -> (Vec<(&'static str, String)>, Value) {
    let now = now_secs();
    let claims = |jti: &str| json!({"iss": PKJ_ID, "sub": PKJ_ID, "aud": TOKEN_URL, "jti": jti, "iat": now, "exp": now + 60});
    let es256 = json!({"alg": "ES256", "typ": "JWT", "kid": "fixture-ec"});
    let mut expired = claims("pkj-expired");
    expired["exp"] = (now - 3600).into();
    expired["iat"] = (now - 3660).into();
    let plans: Vec<(&'static str, Value, Value, bool)> = vec![
        (
            "private_key_jwt, ES256",
            es256.clone(),
            claims("pkj-1"),
            false,
        ),
        (
            "private_key_jwt, signed with another key",
            es256.clone(),
            claims("pkj-2"),
            false,
        ),
        (
            "private_key_jwt, expired an hour ago",
            es256.clone(),
            expired,
            false,
        ),
        (
            "private_key_jwt, kid not registered",
            json!({"alg": "ES256", "typ": "JWT", "kid": "unknown-kid"}),
            claims("pkj-3"),
            false,
        ),
        (
            "private_key_jwt, first use",
            es256.clone(),
            claims("pkj-replayed"),
            false,
        ),
    ];
    let inputs: Vec<String> = plans
        .iter()
        .map(|(_, h, c, _)| {
            format!(
                "{}.{}",
                base64url_encode(h.to_string().as_bytes()),
                base64url_encode(c.to_string().as_bytes())
            )
        })
        .collect();
    let other: Vec<bool> = plans
        .iter()
        .map(|(name, ..)| name.contains("another key"))
        .collect();
    let pairs: Vec<(&str, bool)> = inputs.iter().map(String::as_str).zip(other).collect();
    let (signatures, jwk) = es256_signatures(&pairs);
    let mut out: Vec<(&'static str, String)> = plans
        .iter()
        .zip(inputs.iter().zip(signatures))
        .map(|((name, ..), (input, sig))| (*name, format!("{input}.{sig}")))
        .collect();
    let replayed = out.last().unwrap().1.clone();
    out.push(("private_key_jwt, replayed", replayed));
    // An HS256 assertion for a client that has no secret, only a public key.
    out.push((
        "private_key_jwt client, HS256 assertion",
        hs256(
            &header(),
            &claims("pkj-hs256"),
            "a-guessed-secret-of-32-bytes-or-more",
        ),
    ));
    (out, jwk)
}

/// One request of the matrix.
struct Case {
    name: &'static str,
    /// The raw request; [`TOKEN`] is replaced by the token each side issued in the case named
    /// by `token_from`.
    bytes: Vec<u8>,
    token_from: Option<&'static str>,
}

/// What an answer means, for comparison: status, `error`, `active` (introspection),
/// `token_type` (`DPoP` for a DPoP-bound token, RFC 9449 §5).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Outcome {
    status: u16,
    error: Option<String>,
    active: Option<bool>,
    token: Option<String>,
    token_type: Option<String>,
}

impl Outcome {
    fn read(status: u16, body: &[u8]) -> Self {
        let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        Self {
            status,
            error: body["error"].as_str().map(str::to_string),
            active: body["active"].as_bool(),
            token: body["access_token"].as_str().map(str::to_string),
            token_type: body["token_type"].as_str().map(str::to_string),
        }
    }

    /// `401 invalid_client`, `200`, `200 active=false`.
    fn summary(&self) -> String {
        let mut out = self.status.to_string();
        if let Some(e) = &self.error {
            out.push_str(&format!(" {e}"));
        }
        if let Some(a) = self.active {
            out.push_str(&format!(" active={a}"));
        }
        out
    }
}

fn request(method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = format!("{method} {target} HTTP/1.1\r\nHost: {HOST}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("Connection: close\r\n\r\n");
    out.push_str(body);
    out.into_bytes()
}

fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64_encode(format!("{id}:{secret}").as_bytes())
    )
}

/// A token request with a form body and these headers.
fn token(headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut all = vec![("Content-Type", FORM)];
    all.extend_from_slice(headers);
    request("POST", "/oauth2/token", &all, body)
}

/// A `client_secret_basic` token request for the example client.
fn token_basic(body: &str) -> Vec<u8> {
    token(&[("Authorization", &basic(ID, SECRET))], body)
}

/// A `client_secret_post` token request for the example client.
fn token_post(extra: &str) -> Vec<u8> {
    token(
        &[],
        &format!("{GRANT}&client_id={ID}&client_secret={SECRET}{extra}"),
    )
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// An HS256 JWT (RFC 7515) with this header and claims, keyed by `secret`.
fn hs256(header: &Value, claims: &Value, secret: &str) -> String {
    let input = format!(
        "{}.{}",
        base64url_encode(header.to_string().as_bytes()),
        base64url_encode(claims.to_string().as_bytes())
    );
    let signature = hmac_sha256(secret.as_bytes(), input.as_bytes());
    format!("{input}.{}", base64url_encode(&signature))
}

/// The claims of a good `client_secret_jwt` assertion (RFC 7523 §3) with a fresh `jti`.
fn claims(jti: &str) -> Value {
    let now = now_secs();
    json!({"iss": JWT_ID, "sub": JWT_ID, "aud": TOKEN_URL, "jti": jti, "iat": now, "exp": now + 60})
}

fn header() -> Value {
    json!({"alg": "HS256", "typ": "JWT"})
}

const ASSERTION_TYPE: &str = "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer";

/// A token request authenticated with `assertion`, plus `extra` parameters.
fn token_assertion(assertion: &str, extra: &str) -> Vec<u8> {
    token(
        &[],
        &format!(
            "{GRANT}&client_assertion_type={ASSERTION_TYPE}&client_assertion={assertion}{extra}"
        ),
    )
}

/// `claims()` with `change` applied, signed with the client's secret.
fn assertion_with(jti: &str, change: impl FnOnce(&mut Value)) -> String {
    let mut c = claims(jti);
    change(&mut c);
    hs256(&header(), &c, JWT_SECRET)
}

fn case(name: &'static str, bytes: Vec<u8>) -> Case {
    Case {
        name,
        bytes,
        token_from: None,
    }
}

fn with_token(name: &'static str, from: &'static str, bytes: Vec<u8>) -> Case {
    Case {
        name,
        bytes,
        token_from: Some(from),
    }
}

fn introspect(headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut all = vec![("Content-Type", FORM)];
    all.extend_from_slice(headers);
    request("POST", "/oauth2/introspect", &all, body)
}

fn revoke(body: &str) -> Vec<u8> {
    request(
        "POST",
        "/oauth2/revoke",
        &[
            ("Content-Type", FORM),
            ("Authorization", &basic(ID, SECRET)),
        ],
        body,
    )
}

/// The matrix, in the order it is sent (later cases rely on state: replays, issued tokens).
fn cases(private_key_jwt: &[(&'static str, String)]) -> Vec<Case> {
    let auth = basic(ID, SECRET);
    let auth = ("Authorization", auth.as_str());
    // "my%5Fclient_id_123" form-decodes to the client id, and its base64 has padding to cut.
    let padded = basic("my%5Fclient_id_123", SECRET);
    assert!(padded.ends_with('='));
    let unpadded = padded.trim_end_matches('=').to_string();
    let replayed = assertion_with("jti-replayed", |_| {});
    let unsigned = format!(
        "{}.{}.",
        base64url_encode(br#"{"alg":"none","typ":"JWT"}"#),
        base64url_encode(claims("jti-unsigned").to_string().as_bytes())
    );
    let wrong_key = hs256(
        &header(),
        &claims("jti-wrong-key"),
        "not-the-secret-at-all-0123456789",
    );
    let example_client_jwt = hs256(
        &header(),
        &json!({"iss": ID, "sub": ID, "aud": TOKEN_URL, "jti": "jti-example", "exp": now_secs() + 60}),
        SECRET,
    );
    let signed = private_key_jwt
        .iter()
        .map(|(name, assertion)| case(name, token_assertion(assertion, "")));
    let mut cases = vec![
        // client_secret_basic (RFC 6749 §2.3.1)
        case("basic, no scope", token_basic(GRANT)),
        case(
            "basic, one scope",
            token_basic(&format!("{GRANT}&scope=orders%3Aread")),
        ),
        case(
            "basic, two scopes",
            token_basic(&format!("{GRANT}&scope=orders%3Aread+inventory%3Aread")),
        ),
        case(
            "unknown scope",
            token_basic(&format!("{GRANT}&scope=admin")),
        ),
        case(
            "scope with an empty entry (two spaces)",
            token_basic(&format!("{GRANT}&scope=orders%3Aread++inventory%3Aread")),
        ),
        case(
            "basic, wrong secret",
            token(&[("Authorization", &basic(ID, "wrong"))], GRANT),
        ),
        case(
            "basic, unknown client",
            token(&[("Authorization", &basic("nobody", SECRET))], GRANT),
        ),
        case(
            "basic, lower-case scheme",
            token(
                &[(
                    "Authorization",
                    &basic(ID, SECRET).replacen("Basic", "basic", 1),
                )],
                GRANT,
            ),
        ),
        case(
            "basic, base64 without padding",
            token(&[("Authorization", &unpadded)], GRANT),
        ),
        case(
            "basic, form-encoded id",
            token(
                &[("Authorization", &basic("my%5Fclient_id_123", SECRET))],
                GRANT,
            ),
        ),
        case(
            "Authorization with the Bearer scheme",
            token(&[("Authorization", "Bearer abc")], GRANT),
        ),
        case(
            "Authorization: Basic with invalid base64",
            token(&[("Authorization", "Basic !!!*")], GRANT),
        ),
        case(
            "Authorization: Basic without ':'",
            token(
                &[(
                    "Authorization",
                    &format!("Basic {}", base64_encode(ID.as_bytes())),
                )],
                GRANT,
            ),
        ),
        case(
            "Authorization: Basic with a bad %-escape",
            token(&[("Authorization", &basic(ID, "my%zzsecret"))], GRANT),
        ),
        case(
            "Authorization: Basic with no credentials",
            token(&[("Authorization", "Basic")], GRANT),
        ),
        case(
            "client_secret_post plus Authorization: Bearer",
            token(
                &[("Authorization", "Bearer abc")],
                &format!("{GRANT}&client_id={ID}&client_secret={SECRET}"),
            ),
        ),
        case(
            "basic plus client_secret in the body",
            token_basic(&format!("{GRANT}&client_secret={SECRET}")),
        ),
        case(
            "basic plus the same client_id in the body",
            token_basic(&format!("{GRANT}&client_id={ID}")),
        ),
        case(
            "basic plus another client_id in the body",
            token_basic(&format!("{GRANT}&client_id=web_app_client")),
        ),
        // client_secret_post (RFC 6749 §2.3.1)
        case("post", token_post("")),
        case(
            "post, wrong secret",
            token(&[], &format!("{GRANT}&client_id={ID}&client_secret=wrong")),
        ),
        case(
            "post, unknown client",
            token(&[], &format!("{GRANT}&client_id=nobody&client_secret=x")),
        ),
        case(
            "post, client_id without secret",
            token(&[], &format!("{GRANT}&client_id={ID}")),
        ),
        case(
            "post, client_secret without client_id",
            token(&[], &format!("{GRANT}&client_secret={SECRET}")),
        ),
        case("no client authentication at all", token(&[], GRANT)),
        case(
            "post, empty client_secret",
            token(&[], &format!("{GRANT}&client_id={ID}&client_secret=")),
        ),
        case(
            "basic plus an empty client_secret",
            token_basic(&format!("{GRANT}&client_secret=")),
        ),
        case(
            "post, client_id repeated",
            token_post(&format!("&client_id={ID}")),
        ),
        // grant_type (RFC 6749 §4.4.2, §5.2)
        case("grant_type missing", token_basic("scope=orders%3Aread")),
        case(
            "grant_type empty",
            token_basic("grant_type=&scope=orders%3Aread"),
        ),
        case(
            "grant_type repeated",
            token_basic(&format!("{GRANT}&{GRANT}")),
        ),
        case(
            "grant_type unknown",
            token_basic("grant_type=urn%3Aexample%3Amagic"),
        ),
        case("grant_type password", token_basic("grant_type=password")),
        case(
            "grant_type authorization_code without a code",
            token_basic("grant_type=authorization_code"),
        ),
        case(
            "client not registered for client_credentials",
            token(
                &[("Authorization", &basic("web_app_client", "web_secret_789"))],
                GRANT,
            ),
        ),
        case(
            "public client",
            token(&[], &format!("{GRANT}&client_id=public_spa_client")),
        ),
        // empty and repeated parameters (RFC 6749 §3.2)
        case("scope empty", token_basic(&format!("{GRANT}&scope="))),
        case("audience empty", token_basic(&format!("{GRANT}&audience="))),
        case("resource empty", token_basic(&format!("{GRANT}&resource="))),
        case(
            "scope repeated",
            token_basic(&format!("{GRANT}&scope=orders%3Aread&scope=orders%3Aread")),
        ),
        case(
            "unknown parameter",
            token_basic(&format!("{GRANT}&colour=blue")),
        ),
        // resource and audience (RFC 8707)
        case(
            "resource allowed",
            token_basic(&format!("{GRANT}&resource=https%3A%2F%2Fapi.example")),
        ),
        case(
            "resource allowed (URN)",
            token_basic(&format!("{GRANT}&resource=urn%3Aexample%3Ainventory")),
        ),
        case(
            "resource allowed, with a scope",
            token_basic(&format!(
                "{GRANT}&resource=https%3A%2F%2Fapi.example%2Forders&scope=orders%3Aread"
            )),
        ),
        case(
            "two resource parameters, both allowed",
            token_basic(&format!(
                "{GRANT}&resource=https%3A%2F%2Fapi.example&resource=urn%3Aexample%3Ainventory"
            )),
        ),
        case(
            "resource unknown",
            token_basic(&format!("{GRANT}&resource=https%3A%2F%2Fevil.example")),
        ),
        case(
            "resource relative",
            token_basic(&format!("{GRANT}&resource=%2Fapi")),
        ),
        case(
            "resource with a fragment",
            token_basic(&format!("{GRANT}&resource=https%3A%2F%2Fapi.example%23x")),
        ),
        case(
            "audience registered for the client",
            token_basic(&format!("{GRANT}&audience=https%3A%2F%2Fapi.example")),
        ),
        case(
            "audience not registered for the client",
            token_basic(&format!("{GRANT}&audience=https%3A%2F%2Fevil.example")),
        ),
        // methods and media types (RFC 6749 §3.2, §4.4.2)
        case(
            "GET on the token endpoint",
            request(
                "GET",
                &format!("/oauth2/token?{GRANT}"),
                &[("Authorization", &basic(ID, SECRET))],
                "",
            ),
        ),
        case(
            "PUT on the token endpoint",
            request(
                "PUT",
                "/oauth2/token",
                &[("Content-Type", FORM), auth],
                GRANT,
            ),
        ),
        case(
            "JSON body",
            request(
                "POST",
                "/oauth2/token",
                &[("Content-Type", "application/json"), auth],
                r#"{"grant_type":"client_credentials"}"#,
            ),
        ),
        case(
            "text/plain body",
            request(
                "POST",
                "/oauth2/token",
                &[("Content-Type", "text/plain"), auth],
                GRANT,
            ),
        ),
        case(
            "no Content-Type",
            request("POST", "/oauth2/token", &[auth], GRANT),
        ),
        case(
            "Content-Type with a charset",
            request(
                "POST",
                "/oauth2/token",
                &[
                    (
                        "Content-Type",
                        "application/x-www-form-urlencoded; charset=UTF-8",
                    ),
                    auth,
                ],
                GRANT,
            ),
        ),
        case(
            "Content-Type in upper case",
            request(
                "POST",
                "/oauth2/token",
                &[("Content-Type", "Application/X-WWW-Form-Urlencoded"), auth],
                GRANT,
            ),
        ),
        case(
            "body that is not valid form data (bad %-escape)",
            token_basic("grant_type=client%ZZcredentials"),
        ),
        // client_secret_jwt (RFC 7523 §2.2, §3; RFC 7521 §4.2)
        case(
            "client_secret_jwt, aud is the token endpoint",
            token_assertion(&assertion_with("jti-1", |_| {}), ""),
        ),
        case(
            "client_secret_jwt, aud is the issuer",
            token_assertion(&assertion_with("jti-2", |c| c["aud"] = ISSUER.into()), ""),
        ),
        case(
            "client_secret_jwt, aud is a list naming the token endpoint",
            token_assertion(
                &assertion_with("jti-3", |c| {
                    c["aud"] = json!(["https://other.example", TOKEN_URL])
                }),
                "",
            ),
        ),
        case(
            "client_secret_jwt, aud is another server",
            token_assertion(
                &assertion_with("jti-4", |c| c["aud"] = "https://other.example/token".into()),
                "",
            ),
        ),
        case(
            "client_secret_jwt, aud is the token URL with its query",
            token_assertion_at(
                "/oauth2/token?tenant=x",
                &assertion_with("jti-5", |c| {
                    c["aud"] = format!("{TOKEN_URL}?tenant=x").into()
                }),
            ),
        ),
        case(
            "client_secret_jwt, expired an hour ago",
            token_assertion(
                &assertion_with("jti-6", |c| {
                    c["exp"] = (now_secs() - 3600).into();
                    c["iat"] = (now_secs() - 3660).into();
                }),
                "",
            ),
        ),
        case(
            "client_secret_jwt, no exp",
            token_assertion(
                &assertion_with("jti-7", |c| {
                    c.as_object_mut().unwrap().remove("exp");
                }),
                "",
            ),
        ),
        case(
            "client_secret_jwt, no jti",
            token_assertion(
                &assertion_with("jti-8", |c| {
                    c.as_object_mut().unwrap().remove("jti");
                }),
                "",
            ),
        ),
        case(
            "client_secret_jwt, iss differs from sub",
            token_assertion(&assertion_with("jti-9", |c| c["iss"] = ID.into()), ""),
        ),
        case(
            "client_secret_jwt, unknown client",
            token_assertion(
                &assertion_with("jti-10", |c| {
                    c["iss"] = "nobody".into();
                    c["sub"] = "nobody".into();
                }),
                "",
            ),
        ),
        case(
            "client_secret_jwt, signed with another secret",
            token_assertion(&wrong_key, ""),
        ),
        case(
            "client_secret_jwt, alg none",
            token_assertion(&unsigned, ""),
        ),
        case(
            "client_secret_jwt, signature cut off",
            token_assertion(
                assertion_with("jti-11", |_| {}).rsplit_once('.').unwrap().0,
                "",
            ),
        ),
        case(
            "client_secret_jwt, wrong client_assertion_type",
            token(
                &[],
                &format!(
                    "{GRANT}&client_assertion_type=urn%3Aexample%3Awrong&client_assertion={}",
                    assertion_with("jti-12", |_| {})
                ),
            ),
        ),
        case(
            "client_secret_jwt, client_assertion_type missing",
            token(
                &[],
                &format!(
                    "{GRANT}&client_assertion={}",
                    assertion_with("jti-13", |_| {})
                ),
            ),
        ),
        case(
            "client_secret_jwt plus Basic",
            token(
                &[auth],
                &format!(
                    "{GRANT}&client_assertion_type={ASSERTION_TYPE}&client_assertion={}",
                    assertion_with("jti-14", |_| {})
                ),
            ),
        ),
        case(
            "client_secret_jwt plus client_secret",
            token_assertion(
                &assertion_with("jti-15", |_| {}),
                &format!("&client_secret={JWT_SECRET}"),
            ),
        ),
        case(
            "client_secret_jwt, the same client_id in the body",
            token_assertion(
                &assertion_with("jti-16", |_| {}),
                &format!("&client_id={JWT_ID}"),
            ),
        ),
        case(
            "client_secret_jwt, another client_id in the body",
            token_assertion(
                &assertion_with("jti-17", |_| {}),
                &format!("&client_id={ID}"),
            ),
        ),
        case(
            "client_secret_jwt, first use",
            token_assertion(&replayed, ""),
        ),
        case(
            "client_secret_jwt, replayed",
            token_assertion(&replayed, ""),
        ),
        case(
            "client_secret_jwt for a client registered for client_secret_basic",
            token_assertion(&example_client_jwt, ""),
        ),
        case(
            "client_secret_basic for a client registered for client_secret_jwt",
            token(&[("Authorization", &basic(JWT_ID, JWT_SECRET))], GRANT),
        ),
        // introspection (RFC 7662) and revocation (RFC 7009)
        case(
            "introspection of an unknown token",
            introspect(&[auth], "token=not-a-token"),
        ),
        case(
            "introspection without client authentication",
            introspect(&[], "token=not-a-token"),
        ),
        case(
            "introspection without a token",
            introspect(&[auth], "token_type_hint=access_token"),
        ),
        case(
            "introspection with a JSON body",
            request(
                "POST",
                "/oauth2/introspect",
                &[("Content-Type", "application/json"), auth],
                r#"{"token":"x"}"#,
            ),
        ),
        case(
            "GET on the introspection endpoint",
            request("GET", "/oauth2/introspect?token=x", &[auth], ""),
        ),
        with_token(
            "introspection of an issued token",
            "basic, no scope",
            introspect(&[auth], &format!("token={TOKEN}")),
        ),
        with_token(
            "introspection of an issued token with a character appended",
            "basic, no scope",
            introspect(&[auth], &format!("token={TOKEN}x")),
        ),
        with_token(
            "introspection of an issued token with a suffix after a dot",
            "basic, no scope",
            introspect(&[auth], &format!("token={TOKEN}.sig")),
        ),
        with_token(
            "introspection of an issued token cut short",
            "basic, one scope",
            introspect(&[auth], &format!("token={CUT}")),
        ),
        case(
            "revocation of an unknown token",
            revoke("token=not-a-token"),
        ),
        with_token(
            "revocation of an issued token",
            "basic, two scopes",
            revoke(&format!("token={TOKEN}")),
        ),
        with_token(
            "introspection of a revoked token",
            "basic, two scopes",
            introspect(&[auth], &format!("token={TOKEN}")),
        ),
    ];
    // private_key_jwt (RFC 7523 §2.2), signed by node.
    cases.extend(signed);
    cases
}

/// `bytes` with [`TOKEN`] and [`CUT`] replaced and `Content-Length` set again.
fn fill_token(bytes: &[u8], token: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let body = body
        .replace(CUT, &token[..token.len() - 1])
        .replace(TOKEN, token);
    let head: Vec<String> = head
        .split("\r\n")
        .map(|l| match l.strip_prefix("Content-Length:") {
            Some(_) => format!("Content-Length: {}", body.len()),
            None => l.to_string(),
        })
        .collect();
    format!("{}\r\n\r\n{body}", head.join("\r\n")).into_bytes()
}

/// A `client_secret_jwt` token request at `target` (a token URL with a query).
fn token_assertion_at(target: &str, assertion: &str) -> Vec<u8> {
    request(
        "POST",
        target,
        &[("Content-Type", FORM)],
        &format!("{GRANT}&client_assertion_type={ASSERTION_TYPE}&client_assertion={assertion}"),
    )
}

/// The simulator configured as the twin of differential-server.mjs: oidc-provider takes
/// client_secret_post from a client registered for client_secret_basic (one secret, two ways
/// to send it), and a client_secret_jwt client is registered for that method alone.
fn simulator(jwk: &Value) -> Simulator {
    let mut config = SimulatorConfig::default();
    config.clients[0].auth_methods =
        vec![AuthMethod::ClientSecretBasic, AuthMethod::ClientSecretPost];
    let mut jwt = config.clients[0].clone();
    jwt.id = JWT_ID.into();
    jwt.secret = JWT_SECRET.into();
    jwt.auth_methods = vec![AuthMethod::ClientSecretJwt];
    config.clients.push(jwt);
    let mut pkj = RegisteredClient::confidential(PKJ_ID, "");
    pkj.auth_methods = vec![AuthMethod::PrivateKeyJwt];
    config.clients.push(pkj);
    let mut dpop_client = RegisteredClient::confidential(dpop::DPOP_ID, dpop::DPOP_SECRET);
    dpop_client.auth_methods = vec![AuthMethod::ClientSecretBasic];
    dpop_client.dpop_bound_access_tokens = true;
    config.clients.push(dpop_client);
    let mut sim = Simulator::new(config, 14);
    let mut key = jwk.clone();
    key["kid"] = "fixture-ec".into();
    assert!(sim.register_client_key(PKJ_ID, key));
    sim
}

/// oidc-provider running for this test; killed when dropped, also when the test panics.
struct Reference {
    child: Child,
    port: u16,
}

impl Drop for Reference {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The repository root: this test lives in `crates/core/tests/`, the Node tools and the README
/// at the top of the workspace.
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn e2e_dir() -> PathBuf {
    repo_root().join("tests/e2e")
}

impl Reference {
    fn start() -> Self {
        let dir = e2e_dir();
        let node = Command::new("node").arg("--version").output();
        assert!(
            node.as_ref().is_ok_and(|o| o.status.success()),
            "the differential test needs Node.js 20 or later on PATH to run oidc-provider; `cargo xtask setup` checks for it and says how to install it ({node:?})"
        );
        assert!(
            dir.join("node_modules/oidc-provider/package.json")
                .is_file(),
            "the differential test needs oidc-provider in {}; run `cargo xtask setup` (it runs npm ci there)",
            dir.join("node_modules").display()
        );
        let mut child = Command::new("node")
            .arg("tools/differential-server.mjs")
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("node could not be started");
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(port) = line.strip_prefix("listening ") {
                    let _ = tx.send(port.trim().parse::<u16>().ok());
                }
            }
        });
        let (etx, erx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = BufReader::new(stderr).read_to_string(&mut text);
            let _ = etx.send(text);
        });
        let mut reference = Reference { child, port: 0 };
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Some(port)) => reference.port = port,
            _ => {
                let _ = reference.child.kill();
                let why = erx.recv_timeout(Duration::from_secs(2)).unwrap_or_default();
                panic!(
                    "tests/e2e/tools/differential-server.mjs did not start (run `cargo xtask setup` if node_modules is stale):\n{why}"
                );
            }
        }
        reference
    }

    /// Sends `bytes` on a fresh connection and reads the whole answer.
    fn send(&self, bytes: &[u8]) -> Outcome {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(bytes).expect("write");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let text = String::from_utf8_lossy(&raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {head:?}"));
        assert!(
            !head
                .to_ascii_lowercase()
                .contains("transfer-encoding: chunked"),
            "a chunked answer: {head}"
        );
        Outcome::read(status, body.as_bytes())
    }
}

/// README's "Where it differs from a real server" table, one row of cells per line.
fn readme_table() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let start = readme
        .find("### Where it differs from a real server")
        .expect("README has no section \"Where it differs from a real server\"");
    readme[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect()
        })
        .collect()
}

/// The table as README prints it (also shown when the two disagree).
fn table_markdown() -> String {
    let mut out = String::from(
        "| Case | Simulator | oidc-provider 8.8.1 | Why | Rule |\n|---|---|---|---|---|\n",
    );
    for d in DELIBERATE {
        out.push_str(&format!(
            "| {} | `{}` | `{}` | {} | {} |\n",
            d.case, d.simulator, d.reference, d.why, d.rule
        ));
    }
    out
}

#[test]
fn differential_readme_table_matches_code_table() {
    let expected: Vec<Vec<String>> = DELIBERATE
        .iter()
        .map(|d| {
            [d.case, d.simulator, d.reference, d.why, d.rule]
                .map(str::to_string)
                .to_vec()
        })
        .collect();
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let count = format!(
        "{} cases",
        cases(&[]).len() + PRIVATE_KEY_JWT_CASES + dpop::DPOP_CASES
    );
    assert!(
        readme.contains(&count),
        "README's \"Where it differs from a real server\" should say the matrix has {count}"
    );
    assert_eq!(
        readme_table(),
        expected,
        "README's \"Where it differs from a real server\" table differs from DELIBERATE in crates/core/tests/differential.rs; it should read:\n{}",
        table_markdown()
    );
}

#[test]
fn differential_simulator_answers_like_oidc_provider() {
    let reference = Reference::start();
    let (private_key_jwt, jwk) = private_key_jwt_assertions();
    let mut sim = simulator(&jwk);
    assert_eq!(private_key_jwt.len(), PRIVATE_KEY_JWT_CASES);
    let mut cases = cases(&private_key_jwt);
    // DPoP (RFC 9449), proofs signed by node.
    let dpop_cases = dpop::cases();
    assert_eq!(dpop_cases.len(), dpop::DPOP_CASES);
    cases.extend(dpop_cases);
    assert!(cases.len() >= 60, "the matrix has {} cases", cases.len());
    let mut tokens: Vec<(&str, Option<String>, Option<String>)> = Vec::new();
    let mut unexpected = Vec::new();
    let mut seen = Vec::new();
    for case in &cases {
        let (sim_bytes, ref_bytes) = match case.token_from {
            None => (case.bytes.clone(), case.bytes.clone()),
            Some(from) => {
                let (_, s, r) = tokens
                    .iter()
                    .find(|(n, _, _)| *n == from)
                    .unwrap_or_else(|| panic!("{}: no earlier case {from:?}", case.name));
                let (s, r) = (
                    s.clone()
                        .unwrap_or_else(|| panic!("{from}: the simulator issued no token")),
                    r.clone()
                        .unwrap_or_else(|| panic!("{from}: oidc-provider issued no token")),
                );
                let fill = |t: &str| fill_token(&case.bytes, t);
                (fill(&s), fill(&r))
            }
        };
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        // As the app does: an asymmetric assertion and a DPoP proof are verified (here by node)
        // first.
        let verdicts = Verdicts {
            assertion: sim.signature_check(&sim_bytes).map(|check| verify(&check)),
            dpop: sim.dpop_check(&sim_bytes).map(|check| verify(&check)),
        };
        let response = sim.handle_bytes_verified(&sim_bytes, now_ms, verdicts);
        let ours = Outcome::read(response.status, &response.body);
        let theirs = reference.send(&ref_bytes);
        println!(
            "{:<72} simulator {:<28} oidc-provider {}",
            case.name,
            ours.summary(),
            theirs.summary()
        );
        tokens.push((case.name, ours.token.clone(), theirs.token.clone()));
        let same = ours.status == theirs.status
            && ours.error == theirs.error
            && ours.active == theirs.active
            && ours.token_type == theirs.token_type;
        let listed = DELIBERATE.iter().find(|d| d.case == case.name);
        match listed {
            Some(d) => {
                seen.push(d.case);
                if !sim
                    .last_log()
                    .iter()
                    .any(|l| l.text.contains("oidc-provider"))
                {
                    unexpected.push(format!(
                        "{}: a deliberate difference, but the Server log does not say where the simulator departs from oidc-provider",
                        case.name
                    ));
                }
                if same || d.simulator != ours.summary() || d.reference != theirs.summary() {
                    unexpected.push(format!(
                        "{}: listed as deliberate ({} vs {}), but now the simulator answers {} and oidc-provider {}",
                        case.name,
                        d.simulator,
                        d.reference,
                        ours.summary(),
                        theirs.summary()
                    ));
                }
            }
            None if !same => unexpected.push(format!(
                "{}: the simulator answers {} (token_type {:?}), oidc-provider {} (token_type {:?}) (server log: {:?})",
                case.name,
                ours.summary(),
                ours.token_type,
                theirs.summary(),
                theirs.token_type,
                sim.last_log()
                    .iter()
                    .find(|l| !l.ok)
                    .map(|l| l.text.as_str())
            )),
            None => {}
        }
    }
    for d in DELIBERATE {
        if !seen.contains(&d.case) {
            unexpected.push(format!(
                "{}: listed as deliberate, but no case has that name",
                d.case
            ));
        }
    }
    assert!(
        unexpected.is_empty(),
        "{} of {} cases differ from oidc-provider unexpectedly:\n{}",
        unexpected.len(),
        cases.len(),
        unexpected.join("\n")
    );
}
