// Token endpoint URLs (RFC 6749 §3.2; RFC 3986 §3) and scope strings (RFC 6749 §3.3).
use cc_core::metadata;
use cc_core::types::Scope;
use cc_core::url::TokenUrl;

/// An accepted URL is normalised once and for all: its serialisation parses back to the same
/// URL and serialises identically, has a host, a path starting with `/` and no fragment. An
/// accepted scope has whitespace-free tokens and its wire form parses back to the same tokens.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(url) = TokenUrl::parse(&text) {
        let serialised = url.to_string();
        let again = TokenUrl::parse(&serialised)
            .unwrap_or_else(|e| panic!("{serialised:?} no longer parses: {e}"));
        assert_eq!(again, url, "{serialised:?}");
        assert_eq!(again.to_string(), serialised);
        assert!(!url.host().is_empty());
        assert!(url.path().starts_with('/'));
        assert!(!serialised.contains('#'));
        assert!(url.request_target().starts_with('/'));
        let request = metadata::request(&serialised).expect("an accepted URL makes a request");
        assert_eq!(request.target, url.request_target());
    }
    if let Ok(scope) = Scope::parse(&text) {
        for token in scope.tokens() {
            assert!(!token.is_empty() && !token.contains(char::is_whitespace));
        }
        let again = Scope::parse(&scope.to_wire()).expect("the wire form parses");
        assert_eq!(again.tokens(), scope.tokens());
    }
}
