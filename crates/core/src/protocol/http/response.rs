//! An HTTP response as received (RFC 9112 §4: status line, header fields, body), with the
//! standard reason phrases (RFC 9110 §15).

use super::{Header, find_header};
use std::fmt;

/// An HTTP response as received. `Debug` shows the body's length, never its bytes: a token
/// response carries the access token (RFC 6749 §5.1, §10.3).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code, e.g. 200.
    pub status: u16,
    /// Reason phrase (may be empty over HTTP/2; we then show the standard one).
    pub reason: String,
    /// Header fields the client could read.
    pub headers: Vec<Header>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("reason", &self.reason)
            .field("headers", &self.headers)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

impl HttpResponse {
    /// A response with the standard reason phrase for `status`.
    pub fn new(status: u16, headers: Vec<Header>, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            reason: reason_phrase(status).to_string(),
            headers,
            body: body.into(),
        }
    }

    /// A header value by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body as text (invalid UTF-8 replaced by U+FFFD).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The status line, e.g. `HTTP/1.1 200 OK`.
    pub fn status_line(&self) -> String {
        let reason = if self.reason.is_empty() {
            reason_phrase(self.status)
        } else {
            &self.reason
        };
        format!("HTTP/1.1 {} {reason}", self.status)
    }

    /// The response as text for display (`\n` line endings).
    pub fn render(&self) -> String {
        let mut out = self.status_line();
        out.push('\n');
        for h in &self.headers {
            out.push_str(&format!("{}: {}\n", h.name, h.value));
        }
        out.push('\n');
        out.push_str(&self.body_text());
        out
    }
}

/// The standard reason phrase for a status code (RFC 9110 §15).
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}
