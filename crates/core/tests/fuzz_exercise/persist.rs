// The saved configuration (`localStorage`, crates/core/src/contract/persist.rs): any text decodes to a
// record or a reason, never a panic; a decoded record encodes and decodes to itself, and the
// share query inside it parses as a prefill (README "Configuration by URL").
use cc_core::persist::{decode, encode};
use cc_core::prefill::parse;

/// Decodes the bytes as a stored record; re-encodes what decodes.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(saved) = decode(&text) {
        assert_eq!(decode(&encode(&saved)), Ok(saved.clone()), "round trip");
        let _ = parse(&saved.config, "").to_draft();
    }
}
