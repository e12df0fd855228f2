use super::*;

fn outcome(body: &[u8]) -> TokenOutcome {
    parse(&HttpResponse::new(200, vec![], body.to_vec()))
}

#[test]
fn parse_duplicate_members_noted() {
    let TokenOutcome::Token(t) =
        outcome(br#"{"access_token":"first","token_type":"Bearer","access_token":"second"}"#)
    else {
        panic!()
    };
    assert_eq!(t.access_token.expose(), "second");
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("\"access_token\" appears more than once"))
    );
    assert_eq!(
        duplicate_members(br#"{"a":{"b":1,"b":2},"c":[1]}"#),
        Vec::<String>::new()
    );
}

#[test]
fn parse_invalid_utf8_and_empty_named() {
    let bad = outcome(b"{\"access_token\":\"ab\xFF\xFE\"}");
    assert!(matches!(
        bad,
        TokenOutcome::Problem(ResponseProblem::NotUtf8 {
            offset: 19,
            byte: 0xFF,
            ..
        })
    ));
    assert!(matches!(
        outcome(b""),
        TokenOutcome::Problem(ResponseProblem::Empty { status: 200 })
    ));
    let TokenOutcome::Problem(p) = outcome(b"[1]") else {
        panic!()
    };
    assert_eq!(
        p.to_string(),
        "Expected a JSON object (RFC 6749 §5.1) but got HTTP 200 with an array instead"
    );
}
use crate::http::Header;

fn json(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        vec![Header::new("Content-Type", "application/json")],
        body,
    )
}

#[test]
fn parse_rfc6749_example_token() {
    let r = json(
        200,
        r#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"example","expires_in":3600,"example_parameter":"example_value"}"#,
    );
    let TokenOutcome::Token(t) = parse(&r) else {
        panic!("expected token")
    };
    assert_eq!(t.access_token.expose(), "2YotnFZFEjr1zCsicMWpAA");
    assert_eq!(t.expires_in, Some(3600));
    assert_eq!(t.extra.len(), 1);
    assert!(t.notes.iter().any(|n| n.contains("not Bearer")));
}

#[test]
fn parse_lowercase_bearer_and_extra_fields_accepted() {
    let r = json(
        200,
        r#"{"access_token":"a","token_type":"bearer","expires_in":"300","ext_expires_in":300,"not_before":1}"#,
    );
    let TokenOutcome::Token(t) = parse(&r) else {
        panic!("expected token")
    };
    assert!(
        t.notes.iter().all(|n| !n.contains("not Bearer")),
        "{:?}",
        t.notes
    );
    assert_eq!(t.expires_in, Some(300));
    assert_eq!(t.extra.len(), 2);
}

#[test]
fn mask_secrets_tokens_hidden() {
    let body = br#"{"access_token":"AT-123","refresh_token":"RT-9","token_type":"Bearer"}"#;
    let secrets = secret_values(body);
    let shown = mask_secrets(std::str::from_utf8(body).unwrap(), &secrets);
    assert!(
        !shown.contains("AT-123") && !shown.contains("RT-9"),
        "{shown}"
    );
    assert!(shown.contains("Bearer"));
    assert!(secret_values(b"<html>").is_empty());
}

#[test]
fn scope_difference_missing_and_extra_named() {
    let asked = vec!["a".to_string(), "b".to_string()];
    assert_eq!(scope_difference(&asked, Some("b a")), None);
    assert_eq!(scope_difference(&asked, None), None);
    let d = scope_difference(&asked, Some("a c")).unwrap();
    assert!(
        d.contains("not granted: b") && d.contains("granted without being asked: c"),
        "{d}"
    );
}

#[test]
fn parse_error_response_keeps_unknown_code() {
    let r = json(400, r#"{"error":"weird_code","error_description":"x"}"#);
    let TokenOutcome::Error(e) = parse(&r) else {
        panic!("expected error")
    };
    assert_eq!(e.error, "weird_code");
    assert_eq!(e.error_description.as_deref(), Some("x"));
}

#[test]
fn parse_html_body_reports_not_json() {
    let r = HttpResponse::new(
        502,
        vec![Header::new("Content-Type", "text/html")],
        "<html>bad gateway</html>",
    );
    assert!(matches!(
        parse(&r),
        TokenOutcome::Problem(ResponseProblem::NotJson { status: 502, .. })
    ));
}

#[test]
fn parse_expires_in_variants_handled() {
    let cases = [
        (r#""3600""#, Some(3600)),
        ("-5", Some(0)),
        ("1e308", None),
        ("null", None),
        ("12.7", Some(12)),
    ];
    for (raw, expected) in cases {
        let r = json(
            200,
            &format!(r#"{{"access_token":"a","token_type":"Bearer","expires_in":{raw}}}"#),
        );
        let TokenOutcome::Token(t) = parse(&r) else {
            panic!("expected token for {raw}")
        };
        assert_eq!(t.expires_in, expected, "expires_in {raw}");
    }
}

#[test]
fn parse_array_reports_not_object() {
    assert!(matches!(
        parse(&json(200, "[1]")),
        TokenOutcome::Problem(ResponseProblem::NotObject {
            kind: "an array",
            ..
        })
    ));
}
