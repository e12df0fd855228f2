// OpenAPI 3.x / Swagger 2.0 documents (JSON or the YAML subset) and their OAuth2 client
// credentials security schemes (OpenAPI 3.1 §4.8.27, RFC 6749 §4.4).
use cc_core::openapi::{parse, parse_with_base};

/// The bytes as a document, alone and with a base URL; every scheme found has a token URL
/// and scopes sorted by name, as documented.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for result in [
        parse(&text),
        parse_with_base(&text, Some("https://api.example/v1/openapi.yaml")),
    ] {
        let Ok(schemes) = result else {
            continue;
        };
        for scheme in schemes {
            assert!(!scheme.token_url.is_empty(), "{scheme:?}");
            assert!(
                scheme.scopes.windows(2).all(|w| w[0].0 <= w[1].0),
                "scopes not sorted: {scheme:?}"
            );
        }
    }
}
