// The saved configuration (`localStorage`, crates/core/src/contract/persist.rs): any text decodes to a
// record or a reason, never a panic; a decoded record encodes and decodes to itself, and the
// share query inside it parses as a prefill (README "Configuration by URL"). The same text as a
// remembered secret (`sessionStorage`) decodes or is refused, round-trips, and is restored only
// for the configuration it is bound to; as a Token URL, stripping its secret-bearing parts is
// idempotent and never leaves a `client_secret` parameter behind.
use cc_core::persist::{decode, decode_secret, encode, encode_secret, restore_secret};
use cc_core::prefill::{parse, strip_url_secrets};

/// Decodes the bytes as a stored record, a remembered secret and a Token URL.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(saved) = decode(&text) {
        assert_eq!(decode(&encode(&saved)), Ok(saved.clone()), "round trip");
        let _ = parse(&saved.config, "").to_draft();
    }
    if let Ok(remembered) = decode_secret(&text) {
        let again = encode_secret(&remembered);
        assert_eq!(decode_secret(&again), Ok(remembered.clone()), "secret round trip");
        let issuer = (!remembered.issuer.is_empty()).then_some(remembered.issuer.as_str());
        let _ = restore_secret(&again, &remembered.token_url, &remembered.client_id, issuer);
        let other = format!("{}x", remembered.client_id);
        assert!(
            restore_secret(&again, &remembered.token_url, &other, issuer).is_err(),
            "restored for another client id"
        );
    }
    let stripped = strip_url_secrets(&text);
    assert_eq!(strip_url_secrets(&stripped.url).url, stripped.url, "idempotent");
    let query = stripped.url.split('#').next().and_then(|u| u.split_once('?'));
    if let Some((_, query)) = query {
        assert!(
            !query.split(['&', ';']).any(|p| p.split('=').next() == Some("client_secret")),
            "client_secret left in {:?}",
            stripped.url
        );
    }
}
