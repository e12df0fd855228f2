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

#[test]
fn relay_refused_names_rule_and_message_apart_from_the_server() {
    use cc_playground::oauth::relay::Refusal;
    use cc_playground::transport::RelayError;
    let error = TransportError::Relay(RelayError::Refused(Refusal {
        rule: "target_not_allowed".into(),
        message: "http://127.0.0.1:4180/token is under no --allow-target prefix".into(),
        status: 403,
    }));
    assert_eq!(
        error.to_string(),
        "Relay refused: target_not_allowed — http://127.0.0.1:4180/token is under no --allow-target prefix (HTTP 403 from the relay, not from the server)."
    );
    assert!(error.likely_causes()[0].contains("--allow-target"));
}

#[test]
fn relay_unreachable_bad_url_and_not_a_relay_each_say_what_to_do() {
    use cc_playground::transport::RelayError;
    let unreachable = TransportError::Relay(RelayError::Unreachable {
        relay: "http://127.0.0.1:8787".into(),
        detail: "TypeError: Failed to fetch".into(),
    });
    assert!(
        unreachable
            .to_string()
            .starts_with("The relay at http://127.0.0.1:8787 could not be reached")
    );
    assert!(
        unreachable
            .likely_causes()
            .iter()
            .any(|c| c.contains("--allow-origin"))
    );
    let bad = TransportError::Relay(RelayError::BadUrl("is empty".into()));
    assert!(
        bad.to_string()
            .starts_with("Not sent: the Relay URL is empty.")
    );
    let html = TransportError::Relay(RelayError::NotARelay {
        relay: "http://127.0.0.1:4173".into(),
        why: "its base URL answered HTTP 200 (text/html), not cc-relay's description".into(),
    });
    assert!(
        html.to_string()
            .starts_with("http://127.0.0.1:4173 is not a cc-relay")
    );
    assert!(!html.likely_causes().is_empty());
}
