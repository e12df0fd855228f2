//! Golden tests: the exact bytes of token requests for a matrix of inputs (RFC 6749 §4.4.2,
//! §2.3.1).
#![cfg(not(target_arch = "wasm32"))]

use cc_playground::oauth::draft::Draft;
use cc_playground::oauth::types::AuthMethod;

fn draft(auth: AuthMethod, scope: &str) -> Draft {
    Draft {
        auth,
        scope: scope.into(),
        ..Draft::example()
    }
}

fn wire(d: &Draft) -> String {
    String::from_utf8(d.validate().expect("valid draft").to_http().to_bytes()).unwrap()
}

#[test]
fn to_http_basic_example_exact_bytes() {
    assert_eq!(
        wire(&draft(AuthMethod::ClientSecretBasic, "orders:read")),
        "POST /oauth2/token HTTP/1.1\r\n\
         Host: authorization-server.example\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\n\
         Authorization: Basic bXlfY2xpZW50X2lkXzEyMzpteV9zZWNyZXRfNDU2\r\n\
         Content-Length: 49\r\n\
         \r\n\
         grant_type=client_credentials&scope=orders%3Aread"
    );
}

#[test]
fn to_http_post_example_exact_bytes() {
    assert_eq!(
        wire(&draft(AuthMethod::ClientSecretPost, "")),
        "POST /oauth2/token HTTP/1.1\r\n\
         Host: authorization-server.example\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\n\
         Content-Length: 84\r\n\
         \r\n\
         grant_type=client_credentials&client_id=my_client_id_123&client_secret=my_secret_456"
    );
}

#[test]
fn to_http_content_length_matches_body_bytes_for_non_ascii() {
    let d = Draft {
        client_secret: "pä ss+wörd%:&=/@🔑".into(),
        scope: "a b".into(),
        auth: AuthMethod::ClientSecretPost,
        ..Draft::example()
    };
    let req = d.validate().unwrap().to_http();
    assert_eq!(
        req.header("Content-Length").unwrap(),
        req.body.len().to_string()
    );
    let body = String::from_utf8(req.body.clone()).unwrap();
    assert!(body.ends_with("&client_secret=p%C3%A4+ss%2Bw%C3%B6rd%25%3A%26%3D%2F%40%F0%9F%94%91"));
    assert!(body.contains("&scope=a+b&"));
}

#[test]
fn to_http_basic_credentials_not_repeated_in_body() {
    let req = draft(AuthMethod::ClientSecretBasic, "")
        .validate()
        .unwrap()
        .to_http();
    let body = String::from_utf8(req.body).unwrap();
    assert_eq!(body, "grant_type=client_credentials");
}

#[test]
fn to_http_empty_scope_parameter_omitted() {
    for scope in ["", "   ", "\t"] {
        let text = wire(&draft(AuthMethod::ClientSecretBasic, scope));
        assert!(!text.contains("scope="), "scope {scope:?} gave {text}");
    }
}

#[test]
fn to_http_port_and_query_in_host_and_target() {
    let d = Draft {
        token_url: "http://127.0.0.1:3000/realms/demo/token?tenant=a%20b".into(),
        ..Draft::example()
    };
    let text = wire(&d);
    assert!(
        text.starts_with(
            "POST /realms/demo/token?tenant=a%20b HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n"
        )
    );
}

#[test]
fn render_masked_hides_secret_in_both_methods() {
    let revealed = [
        (
            AuthMethod::ClientSecretBasic,
            "bXlfY2xpZW50X2lkXzEyMzpteV9zZWNyZXRfNDU2",
        ),
        (AuthMethod::ClientSecretPost, "client_secret=my_secret_456"),
    ];
    for (auth, clear) in revealed {
        let req = draft(auth, "").validate().unwrap().to_http();
        let masked = req.render(true);
        assert!(!masked.contains("my_secret_456"), "{auth:?}: {masked}");
        assert!(!masked.contains("bXlfY2xpZW50X2lkXzEyMzpteV9zZWNyZXRfNDU2"));
        assert!(masked.contains("••••••••"));
        assert!(req.render(false).contains(clear));
    }
}
