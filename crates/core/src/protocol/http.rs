//! HTTP/1.1 messages as values (RFC 9112): what the client sends and what it receives, their
//! exact byte rendering, a masked rendering for display, and a strict request parser used by
//! the simulated authorization server.

use super::encoding::{form_serialize, form_urlencode};
use super::secret::REDACTED;
use std::fmt;

/// Shown in place of a secret in masked renderings.
pub const MASK: &str = "••••••••";

/// A name and a value: one header field (RFC 9110 §5) or one form parameter (RFC 6749
/// Appendix B). `sensitive` values (a credential: `Authorization`, `client_secret`,
/// `client_assertion`) are masked in displayed renderings and never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct NameValue {
    /// Name as sent (for a form parameter: not encoded).
    pub name: String,
    /// Value as sent (for a form parameter: not encoded).
    pub value: String,
    /// True when the value carries a credential.
    pub sensitive: bool,
}

/// One header field (RFC 9110 §5).
pub type Header = NameValue;

/// One logical body parameter (RFC 6749 Appendix B).
pub type FormParam = NameValue;

impl fmt::Debug for NameValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = if self.sensitive {
            REDACTED
        } else {
            &self.value
        };
        write!(f, "{}: {value}", self.name)
    }
}

impl NameValue {
    /// A non-sensitive field.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            sensitive: false,
        }
    }

    /// A field whose value is a credential.
    pub fn sensitive(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            sensitive: true,
            ..Self::new(name, value)
        }
    }

    /// The header value as displayed: a sensitive one masked, keeping the authentication
    /// scheme visible ("Basic ••••••••", RFC 9110 §11.4).
    fn masked_value(&self) -> String {
        if !self.sensitive {
            return self.value.clone();
        }
        match self.value.split_once(' ') {
            Some((scheme, _)) => format!("{scheme} {MASK}"),
            None => MASK.to_string(),
        }
    }
}

/// A piece of a displayed request: its text and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The text, including its line break where it ends a line.
    pub text: String,
    /// What the text is.
    pub part: Part,
}

/// What a [`Segment`] is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// `METHOD target HTTP/1.1`.
    RequestLine,
    /// A header line, by field name.
    Header(String),
    /// The empty line or a `&` between parameters.
    Separator,
    /// One form parameter, by name.
    Param(String),
    /// A body that is not form parameters.
    Body,
}

/// Finds a header value by case-insensitive name (RFC 9110 §5.1).
pub fn find_header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// How the body was produced from its parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BodyKind {
    /// No body.
    Empty,
    /// `application/x-www-form-urlencoded` from [`HttpRequest::params`] (RFC 6749 Appendix B).
    #[default]
    Form,
    /// A JSON object of string members from [`HttpRequest::params`] (a classic mistake, for teaching).
    Json,
    /// Bytes received from elsewhere (e.g. parsed by the simulator); `params` is empty.
    Raw,
}

/// An HTTP request as it goes on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method, e.g. `POST`.
    pub method: String,
    /// Full URL the request is sent to (scheme, host, port, path, query).
    pub url: String,
    /// Request target in origin-form (path and query), RFC 9112 §3.2.1.
    pub target: String,
    /// The target with credentials masked, when it carries any (teaching mode's GET).
    pub masked_target: Option<String>,
    /// Header fields in order, including `Host` and `Content-Length`.
    pub headers: Vec<Header>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// How `body` encodes `params`.
    pub body_kind: BodyKind,
    /// The body's parameters, in order, with credentials marked (empty for `Raw`/`Empty`).
    pub params: Vec<FormParam>,
    /// Header fields the user asked for that a browser does not send: Fetch standard
    /// "forbidden request-headers" (see [`is_forbidden_request_header`]). They are not part of
    /// the request (`headers`, the bytes, the exports, the simulator); the raw view lists them
    /// apart as "not sent by the browser".
    pub unsent_headers: Vec<Header>,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field(
                "target",
                self.masked_target.as_ref().unwrap_or(&self.target),
            )
            .field("headers", &self.headers)
            .field("body", &self.render_body(true))
            .finish()
    }
}

impl HttpRequest {
    /// The exact bytes on the wire (CRLF line endings, RFC 9112 §2.1).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{} {} HTTP/1.1\r\n", self.method, self.target).into_bytes();
        for h in &self.headers {
            out.extend_from_slice(format!("{}: {}\r\n", h.name, h.value).as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }

    /// The message as text for display, with `\n` line endings; secrets masked when `masked`.
    pub fn render(&self, masked: bool) -> String {
        let target = match (&self.masked_target, masked) {
            (Some(m), true) => m,
            _ => &self.target,
        };
        let mut out = format!("{} {target} HTTP/1.1\n", self.method);
        for h in &self.headers {
            let value = if masked {
                h.masked_value()
            } else {
                h.value.clone()
            };
            out.push_str(&format!("{}: {value}\n", h.name));
        }
        out.push('\n');
        out.push_str(&self.render_body(masked));
        out
    }

    /// The displayed text cut into parts (request line, each header line, each body
    /// parameter), so that each part can carry its own explanation. The parts concatenate to
    /// exactly [`HttpRequest::render`].
    pub fn segments(&self, masked: bool) -> Vec<Segment> {
        let text = self.render(masked);
        let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
        let mut out = Vec::new();
        for (i, line) in head.split('\n').enumerate() {
            let part = if i == 0 {
                Part::RequestLine
            } else {
                Part::Header(line.split(':').next().unwrap_or_default().to_string())
            };
            out.push(Segment {
                text: format!("{line}\n"),
                part,
            });
        }
        out.push(Segment {
            text: "\n".into(),
            part: Part::Separator,
        });
        if self.body_kind == BodyKind::Form && !self.params.is_empty() {
            for (i, (piece, param)) in body.split('&').zip(&self.params).enumerate() {
                if i > 0 {
                    out.push(Segment {
                        text: "&".into(),
                        part: Part::Separator,
                    });
                }
                out.push(Segment {
                    text: piece.to_string(),
                    part: Part::Param(param.name.clone()),
                });
            }
        } else if !body.is_empty() {
            out.push(Segment {
                text: body.to_string(),
                part: Part::Body,
            });
        }
        out
    }

    fn render_body(&self, masked: bool) -> String {
        if !masked || !self.params.iter().any(|p| p.sensitive) {
            return String::from_utf8_lossy(&self.body).into_owned();
        }
        match self.body_kind {
            BodyKind::Form => masked_form(&self.params),
            BodyKind::Json => json_object(self.params.iter().map(|p| {
                let value = if p.sensitive { MASK } else { p.value.as_str() };
                (p.name.as_str(), value)
            })),
            BodyKind::Empty | BodyKind::Raw => String::from_utf8_lossy(&self.body).into_owned(),
        }
    }

    /// Builds the body bytes from `params` per `kind`.
    pub fn encode_body(kind: BodyKind, params: &[FormParam]) -> Vec<u8> {
        let pairs = params.iter().map(|p| (p.name.as_str(), p.value.as_str()));
        match kind {
            BodyKind::Form => form_serialize(pairs).into_bytes(),
            BodyKind::Json => json_object(pairs).into_bytes(),
            BodyKind::Empty | BodyKind::Raw => Vec::new(),
        }
    }

    /// A header value by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Parses request bytes strictly, as a server would: request line, header fields, an empty
    /// line, and a body whose length must equal `Content-Length` (RFC 9112 §3, §5, §6.3).
    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        let head_end = find_subslice(bytes, b"\r\n\r\n").ok_or(ParseError::NoEndOfHeaders)?;
        let head = std::str::from_utf8(&bytes[..head_end]).map_err(|_| ParseError::HeadNotText)?;
        let body = &bytes[head_end + 4..];
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or_default();
        let mut parts = request_line.split(' ');
        let (Some(method), Some(target), Some(version), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ParseError::BadRequestLine(request_line.to_string()));
        };
        if method.is_empty() || !method.bytes().all(is_tchar) || target.is_empty() {
            return Err(ParseError::BadRequestLine(request_line.to_string()));
        }
        if version != "HTTP/1.1" {
            return Err(ParseError::UnsupportedVersion(version.to_string()));
        }
        let mut headers = Vec::new();
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                return Err(ParseError::BadHeader(line.to_string()));
            };
            if name.is_empty() || !name.bytes().all(is_tchar) {
                return Err(ParseError::BadHeader(line.to_string()));
            }
            headers.push(Header::new(name, value.trim_matches([' ', '\t'])));
        }
        let host = find_header(&headers, "host").ok_or(ParseError::MissingHost)?;
        let expected = match find_header(&headers, "content-length") {
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| ParseError::BadContentLength(v.to_string()))?,
            None => 0,
        };
        if expected != body.len() {
            return Err(ParseError::ContentLengthMismatch {
                declared: expected,
                actual: body.len(),
            });
        }
        Ok(Self {
            method: method.to_string(),
            url: format!("https://{host}{target}"),
            target: target.to_string(),
            masked_target: None,
            headers,
            body: body.to_vec(),
            body_kind: BodyKind::Raw,
            params: Vec::new(),
            unsent_headers: Vec::new(),
        })
    }

    /// The path part of the request target.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

/// Form-urlencoded parameters with sensitive values replaced by [`MASK`], shown as is (not
/// percent-encoded) so that it reads as a mask.
pub fn masked_form(params: &[FormParam]) -> String {
    params
        .iter()
        .map(|p| {
            let value = if p.sensitive {
                MASK.to_string()
            } else {
                form_urlencode(&p.value)
            };
            format!("{}={value}", form_urlencode(&p.name))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A JSON object whose members are all strings, in the given order.
fn json_object<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let members: Vec<String> = pairs
        .map(|(n, v)| {
            format!(
                "{}:{}",
                serde_json::Value::from(n),
                serde_json::Value::from(v)
            )
        })
        .collect();
    format!("{{{}}}", members.join(","))
}

/// Fetch standard §2.2.2 "forbidden request-header" names (lower case): a page's `fetch` may
/// not set them; the browser silently drops them (or sets its own value).
const FORBIDDEN_REQUEST_HEADERS: [&str; 22] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "access-control-request-private-network",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// The methods `fetch` refuses (Fetch standard §2.2.1 "forbidden method").
const FORBIDDEN_METHODS: [&str; 3] = ["connect", "trace", "track"];

/// Whether a browser drops the header `name: value` from a `fetch` (Fetch standard §2.2.2
/// "forbidden request-header"): the names listed there, any name starting with `Proxy-` or
/// `Sec-`, and `X-HTTP-Method`, `X-HTTP-Method-Override` or `X-Method-Override` whose value
/// names a forbidden method (CONNECT, TRACE, TRACK). Names compare case-insensitively.
pub fn is_forbidden_request_header(name: &str, value: &str) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    if FORBIDDEN_REQUEST_HEADERS.contains(&lower.as_str())
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-")
    {
        return true;
    }
    matches!(
        lower.as_str(),
        "x-http-method" | "x-http-method-override" | "x-method-override"
    ) && value
        .split(',')
        .any(|m| FORBIDDEN_METHODS.contains(&m.trim().to_ascii_lowercase().as_str()))
}

/// True for a `tchar` (RFC 9110 §5.6.2): the characters allowed in methods and header names.
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn find_subslice(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Why request bytes are not a valid HTTP/1.1 request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// No CRLF CRLF ends the header section.
    NoEndOfHeaders,
    /// The header section is not UTF-8 text.
    HeadNotText,
    /// The request line is not `method SP target SP version`.
    BadRequestLine(String),
    /// A version other than HTTP/1.1.
    UnsupportedVersion(String),
    /// A header line without a valid `name:`.
    BadHeader(String),
    /// No `Host` header (RFC 9112 §3.2 requires it).
    MissingHost,
    /// `Content-Length` is not a number.
    BadContentLength(String),
    /// The body is not as long as `Content-Length` says.
    ContentLengthMismatch {
        /// What the header said.
        declared: usize,
        /// What arrived.
        actual: usize,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoEndOfHeaders => {
                f.write_str("the header section does not end with an empty line")
            }
            Self::HeadNotText => f.write_str("the header section is not UTF-8 text"),
            Self::BadRequestLine(l) => write!(f, "malformed request line {l:?}"),
            Self::UnsupportedVersion(v) => write!(f, "unsupported HTTP version {v:?}"),
            Self::BadHeader(l) => write!(f, "malformed header line {l:?}"),
            Self::MissingHost => f.write_str("missing Host header (RFC 9112 §3.2)"),
            Self::BadContentLength(v) => write!(f, "Content-Length {v:?} is not a number"),
            Self::ContentLengthMismatch { declared, actual } => write!(
                f,
                "Content-Length says {declared} bytes but the body has {actual}"
            ),
        }
    }
}

mod response;

pub use response::{HttpResponse, reason_phrase};

#[cfg(test)]
mod tests;
