//! Configuration by URL — a **stable public contract** (see README "Configuration by URL").
//!
//! A link can prefill the form, pick the mode and theme, lay the page out for an iframe, lock
//! fields, and name the host pages allowed to talk to an embedded playground. This module is
//! pure: it reads the raw `location.search` and `location.hash` strings handed to it and never
//! touches the page.
//!
//! # Parameters
//! Both the query string and the fragment are read as `application/x-www-form-urlencoded`
//! pairs (WHATWG URL standard, `+` is a space). The query is read first, then the fragment.
//!
//! | parameter | value | field / effect |
//! | --- | --- | --- |
//! | `token_url` | URL | "Token URL" (RFC 6749 §3.2) |
//! | `client_id` | text | "Client ID" (RFC 6749 §2.2) |
//! | `auth` | `client_secret_basic` \| `client_secret_post` \| `private_key_jwt` \| `client_secret_jwt` \| `none` | "Client authentication" (RFC 6749 §2.3, RFC 7591 §2 names) |
//! | `scope` | space-separated | "Scope" (RFC 6749 §3.3) |
//! | `audience` | text | "Audience" |
//! | `resource` | absolute URI, repeatable | "Resource", one line each (RFC 8707 §2) |
//! | `param.<name>` | text, repeatable | an extra body parameter row `<name>` |
//! | `header.<name>` | text, repeatable | an extra header row `<name>` |
//! | `alg` | `RS256` \| `ES256` | private_key_jwt signing algorithm (RFC 7518 §3.1) |
//! | `kid` | text | "Key ID (kid)" of the client assertion (RFC 7515 §4.1.4) |
//! | `assertion_lifetime` | seconds | lifetime of the client assertion (RFC 7523 §3) |
//! | `dpop` | `1` \| `true` \| `0` \| `false` | "Use DPoP": sender-constrained tokens with a DPoP proof on each request (RFC 9449) |
//! | `mode` | `simulated` \| `live` | where Send goes |
//! | `issuer` | https URL | runs discovery (RFC 8414 §3) |
//! | `relay` | absolute http(s) URL | "Relay URL": live requests go through that cc-relay (a warning notice says so) |
//! | `api_url` | URL | "API URL" of the API call (RFC 6750 §2.1) |
//! | `embed` | `1` \| `true` \| `0` \| `false` (bare `embed` = `1`) | compact layout for an iframe |
//! | `theme` | `light` \| `dark` \| `auto` | colour theme |
//! | `lock` | comma-separated [`LockField`] names, repeatable (union) | read-only fields |
//! | `origin` | `scheme://host[:port]`, repeatable | host pages allowed to exchange messages (tokens only after the user confirms in the page) |
//! | `secret` | text, **fragment only, with `allow_secret=1`** | "Client secret" |
//!
//! # Decisions
//! - **Repeats**: a single-valued parameter given twice is a [`Notice`]; the **last** value
//!   wins, so a fragment overrides the query (the fragment is read second).
//! - **Secrets** are never read from the query string: it is sent to servers and kept in their
//!   logs and in `Referer` headers (RFC 6749 §10.3 and §3.1 warn about credentials in URIs).
//!   The fragment is never sent, so `secret` is honoured there, and only next to an explicit
//!   `allow_secret=1` (both in the fragment). A honoured secret still produces a warning notice
//!   so that the UI can say the link carries a secret. The same rule applies to `param.*` /
//!   `header.*` rows whose name looks sensitive ([`is_sensitive_name`]). Private keys are never
//!   read from a URL. No notice ever repeats a secret's value.
//! - A fragment without any `=` (a plain anchor such as `#compose`) is not configuration and is
//!   ignored.
//! - Unknown or malformed parameters become [`Notice`]s naming the parameter and the problem;
//!   parsing never fails and never panics.
//! - `param.*` and `header.*` replace the draft's rows when at least one is given (a link
//!   describes the whole list); otherwise the rows are left alone.
//! - **A link changes what it names and nothing else** ([`Prefill::to_draft`]): the page starts
//!   from the built-in example and applies the link, so `?scope=…` alone keeps the example's
//!   Token URL, Client ID and secret. The example's secret is public lesson material and stays
//!   only while the form is the example client ([`is_example_client`]); a link to another Token
//!   URL or Client ID opens without it.

mod lock;
mod read;

pub use lock::LockField;

use crate::assertion::JwtAlg;
use crate::draft::{DEFAULT_ASSERTION_LIFETIME, Draft, EXAMPLE_CLIENT_ID, EXAMPLE_TOKEN_URL, Row};
use crate::encoding::form_urldecode;
use crate::request::GRANT_TYPE;
use crate::types::{AuthMethod, ClientSecret};
use crate::url::TokenUrl;
use std::fmt;

// The share-link and message contracts used to live here; their old paths keep working.
pub use super::messages::{
    HostCommand, HostEvent, IncomingError, MESSAGE_SOURCE, MESSAGE_VERSION, PostTarget,
    event_message, parse_incoming, post_targets, token_offers,
};
pub use super::share::{
    EMBED_HEIGHT, FRAME_HEIGHTS, ShareOptions, StrippedUrl, embed_snippet, escape_attribute,
    parse_frame_height, parse_origin_list, secret_fragment, share_link, share_query,
    strip_url_secrets, stripped,
};

/// The fragment parameter that opts in to reading `secret` from the fragment.
pub const ALLOW_SECRET: &str = "allow_secret";

/// Where Send goes (`mode`): also the app's own mode switch (`transport::Mode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The authorization server simulated in the page.
    #[default]
    Simulated,
    /// The real token URL over the network.
    Live,
}

impl Mode {
    /// The URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Simulated => "simulated",
            Self::Live => "live",
        }
    }

    /// Parses the URL value.
    pub fn parse(value: &str) -> Option<Self> {
        [Self::Simulated, Self::Live]
            .into_iter()
            .find(|m| m.as_str() == value)
    }
}

/// The colour theme (`theme`, and the `set-theme` message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Light colours.
    Light,
    /// Dark colours.
    Dark,
    /// Follow `prefers-color-scheme`.
    Auto,
}

impl Theme {
    /// Every theme.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

    /// The URL / message value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
            Self::Auto => "auto",
        }
    }

    /// Parses the URL / message value.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == value)
    }
}

/// How much a notice matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Something was applied that the user should know about (e.g. a secret read from the link).
    Warning,
    /// A parameter was ignored (unknown, malformed, refused) or overridden.
    Ignored,
}

/// A message about one URL parameter, for a dismissible notice. Never contains a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The parameter name as given (e.g. `auth`, `param.foo`).
    pub parameter: String,
    /// How much it matters.
    pub severity: Severity,
    /// A complete sentence naming the parameter and what was wrong or done.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a URL asked for: every field is optional, so that [`Prefill::apply`] changes only
/// what was given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prefill {
    /// `token_url`.
    pub token_url: Option<String>,
    /// `client_id`.
    pub client_id: Option<String>,
    /// `secret` (fragment + `allow_secret=1` only).
    pub client_secret: Option<ClientSecret>,
    /// `auth`.
    pub auth: Option<AuthMethod>,
    /// `scope`.
    pub scope: Option<String>,
    /// `audience`.
    pub audience: Option<String>,
    /// `resource` values, in order (`Some` when at least one was given).
    pub resources: Option<Vec<String>>,
    /// `param.<name>` rows, in order (`Some` when at least one was given).
    pub extra_params: Option<Vec<(String, String)>>,
    /// `header.<name>` rows, in order (`Some` when at least one was given).
    pub extra_headers: Option<Vec<(String, String)>>,
    /// `alg`.
    pub jwt_alg: Option<JwtAlg>,
    /// `kid`.
    pub kid: Option<String>,
    /// `assertion_lifetime`.
    pub assertion_lifetime: Option<String>,
    /// `dpop`: "Use DPoP" (RFC 9449).
    pub dpop: Option<bool>,
    /// `mode`.
    pub mode: Option<Mode>,
    /// `issuer`: the UI runs discovery for it (RFC 8414 §3).
    pub issuer: Option<String>,
    /// `relay`: the Relay URL, normalised (`crate::relay::parse_relay_url`).
    pub relay: Option<String>,
    /// `api_url`: the "API URL" of the API call (RFC 6750 §2.1), without secret-bearing parts.
    pub api_url: Option<String>,
    /// `embed`.
    pub embed: Option<bool>,
    /// `theme`.
    pub theme: Option<Theme>,
    /// `lock`: fields to make read-only, without repeats, in the order given.
    pub lock: Vec<LockField>,
    /// `origin`: normalised host-page origins (`scheme://host[:port]`), without repeats.
    pub origins: Vec<String>,
    /// Everything that was ignored, refused or worth a warning.
    pub notices: Vec<Notice>,
}

/// Where a pair came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Query,
    Fragment,
}

/// Parses `location.search` and `location.hash` (each with or without its leading `?` / `#`).
pub fn parse(query: &str, fragment: &str) -> Prefill {
    let mut out = Prefill::default();
    let query = query.strip_prefix('?').unwrap_or(query);
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let fragment = if fragment.contains('=') { fragment } else { "" };
    let mut pairs = Vec::new();
    for (text, source) in [(query, Source::Query), (fragment, Source::Fragment)] {
        for part in text.split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = match part.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (part, None),
            };
            let name = match form_urldecode(raw_name) {
                Ok(n) => n,
                Err(e) => {
                    out.ignore(
                        raw_name,
                        format!(
                            "The parameter name \"{raw_name}\" is malformed ({e}); it was ignored."
                        ),
                    );
                    continue;
                }
            };
            let value = match raw_value.map(form_urldecode).transpose() {
                Ok(v) => v,
                Err(e) => {
                    out.ignore(
                        &name,
                        format!("The value of {name} is malformed ({e}); it was ignored."),
                    );
                    continue;
                }
            };
            pairs.push((name, value, source));
        }
    }
    let allow_secret = pairs.iter().any(|(n, v, s)| {
        n == ALLOW_SECRET && *s == Source::Fragment && matches!(v.as_deref(), Some("1" | "true"))
    });
    let mut seen: Vec<String> = Vec::new();
    for (name, value, source) in pairs {
        out.one(&name, value, source, allow_secret, &mut seen);
    }
    out
}

/// Single-valued parameters (a repeat is a notice; the last wins).
const SINGLE: [&str; 17] = [
    "token_url",
    "client_id",
    "auth",
    "scope",
    "audience",
    "alg",
    "kid",
    "assertion_lifetime",
    "dpop",
    "mode",
    "issuer",
    "relay",
    "api_url",
    "embed",
    "theme",
    "secret",
    ALLOW_SECRET,
];

impl Prefill {
    fn notice(&mut self, parameter: &str, severity: Severity, message: String) {
        self.notices.push(Notice {
            parameter: parameter.to_string(),
            severity,
            message,
        });
    }

    fn ignore(&mut self, parameter: &str, message: String) {
        self.notice(parameter, Severity::Ignored, message);
    }

    /// True when the URL sets any form field (then it wins over the saved configuration).
    pub fn sets_form(&self) -> bool {
        self.token_url.is_some()
            || self.client_id.is_some()
            || self.client_secret.is_some()
            || self.auth.is_some()
            || self.scope.is_some()
            || self.audience.is_some()
            || self.resources.is_some()
            || self.extra_params.is_some()
            || self.extra_headers.is_some()
            || self.jwt_alg.is_some()
            || self.kid.is_some()
            || self.assertion_lifetime.is_some()
            || self.dpop.is_some()
    }

    /// Writes every given field into `draft`; fields that were not given stay as they are.
    /// Row lists are replaced (ids from 1) when given.
    pub fn apply(&self, draft: &mut Draft) {
        let set = |target: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                *target = v.clone();
            }
        };
        set(&mut draft.token_url, &self.token_url);
        set(&mut draft.client_id, &self.client_id);
        if let Some(s) = &self.client_secret {
            draft.client_secret = s.expose().into();
        }
        if let Some(a) = self.auth {
            draft.auth = a;
        }
        set(&mut draft.scope, &self.scope);
        set(&mut draft.audience, &self.audience);
        if let Some(r) = &self.resources {
            draft.resource = r.join("\n");
        }
        let rows = |list: &[(String, String)]| {
            list.iter()
                .zip(1..)
                .map(|((n, v), id)| Row::new(id, n.clone(), v.clone()))
                .collect()
        };
        if let Some(p) = &self.extra_params {
            draft.extra_params = rows(p);
        }
        if let Some(h) = &self.extra_headers {
            draft.extra_headers = rows(h);
        }
        if let Some(a) = self.jwt_alg {
            draft.jwt_alg = a;
        }
        set(&mut draft.kid, &self.kid);
        set(&mut draft.assertion_lifetime, &self.assertion_lifetime);
        if let Some(d) = self.dpop {
            draft.dpop = d;
        }
    }

    /// The draft a page opened with this URL starts from: [`Draft::example`] with what the URL
    /// names applied, and nothing else changed (`?scope=…` alone keeps the example's Token URL,
    /// Client ID and secret). The example's secret is public lesson material, kept only while
    /// the form is still the example client ([`is_example_client`]): a link that names another
    /// Token URL or Client ID opens with an empty secret (or the one from its fragment), so the
    /// example's secret never goes to another server.
    pub fn to_draft(&self) -> Draft {
        let mut draft = Draft::example();
        self.apply(&mut draft);
        if self.client_secret.is_none() && !is_example_client(&draft) {
            draft.client_secret = Default::default();
        }
        draft
    }
}

/// True when `draft` is the built-in example client (its Token URL and Client ID), whose secret
/// is public lesson material that links and reloads may restore.
pub fn is_example_client(draft: &Draft) -> bool {
    draft.token_url == EXAMPLE_TOKEN_URL && draft.client_id == EXAMPLE_CLIENT_ID
}

/// An empty form with working defaults for the fields a user rarely types (assertion lifetime,
/// teaching-mode `grant_type`).
pub fn blank_draft() -> Draft {
    let mut draft = Draft {
        assertion_lifetime: DEFAULT_ASSERTION_LIFETIME.into(),
        ..Draft::default()
    };
    draft.teaching.grant_type = GRANT_TYPE.into();
    draft
}

/// A value as shown in a notice: quoted when empty, shortened when long, control characters
/// escaped.
pub(crate) fn shown(value: &str) -> String {
    shown_up_to(value, 60)
}

/// [`shown`] with room for `max` characters (URLs that must be told apart need more).
pub(crate) fn shown_up_to(value: &str, max: usize) -> String {
    let mut s: String = value
        .chars()
        .take(max)
        .collect::<String>()
        .escape_debug()
        .to_string();
    if value.chars().nth(max).is_some() {
        s.push('…');
    }
    if value.is_empty() { "\"\"".into() } else { s }
}

/// True for parameter or header names that usually carry secrets (compared case-insensitively):
/// `Authorization`, `Cookie`, `Proxy-Authorization`, and names containing `secret`, `password`,
/// `token`, `assertion`, `key` or `credential` — e.g. `client_secret`, `client_assertion`,
/// `api_key`, `X-Api-Key`, `refresh_token`.
pub fn is_sensitive_name(name: &str) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || [
        "secret",
        "password",
        "passwd",
        "token",
        "assertion",
        "key",
        "credential",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Validates and normalises a host-page origin (HTML standard §7.1.1 "Origins": a tuple origin
/// serialised as `scheme://host[:port]`): `http` or `https`, lower-cased, default port dropped,
/// no path (a single trailing `/` is tolerated), query, fragment or credentials.
pub fn parse_origin(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value == "*" || value == "null" {
        return Err(format!(
            "is not allowed: name each host page's origin, e.g. https://docs.example (\"{value}\" would let any page receive token data)"
        ));
    }
    let url = TokenUrl::parse(value)
        .map_err(|e| format!("is not an origin scheme://host[:port] (it {e})"))?;
    let after = value.split_once("//").map_or("", |(_, r)| r);
    let after = after.strip_suffix('/').unwrap_or(after);
    if after.contains(['/', '?', '#']) {
        return Err(format!(
            "has a path, query or fragment; an origin is only scheme://host[:port] (use {})",
            url.origin()
        ));
    }
    Ok(url.origin())
}
