//! What the transport says when a live fetch fails: a redirect names what was fetched.
#![cfg(not(target_arch = "wasm32"))]

use cc_playground::transport::{Fetched, TransportError};

const ALL: [Fetched; 6] = [
    Fetched::TokenEndpoint,
    Fetched::Discovery,
    Fetched::Jwks,
    Fetched::Introspection,
    Fetched::Api,
    Fetched::OpenApi,
];

#[test]
fn redirected_each_fetch_names_what_answered() {
    for what in ALL {
        let text = TransportError::Redirected(what).to_string();
        assert!(text.starts_with(what.subject()), "{text}");
        assert!(text.contains("redirect (3xx)"), "{text}");
        assert!(text.contains("not followed"), "{text}");
        assert!(
            !TransportError::Redirected(what).likely_causes().is_empty(),
            "{what:?}"
        );
    }
}

#[test]
fn redirected_non_token_fetch_never_says_token_endpoint() {
    for what in ALL.into_iter().filter(|w| *w != Fetched::TokenEndpoint) {
        let text = TransportError::Redirected(what).to_string();
        assert!(!text.contains("token endpoint"), "{what:?}: {text}");
        assert!(!text.contains("token request"), "{what:?}: {text}");
    }
    assert_eq!(
        TransportError::Redirected(Fetched::Jwks).to_string(),
        "The JWKS URL answered with a redirect (3xx). It was not followed: the playground fetches only the URL given."
    );
    assert_eq!(
        TransportError::Redirected(Fetched::Discovery).to_string(),
        "The discovery document's URL answered with a redirect (3xx). It was not followed: the playground fetches only the URL given."
    );
}

#[test]
fn redirected_token_endpoint_wording_kept() {
    assert_eq!(
        TransportError::Redirected(Fetched::TokenEndpoint).to_string(),
        "The token endpoint answered with a redirect (3xx). It was not followed: token requests carry credentials and must go to the token endpoint itself."
    );
}

#[test]
fn timeout_message_names_the_seconds() {
    assert_eq!(
        TransportError::Timeout(2).to_string(),
        "No response within 2 s; the request was aborted."
    );
}
