//! The upstream: a token endpoint (RFC 6749 §4.4) in the load generator's process, answering
//! a fixed JSON body to the exact request the client sends.

use bytes::Bytes;
use http::{HeaderMap, StatusCode, header};

use crate::{BASIC, FORM, TOKEN_JSON};

pub(crate) async fn token_endpoint(
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, HeaderMap, &'static str) {
    let mut out = HeaderMap::new();
    out.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    out.insert(header::CACHE_CONTROL, "no-store".parse().unwrap());
    let authorized = headers
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v == BASIC);
    if body != FORM.as_bytes() || !authorized {
        return (
            StatusCode::BAD_REQUEST,
            out,
            r#"{"error":"invalid_request"}"#,
        );
    }
    (StatusCode::OK, out, TOKEN_JSON)
}
