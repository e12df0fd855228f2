//! Golden tests: the exact bytes of token requests for a matrix of inputs (RFC 6749 §4.4.2,
//! §2.3.1).
#![cfg(not(target_arch = "wasm32"))]

use cc_core::draft::Draft;
use cc_core::types::AuthMethod;

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

fn full_draft(auth: AuthMethod, secret: &str) -> Draft {
    use cc_core::draft::Row;
    let mut disabled = Row::new(3, "debug", "1");
    disabled.enabled = false;
    Draft {
        auth,
        client_secret: secret.into(),
        scope: "orders:read  orders:write".into(),
        audience: " https://api.example ".into(),
        resource: "https://api.example/orders\n\nurn:example:inventory\n".into(),
        extra_params: vec![Row::new(1, "tenant", "a&b=c d"), disabled],
        extra_headers: vec![Row::new(2, "X-Request-Id", "42")],
        ..Draft::example()
    }
}

#[test]
fn to_http_all_parameters_each_method_exact_bytes() {
    const SECRET: &str = "p@ss w/rd+&:%=é";
    const PARAMS: &str = "grant_type=client_credentials&scope=orders%3Aread+orders%3Awrite\
        &audience=https%3A%2F%2Fapi.example\
        &resource=https%3A%2F%2Fapi.example%2Forders&resource=urn%3Aexample%3Ainventory\
        &tenant=a%26b%3Dc+d";
    let head = |extra: &str, len: usize| {
        format!(
            "POST /oauth2/token HTTP/1.1\r\nHost: authorization-server.example\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n\
             {extra}X-Request-Id: 42\r\nContent-Length: {len}\r\n\r\n"
        )
    };
    // base64("my_client_id_123:p%40ss+w%2Frd%2B%26%3A%25%3D%C3%A9")
    let basic = "Basic bXlfY2xpZW50X2lkXzEyMzpwJTQwc3Mrdy\
                 UyRnJkJTJCJTI2JTNBJTI1JTNEJUMzJUE5";
    let post_body = format!(
        "{PARAMS}&client_id=my_client_id_123&client_secret=p%40ss+w%2Frd%2B%26%3A%25%3D%C3%A9"
    );
    let none_body = format!("{PARAMS}&client_id=my_client_id_123");
    let cases = [
        (
            AuthMethod::ClientSecretBasic,
            format!(
                "{}{PARAMS}",
                head(&format!("Authorization: {basic}\r\n"), PARAMS.len())
            ),
        ),
        (
            AuthMethod::ClientSecretPost,
            format!("{}{post_body}", head("", post_body.len())),
        ),
        (
            AuthMethod::None,
            format!("{}{none_body}", head("", none_body.len())),
        ),
    ];
    for (auth, expected) in cases {
        assert_eq!(wire(&full_draft(auth, SECRET)), expected, "{auth:?}");
    }
}

#[test]
fn basic_authorization_special_secret_pinned() {
    use cc_core::encoding::base64_decode;
    let req = full_draft(AuthMethod::ClientSecretBasic, "p@ss w/rd+&:%=")
        .validate()
        .unwrap()
        .to_http();
    let value = req.header("Authorization").unwrap();
    let decoded = base64_decode(value.strip_prefix("Basic ").unwrap()).unwrap();
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        "my_client_id_123:p%40ss+w%2Frd%2B%26%3A%25%3D"
    );
}

#[test]
fn to_http_teaching_get_puts_params_in_query_and_masks_secret() {
    let mut d = Draft {
        auth: AuthMethod::ClientSecretPost,
        ..Draft::example()
    };
    d.teaching.enabled = true;
    d.teaching.mistakes.use_get = true;
    let req = d.validate().unwrap().to_http();
    let text = String::from_utf8(req.to_bytes()).unwrap();
    assert_eq!(
        text,
        "GET /oauth2/token?grant_type=client_credentials&scope=orders%3Aread\
         &client_id=my_client_id_123&client_secret=my_secret_456 HTTP/1.1\r\n\
         Host: authorization-server.example\r\nAccept: application/json\r\n\r\n"
    );
    assert!(req
        .render(true)
        .starts_with("GET /oauth2/token?grant_type=client_credentials&scope=orders%3Aread&client_id=my_client_id_123&client_secret=•••••••• HTTP/1.1\n"));
}

#[test]
fn to_http_teaching_json_body_and_grant_type() {
    let mut d = Draft {
        auth: AuthMethod::ClientSecretPost,
        scope: String::new(),
        ..Draft::example()
    };
    d.teaching.enabled = true;
    d.teaching.grant_type = "password".into();
    d.teaching.mistakes.json_body = true;
    let req = d.validate().unwrap().to_http();
    assert_eq!(req.header("Content-Type"), Some("application/json"));
    assert_eq!(
        String::from_utf8(req.body.clone()).unwrap(),
        r#"{"grant_type":"password","client_id":"my_client_id_123","client_secret":"my_secret_456"}"#
    );
    assert!(req.render(true).ends_with(r#""client_secret":"••••••••"}"#));
}

#[test]
fn to_http_teaching_settings_ignored_when_disabled() {
    let mut d = Draft::example();
    d.teaching.grant_type = "password".into();
    d.teaching.mistakes.use_get = true;
    let req = d.validate().unwrap().to_http();
    assert_eq!(req.method, "POST");
    assert!(
        String::from_utf8(req.body)
            .unwrap()
            .starts_with("grant_type=client_credentials")
    );
}

// ---------------------------------------------------------------------------------------------
// Issue 14 defect 8: the raw view equals what the browser sends.

fn target_of(token_url: &str) -> String {
    let d = Draft {
        token_url: token_url.into(),
        ..Draft::example()
    };
    d.validate()
        .unwrap_or_else(|e| panic!("{token_url:?}: {e:?}"))
        .to_http()
        .target
}

/// The request targets a WHATWG URL parser (the browser's `fetch`) sends for these token URLs
/// (checked against Chromium by tests/e2e/specs/raw-exact.spec.mjs).
#[test]
fn to_http_dot_segments_and_special_characters_target_as_the_browser_sends() {
    let cases = [
        ("https://as.example/a/../b", "/b"),
        ("https://as.example/a/./b", "/a/b"),
        ("https://as.example/%2e%2e/x", "/x"),
        ("https://as.example/a/%2E/b", "/a/b"),
        ("https://as.example/a/.%2e/b", "/b"),
        ("https://as.example/a/..", "/"),
        ("https://as.example/a/.", "/a/"),
        ("https://as.example/../../x", "/x"),
        ("https://as.example/a//b/../c", "/a//c"),
        ("https://as.example/a\\b/../c", "/a/c"),
        ("https://as.example/a/..?q=1", "/?q=1"),
        ("https://as.example/t?q='x'", "/t?q=%27x%27"),
        ("https://as.example/t?q=a b", "/t?q=a%20b"),
        ("https://as.example/t?q=\"<>", "/t?q=%22%3C%3E"),
        ("https://as.example/ä/ü?é", "/%C3%A4/%C3%BC?%C3%A9"),
        ("https://as.example/a b/t", "/a%20b/t"),
        ("https://as.example/t?x=..\\/'", "/t?x=..\\/%27"),
        (
            "https://as.example/p`{}^|?a=`{}^|",
            "/p%60%7B%7D%5E%7C?a=`{}^|",
        ),
        (
            "https://as.example/%41%7e%2D/a%2eb/%zz/%2f",
            "/%41%7e%2D/a%2eb/%zz/%2f",
        ),
        ("https://as.example/p'!$&()*+,;=:@[]/", "/p'!$&()*+,;=:@[]/"),
    ];
    for (url, expected) in cases {
        assert_eq!(target_of(url), expected, "{url}");
    }
}

#[test]
fn to_http_backslash_ends_the_host_like_a_slash() {
    let d = Draft {
        token_url: "https://as.example\\oauth2\\token".into(),
        ..Draft::example()
    };
    let req = d.validate().unwrap().to_http();
    assert_eq!(req.target, "/oauth2/token");
    assert_eq!(req.header("Host"), Some("as.example"));
}

fn with_headers(names: &[&str]) -> Draft {
    Draft {
        extra_headers: names
            .iter()
            .enumerate()
            .map(|(i, n)| cc_core::draft::Row::new(i as u32, *n, "v"))
            .collect(),
        ..Draft::example()
    }
}

/// Fetch standard §2.2.2 "forbidden request-header": the browser drops them, so they are not
/// part of the raw request (which the simulator receives and the exports reproduce).
#[test]
fn to_http_forbidden_headers_not_in_sent_bytes() {
    let forbidden = [
        "Cookie",
        "origin",
        "Referer",
        "Via",
        "Keep-Alive",
        "Sec-Fetch-Mode",
        "Proxy-Authorization",
        "Accept-Encoding",
        "Accept-Charset",
        "Access-Control-Request-Method",
        "Cookie2",
        "Date",
        "DNT",
        "TE",
        "Trailer",
        "Upgrade",
        "Set-Cookie",
    ];
    let mut names = forbidden.to_vec();
    names.push("X-Kept");
    let d = with_headers(&names);
    let text = wire(&d);
    for name in forbidden {
        assert!(
            !text
                .to_ascii_lowercase()
                .contains(&format!("\r\n{}:", name.to_ascii_lowercase())),
            "{name} in {text}"
        );
    }
    assert!(text.contains("\r\nX-Kept: v\r\n"));
    let req = d.validate().unwrap().to_http();
    let unsent: Vec<&str> = req.unsent_headers.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(unsent, forbidden);
    assert!(!req.render(false).contains("Cookie"));
}

#[test]
fn lint_forbidden_header_finding_names_it() {
    use cc_core::lint::lint;
    let d = with_headers(&["Cookie", "X-Kept"]);
    let findings = lint(&d, d.validate().ok().as_ref());
    let f = findings
        .iter()
        .find(|f| f.code == "forbidden-header")
        .expect("a forbidden-header finding");
    assert!(f.message.contains("Cookie"), "{}", f.message);
    assert!(!f.message.contains("X-Kept"), "{}", f.message);
}

#[test]
fn lint_ordinary_headers_no_forbidden_finding() {
    use cc_core::lint::lint;
    let d = with_headers(&["X-Request-Id", "Accept-Language", "Secret-Thing", "Proxied"]);
    let findings = lint(&d, d.validate().ok().as_ref());
    assert!(findings.iter().all(|f| f.code != "forbidden-header"));
}
