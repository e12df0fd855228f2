// URL prefill parameters (README "Configuration by URL"): `location.search` and
// `location.hash` as form-urlencoded pairs (RFC 6749 Appendix B encoding), and host-page
// origins (RFC 6454 §6.1 serialisation).
use cc_core::draft::Draft;
use cc_core::prefill::{ShareOptions, parse, parse_origin, share_query};

/// Split at the first `#`: query, then fragment. The prefill applies to the example draft
/// without panicking, its `lock` and `origin` lists have no repeats, and a share link of the
/// resulting draft parses again without panicking. The bytes are also tried as an origin.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (query, fragment) = text.split_once('#').unwrap_or((&text, ""));
    let prefill = parse(query, fragment);
    for (i, lock) in prefill.lock.iter().enumerate() {
        assert!(!prefill.lock[..i].contains(lock), "repeated lock field");
    }
    for (i, origin) in prefill.origins.iter().enumerate() {
        assert!(!prefill.origins[..i].contains(origin), "repeated origin");
    }
    let mut draft = Draft::example();
    prefill.apply(&mut draft);
    let _ = draft.validate();
    let query = share_query(&draft, &ShareOptions::default());
    let _ = parse(&query, "");
    if let Ok(origin) = parse_origin(&text) {
        assert_eq!(
            parse_origin(&origin).as_ref(),
            Ok(&origin),
            "origin not normalised"
        );
    }
}
