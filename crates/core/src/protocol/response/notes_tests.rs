use super::*;
use crate::http::Header;

fn token(headers: Vec<Header>, body: &str) -> TokenResponse {
    match parse(&HttpResponse::new(200, headers, body)) {
        TokenOutcome::Token(t) => t,
        other => panic!("expected a token, got {other:?}"),
    }
}

const BODY: &str = r#"{"access_token":"a","token_type":"Bearer","expires_in":60}"#;

#[test]
fn parse_token_without_cache_control_no_store_noted() {
    for headers in [
        vec![],
        vec![Header::new("Cache-Control", "no-cache")],
        vec![Header::new("Cache-Control", "max-age=0, no-storey")],
    ] {
        let t = token(headers.clone(), BODY);
        assert!(
            t.notes
                .iter()
                .any(|n| n.contains("Cache-Control: no-store") && n.contains("RFC 6749 §5.1")),
            "{headers:?}: {:?}",
            t.notes
        );
    }
}

#[test]
fn parse_token_with_cache_control_no_store_not_noted() {
    for value in [
        "no-store",
        "No-Store",
        "private, no-store",
        "no-cache,NO-STORE ,max-age=0",
    ] {
        let t = token(vec![Header::new("cache-control", value)], BODY);
        assert!(
            t.notes.iter().all(|n| !n.contains("no-store")),
            "{value}: {:?}",
            t.notes
        );
    }
}

#[test]
fn parse_expires_in_non_finite_string_one_clear_note() {
    for raw in ["NaN", "nan", "inf", "-Infinity", "1e400"] {
        let body = format!(r#"{{"access_token":"a","token_type":"Bearer","expires_in":"{raw}"}}"#);
        let t = token(vec![Header::new("Cache-Control", "no-store")], &body);
        let about: Vec<&String> = t
            .notes
            .iter()
            .filter(|n| n.contains("expires_in"))
            .collect();
        assert_eq!(about.len(), 1, "{raw}: {about:?}");
        assert!(about[0].contains(raw), "{raw}: {about:?}");
        assert!(about[0].contains("lifetime is unknown"), "{raw}: {about:?}");
        assert!(!about[0].contains("Accepted"), "{raw}: {about:?}");
        assert_eq!(t.expires_in, None);
    }
}
