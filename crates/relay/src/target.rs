//! Relay targets and `--allow-target` prefixes, compared by parsed component (RFC 3986 §3: scheme,
//! host, port, path) — never as raw string prefixes, so `https://a.example` does not allow
//! `https://a.example.evil.com`, and a path prefix only matches on a segment boundary.

use std::fmt;
use std::net::IpAddr;

use http::Uri;

use crate::addr;

/// `http` or `https`; nothing else is relayed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// A host as the relay compares it: an IP literal (compared as an address, so `[::1]` and
/// `[0::1]` are equal) or a lower-case name without a trailing dot.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Host {
    Ip(IpAddr),
    Name(String),
}

impl Host {
    fn parse(raw: &str) -> Result<Host, String> {
        let bare = raw.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return Ok(Host::Ip(ip));
        }
        let name = raw.strip_suffix('.').unwrap_or(raw).to_ascii_lowercase();
        if let Ok(ip) = name.parse::<IpAddr>() {
            return Ok(Host::Ip(ip)); // `127.0.0.1.`
        }
        if name.is_empty() || name.contains(['[', ']', '%']) {
            return Err(format!("invalid host '{raw}'"));
        }
        if ends_in_a_number(&name) {
            return Err(format!(
                "'{raw}' is an IPv4 address in a non-canonical form; write it as a.b.c.d"
            ));
        }
        Ok(Host::Name(name))
    }

    /// True when the host itself names a non-public address: an IP literal outside the public
    /// ranges, a `localhost` name (RFC 6761 §6.3) or a cloud-metadata name.
    pub fn names_private(&self) -> bool {
        match self {
            Host::Ip(ip) => !addr::classify(*ip).is_public(),
            Host::Name(name) => addr::is_localhost_name(name) || addr::is_metadata_name(name),
        }
    }
}

/// The WHATWG URL standard's "ends in a number" test (host parsing): such a host is an IPv4
/// address to a browser (`2130706433`, `0x7f.1`, `127.1` are `127.0.0.1`) and to `getaddrinfo`;
/// only the canonical dotted-decimal form is accepted, so every address is classified as one.
fn ends_in_a_number(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or("");
    let hex = last
        .strip_prefix("0x")
        .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    hex || (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            Host::Ip(ip) => write!(f, "{ip}"),
            Host::Name(name) => f.write_str(name),
        }
    }
}

/// The scheme, host, port and path of an absolute `http`/`https` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Parts {
    scheme: Scheme,
    host: Host,
    port: u16,
    path: String,
}

fn parse_parts(raw: &str) -> Result<(Parts, Uri), String> {
    if raw.contains('#') {
        return Err("a fragment (#…) is never sent over HTTP".into());
    }
    let uri: Uri = raw.parse().map_err(|e| format!("not a URL: {e}"))?;
    let scheme = match uri.scheme_str().map(str::to_ascii_lowercase).as_deref() {
        Some("https") => Scheme::Https,
        Some("http") => Scheme::Http,
        Some(other) => return Err(format!("scheme '{other}' is not http or https")),
        None => return Err("not an absolute URL (scheme://host/…)".into()),
    };
    let authority = uri.authority().ok_or("the URL has no host")?;
    if authority.as_str().contains('@') {
        return Err("user information (user@host) is not allowed in a target".into());
    }
    let host = Host::parse(authority.host())?;
    let port = authority.port_u16().unwrap_or(scheme.default_port());
    if port == 0 {
        return Err("port 0 is not a valid target port".into());
    }
    let path = match uri.path() {
        "" => "/".to_owned(),
        p => p.to_owned(),
    };
    Ok((
        Parts {
            scheme,
            host,
            port,
            path,
        },
        uri,
    ))
}

/// True when `path` contains a dot segment (`.`/`..`, also percent-encoded) or an encoded slash or
/// backslash: servers resolve those (RFC 3986 §5.2.4), so they could step outside an allowed prefix.
fn has_ambiguous_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains('\\') {
        return true;
    }
    lower
        .split('/')
        .map(|seg| seg.replace("%2e", "."))
        .any(|seg| seg == "." || seg == "..")
}

/// An absolute target URL the page asked the relay to call (`X-Relay-Target`).
#[derive(Clone, Debug)]
pub struct Target {
    parts: Parts,
    uri: Uri,
}

impl Target {
    /// Parses an absolute `http`/`https` URL without user information, fragment or ambiguous path.
    pub fn parse(raw: &str) -> Result<Target, String> {
        let (parts, uri) = parse_parts(raw)?;
        if has_ambiguous_path(&parts.path) {
            return Err("dot segments or encoded slashes in the path are not relayed".into());
        }
        Ok(Target { parts, uri })
    }

    /// The URL exactly as given, for the upstream request.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    pub fn scheme(&self) -> Scheme {
        self.parts.scheme
    }

    pub fn host(&self) -> &Host {
        &self.parts.host
    }

    /// `host` or `host:port` when the port is not the scheme's default: what the log shows.
    pub fn host_for_log(&self) -> String {
        if self.parts.port == self.parts.scheme.default_port() {
            self.parts.host.to_string()
        } else {
            format!("{}:{}", self.parts.host, self.parts.port)
        }
    }
}

/// One `--allow-target` value: `scheme://host[:port][/path]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetPrefix {
    parts: Parts,
}

impl TargetPrefix {
    /// Parses an allow-target prefix; a query or fragment is refused (prefixes are paths).
    pub fn parse(raw: &str) -> Result<TargetPrefix, String> {
        let (parts, uri) = parse_parts(raw).map_err(|e| format!("--allow-target {raw}: {e}"))?;
        if uri.query().is_some() {
            return Err(format!(
                "--allow-target {raw}: a prefix cannot have a query"
            ));
        }
        if has_ambiguous_path(&parts.path) {
            return Err(format!("--allow-target {raw}: dot segments in the path"));
        }
        Ok(TargetPrefix { parts })
    }

    /// True when `target` has the same scheme, host and port and its path starts with this prefix's
    /// path on a segment boundary (`/a/b` matches `/a/b`, `/a/b/`, `/a/b/c`, not `/a/bc`).
    pub fn matches(&self, target: &Target) -> bool {
        let (p, t) = (&self.parts, &target.parts);
        p.scheme == t.scheme
            && p.host == t.host
            && p.port == t.port
            && path_has_prefix(&t.path, &p.path)
    }

    /// The prefix's host.
    pub fn host(&self) -> &Host {
        &self.parts.host
    }
}

fn path_has_prefix(path: &str, prefix: &str) -> bool {
    match path.strip_prefix(prefix) {
        None => false,
        Some(rest) => prefix.ends_with('/') || rest.is_empty() || rest.starts_with('/'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(prefix: &str, target: &str) -> bool {
        TargetPrefix::parse(prefix)
            .unwrap()
            .matches(&Target::parse(target).unwrap())
    }

    #[test]
    fn prefix_same_origin_any_path_matches() {
        assert!(allows("https://a.example", "https://a.example/token"));
        assert!(allows(
            "https://a.example/",
            "https://a.example/oauth2/token?x=1"
        ));
        assert!(allows("https://A.Example.", "https://a.example:443/t"));
    }

    #[test]
    fn prefix_host_suffix_or_superstring_does_not_match() {
        assert!(!allows("https://a.example", "https://a.example.evil.com/"));
        assert!(!allows("https://a.example", "https://evila.example/"));
        assert!(!allows("https://a.example", "https://b.a.example/"));
    }

    #[test]
    fn prefix_other_scheme_or_port_does_not_match() {
        assert!(!allows("https://a.example", "http://a.example/"));
        assert!(!allows("https://a.example", "https://a.example:8443/"));
        assert!(allows("http://127.0.0.1:9000", "http://127.0.0.1:9000/x"));
        assert!(!allows("http://127.0.0.1:9000", "http://127.0.0.1:9001/x"));
    }

    #[test]
    fn prefix_path_matches_on_segment_boundary_only() {
        assert!(allows(
            "https://a.example/tenant",
            "https://a.example/tenant"
        ));
        assert!(allows(
            "https://a.example/tenant",
            "https://a.example/tenant/token"
        ));
        assert!(allows(
            "https://a.example/tenant/",
            "https://a.example/tenant/token"
        ));
        assert!(allows(
            "https://a.example/tenant",
            "https://a.example/tenant?q=1"
        ));
        assert!(!allows(
            "https://a.example/tenant",
            "https://a.example/tenant2/token"
        ));
        assert!(!allows(
            "https://a.example/tenant/",
            "https://a.example/tenant"
        ));
        assert!(!allows(
            "https://a.example/tenant",
            "https://a.example/other"
        ));
    }

    #[test]
    fn prefix_ipv6_literal_compares_as_address() {
        assert!(allows("http://[::1]:8080", "http://[0:0::1]:8080/"));
    }

    #[test]
    fn prefix_with_query_or_bad_scheme_is_rejected() {
        assert!(TargetPrefix::parse("https://a.example/?x=1").is_err());
        assert!(TargetPrefix::parse("ftp://a.example/").is_err());
        assert!(TargetPrefix::parse("a.example").is_err());
    }

    #[test]
    fn target_userinfo_fragment_or_dot_segments_are_rejected() {
        assert!(Target::parse("https://user:pw@a.example/").is_err());
        assert!(Target::parse("https://a.example/t#frag").is_err());
        assert!(Target::parse("https://a.example/a/../admin").is_err());
        assert!(Target::parse("https://a.example/a/%2E%2e/admin").is_err());
        assert!(Target::parse("https://a.example/a%2fb").is_err());
        assert!(Target::parse("file:///etc/passwd").is_err());
        assert!(Target::parse("/relative").is_err());
        assert!(Target::parse("https://a.example:0/").is_err());
    }

    #[test]
    fn target_non_canonical_ipv4_forms_are_rejected() {
        for t in [
            "https://2130706433/",
            "https://0x7f.1/",
            "https://017700000001/",
            "https://127.1/",
            "https://a.b.0x10/",
        ] {
            assert!(Target::parse(t).is_err(), "{t}");
        }
        let host = |s: &str| Target::parse(s).unwrap().host().clone();
        assert_eq!(
            host("https://127.0.0.1./"),
            Host::Ip("127.0.0.1".parse().unwrap())
        );
        assert_eq!(
            host("https://1password.com/"),
            Host::Name("1password.com".into())
        );
        assert_eq!(host("https://a.0xz/"), Host::Name("a.0xz".into()));
    }

    #[test]
    fn target_host_names_private_for_literals_and_special_names() {
        let private = |s: &str| Target::parse(s).unwrap().host().names_private();
        assert!(private("http://127.0.0.1/"));
        assert!(private("http://[fd00::1]/"));
        assert!(private("http://localhost:8080/"));
        assert!(private("http://metadata.google.internal/"));
        assert!(!private("https://8.8.8.8/"));
        assert!(!private("https://login.example/"));
    }

    #[test]
    fn target_host_for_log_omits_default_port_and_path() {
        let t = Target::parse("https://a.example/secret/path?code=x").unwrap();
        assert_eq!(t.host_for_log(), "a.example");
        let t = Target::parse("http://127.0.0.1:9000/x?y").unwrap();
        assert_eq!(t.host_for_log(), "127.0.0.1:9000");
    }
}
