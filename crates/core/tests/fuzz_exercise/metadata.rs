// Authorization server metadata documents (RFC 8414 §2, §3.2) and the discovery URLs built
// from an issuer (RFC 8414 §3.1).
use cc_core::metadata::{MetadataError, accept, parse, well_known_urls};
use cc_core::types::AuthMethod;

/// Parses the bytes as a metadata document and, when it parses, asks for warnings for every
/// authentication method and checks the issuer rule (RFC 8414 §3.3): the document is accepted
/// for its own issuer and refused, naming both, for any other; the bytes are also tried as an
/// issuer for the well-known URLs.
pub fn run(data: &[u8]) {
    if let Ok(metadata) = parse(data) {
        for method in AuthMethod::ALL {
            let _ = metadata.warnings(method);
        }
        let own = metadata.issuer.trim().to_string();
        let accepted = accept(&own, metadata.clone());
        assert_eq!(accepted.is_ok(), own == metadata.issuer);
        let other = format!("{own}/");
        match accept(&other, metadata) {
            Err(e @ MetadataError::IssuerMismatch { .. }) => {
                let _ = e.to_string();
            }
            other => panic!("accepted for another issuer: {other:?}"),
        }
    }
    let text = String::from_utf8_lossy(data);
    if let Ok(urls) = well_known_urls(&text) {
        assert!(!urls.is_empty());
    }
}
