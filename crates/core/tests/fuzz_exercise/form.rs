// `application/x-www-form-urlencoded` (RFC 6749 Appendix B), base64 (RFC 4648 §4, as HTTP
// Basic uses it, RFC 7617 §2) and base64url (RFC 4648 §5, as JWS uses it, RFC 7515 §2).
use cc_core::encoding::{
    base64_decode, base64_encode, base64url_decode, base64url_encode, form_parse, form_serialize,
    form_urldecode, form_urlencode,
};

/// Decoders are strict, so what they accept is canonical: re-encoding a decoded base64 or
/// base64url string gives the input back; a decoded form component re-encodes to something
/// that decodes to the same text; a parsed form body re-serialises to one that parses the same.
/// The raw bytes also go through the encoders and must round-trip.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(decoded) = form_urldecode(&text) {
        assert_eq!(
            form_urldecode(&form_urlencode(&decoded)).as_ref(),
            Ok(&decoded)
        );
    }
    if let Ok(pairs) = form_parse(&text) {
        let body = form_serialize(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        assert_eq!(form_parse(&body).as_ref(), Ok(&pairs));
    }
    if let Ok(bytes) = base64_decode(&text) {
        assert_eq!(base64_encode(&bytes), text, "non-canonical base64 accepted");
    }
    if let Ok(bytes) = base64url_decode(&text) {
        assert_eq!(
            base64url_encode(&bytes),
            text,
            "non-canonical base64url accepted"
        );
    }
    assert_eq!(base64_decode(&base64_encode(data)).as_deref(), Ok(data));
    assert_eq!(
        base64url_decode(&base64url_encode(data)).as_deref(),
        Ok(data)
    );
    assert_eq!(
        form_urldecode(&form_urlencode(&text)).as_deref(),
        Ok(&*text)
    );
}
