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
//! | `mode` | `simulated` \| `live` | where Send goes |
//! | `issuer` | https URL | runs discovery (RFC 8414 §3) |
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

use crate::assertion::JwtAlg;
use crate::draft::{DEFAULT_ASSERTION_LIFETIME, Draft, Field, Row};
use crate::encoding::{form_urldecode, form_urlencode};
use crate::request::GRANT_TYPE;
use crate::types::{AuthMethod, ClientSecret, Scope};
use crate::url::TokenUrl;
use serde_json::{Map, Value, json};
use std::fmt;

/// The fragment parameter that opts in to reading `secret` from the fragment.
pub const ALLOW_SECRET: &str = "allow_secret";

/// The default iframe height of [`embed_snippet`], in CSS pixels.
pub const EMBED_HEIGHT: u32 = 600;

/// The `source` field of every message the playground posts (see [`event_message`]).
pub const MESSAGE_SOURCE: &str = "cc-playground";

/// The version of the message shapes; bumped on an incompatible change.
pub const MESSAGE_VERSION: u64 = 1;

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

/// A field a docs author can make read-only with `lock=` (names are the parameter names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LockField {
    /// `token_url`: "Token URL".
    TokenUrl,
    /// `client_id`: "Client ID".
    ClientId,
    /// `auth`: "Client authentication".
    Auth,
    /// `scope`: "Scope".
    Scope,
    /// `audience`: "Audience".
    Audience,
    /// `resource`: "Resource".
    Resource,
    /// `params`: the extra parameter rows.
    Params,
    /// `headers`: the extra header rows.
    Headers,
    /// `mode`: the simulated/live switch.
    Mode,
    /// `issuer`: the issuer and Discover.
    Issuer,
}

impl LockField {
    /// Every lockable field, in form order.
    pub const ALL: [LockField; 10] = [
        Self::TokenUrl,
        Self::ClientId,
        Self::Auth,
        Self::Scope,
        Self::Audience,
        Self::Resource,
        Self::Params,
        Self::Headers,
        Self::Mode,
        Self::Issuer,
    ];

    /// The name used in `lock=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TokenUrl => "token_url",
            Self::ClientId => "client_id",
            Self::Auth => "auth",
            Self::Scope => "scope",
            Self::Audience => "audience",
            Self::Resource => "resource",
            Self::Params => "params",
            Self::Headers => "headers",
            Self::Mode => "mode",
            Self::Issuer => "issuer",
        }
    }

    /// Parses a `lock=` name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The form field it locks, when it is one of the draft's labelled fields.
    pub fn field(self) -> Option<Field> {
        match self {
            Self::TokenUrl => Some(Field::TokenUrl),
            Self::ClientId => Some(Field::ClientId),
            Self::Scope => Some(Field::Scope),
            Self::Audience => Some(Field::Audience),
            Self::Resource => Some(Field::Resource),
            Self::Auth | Self::Params | Self::Headers | Self::Mode | Self::Issuer => None,
        }
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
    /// `mode`.
    pub mode: Option<Mode>,
    /// `issuer`: the UI runs discovery for it (RFC 8414 §3).
    pub issuer: Option<String>,
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
const SINGLE: [&str; 14] = [
    "token_url",
    "client_id",
    "auth",
    "scope",
    "audience",
    "alg",
    "kid",
    "assertion_lifetime",
    "mode",
    "issuer",
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

    fn one(
        &mut self,
        name: &str,
        value: Option<String>,
        source: Source,
        allow_secret: bool,
        seen: &mut Vec<String>,
    ) {
        if SINGLE.contains(&name) {
            if seen.iter().any(|s| s == name) {
                self.ignore(
                    name,
                    format!("{name} is given more than once; the last one is used."),
                );
            } else {
                seen.push(name.to_string());
            }
        }
        // Parameters whose presence alone means something.
        match name {
            "embed" => {
                match value.as_deref() {
                    None | Some("1" | "true") => self.embed = Some(true),
                    Some("0" | "false") => self.embed = Some(false),
                    Some(other) => self.ignore(
                        name,
                        format!(
                            "embed={} is not understood; use embed=1 or embed=0.",
                            shown(other)
                        ),
                    ),
                }
                return;
            }
            ALLOW_SECRET => {
                if source == Source::Query {
                    self.ignore(name, format!("{ALLOW_SECRET} only counts in the #fragment, next to secret; it was ignored in the query string."));
                }
                return;
            }
            _ => {}
        }
        let Some(value) = value else {
            self.ignore(
                name,
                format!("{name} has no value (expected {name}=…); it was ignored."),
            );
            return;
        };
        if let Some(row) = name.strip_prefix("param.") {
            self.row(name, row, value, source, allow_secret, false);
            return;
        }
        if let Some(row) = name.strip_prefix("header.") {
            self.row(name, row, value, source, allow_secret, true);
            return;
        }
        match name {
            "token_url" => {
                if let Err(e) = TokenUrl::parse(&value) {
                    self.ignore(name, format!("token_url {e}; it was put in the form so you can fix it."));
                }
                self.token_url = Some(value);
            }
            "client_id" => self.client_id = Some(value),
            "auth" => match AuthMethod::parse(&value) {
                Some(m) => self.auth = Some(m),
                None => self.ignore(
                    name,
                    format!(
                        "auth={} is not a client authentication method; use one of {}.",
                        shown(&value),
                        AuthMethod::ALL.map(AuthMethod::as_str).join(", ")
                    ),
                ),
            },
            "scope" => {
                if let Err(e) = Scope::parse(&value) {
                    self.ignore(name, format!("scope: {e}; it was put in the form so you can fix it."));
                }
                self.scope = Some(value);
            }
            "audience" => self.audience = Some(value),
            "resource" => {
                if value.trim().is_empty() || value.contains(['\n', '\r']) {
                    self.ignore(name, "resource is empty or spans lines; give one absolute URI per resource parameter (RFC 8707 §2).".into());
                } else {
                    self.resources.get_or_insert_with(Vec::new).push(value);
                }
            }
            "alg" => match JwtAlg::parse(&value) {
                Some(a) if JwtAlg::ASYMMETRIC.contains(&a) => self.jwt_alg = Some(a),
                _ => self.ignore(
                    name,
                    format!(
                        "alg={} is not a private_key_jwt signing algorithm; use RS256 or ES256.",
                        shown(&value)
                    ),
                ),
            },
            "kid" => self.kid = Some(value),
            "assertion_lifetime" => match value.parse::<u64>() {
                Ok(n) if (1..=86_400).contains(&n) => self.assertion_lifetime = Some(value),
                _ => self.ignore(
                    name,
                    format!(
                        "assertion_lifetime={} is not a number of seconds from 1 to 86400.",
                        shown(&value)
                    ),
                ),
            },
            "mode" => match Mode::parse(&value) {
                Some(m) => self.mode = Some(m),
                None => self.ignore(
                    name,
                    format!("mode={} is not a mode; use simulated or live.", shown(&value)),
                ),
            },
            "issuer" => match TokenUrl::parse(&value) {
                Ok(_) if !value.contains('?') => self.issuer = Some(value.trim().to_string()),
                Ok(_) => self.ignore(name, format!("issuer={} must not have a query component (RFC 8414 §2); it was ignored.", shown(&value))),
                Err(e) => self.ignore(name, format!("issuer {e}; it was ignored.")),
            },
            "theme" => match Theme::parse(&value) {
                Some(t) => self.theme = Some(t),
                None => self.ignore(
                    name,
                    format!("theme={} is not a theme; use light, dark or auto.", shown(&value)),
                ),
            },
            "lock" => {
                let mut unknown = Vec::new();
                for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    match LockField::parse(item) {
                        Some(f) if !self.lock.contains(&f) => self.lock.push(f),
                        Some(_) => {}
                        None => unknown.push(shown(item)),
                    }
                }
                if !unknown.is_empty() {
                    self.ignore(
                        name,
                        format!(
                            "lock: {} cannot be locked; lockable fields are {}.",
                            unknown.join(", "),
                            LockField::ALL.map(LockField::as_str).join(", ")
                        ),
                    );
                }
            }
            "origin" => match parse_origin(&value) {
                Ok(o) => {
                    if !self.origins.contains(&o) {
                        self.origins.push(o);
                    }
                }
                Err(why) => self.ignore(name, format!("origin={} {why}; it was ignored.", shown(&value))),
            },
            "secret" => match (source, allow_secret) {
                (Source::Query, _) => self.ignore(name, "secret was ignored: a secret is never read from the query string, which servers log and browsers send in Referer headers (RFC 6749 §10.3). Put it in the #fragment with allow_secret=1, or type it.".into()),
                (Source::Fragment, false) => self.ignore(name, format!("secret in the #fragment was ignored: add {ALLOW_SECRET}=1 to the fragment to opt in to reading a secret from the link.")),
                (Source::Fragment, true) => {
                    self.client_secret = Some(ClientSecret::new(value));
                    self.notice(name, Severity::Warning, "The client secret was read from this link's #fragment. Anyone with the link has it, and it stays in the browser history; prefer typing it.".into());
                }
            },
            "client_secret" | "private_key" | "client_assertion" => self.ignore(name, format!("{name} was ignored: secrets are not read from URL parameters by that name (only secret, in the #fragment with {ALLOW_SECRET}=1).")),
            _ => self.ignore(
                name,
                format!("{} is not a known parameter; it was ignored.", shown(name)),
            ),
        }
    }

    fn row(
        &mut self,
        parameter: &str,
        row: &str,
        value: String,
        source: Source,
        allow_secret: bool,
        header: bool,
    ) {
        let kind = if header { "header" } else { "parameter" };
        if row.trim().is_empty() {
            self.ignore(
                parameter,
                format!(
                    "{} has no {kind} name after the dot; it was ignored.",
                    shown(parameter)
                ),
            );
            return;
        }
        if is_sensitive_name(row) && !(source == Source::Fragment && allow_secret) {
            self.ignore(parameter, format!("{} looks like a secret and was ignored: secrets are read only from the #fragment with {ALLOW_SECRET}=1.", shown(parameter)));
            return;
        }
        if is_sensitive_name(row) {
            self.notice(
                parameter,
                Severity::Warning,
                format!(
                    "The {kind} {} was read from this link's #fragment and looks like a secret.",
                    shown(row)
                ),
            );
        }
        let list = if header {
            &mut self.extra_headers
        } else {
            &mut self.extra_params
        };
        list.get_or_insert_with(Vec::new)
            .push((row.to_string(), value));
    }

    /// True when the URL sets any form field (then the page should start from
    /// [`blank_draft`] rather than the built-in example; [`Prefill::to_draft`] does that).
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
    }

    /// The draft a page opened with this URL starts from: [`Draft::example`] when the URL sets
    /// no form field, otherwise [`blank_draft`] with the prefill applied (so that none of the
    /// example's values, such as its secret, mix with the link's configuration).
    pub fn to_draft(&self) -> Draft {
        if !self.sets_form() {
            return Draft::example();
        }
        let mut draft = blank_draft();
        self.apply(&mut draft);
        draft
    }
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
fn shown(value: &str) -> String {
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

/// A URL with its secret-bearing parts removed (see [`strip_url_secrets`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrippedUrl {
    /// The URL without them; every other byte as given.
    pub url: String,
    /// One sentence per removed part, for the "Left out of the link" list (never a value).
    pub removed: Vec<String>,
}

/// At most this many removed parts are named one by one; the rest are counted.
const MAX_NAMED_REMOVALS: usize = 10;

/// Removes what must not be shared or stored from a Token URL: `user:password@` credentials
/// (RFC 3986 §3.2.1: "Use of the format \"user:password\" in the userinfo field is
/// deprecated"), and every query or fragment parameter whose name, as typed or once
/// percent-decoded, [`is_sensitive_name`] (`client_secret`, `client_assertion`,
/// `access_token`, `api_key`, …; RFC 6749 §2.3.1: client credentials "MUST NOT be included
/// in the request URI"). Pairs are split at `&`; a pair any of whose `;`-parts has a sensitive
/// name is removed whole, since some servers also read `;` as a separator. An emptied query or
/// fragment loses its `?`/`#`. Linear in the input; the `removed` list is bounded.
pub fn strip_url_secrets(url: &str) -> StrippedUrl {
    let mut removed = Vec::new();
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let (before_query, query) = match before_fragment.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (before_fragment, None),
    };
    let mut out = String::with_capacity(url.len());
    match before_query.split_once("://") {
        Some((scheme, rest)) => {
            // The authority ends at the first `/` or `\` (WHATWG URL: `\` is a path separator
            // for http(s)); `?` and `#` were split off above.
            let end = rest.find(['/', '\\']).unwrap_or(rest.len());
            let (authority, path) = rest.split_at(end);
            out.push_str(scheme);
            out.push_str("://");
            match authority.rsplit_once('@') {
                Some((_, host)) => {
                    removed.push(
                        "Token URL user name and password (credentials in a URL are never put in share links)".to_string(),
                    );
                    out.push_str(host);
                }
                None => out.push_str(authority),
            }
            out.push_str(path);
        }
        None => out.push_str(before_query),
    }
    let mut named = 0usize;
    let mut unnamed = 0usize;
    for (part, separator, kind) in [(query, '?', "query"), (fragment, '#', "fragment")] {
        let Some(part) = part else { continue };
        let mut kept: Vec<&str> = Vec::new();
        let mut dropped = false;
        for pair in part.split('&') {
            let secret = pair.split(';').any(|piece| {
                let name = piece.split('=').next().unwrap_or_default();
                is_sensitive_name(name)
                    || form_urldecode(name).is_ok_and(|decoded| is_sensitive_name(&decoded))
            });
            if !secret {
                kept.push(pair);
                continue;
            }
            dropped = true;
            let name = pair.split('=').next().unwrap_or_default();
            let line = format!(
                "Token URL {kind} parameter \"{}\" (its name suggests a secret)",
                shown(name)
            );
            if removed.contains(&line) {
                continue;
            }
            if named < MAX_NAMED_REMOVALS {
                named += 1;
                removed.push(line);
            } else {
                unnamed += 1;
            }
        }
        if !(dropped && kept.is_empty()) {
            out.push(separator);
            out.push_str(&kept.join("&"));
        }
    }
    if unnamed > 0 {
        removed.push(format!(
            "{unnamed} more Token URL parameter(s) whose names suggest a secret"
        ));
    }
    StrippedUrl { url: out, removed }
}

/// What to put in a share link besides the form (see [`share_query`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareOptions {
    /// `mode`, when it should be part of the link.
    pub mode: Option<Mode>,
    /// `theme`, when it should be part of the link.
    pub theme: Option<Theme>,
    /// `embed=1`.
    pub embed: bool,
    /// `issuer`.
    pub issuer: Option<String>,
    /// `lock`.
    pub lock: Vec<LockField>,
    /// `origin` values.
    pub origins: Vec<String>,
}

fn enabled_rows(rows: &[Row]) -> impl Iterator<Item = &Row> {
    rows.iter()
        .filter(|r| r.enabled && !r.name.trim().is_empty())
}

/// The query string (without `?`) of a link that reproduces `draft` — with every secret left
/// out: the client secret, the private key, the signed assertion, teaching-mode settings,
/// extra rows whose name [`is_sensitive_name`], and the secret-bearing parts of the Token URL
/// ([`strip_url_secrets`]). [`stripped`] names what was left out. The saved configuration
/// (`persist`) is this same query, so what a link leaves out is never stored either.
///
/// `token_url`, `client_id`, `auth` and `scope` are always written (so that the link overrides
/// the example form), the rest only when not empty; `alg`, `kid` and `assertion_lifetime` only
/// for the JWT methods that use them. Round trip: `parse(&share_query(d, o), "").to_draft()`
/// has every field of `d` that a request uses, except secrets.
pub fn share_query(draft: &Draft, options: &ShareOptions) -> String {
    let mut pairs: Vec<(String, String)> = vec![
        ("token_url".into(), strip_url_secrets(&draft.token_url).url),
        ("client_id".into(), draft.client_id.clone()),
        ("auth".into(), draft.auth.as_str().into()),
        ("scope".into(), draft.scope.clone()),
    ];
    let mut push = |name: &str, value: &str| pairs.push((name.to_string(), value.to_string()));
    if !draft.audience.is_empty() {
        push("audience", &draft.audience);
    }
    for r in draft.resource_lines() {
        push("resource", r);
    }
    for r in enabled_rows(&draft.extra_params).filter(|r| !is_sensitive_name(&r.name)) {
        push(&format!("param.{}", r.name.trim()), &r.value);
    }
    for r in enabled_rows(&draft.extra_headers).filter(|r| !is_sensitive_name(&r.name)) {
        push(&format!("header.{}", r.name.trim()), &r.value);
    }
    if draft.auth == AuthMethod::PrivateKeyJwt {
        push("alg", draft.jwt_alg.as_str());
    }
    if draft.auth.uses_assertion() {
        if !draft.kid.is_empty() {
            push("kid", &draft.kid);
        }
        push("assertion_lifetime", &draft.assertion_lifetime);
    }
    if let Some(m) = options.mode {
        push("mode", m.as_str());
    }
    if let Some(i) = &options.issuer {
        push("issuer", i);
    }
    if let Some(t) = options.theme {
        push("theme", t.as_str());
    }
    if options.embed {
        push("embed", "1");
    }
    if !options.lock.is_empty() {
        let names: Vec<&str> = options.lock.iter().map(|f| f.as_str()).collect();
        push("lock", &names.join(","));
    }
    for o in &options.origins {
        push("origin", o);
    }
    pairs
        .iter()
        .map(|(n, v)| format!("{}={}", form_urlencode(n), form_urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// What [`share_query`] leaves out of `draft`, as sentences for the UI to show before copying
/// (empty when nothing was left out). Never contains a secret's value.
pub fn stripped(draft: &Draft) -> Vec<String> {
    let mut out = Vec::new();
    if !draft.client_secret.expose().is_empty() {
        out.push("Client secret (secrets are never put in share links)".to_string());
    }
    if !draft.private_key.expose().trim().is_empty() {
        out.push("Private key (secrets are never put in share links)".to_string());
    }
    out.extend(strip_url_secrets(&draft.token_url).removed);
    for (rows, kind) in [
        (&draft.extra_params, "Extra parameter"),
        (&draft.extra_headers, "Extra header"),
    ] {
        for r in enabled_rows(rows).filter(|r| is_sensitive_name(&r.name)) {
            out.push(format!(
                "{kind} \"{}\" (its name suggests a secret)",
                r.name.trim()
            ));
        }
        let disabled = rows
            .iter()
            .filter(|r| !r.enabled && !r.name.trim().is_empty())
            .count();
        if disabled > 0 {
            out.push(format!(
                "{disabled} disabled {} row(s)",
                kind.to_lowercase()
            ));
        }
    }
    if draft.teaching.enabled {
        out.push("Teaching mode settings (not part of share links)".to_string());
    }
    out
}

/// The fragment (without `#`) that carries the client secret, for a user who explicitly opts
/// in to sharing it: `secret=…&allow_secret=1`. `None` when the method uses no secret or it is
/// empty. Append it to a share link only after warning the user.
pub fn secret_fragment(draft: &Draft) -> Option<String> {
    (draft.auth.uses_secret() && !draft.client_secret.expose().is_empty()).then(|| {
        format!(
            "secret={}&{ALLOW_SECRET}=1",
            form_urlencode(draft.client_secret.expose())
        )
    })
}

/// `page_url` without its query and fragment, followed by `?query` (when not empty).
pub fn share_link(page_url: &str, query: &str) -> String {
    let base = page_url.split(['?', '#']).next().unwrap_or_default();
    if query.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{query}")
    }
}

/// Escapes text for a double-quoted HTML attribute value (HTML standard §13.1.2.3).
pub fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The `<iframe>` HTML that embeds the playground (HTML standard §4.8.5 "The iframe element"):
/// `src` is [`share_link`] of `page_url` and `query` with `embed=1` added unless `query` has an
/// `embed` parameter; `title` (the accessible name), `width="100%"`, `height` in CSS pixels
/// ([`EMBED_HEIGHT`] is the designed height), `loading="lazy"`, `sandbox="allow-scripts
/// allow-same-origin allow-forms allow-popups"` (scripts and same-origin so the app and its
/// storage work, forms, popups for "open full playground"), `allow="clipboard-write"`,
/// `referrerpolicy="no-referrer"`. Every attribute value is escaped.
pub fn embed_snippet(page_url: &str, query: &str, title: &str, height: u32) -> String {
    let has_embed = query
        .split('&')
        .any(|p| p.split('=').next() == Some("embed"));
    let query = match (has_embed, query.is_empty()) {
        (true, _) => query.to_string(),
        (false, true) => "embed=1".to_string(),
        (false, false) => format!("{query}&embed=1"),
    };
    let src = share_link(page_url, &query);
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" loading=\"lazy\" sandbox=\"allow-scripts allow-same-origin allow-forms allow-popups\" allow=\"clipboard-write\" referrerpolicy=\"no-referrer\" style=\"border:0\"></iframe>",
        escape_attribute(&src),
        escape_attribute(title)
    )
}

/// An event the playground posts to its host page (the `parent` window) with `postMessage`
/// (HTML standard §9.3.3 "Cross-document messaging").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostEvent {
    /// A token response arrived (RFC 6749 §5.1).
    TokenIssued {
        /// `token_type`, e.g. `Bearer`.
        token_type: String,
        /// `access_token` — posted only to allowed origins the user confirmed.
        access_token: String,
        /// `expires_in` in seconds, when the server gave it.
        expires_in: Option<u64>,
        /// `scope` as granted, when the server gave it.
        scope: Option<String>,
    },
    /// The latest token's lifetime ran out.
    TokenExpired,
    /// The exchange failed: an error response (RFC 6749 §5.2) or a transport failure.
    Error {
        /// `error` code (e.g. `invalid_client`) or a playground code (`network_error`).
        error: String,
        /// `error_description` or an explanation.
        description: Option<String>,
        /// The HTTP status, when there was a response.
        status: Option<u16>,
    },
}

impl HostEvent {
    /// The `type` field: `token-issued`, `token-expired` or `error`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::TokenIssued { .. } => "token-issued",
            Self::TokenExpired => "token-expired",
            Self::Error { .. } => "error",
        }
    }
}

/// The message data of `event` (a JSON object; post it as a structured-clone-able object).
///
/// Every message has `source: "cc-playground"`, `version: 1` and `type`. Shapes:
/// - `token-issued`: `token_type`, `expires_in` (number or null), `scope` (string or null), and
///   `access_token` **only when `token_data_allowed`** (the user confirmed sending tokens to
///   the target origin, see [`post_targets`]);
/// - `token-expired`: nothing more;
/// - `error`: `error`, `error_description` (string or null), `status` (number or null).
///
/// No message ever contains the client secret, private key or client assertion.
pub fn event_message(event: &HostEvent, token_data_allowed: bool) -> Value {
    let mut m = Map::new();
    m.insert("source".into(), MESSAGE_SOURCE.into());
    m.insert("version".into(), MESSAGE_VERSION.into());
    m.insert("type".into(), event.kind().into());
    match event {
        HostEvent::TokenIssued {
            token_type,
            access_token,
            expires_in,
            scope,
        } => {
            m.insert("token_type".into(), token_type.as_str().into());
            m.insert("expires_in".into(), json!(expires_in));
            m.insert("scope".into(), json!(scope));
            if token_data_allowed {
                m.insert("access_token".into(), access_token.as_str().into());
            }
        }
        HostEvent::TokenExpired => {}
        HostEvent::Error {
            error,
            description,
            status,
        } => {
            m.insert("error".into(), error.as_str().into());
            m.insert("error_description".into(), json!(description));
            m.insert("status".into(), json!(status));
        }
    }
    Value::Object(m)
}

/// One `postMessage` call to make for an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostTarget {
    /// The `targetOrigin` argument.
    pub target_origin: String,
    /// Whether this message may carry token data ([`event_message`]'s second argument).
    pub token_data: bool,
}

/// The `postMessage` calls for an event (HTML standard §9.3.3, `postMessage(message,
/// targetOrigin)`), given the `origin=` values (`allowed`) and the origins the **user**
/// confirmed in the page (`confirmed`: "Send the token to …", off by default, never read from
/// the URL nor stored).
///
/// - Without allowed origins nothing is posted: never to `"*"`, which would hand the event to
///   whatever page frames the playground.
/// - Otherwise one message per allowed origin, `targetOrigin` set to it, so the browser
///   delivers it only when the parent's origin matches (the window post message steps).
/// - Token data goes only to an allowed origin the user confirmed. `origin=` alone is not
///   enough: it is written by the embedding page itself, so any page could name its own origin.
///
/// An `allowed` value that is not a normalised origin ([`parse_origin`]), such as `"*"`, is
/// skipped: this function never returns a wildcard target.
pub fn post_targets(allowed: &[String], confirmed: &[String]) -> Vec<PostTarget> {
    allowed
        .iter()
        .filter(|o| parse_origin(o).as_ref() == Ok(*o))
        .map(|o| PostTarget {
            target_origin: o.clone(),
            token_data: confirmed.contains(o),
        })
        .collect()
}

/// The origins the page offers to send tokens to ("Send the token to …"): the allowed
/// `origin=` values, without repeats, and none when the playground is not in a frame (then
/// there is no host page to post to).
pub fn token_offers(allowed: &[String], framed: bool) -> Vec<String> {
    if !framed {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for o in post_targets(allowed, &[])
        .into_iter()
        .map(|t| t.target_origin)
    {
        if !out.contains(&o) {
            out.push(o);
        }
    }
    out
}

/// A message from the host page the playground acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostCommand {
    /// `{ "type": "set-theme", "theme": "light" | "dark" | "auto" }`.
    SetTheme(Theme),
}

/// Why an incoming message was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IncomingError {
    /// `event.origin` is not one of the `origin=` values (or none were given).
    OriginNotAllowed(String),
    /// The data is not an object with a string `type`.
    NoType,
    /// A `type` this version does not know.
    UnknownType(String),
    /// `set-theme` with a missing or unknown `theme`.
    BadTheme(String),
}

impl fmt::Display for IncomingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OriginNotAllowed(o) => write!(
                f,
                "a message from {o} was ignored: that origin is not listed in the origin= parameter"
            ),
            Self::NoType => f.write_str("a message without a string \"type\" was ignored"),
            Self::UnknownType(t) => write!(
                f,
                "a message of type \"{t}\" was ignored; known types: set-theme"
            ),
            Self::BadTheme(t) => write!(
                f,
                "set-theme with theme {t} was ignored; use \"light\", \"dark\" or \"auto\""
            ),
        }
    }
}

/// Validates a `message` event from the host page: `origin` is the event's `origin`
/// (HTML standard §9.3.3: the only trustworthy statement of who sent it) and must equal one of
/// `allowed_origins` exactly; `data` must be a known command.
pub fn parse_incoming(
    origin: &str,
    data: &Value,
    allowed_origins: &[String],
) -> Result<HostCommand, IncomingError> {
    if !allowed_origins.iter().any(|o| o == origin) {
        return Err(IncomingError::OriginNotAllowed(origin.to_string()));
    }
    let kind = data
        .get("type")
        .and_then(Value::as_str)
        .ok_or(IncomingError::NoType)?;
    match kind {
        "set-theme" => {
            let theme = data.get("theme");
            theme
                .and_then(Value::as_str)
                .and_then(Theme::parse)
                .map(HostCommand::SetTheme)
                .ok_or_else(|| {
                    IncomingError::BadTheme(theme.map_or("(missing)".into(), Value::to_string))
                })
        }
        other => Err(IncomingError::UnknownType(other.to_string())),
    }
}
