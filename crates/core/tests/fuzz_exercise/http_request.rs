// Raw HTTP/1.1 request parser (RFC 9112 §3, §5, §6.3), as the simulated server reads requests.
use cc_core::http::HttpRequest;

/// Parses `data`; a request that parses must re-render (`to_bytes`) to bytes that parse to the
/// same method, target, header fields and body, and its body length must match
/// `Content-Length` (RFC 9112 §6.3).
pub fn run(data: &[u8]) {
    let Ok(request) = HttpRequest::parse(data) else {
        return;
    };
    assert!(!request.method.is_empty());
    assert!(!request.target.is_empty());
    assert!(request.header("host").is_some(), "parsed without Host");
    let declared = request
        .header("content-length")
        .map_or(0, |v| v.parse::<usize>().expect("Content-Length parsed"));
    assert_eq!(declared, request.body.len());
    let again = HttpRequest::parse(&request.to_bytes()).expect("re-rendered request parses");
    assert_eq!(again.method, request.method);
    assert_eq!(again.target, request.target);
    assert_eq!(again.headers, request.headers);
    assert_eq!(again.body, request.body);
    assert_eq!(again.url, request.url);
}
