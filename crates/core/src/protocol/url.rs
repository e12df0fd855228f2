//! A small, strict parser for the absolute `http(s)` URLs a token endpoint can have
//! (RFC 6749 §3.2: "The endpoint URI MUST NOT include a fragment component"; TLS is required, §3.2
//! and §1.6, so `http://` is accepted only for local testing and flagged).
//!
//! We parse only what a token endpoint needs (scheme, host, port, path, query) instead of
//! shipping a general URL crate and its IDNA tables in the bundle.

use super::encoding::percent_encode_where;
use std::fmt;

/// A validated token endpoint URL.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenUrl {
    scheme: Scheme,
    host: String,
    port: Option<u16>,
    path: String,
    query: Option<String>,
}

/// `http` or `https`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP: only acceptable for local testing (RFC 6749 §3.2 requires TLS).
    Http,
    /// HTTPS.
    Https,
}

/// Why a string is not a usable token endpoint URL. Each message names the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlError {
    /// Nothing was typed.
    Empty,
    /// No `scheme://` prefix: a relative URL or a bare host name.
    NotAbsolute,
    /// A scheme other than http(s), e.g. `javascript:` or `file:`.
    UnsupportedScheme(String),
    /// `scheme://` with no host after it.
    MissingHost,
    /// The host contains characters a host name cannot have (named).
    InvalidHost(String),
    /// A host name with non-ASCII characters: must be given in punycode.
    NonAsciiHost,
    /// The port is not a number from 1 to 65535.
    InvalidPort(String),
    /// `user:pass@` in the URL: credentials belong in the client authentication fields.
    HasCredentials,
    /// A `#fragment`, which RFC 6749 §3.2 forbids.
    HasFragment,
    /// Whitespace or control characters inside the URL.
    ControlOrSpace,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("is required"),
            Self::NotAbsolute => f.write_str(
                "must be an absolute URL starting with https:// (for example https://authorization-server.example/oauth2/token)",
            ),
            Self::UnsupportedScheme(s) => write!(
                f,
                "uses the scheme \"{s}:\"; a token endpoint must be https:// (or http:// for local testing)"
            ),
            Self::MissingHost => f.write_str("has no host after the scheme"),
            Self::InvalidHost(c) => write!(f, "has a host with an invalid character {c}"),
            Self::NonAsciiHost => f.write_str(
                "has a non-ASCII host name; enter it in punycode (xn--…) form",
            ),
            Self::InvalidPort(p) => write!(f, "has an invalid port \"{p}\" (must be 1–65535)"),
            Self::HasCredentials => f.write_str(
                "contains user:password@; put credentials in Client ID and Client secret instead",
            ),
            Self::HasFragment => {
                f.write_str("must not contain a #fragment (RFC 6749 §3.2)")
            }
            Self::ControlOrSpace => f.write_str("contains spaces or control characters"),
        }
    }
}

impl std::error::Error for UrlError {}

/// The ports browsers refuse to fetch from (the Fetch standard's "bad port" list, §2.9).
const BAD_PORTS: [u16; 83] = [
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427,
    465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
    993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
    6668, 6669, 6679, 6697, 10080,
];

/// Whether browsers refuse to fetch from `port` (Fetch standard §2.9 "bad port"): a request to
/// it fails before it leaves the browser, whatever the server does.
pub fn is_bad_port(port: u16) -> bool {
    BAD_PORTS.contains(&port)
}

/// True for a loopback host (`localhost`, `*.localhost`, `127.x.x.x`, `::1` with or without
/// brackets): browsers treat these as potentially trustworthy even over http.
pub fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "::1"
        || host == "[::1]"
}

/// WHATWG URL Standard §1.3 "path percent-encode set" (the query set plus `?`, `^`, `` ` ``,
/// `{`, `}`), with C0 controls, space and non-ASCII bytes — plus `|`, which Chromium also encodes
/// in a path (checked by tests/e2e/specs/raw-exact.spec.mjs). Encoding a byte the browser would
/// leave alone is harmless: it sends `%XX` as given, so the target shown is the target sent.
fn path_needs_encoding(b: u8) -> bool {
    query_needs_encoding(b) || matches!(b, b'?' | b'^' | b'`' | b'{' | b'}' | b'|')
}

/// WHATWG URL Standard §1.3 "query percent-encode set": C0 controls, space, `"`, `#`, `<`, `>`
/// and non-ASCII bytes.
fn query_needs_encoding(b: u8) -> bool {
    b <= 0x20 || b >= 0x7f || matches!(b, b'"' | b'<' | b'>' | b'#')
}

/// WHATWG URL Standard §1.3 "special-query percent-encode set" (the query set plus `'`), used
/// for http(s) URLs: a browser sends `?q='x'` as `?q=%27x%27`.
fn special_query_needs_encoding(b: u8) -> bool {
    query_needs_encoding(b) || b == b'\''
}

/// A path segment that is `.` (also spelled `%2e`): WHATWG URL Standard "single-dot URL path
/// segment"; RFC 3986 §5.2.4 removes it.
fn is_single_dot(segment: &str) -> bool {
    segment == "." || segment.eq_ignore_ascii_case("%2e")
}

/// A path segment that is `..` (also with either dot spelled `%2e`): WHATWG URL Standard
/// "double-dot URL path segment"; RFC 3986 §5.2.4 removes it with the segment before it.
fn is_double_dot(segment: &str) -> bool {
    matches!(
        segment.to_ascii_lowercase().as_str(),
        ".." | ".%2e" | "%2e." | "%2e%2e"
    )
}

/// The path a browser sends for `path` (what follows the authority, up to the query), as the
/// WHATWG URL Standard's path state builds it for a special scheme: `\` separates segments
/// like `/`, each segment is percent-encoded with the path percent-encode set, and dot
/// segments are removed (RFC 3986 §5.2.4 `remove_dot_segments`, with `%2e` counted as a dot).
/// A trailing `.` or `..` leaves an empty last segment (`/a/..` → `/`, `/a/.` → `/a/`).
fn normalise_path(path: &str) -> String {
    let path = path.strip_prefix(['/', '\\']).unwrap_or(path);
    let mut segments: Vec<String> = Vec::new();
    let mut pieces = path.split(['/', '\\']).peekable();
    while let Some(piece) = pieces.next() {
        let last = pieces.peek().is_none();
        let segment = percent_encode_where(piece, path_needs_encoding);
        if is_double_dot(&segment) {
            segments.pop();
            if last {
                segments.push(String::new());
            }
        } else if is_single_dot(&segment) {
            if last {
                segments.push(String::new());
            }
        } else {
            segments.push(segment);
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

impl TokenUrl {
    /// Parses and normalises a token endpoint URL into what a browser sends (WHATWG URL
    /// Standard, basic URL parser, for the special schemes http and https): leading/trailing
    /// whitespace is ignored; scheme and host are lower-cased; a default port is dropped; `\\`
    /// counts as `/`; the path loses its dot segments (RFC 3986 §5.2.4) and is percent-encoded
    /// with the path percent-encode set, the query with the special-query percent-encode set;
    /// an empty path becomes `/`. Spaces are accepted in the path and query (sent as `%20`),
    /// control characters nowhere.
    pub fn parse(input: &str) -> Result<Self, UrlError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(UrlError::Empty);
        }
        if input.chars().any(char::is_control) {
            return Err(UrlError::ControlOrSpace);
        }
        let Some((scheme, rest)) = input.split_once(':') else {
            return Err(UrlError::NotAbsolute);
        };
        let scheme_ok = scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !scheme_ok {
            return Err(UrlError::NotAbsolute);
        }
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "https" => Scheme::Https,
            "http" => Scheme::Http,
            other => return Err(UrlError::UnsupportedScheme(other.to_string())),
        };
        // The WHATWG parser accepts `\\` wherever a special URL has `/`.
        let Some(rest) = ["//", "\\\\", "/\\", "\\/"]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
        else {
            return Err(UrlError::NotAbsolute);
        };
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (rest, None),
        };
        if fragment.is_some() {
            return Err(UrlError::HasFragment);
        }
        let authority_end = rest.find(['/', '\\', '?']).unwrap_or(rest.len());
        let (authority, path_and_query) = rest.split_at(authority_end);
        if authority.contains('@') {
            return Err(UrlError::HasCredentials);
        }
        if authority.contains(' ') {
            return Err(UrlError::ControlOrSpace);
        }
        let (host, port) = split_host_port(authority)?;
        let (path, query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path_and_query, None),
        };
        let port = match (scheme, port) {
            (Scheme::Https, Some(443)) | (Scheme::Http, Some(80)) => None,
            (_, p) => p,
        };
        Ok(Self {
            scheme,
            host,
            port,
            path: normalise_path(path),
            query: query.map(|q| percent_encode_where(q, special_query_needs_encoding)),
        })
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The lower-cased host (IPv6 literals keep their brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The explicit, non-default port, if any.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The value of the `Host` header (RFC 9110 §7.2): host plus a non-default port.
    pub fn host_header(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.clone(),
        }
    }

    /// The request target in origin-form (RFC 9112 §3.2.1): path and query.
    pub fn request_target(&self) -> String {
        match &self.query {
            Some(q) => format!("{}?{q}", self.path),
            None => self.path.clone(),
        }
    }

    /// The path component (always starts with `/`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        format!("{scheme}://{}", self.host_header())
    }
}

impl fmt::Display for TokenUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin(), self.request_target())
    }
}

/// `TokenUrl(https://host/path?name=[redacted])`: every query value is redacted, since users
/// paste token URLs that carry credentials (`?client_secret=…`, which RFC 6749 §2.3.1 says
/// MUST NOT be in the request URI) and `Debug` output ends up in logs. Parameter names stay,
/// so the output still tells which URL it was; `Display` keeps the whole URL.
impl fmt::Debug for TokenUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenUrl({}{}", self.origin(), self.path)?;
        if let Some(query) = &self.query {
            for (i, pair) in query.split('&').enumerate() {
                f.write_str(if i == 0 { "?" } else { "&" })?;
                match pair.split_once('=') {
                    Some((name, _)) => write!(f, "{name}={}", super::secret::REDACTED)?,
                    None => f.write_str(pair)?,
                }
            }
        }
        f.write_str(")")
    }
}

fn split_host_port(authority: &str) -> Result<(String, Option<u16>), UrlError> {
    if authority.is_empty() {
        return Err(UrlError::MissingHost);
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let Some((inside, after)) = v6.split_once(']') else {
            return Err(UrlError::InvalidHost("[ without ]".into()));
        };
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err(UrlError::InvalidHost("in the IPv6 literal".into()));
        }
        let port = match after {
            "" => None,
            p => Some(
                p.strip_prefix(':')
                    .ok_or_else(|| UrlError::InvalidPort(p.into()))?,
            ),
        };
        (format!("[{}]", inside.to_ascii_lowercase()), port)
    } else {
        let (h, p) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if h.is_empty() {
            return Err(UrlError::MissingHost);
        }
        if !h.is_ascii() {
            return Err(UrlError::NonAsciiHost);
        }
        if let Some(bad) = h
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')))
        {
            return Err(UrlError::InvalidHost(format!("\"{bad}\"")));
        }
        (h.to_ascii_lowercase(), p)
    };
    let port = match port {
        None | Some("") => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.chars().all(|c| c.is_ascii_digit()) => Some(n),
            _ => return Err(UrlError::InvalidPort(p.to_string())),
        },
    };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_full_url_normalises() {
        let u = TokenUrl::parse("  HTTPS://Auth.Example:8443/ä/token?x=é<\" ").unwrap();
        assert_eq!(u.host_header(), "auth.example:8443");
        assert_eq!(u.request_target(), "/%C3%A4/token?x=%C3%A9%3C%22");
        assert_eq!(
            u.to_string(),
            "https://auth.example:8443/%C3%A4/token?x=%C3%A9%3C%22"
        );
    }

    #[test]
    fn parse_default_port_and_empty_path_normalised() {
        let u = TokenUrl::parse("https://auth.example:443").unwrap();
        assert_eq!(u.host_header(), "auth.example");
        assert_eq!(u.request_target(), "/");
    }

    #[test]
    fn parse_ipv6_literal_keeps_brackets() {
        let u = TokenUrl::parse("http://[::1]:8080/token").unwrap();
        assert_eq!(u.host_header(), "[::1]:8080");
    }

    #[test]
    fn parse_bad_inputs_name_the_problem() {
        let cases = [
            ("", UrlError::Empty),
            ("/oauth2/token", UrlError::NotAbsolute),
            ("auth.example/token", UrlError::NotAbsolute),
            (
                "javascript:alert(1)",
                UrlError::UnsupportedScheme("javascript".into()),
            ),
            (
                "file:///etc/passwd",
                UrlError::UnsupportedScheme("file".into()),
            ),
            ("https://", UrlError::MissingHost),
            ("https://u:p@auth.example/t", UrlError::HasCredentials),
            ("https://auth.example/t#frag", UrlError::HasFragment),
            (
                "https://auth.example:99999/t",
                UrlError::InvalidPort("99999".into()),
            ),
            ("https://bücher.example/t", UrlError::NonAsciiHost),
            ("https://a\tb/t", UrlError::ControlOrSpace),
        ];
        for (input, expected) in cases {
            assert_eq!(TokenUrl::parse(input), Err(expected), "input {input:?}");
        }
    }
}
