//! The form's fields against the URL contract (README "Configuration by URL"): every field of
//! [`Draft`] either travels through a share link and back through [`Prefill`]
//! (`parse(share_query(d)).to_draft()`), or is withheld because it is a secret or not part of
//! the contract. The client secret travels only in a `#fragment` with `allow_secret=1`
//! (RFC 6749 §10.3), never in the query.
//!
//! The test destructures `Draft` without `..`: a field added to the form fails to compile here
//! until its place in the contract is decided (and then in `Prefill::apply`, `share_query` and
//! the app's `form_fields!` list).
#![cfg(not(target_arch = "wasm32"))]

use cc_core::assertion::JwtAlg;
use cc_core::draft::{AssertionState, Draft, Row, Teaching};
use cc_core::prefill::{ShareOptions, blank_draft, parse, secret_fragment, share_query};
use cc_core::request::Mistakes;
use cc_core::types::AuthMethod;

const SECRET: &str = "S3CRET value&=+";
const PRIVATE_KEY: &str = "-----BEGIN PRIVATE KEY-----PRIVATE";
const ASSERTION: &str = "eyJhbGciOiJIUzI1NiJ9.ASSERTION.sig";

/// A draft whose every field differs from [`blank_draft`].
fn every_field_set(auth: AuthMethod) -> Draft {
    let other_alg = if JwtAlg::default() == JwtAlg::Es256 {
        JwtAlg::Rs256
    } else {
        JwtAlg::Es256
    };
    Draft {
        token_url: "https://as.example/oauth2/token?tenant=a".into(),
        client_id: "client id & co".into(),
        client_secret: SECRET.into(),
        auth,
        scope: "orders:read orders:write".into(),
        audience: "https://api.example/".into(),
        resource: "https://r1.example/x\nurn:example:inventory".into(),
        extra_params: vec![Row::new(1, "tenant", "acme")],
        extra_headers: vec![Row::new(1, "X-Trace", "a=b")],
        teaching: Teaching {
            enabled: true,
            grant_type: "password".into(),
            mistakes: Mistakes {
                use_get: true,
                json_body: true,
            },
        },
        private_key: PRIVATE_KEY.into(),
        jwt_alg: other_alg,
        assertion_lifetime: "300".into(),
        kid: "key-1".into(),
        assertion: AssertionState::Signed(ASSERTION.into()),
        dpop: true,
    }
}

#[test]
fn share_query_every_draft_field_round_trips_or_is_withheld() {
    let blank = blank_draft();
    for auth in AuthMethod::ALL {
        let sent = every_field_set(auth);
        let query = share_query(&sent, &ShareOptions::default());
        let prefill = parse(&query, "");
        assert_eq!(prefill.notices, [], "{query}");
        assert!(prefill.sets_form(), "{query}");
        let back = prefill.to_draft();
        // No `..`: every field is named, so a new one must be placed in the contract.
        let Draft {
            token_url,
            client_id,
            client_secret,
            auth: _,
            scope,
            audience,
            resource,
            extra_params,
            extra_headers,
            teaching,
            private_key,
            jwt_alg,
            assertion_lifetime,
            kid,
            assertion,
            dpop,
        } = &sent;
        // Travel always.
        assert_eq!(&back.token_url, token_url, "{query}");
        assert_eq!(&back.client_id, client_id, "{query}");
        assert_eq!(back.auth, auth, "{query}");
        assert_eq!(&back.scope, scope, "{query}");
        assert_eq!(&back.audience, audience, "{query}");
        assert_eq!(&back.resource, resource, "{query}");
        assert_eq!(&back.extra_params, extra_params, "{query}");
        assert_eq!(&back.extra_headers, extra_headers, "{query}");
        // "Use DPoP" (RFC 9449) is not a secret: it travels as dpop=1.
        assert_eq!(&back.dpop, dpop, "{query}");
        assert_ne!(back.dpop, blank.dpop);
        // Travel only for the methods that use them (RFC 7523 §3): alg for private_key_jwt,
        // kid and the lifetime for both JWT methods.
        let (alg_back, kid_back, lifetime_back) = match auth {
            AuthMethod::PrivateKeyJwt => (*jwt_alg, kid, assertion_lifetime),
            AuthMethod::ClientSecretJwt => (blank.jwt_alg, kid, assertion_lifetime),
            _ => (blank.jwt_alg, &blank.kid, &blank.assertion_lifetime),
        };
        assert_eq!(back.jwt_alg, alg_back, "{query}");
        assert_eq!(&back.kid, kid_back, "{query}");
        assert_eq!(&back.assertion_lifetime, lifetime_back, "{query}");
        // Never in a link: secrets (RFC 6749 §10.3, RFC 7517, RFC 7523 §2.2) and teaching mode.
        assert_eq!(back.client_secret, blank.client_secret, "{query}");
        assert_eq!(back.private_key, blank.private_key, "{query}");
        assert_eq!(back.assertion, blank.assertion, "{query}");
        assert_eq!(back.teaching, blank.teaching, "{query}");
        assert_ne!(teaching, &blank.teaching);
        for secret in [client_secret.expose(), private_key.expose(), ASSERTION] {
            for piece in secret.split(['&', '=', '+', ' ', '-', '.']) {
                if piece.len() > 3 {
                    assert!(!query.contains(piece), "{piece} of a secret in {query}");
                }
            }
        }
        assert!(!matches!(assertion, AssertionState::Unsigned));
    }
}

#[test]
fn secret_fragment_client_secret_round_trips_only_in_fragment() {
    for auth in AuthMethod::ALL.into_iter().filter(|a| a.uses_secret()) {
        let sent = every_field_set(auth);
        let query = share_query(&sent, &ShareOptions::default());
        let fragment = secret_fragment(&sent).expect("a secret to share");
        let back = parse(&query, &fragment).to_draft();
        assert_eq!(back.client_secret.expose(), SECRET);
        // The same pair in the query is refused (RFC 6749 §10.3: servers log query strings).
        let in_query = parse(&format!("{query}&{fragment}"), "").to_draft();
        assert_eq!(in_query.client_secret.expose(), "");
        // The private key is never read from a URL, by any name.
        let key = parse(&query, "private_key=PRIVATE&allow_secret=1").to_draft();
        assert_eq!(key.private_key.expose(), "");
    }
}
