// Authorization server metadata documents (RFC 8414 §2, §3.2) and the discovery URLs built
// from an issuer (RFC 8414 §3.1).
use cc_playground::oauth::metadata::{parse, well_known_urls};
use cc_playground::oauth::types::AuthMethod;

/// Parses the bytes as a metadata document and, when it parses, asks for warnings for every
/// authentication method; the bytes are also tried as an issuer for the well-known URLs.
pub fn run(data: &[u8]) {
    if let Ok(metadata) = parse(data) {
        for method in AuthMethod::ALL {
            let _ = metadata.warnings(&metadata.issuer, method);
            let _ = metadata.warnings("https://authorization-server.example", method);
        }
    }
    let text = String::from_utf8_lossy(data);
    if let Ok(urls) = well_known_urls(&text) {
        assert!(!urls.is_empty());
    }
}
