use super::*;

fn sample() -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: "https://a.example/token".into(),
        target: "/token".into(),
        masked_target: None,
        headers: vec![
            Header::new("Host", "a.example"),
            Header::sensitive("Authorization", "Basic YTpi"),
            Header::new("Content-Length", "29"),
        ],
        body: b"grant_type=client_credentials".to_vec(),
        body_kind: BodyKind::Form,
        params: vec![FormParam::new("grant_type", "client_credentials")],
        unsent_headers: Vec::new(),
    }
}

#[test]
fn to_bytes_then_parse_roundtrips() {
    let req = sample();
    let parsed = HttpRequest::parse(&req.to_bytes()).unwrap();
    assert_eq!(parsed.method, "POST");
    assert_eq!(parsed.target, "/token");
    assert_eq!(parsed.header("authorization"), Some("Basic YTpi"));
    assert_eq!(parsed.body, req.body);
}

#[test]
fn render_masked_hides_credentials() {
    let text = sample().render(true);
    assert!(text.contains("Authorization: Basic ••••••••\n"));
    assert!(!text.contains("YTpi"));
    assert!(sample().render(false).contains("Basic YTpi"));
    assert!(!format!("{:?}", sample()).contains("YTpi"));
}

#[test]
fn segments_concatenated_equal_render() {
    let mut req = sample();
    req.params = vec![
        FormParam::new("grant_type", "client_credentials"),
        FormParam::sensitive("client_secret", "a&b"),
    ];
    req.body = HttpRequest::encode_body(BodyKind::Form, &req.params);
    for masked in [true, false] {
        let segs = req.segments(masked);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, req.render(masked));
        assert_eq!(
            segs.last().unwrap().part,
            Part::Param("client_secret".into())
        );
    }
}

#[test]
fn parse_length_mismatch_rejected() {
    let bytes = b"POST /t HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nabc";
    assert_eq!(
        HttpRequest::parse(bytes),
        Err(ParseError::ContentLengthMismatch {
            declared: 5,
            actual: 3
        })
    );
}

#[test]
fn parse_malformed_inputs_error() {
    assert_eq!(
        HttpRequest::parse(b"garbage"),
        Err(ParseError::NoEndOfHeaders)
    );
    assert!(matches!(
        HttpRequest::parse(b"POST /t HTTP/1.0\r\nHost: a\r\n\r\n"),
        Err(ParseError::UnsupportedVersion(_))
    ));
    assert_eq!(
        HttpRequest::parse(b"POST /t HTTP/1.1\r\n\r\n"),
        Err(ParseError::MissingHost)
    );
    assert!(matches!(
        HttpRequest::parse(b"POST /t HTTP/1.1\r\nBad Header: x\r\n\r\n"),
        Err(ParseError::BadHeader(_))
    ));
}
