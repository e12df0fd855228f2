//! Code export: the composed token request (RFC 6749 §4.4.2) as a snippet for curl, HTTPie,
//! Wget, Python `requests`, JavaScript `fetch`, Node.js, Rust (`reqwest` and the `oauth2`
//! crate), Go `net/http`, C# `HttpClient` and Java `java.net.http`.
//!
//! Every snippet sends the method, URL, header fields and body bytes of the raw view
//! ([`HttpRequest::to_bytes`]), except `Host` and `Content-Length`, which each tool derives from
//! the URL and the body itself (RFC 9112 §3.2, RFC 9110 §8.6). The one exception is
//! [`Language::RustOauth2`]: that crate builds the request itself, and the snippet says how.
//!
//! # Secrets
//! With [`SecretStyle::EnvVars`] (the default) no secret appears in a snippet. Each one is read
//! from an environment variable ([`env_vars`] lists them) and encoded at run time exactly as the
//! raw view encodes it, so that the bytes sent are the same:
//! - a sensitive body parameter (`client_secret`, `client_assertion`) is read from the variable
//!   named after it (`CLIENT_SECRET`, `CLIENT_ASSERTION`) and form-urlencoded (RFC 6749
//!   Appendix B) by a helper in the snippet: no language's usual URL encoder is the same
//!   (`curl --data-urlencode`, Python `quote_plus`, Go `url.QueryEscape` and C# `EscapeDataString`
//!   treat `~`, `*` or space differently); only Java's `URLEncoder` and JavaScript's
//!   `URLSearchParams` are, and those snippets use them;
//! - `Authorization: Basic` (client_secret_basic) is rebuilt from `CLIENT_SECRET` and the client
//!   id, which is not a secret (RFC 6749 §2.2) and stays in the snippet: base64 of the
//!   form-urlencoded id, `:`, and the form-urlencoded secret (RFC 6749 §2.3.1). A tool's own
//!   Basic support (`curl -u`, `requests` `auth=`) would skip the urlencoding and send different
//!   bytes as soon as the secret holds a character such as `+`, `%` or `:`;
//! - any other sensitive header is read whole from a variable named after the header.
//!
//! With [`SecretStyle::Inline`] the secrets are written into the snippet, and the snippet's
//! first lines say so.
//!
//! # Quoting
//! Every value is written as a string literal of the target language with its own escapes (shell
//! single quotes with `'\''`; `\"`/`\\` and code-point escapes elsewhere), so quotes, `$`,
//! backslashes, newlines or non-ASCII text in a value stay data. Characters that are invisible
//! or reorder text (control and bidirectional formatting characters) are written as escapes.
//! Comments never contain user input.

use crate::encoding::{base64_decode, base64_encode, form_urldecode, form_urlencode};
use crate::http::{BodyKind, HttpRequest, MASK};
use std::fmt::Write as _;

/// A target tool or language for [`export`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// `curl` in a POSIX shell.
    Curl,
    /// HTTPie (`http`, 3.0 or later for `--raw`) in a POSIX shell.
    Httpie,
    /// GNU Wget in a POSIX shell.
    Wget,
    /// Python 3 with `requests`.
    PythonRequests,
    /// JavaScript `fetch` (Node.js 18 or later, as an ES module).
    JsFetch,
    /// Node.js with only its `http`/`https` modules.
    Node,
    /// Rust with `reqwest` (blocking).
    RustReqwest,
    /// Rust with the `oauth2` crate's client credentials flow.
    RustOauth2,
    /// Go with `net/http`.
    GoNetHttp,
    /// C# with `HttpClient` (.NET 6 or later, top-level program).
    CSharpHttpClient,
    /// Java 11 or later with `java.net.http`.
    JavaHttpClient,
}

impl Language {
    /// Every language, in the order a picker shows them.
    pub const ALL: [Language; 11] = [
        Self::Curl,
        Self::Httpie,
        Self::Wget,
        Self::PythonRequests,
        Self::JsFetch,
        Self::Node,
        Self::RustReqwest,
        Self::RustOauth2,
        Self::GoNetHttp,
        Self::CSharpHttpClient,
        Self::JavaHttpClient,
    ];

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Curl => "curl",
            Self::Httpie => "HTTPie",
            Self::Wget => "Wget",
            Self::PythonRequests => "Python (requests)",
            Self::JsFetch => "JavaScript (fetch)",
            Self::Node => "Node.js (no dependencies)",
            Self::RustReqwest => "Rust (reqwest)",
            Self::RustOauth2 => "Rust (oauth2 crate)",
            Self::GoNetHttp => "Go (net/http)",
            Self::CSharpHttpClient => "C# (HttpClient)",
            Self::JavaHttpClient => "Java (java.net.http)",
        }
    }

    /// A stable short identifier (for option values and tests).
    pub fn id(self) -> &'static str {
        match self {
            Self::Curl => "curl",
            Self::Httpie => "httpie",
            Self::Wget => "wget",
            Self::PythonRequests => "python",
            Self::JsFetch => "fetch",
            Self::Node => "node",
            Self::RustReqwest => "reqwest",
            Self::RustOauth2 => "oauth2",
            Self::GoNetHttp => "go",
            Self::CSharpHttpClient => "csharp",
            Self::JavaHttpClient => "java",
        }
    }

    /// The language whose [`id`](Self::id) is `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.id() == id)
    }
}

/// Where a snippet takes the secrets from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SecretStyle {
    /// Read each secret from an environment variable (see [`env_vars`]); the default.
    #[default]
    EnvVars,
    /// Write the secrets into the snippet.
    Inline,
}

impl SecretStyle {
    /// Both styles, default first.
    pub const ALL: [SecretStyle; 2] = [Self::EnvVars, Self::Inline];

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::EnvVars => "Environment variables",
            Self::Inline => "Inline",
        }
    }

    /// A stable short identifier.
    pub fn id(self) -> &'static str {
        match self {
            Self::EnvVars => "env",
            Self::Inline => "inline",
        }
    }
}

/// An environment variable a snippet reads in [`SecretStyle::EnvVars`] style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    /// Its name, e.g. `CLIENT_SECRET` (only `A-Z`, `0-9` and `_`).
    pub name: String,
    /// What to put in it, e.g. "the client secret".
    pub holds: String,
}

/// The environment variables that the snippets of `request` read, in order of first use.
pub fn env_vars(request: &HttpRequest) -> Vec<EnvVar> {
    Model::new(request, SecretStyle::EnvVars).vars
}

/// True when `request` carries a secret (a sensitive header or parameter, or credentials in
/// the query), which [`SecretStyle::Inline`] would write into the snippet.
pub fn holds_secrets(request: &HttpRequest) -> bool {
    request.headers.iter().any(|h| h.sensitive)
        || request.params.iter().any(|p| p.sensitive)
        || request.masked_target.is_some()
}

/// The request as a snippet in `language`, with secrets taken as `secrets` says.
pub fn export(request: &HttpRequest, language: Language, secrets: SecretStyle) -> String {
    let model = Model::new(request, secrets);
    match language {
        Language::Curl => curl(&model),
        Language::Httpie => httpie(&model),
        Language::Wget => wget(&model),
        Language::PythonRequests => python(&model),
        Language::JsFetch => fetch(&model),
        Language::Node => node(&model),
        Language::RustReqwest => reqwest(&model),
        Language::RustOauth2 => oauth2(&model),
        Language::GoNetHttp => go(&model),
        Language::CSharpHttpClient => csharp(&model),
        Language::JavaHttpClient => java(&model),
    }
}

// ---------------------------------------------------------------------------------------------
// The model: the request as parts that are literal text or secrets read at run time.

/// A piece of a value: literal text, or a secret read from an environment variable and encoded.
/// (No `Debug`: in the inline style a literal may be a secret.)
#[derive(Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Env { var: usize, enc: Enc },
}

/// How a secret is encoded where it is used.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Enc {
    /// As is.
    Plain,
    /// `application/x-www-form-urlencoded` (RFC 6749 Appendix B).
    Form,
    /// The inside of a JSON string (RFC 8259 §7).
    Json,
    /// The whole `Basic …` credentials of RFC 6749 §2.3.1 for this client id.
    Basic { client_id: String },
}

type Text = Vec<Part>;

/// One logical body (or, for a GET, query) parameter.
struct Param {
    name: String,
    /// `Lit` of the decoded value, or `Env` with `Enc::Plain`.
    value: Part,
}

/// The client's credentials as the `oauth2` crate wants them.
struct Credentials {
    id: Option<String>,
    /// `Lit` of the secret, or `Env` with `Enc::Plain`.
    secret: Option<Part>,
    in_header: bool,
}

struct Model {
    method: String,
    url: Text,
    /// The URL without its query, and the query's parameters (a GET's credentials are there).
    query: Option<(String, Vec<Param>)>,
    /// Header fields in order, without `Host` and `Content-Length`.
    headers: Vec<(String, Text)>,
    /// Empty when there is no body.
    body: Text,
    body_kind: BodyKind,
    params: Vec<Param>,
    credentials: Credentials,
    vars: Vec<EnvVar>,
    /// Inline style and the request holds a secret: the snippet warns.
    inline_secrets: bool,
}

/// Headers the tools set themselves from the URL and the body.
fn is_framing(name: &str) -> bool {
    name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("content-length")
}

#[derive(Default)]
struct Vars {
    vars: Vec<EnvVar>,
    values: Vec<String>,
}

impl Vars {
    /// The variable for `value` named `name` (or `name_2`, … when `name` holds another value).
    fn add(&mut self, name: String, holds: String, value: &str) -> usize {
        if let Some(i) = (0..self.vars.len()).find(|&i| {
            (self.vars[i].name == name || self.vars[i].name.starts_with(&format!("{name}_")))
                && self.values[i] == value
        }) {
            return i;
        }
        let mut unique = name.clone();
        let mut n = 2;
        while self.vars.iter().any(|v| v.name == unique) {
            unique = format!("{name}_{n}");
            n += 1;
        }
        self.vars.push(EnvVar {
            name: unique,
            holds,
        });
        self.values.push(value.to_string());
        self.vars.len() - 1
    }

    fn env(&mut self, name: String, holds: String, value: &str, enc: Enc) -> Text {
        vec![Part::Env {
            var: self.add(name, holds, value),
            enc,
        }]
    }

    /// The text with every secret substituted and encoded: what the snippet computes.
    fn materialize(&self, text: &[Part]) -> String {
        text.iter()
            .map(|p| match p {
                Part::Lit(s) => s.clone(),
                Part::Env { var, enc } => encode(enc, &self.values[*var]),
            })
            .collect()
    }
}

fn encode(enc: &Enc, value: &str) -> String {
    match enc {
        Enc::Plain => value.to_string(),
        Enc::Form => form_urlencode(value),
        Enc::Json => json_inner(value),
        Enc::Basic { client_id } => basic_header(client_id, value),
    }
}

/// The inside of the JSON string for `value` (RFC 8259 §7), as the raw view writes it.
fn json_inner(value: &str) -> String {
    let quoted = serde_json::Value::from(value).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

fn basic_header(id: &str, secret: &str) -> String {
    let pair = format!("{}:{}", form_urlencode(id), form_urlencode(secret));
    format!("Basic {}", base64_encode(pair.as_bytes()))
}

/// The client id and secret of a `Basic` value built as RFC 6749 §2.3.1 says, when re-encoding
/// them gives back exactly the same value.
fn basic_credentials(value: &str) -> Option<(String, String)> {
    let encoded = value.strip_prefix("Basic ")?;
    let pair = String::from_utf8(base64_decode(encoded).ok()?).ok()?;
    let (id, secret) = pair.split_once(':')?;
    let (id, secret) = (form_urldecode(id).ok()?, form_urldecode(secret).ok()?);
    (basic_header(&id, &secret) == value).then_some((id, secret))
}

/// An environment variable name for `item`: upper case, `_` for anything but `A-Z0-9`.
fn env_name(item: &str) -> String {
    let name: String = item
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.contains(|c: char| c.is_ascii_alphanumeric())
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        format!("SECRET_{name}")
    } else {
        name
    }
}

/// `name` if it is safe to show in a comment (a token of RFC 9110 §5.6.2), else `None`.
fn comment_safe(name: &str) -> Option<&str> {
    (!name.is_empty() && name.bytes().all(crate::http::is_tchar)).then_some(name)
}

fn param_holds(name: &str) -> String {
    match name {
        "client_secret" => "the client secret".into(),
        "client_assertion" => "the client assertion (a signed JWT, RFC 7523 §2.2)".into(),
        _ => match comment_safe(name) {
            Some(n) => format!("the value of the {n} parameter"),
            None => "the value of a secret parameter".into(),
        },
    }
}

fn merge(text: Text) -> Text {
    let mut out: Text = Vec::new();
    for part in text {
        match (out.last_mut(), part) {
            (_, Part::Lit(s)) if s.is_empty() => {}
            (Some(Part::Lit(prev)), Part::Lit(s)) => prev.push_str(&s),
            (_, part) => out.push(part),
        }
    }
    out
}

impl Model {
    fn new(request: &HttpRequest, style: SecretStyle) -> Self {
        let env = style == SecretStyle::EnvVars;
        let mut vars = Vars::default();
        let params: Vec<Param> = request
            .params
            .iter()
            .map(|p| Param {
                name: p.name.clone(),
                value: if env && p.sensitive {
                    Part::Env {
                        var: vars.add(env_name(&p.name), param_holds(&p.name), &p.value),
                        enc: Enc::Plain,
                    }
                } else {
                    Part::Lit(p.value.clone())
                },
            })
            .collect();

        let mut headers = Vec::new();
        let mut basic = None;
        for h in request.headers.iter().filter(|h| !is_framing(&h.name)) {
            let decoded = h
                .name
                .eq_ignore_ascii_case("authorization")
                .then(|| basic_credentials(&h.value))
                .flatten();
            let value = match (&decoded, env && h.sensitive) {
                (_, false) => vec![Part::Lit(h.value.clone())],
                (Some((id, secret)), true) => vars.env(
                    "CLIENT_SECRET".into(),
                    "the client secret".into(),
                    secret,
                    Enc::Basic {
                        client_id: id.clone(),
                    },
                ),
                (None, true) => vars.env(
                    env_name(&h.name),
                    match comment_safe(&h.name) {
                        Some(n) => format!("the whole value of the {n} header"),
                        None => "the whole value of a secret header".into(),
                    },
                    &h.value,
                    Enc::Plain,
                ),
            };
            if let (Some(d), None) = (decoded, &basic) {
                basic = Some((d, value.clone()));
            }
            headers.push((h.name.clone(), value));
        }

        let (url, query) = url_parts(request, env, &mut vars);
        let url = verified(&mut vars, url, &request.url, "TOKEN_URL", "the whole URL");

        let any_env = params.iter().any(|p| matches!(p.value, Part::Env { .. }));
        let body = match request.body_kind {
            _ if request.body.is_empty() => Vec::new(),
            BodyKind::Form if any_env => form_text(&params),
            BodyKind::Json if any_env => json_text(&params),
            _ => vec![Part::Lit(
                String::from_utf8_lossy(&request.body).into_owned(),
            )],
        };
        let body_text = String::from_utf8_lossy(&request.body);
        let body = verified(
            &mut vars,
            body,
            &body_text,
            "REQUEST_BODY",
            "the whole body",
        );

        let credentials = credentials(&params, query.as_ref(), basic);
        let inline_secrets = !env && holds_secrets(request);
        Self {
            method: request.method.clone(),
            url,
            query,
            headers,
            body,
            body_kind: request.body_kind,
            params,
            credentials,
            vars: vars.vars,
            inline_secrets,
        }
    }

    /// Every text of the request, for finding which helpers a snippet needs.
    fn texts(&self) -> impl Iterator<Item = &Part> {
        self.url
            .iter()
            .chain(self.headers.iter().flat_map(|(_, v)| v.iter()))
            .chain(self.body.iter())
    }

    fn uses(&self, wanted: fn(&Enc) -> bool) -> bool {
        self.texts()
            .any(|p| matches!(p, Part::Env { enc, .. } if wanted(enc)))
    }

    fn uses_form(&self) -> bool {
        self.uses(|e| matches!(e, Enc::Form | Enc::Basic { .. }))
    }

    fn uses_json(&self) -> bool {
        self.uses(|e| matches!(e, Enc::Json))
    }

    fn uses_basic(&self) -> bool {
        self.uses(|e| matches!(e, Enc::Basic { .. }))
    }

    fn uses_env(&self) -> bool {
        !self.vars.is_empty()
    }

    /// True when the URL may hold a `%7E`, which `requests` (and HTTPie) send as `~`.
    fn url_may_hold_tilde(&self) -> bool {
        self.url.iter().any(|p| match p {
            Part::Lit(s) => s.to_ascii_uppercase().contains("%7E"),
            Part::Env { enc, .. } => *enc == Enc::Form,
        })
    }

    fn url_is_https(&self) -> bool {
        matches!(self.url.first(), Some(Part::Lit(s)) if s.starts_with("https:"))
    }
}

/// `text` if it yields `expected`; else the whole of `expected` from one variable (a shape this
/// module does not know, kept exact rather than guessed).
fn verified(vars: &mut Vars, text: Text, expected: &str, name: &str, holds: &str) -> Text {
    if vars.materialize(&text) == expected {
        merge(text)
    } else {
        vars.env(name.into(), holds.into(), expected, Enc::Plain)
    }
}

fn form_text(params: &[Param]) -> Text {
    let mut text = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let sep = if i == 0 { "" } else { "&" };
        text.push(Part::Lit(format!("{sep}{}=", form_urlencode(&p.name))));
        text.push(match &p.value {
            Part::Lit(v) => Part::Lit(form_urlencode(v)),
            Part::Env { var, .. } => Part::Env {
                var: *var,
                enc: Enc::Form,
            },
        });
    }
    text
}

fn json_text(params: &[Param]) -> Text {
    let mut text = vec![Part::Lit("{".into())];
    for (i, p) in params.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let name = serde_json::Value::from(p.name.as_str());
        match &p.value {
            Part::Lit(v) => text.push(Part::Lit(format!(
                "{sep}{name}:{}",
                serde_json::Value::from(v.as_str())
            ))),
            Part::Env { var, .. } => {
                text.push(Part::Lit(format!("{sep}{name}:\"")));
                text.push(Part::Env {
                    var: *var,
                    enc: Enc::Json,
                });
                text.push(Part::Lit("\"".into()));
            }
        }
    }
    text.push(Part::Lit("}".into()));
    text
}

/// The URL as parts (a GET's query may carry credentials, shown masked in `masked_target`), and
/// the URL without query plus the query's parameters.
fn url_parts(
    request: &HttpRequest,
    env: bool,
    vars: &mut Vars,
) -> (Text, Option<(String, Vec<Param>)>) {
    let whole = vec![Part::Lit(request.url.clone())];
    let Some((base, query)) = request.url.split_once('?') else {
        return (whole, None);
    };
    let masked_query = request
        .masked_target
        .as_ref()
        .filter(|_| env)
        .and_then(|m| m.split_once('?'))
        .map(|(_, q)| q);
    let segments: Vec<&str> = query.split('&').collect();
    let masked: Vec<Option<&str>> = match masked_query {
        Some(m) if m.split('&').count() == segments.len() => m.split('&').map(Some).collect(),
        _ => vec![None; segments.len()],
    };
    let mut text = vec![Part::Lit(format!("{base}?"))];
    let mut params = Vec::new();
    for (i, (segment, masked)) in segments.iter().zip(masked).enumerate() {
        if i > 0 {
            text.push(Part::Lit("&".into()));
        }
        let (name, value) = segment.split_once('=').unwrap_or((segment, ""));
        let name = form_urldecode(name).unwrap_or_else(|_| name.to_string());
        // The masked segment is `name=MASK`; the same prefix in the target precedes the secret.
        let secret = masked
            .filter(|m| m != segment)
            .and_then(|m| m.strip_suffix(MASK))
            .filter(|prefix| segment.starts_with(prefix))
            .and_then(|prefix| Some((prefix, form_urldecode(&segment[prefix.len()..]).ok()?)));
        match secret {
            Some((prefix, secret)) => {
                let var = vars.add(env_name(&name), param_holds(&name), &secret);
                text.push(Part::Lit(prefix.to_string()));
                text.push(Part::Env {
                    var,
                    enc: Enc::Form,
                });
                params.push(Param {
                    name,
                    value: Part::Env {
                        var,
                        enc: Enc::Plain,
                    },
                });
            }
            None => {
                text.push(Part::Lit((*segment).to_string()));
                let value = form_urldecode(value).unwrap_or_else(|_| value.to_string());
                params.push(Param {
                    name,
                    value: Part::Lit(value),
                });
            }
        }
    }
    if params.iter().all(|p| matches!(p.value, Part::Lit(_))) {
        return (whole, Some((base.to_string(), params)));
    }
    (text, Some((base.to_string(), params)))
}

fn credentials(
    params: &[Param],
    query: Option<&(String, Vec<Param>)>,
    basic: Option<((String, String), Text)>,
) -> Credentials {
    if let Some(((id, secret), value)) = basic {
        let secret = match value.first() {
            Some(Part::Env { var, .. }) => Part::Env {
                var: *var,
                enc: Enc::Plain,
            },
            _ => Part::Lit(secret),
        };
        return Credentials {
            id: Some(id),
            secret: Some(secret),
            in_header: true,
        };
    }
    let all = params
        .iter()
        .chain(query.into_iter().flat_map(|(_, q)| q.iter()));
    let mut id = None;
    let mut secret = None;
    for p in all {
        match (p.name.as_str(), &p.value) {
            ("client_id", Part::Lit(v)) => id = Some(v.clone()),
            ("client_secret", v) => secret = Some(v.clone()),
            _ => {}
        }
    }
    Credentials {
        id,
        secret,
        in_header: false,
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering values as code.

/// How a language writes literals, reads variables and calls the encoding helpers.
struct Syntax {
    lit: fn(&str) -> String,
    env: fn(&str) -> String,
    form: fn(&str) -> String,
    json: fn(&str) -> String,
    basic: fn(&str, &str) -> String,
    /// Joins pieces (`true` for a literal) into one string expression.
    concat: fn(Vec<(bool, String)>) -> String,
}

impl Syntax {
    fn expr(&self, text: &[Part], vars: &[EnvVar]) -> String {
        let pieces: Vec<(bool, String)> = text
            .iter()
            .map(|p| match p {
                Part::Lit(s) => (true, (self.lit)(s)),
                Part::Env { var, enc } => (false, self.secret(&vars[*var].name, enc)),
            })
            .collect();
        if pieces.is_empty() {
            return (self.lit)("");
        }
        (self.concat)(pieces)
    }

    fn secret(&self, name: &str, enc: &Enc) -> String {
        let read = (self.env)(name);
        match enc {
            Enc::Plain => read,
            Enc::Form => (self.form)(&read),
            Enc::Json => (self.json)(&read),
            Enc::Basic { client_id } => (self.basic)(&(self.lit)(client_id), &read),
        }
    }
}

fn join_plus(pieces: Vec<(bool, String)>) -> String {
    pieces
        .into_iter()
        .map(|(_, code)| code)
        .collect::<Vec<_>>()
        .join(" + ")
}

/// True for characters written as they are inside a quoted literal: printable, and not a quote
/// or backslash. Control, formatting (e.g. bidirectional overrides) and separator characters
/// are escaped, so that the code reads as it runs.
fn is_plain(c: char) -> bool {
    !matches!(c, '\\' | '"' | '\'') && c.escape_debug().next() != Some('\\')
}

/// A double-quoted literal with `\\`, `\"`, `\n`, `\r`, `\t`, and `escape` for other non-plain
/// characters.
fn quoted(s: &str, escape: fn(char) -> String) -> String {
    quoted_with('"', s, escape)
}

/// Like [`quoted`] with `quote` (`"` or `'`) as the delimiter.
fn quoted_with(quote: char, s: &str, escape: fn(char) -> String) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '"' | '\'' => out.push(c),
            c if is_plain(c) => out.push(c),
            c => out.push_str(&escape(c)),
        }
    }
    out.push(quote);
    out
}

/// `'` when the text holds `"` but no `'` (fewer escapes, for Python and JavaScript), else `"`.
fn best_quote(s: &str) -> char {
    if s.contains('"') && !s.contains('\'') {
        '\''
    } else {
        '"'
    }
}

fn utf16_escapes(c: char) -> String {
    let mut units = [0u16; 2];
    c.encode_utf16(&mut units)
        .iter()
        .map(|u| format!("\\u{u:04X}"))
        .collect()
}

/// A Python `str` literal.
fn py_str(s: &str) -> String {
    quoted_with(best_quote(s), s, |c| match u32::from(c) {
        n @ 0..=0xFF => format!("\\x{n:02x}"),
        n @ 0x100..=0xFFFF => format!("\\u{n:04x}"),
        n => format!("\\U{n:08x}"),
    })
}

/// A JavaScript string literal.
fn js_str(s: &str) -> String {
    quoted_with(best_quote(s), s, |c| match u32::from(c) {
        n @ 0..=0xFF => format!("\\x{n:02X}"),
        n @ 0x100..=0xFFFF => format!("\\u{n:04X}"),
        n => format!("\\u{{{n:X}}}"),
    })
}

/// A Rust string literal.
fn rust_str(s: &str) -> String {
    // A raw string reads better when the text has quotes and nothing to escape.
    let raw = s.contains('"')
        && !s.contains("\"#")
        && s.chars()
            .all(|c| c == '"' || c == '\\' || c == '\'' || is_plain(c));
    if raw {
        return format!("r#\"{s}\"#");
    }
    quoted(s, |c| format!("\\u{{{:x}}}", u32::from(c)))
}

/// A Go interpreted string literal.
fn go_str(s: &str) -> String {
    quoted(s, |c| match u32::from(c) {
        n @ 0..=0x7F => format!("\\x{n:02x}"),
        n @ 0x80..=0xFFFF => format!("\\u{n:04x}"),
        n => format!("\\U{n:08x}"),
    })
}

/// A C# regular string literal.
fn cs_str(s: &str) -> String {
    quoted(s, utf16_escapes)
}

/// A Java string literal. Java turns `\uXXXX` into a character before reading the literal,
/// so ASCII control characters (a `\u000a` would end the line) are written in octal; other
/// non-ASCII characters use `\uXXXX`, which also keeps the file readable in any encoding.
fn java_str(s: &str) -> String {
    let body = quoted(s, |c| match u32::from(c) {
        n @ 0..=0x7F => format!("\\{n:03o}"),
        _ => utf16_escapes(c),
    });
    body.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                utf16_escapes(c)
            }
        })
        .collect()
}

/// A POSIX shell word for `s`: single-quoted runs, `\'` for a quote, and `printf` octal escapes
/// for characters that are not plain (invisible or reordering ones), so that the command reads
/// as it runs. Inside single quotes nothing is special, so `$`, `"`, `\` and a newline stay data.
/// A method name as a shell word: bare when it is plain letters.
fn shell_method(method: &str) -> String {
    if !method.is_empty() && method.bytes().all(|b| b.is_ascii_alphabetic()) {
        method.to_string()
    } else {
        shell_word(method)
    }
}

fn shell_word(s: &str) -> String {
    fn flush(out: &mut String, run: &mut String) {
        if !run.is_empty() {
            out.push('\'');
            out.push_str(run);
            out.push('\'');
            run.clear();
        }
    }
    if s.is_empty() {
        return "''".into();
    }
    let mut out = String::new();
    let mut run = String::new();
    for c in s.chars() {
        match c {
            '\'' => {
                flush(&mut out, &mut run);
                out.push_str("\\'");
            }
            '"' | '\\' | '\n' => run.push(c),
            c if is_plain(c) => run.push(c),
            c => {
                flush(&mut out, &mut run);
                let mut bytes = [0u8; 4];
                let octal: String = c
                    .encode_utf8(&mut bytes)
                    .bytes()
                    .map(|b| format!("\\{b:03o}"))
                    .collect();
                let _ = write!(out, "\"$(printf '{octal}')\"");
            }
        }
    }
    flush(&mut out, &mut run);
    out
}

const SHELL: Syntax = Syntax {
    lit: shell_word,
    env: |n| format!("\"${n}\""),
    form: |e| format!("\"$(form_urlencode {e})\""),
    json: |e| format!("\"$(json_escape {e})\""),
    basic: |id, e| format!("\"$(basic_auth {id} {e})\""),
    concat: |pieces| pieces.into_iter().map(|(_, code)| code).collect(),
};

const PYTHON: Syntax = Syntax {
    lit: py_str,
    env: |n| format!("os.environ[\"{n}\"]"),
    form: |e| format!("form_urlencode({e})"),
    json: |e| format!("json.dumps({e}, ensure_ascii=False)[1:-1]"),
    basic: |id, e| format!("basic_auth({id}, {e})"),
    concat: join_plus,
};

const JS: Syntax = Syntax {
    lit: js_str,
    env: |n| format!("env(\"{n}\")"),
    form: |e| format!("formUrlencode({e})"),
    json: |e| format!("JSON.stringify({e}).slice(1, -1)"),
    basic: |id, e| format!("basicAuth({id}, {e})"),
    concat: join_plus,
};

const RUST: Syntax = Syntax {
    lit: rust_str,
    env: |n| format!("std::env::var(\"{n}\")?"),
    form: |e| format!("form_urlencode(&{e})"),
    json: |e| format!("json_escape(&{e})"),
    basic: |id, e| format!("basic_auth({id}, &{e})"),
    concat: |pieces| {
        if let [(true, lit)] = pieces.as_slice() {
            return lit.clone();
        }
        if let [(false, code)] = pieces.as_slice() {
            return code.clone();
        }
        let items: Vec<String> = pieces
            .into_iter()
            .map(|(lit, code)| {
                if lit {
                    code
                } else {
                    format!("{code}.as_str()")
                }
            })
            .collect();
        format!("[{}].concat()", items.join(", "))
    },
};

const GO: Syntax = Syntax {
    lit: go_str,
    env: |n| format!("mustGetenv(\"{n}\")"),
    form: |e| format!("formURLEncode({e})"),
    json: |e| format!("jsonEscape({e})"),
    basic: |id, e| format!("basicAuth({id}, {e})"),
    concat: join_plus,
};

const CSHARP: Syntax = Syntax {
    lit: cs_str,
    env: |n| format!("Env(\"{n}\")"),
    form: |e| format!("FormUrlEncode({e})"),
    json: |e| format!("JsonEscape({e})"),
    basic: |id, e| format!("BasicAuth({id}, {e})"),
    concat: join_plus,
};

const JAVA: Syntax = Syntax {
    lit: java_str,
    env: |n| format!("env(\"{n}\")"),
    form: |e| format!("URLEncoder.encode({e}, StandardCharsets.UTF_8)"),
    json: |e| format!("jsonEscape({e})"),
    basic: |id, e| format!("basicAuth({id}, {e})"),
    concat: join_plus,
};

// ---------------------------------------------------------------------------------------------
// Snippets.

const TITLE: &str =
    "OAuth 2.0 client credentials token request (RFC 6749 §4.4.2), as shown in the raw view.";

/// The first comment lines: what the snippet is, what the tool adds, where secrets come from.
fn preamble(m: &Model, comment: &str, lines: &[&str]) -> String {
    let mut out = format!("{comment} {TITLE}\n");
    for line in lines {
        let _ = writeln!(out, "{comment} {line}");
    }
    if m.uses_env() {
        let _ = writeln!(
            out,
            "{comment} Secrets are read from environment variables; set them first:"
        );
        let width = m.vars.iter().map(|v| v.name.len()).max().unwrap_or(0);
        for v in &m.vars {
            let _ = writeln!(out, "{comment}   {:width$}  {}", v.name, v.holds);
        }
    }
    if m.inline_secrets {
        let _ = writeln!(
            out,
            "{comment} WARNING: this snippet contains secrets in clear; do not commit or share it."
        );
    }
    out
}

const SH_FORM: &str = r#"# application/x-www-form-urlencoded (RFC 6749 Appendix B): A-Z a-z 0-9 * - . _ kept,
# space as +, every other byte as %XX. (curl --data-urlencode differs on space, * and ~.)
form_urlencode() {
  printf '%s' "$1" | od -An -v -tu1 | awk '{
    for (i = 1; i <= NF; i++) {
      b = $i + 0
      if ((b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 42 || b == 45 || b == 46 || b == 95) printf "%c", b
      else if (b == 32) printf "+"
      else printf "%%%02X", b
    }
  }'
}
"#;

const SH_BASIC: &str = r#"# HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then base64.
basic_auth() {
  printf 'Basic %s' "$(printf '%s:%s' "$(form_urlencode "$1")" "$(form_urlencode "$2")" | base64 | tr -d '\n')"
}
"#;

const SH_JSON: &str = r#"# The inside of a JSON string: \ and " escaped (a secret has no control characters).
json_escape() {
  printf '%s' "$1" | sed 's/[\\"]/\\&/g'
}
"#;

/// Preamble, variable checks and helper functions shared by the shell snippets.
fn shell_head(m: &Model, tool_line: &str) -> String {
    let mut out = preamble(m, "#", &[tool_line]);
    for v in &m.vars {
        let _ = writeln!(
            out,
            ": \"${{{}:?set this environment variable first}}\"",
            v.name
        );
    }
    if m.uses_form() {
        out.push_str(SH_FORM);
    }
    if m.uses_basic() {
        out.push_str(SH_BASIC);
    }
    if m.uses_json() {
        out.push_str(SH_JSON);
    }
    out
}

/// Arguments of a shell command, one per line with ` \` continuations.
fn shell_command(command: &str, args: &[String]) -> String {
    let mut out = command.to_string();
    for arg in args {
        out.push_str(" \\\n  ");
        out.push_str(arg);
    }
    out.push('\n');
    out
}

fn header_arg(m: &Model, name: &str, value: &Text, sep: &str, empty_sep: &str) -> String {
    // An empty value is `[]` or `[Lit("")]`.
    let sep = if merge(value.clone()).is_empty() {
        empty_sep
    } else {
        sep
    };
    let mut text = vec![Part::Lit(format!("{name}{sep}"))];
    text.extend(value.iter().cloned());
    SHELL.expr(&merge(text), &m.vars)
}

fn curl(m: &Model) -> String {
    let mut out = shell_head(
        m,
        "curl adds Host and Content-Length itself, and a User-Agent.",
    );
    if m.headers.iter().any(|(name, _)| name.starts_with('@')) {
        // curl reads `--header @FILE` as a file of header lines, with no way to escape the `@`.
        out.push_str(
            "# A header whose name starts with @ is left out: curl would read \"--header @...\" \
             as a file of headers, and no field name starts with @ (RFC 9110 §5.6.2).\n",
        );
    }
    let mut args = Vec::new();
    let inferred = if m.body.is_empty() { "GET" } else { "POST" };
    if m.method != inferred {
        args.push(format!("--request {}", shell_method(&m.method)));
    }
    let url = SHELL.expr(&m.url, &m.vars);
    if url.contains(['[', ']', '{', '}']) {
        args.push("--globoff".into());
    }
    for (name, value) in &m.headers {
        if name.starts_with('@') {
            continue;
        }
        // curl drops a header given as "Name:"; "Name;" sends it with an empty value.
        args.push(format!(
            "--header {}",
            header_arg(m, name, value, ": ", ";")
        ));
    }
    if !m.body.is_empty() {
        args.push(format!("--data-raw {}", SHELL.expr(&m.body, &m.vars)));
    }
    args.push(url);
    out.push_str(&shell_command("curl", &args));
    out
}

const TILDE_NOTE: &str = "requests sends a %7E in the URL as ~ (the same URL, RFC 3986 §6.2.2.2).";

/// The characters of HTTPie's request-item separators (`:`, `;`, `:@`, `==`, `==@`, `=`, `:=`,
/// `@`, `=@`, `:=@`); HTTPie reads one preceded by a backslash as that literal character.
const HTTPIE_SPECIAL: [char; 4] = [':', ';', '@', '='];

/// True when `s` has a backslash directly before a separator character, which HTTPie's items
/// cannot carry: `\\` stays two backslashes there, and `\@` is a lone `@`.
fn httpie_backslash_before_special(s: &str) -> bool {
    s.chars()
        .zip(s.chars().skip(1))
        .any(|(a, b)| a == '\\' && HTTPIE_SPECIAL.contains(&b))
}

/// A header name as the key of an HTTPie item: every separator character escaped. `None` when
/// it cannot be written (a backslash before a separator character, or at the end, where it
/// would escape the item's own separator); no field name (a token, RFC 9110 §5.6.2) is such.
fn httpie_key(name: &str) -> Option<String> {
    if httpie_backslash_before_special(name) || name.ends_with('\\') {
        return None;
    }
    let mut out = String::new();
    for c in name.chars() {
        if HTTPIE_SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    Some(out)
}

const SH_HTTPIE: &str = r#"# HTTPie reads "Name:VALUE" by its request-item rules: a VALUE starting with @ or = would make
# it read a file or parse JSON, so that character is escaped with a backslash. A backslash
# before : ; @ or = cannot be written in an item, so such a VALUE goes through a file that this
# function writes (HTTPie's header-from-file item, "Name:@FILE").
httpie_value() {
  case "$1" in
    *\\[:\;@=]*) f="$(mktemp)" && printf '%s' "$1" > "$f" && printf '@%s' "$f" ;;
    [@=]*) printf '\\%s' "$1" ;;
    *) printf '%s' "$1" ;;
  esac
}
"#;

/// The request item for one header field: the name escaped, `;` for an empty value, and a
/// value that HTTPie takes literally: escaped when it is known, else through `httpie_value`.
fn httpie_header(m: &Model, key: &str, value: &Text) -> (String, bool) {
    let value = merge(value.clone());
    let literal = match value.as_slice() {
        [] => Some(String::new()),
        [Part::Lit(v)] if !httpie_backslash_before_special(v) => Some(v.clone()),
        _ => None,
    };
    match literal {
        Some(v) if v.is_empty() => (shell_word(&format!("{key};")), false),
        Some(v) => {
            let escape = if v.starts_with(['@', '=']) { "\\" } else { "" };
            (shell_word(&format!("{key}:{escape}{v}")), false)
        }
        None => {
            let expr = SHELL.expr(&value, &m.vars);
            (
                format!(
                    "{}\"$(httpie_value {expr})\"",
                    shell_word(&format!("{key}:"))
                ),
                true,
            )
        }
    }
}

fn httpie(m: &Model) -> String {
    let mut out = shell_head(
        m,
        if m.url_may_hold_tilde() {
            "HTTPie 3 or later; it adds Host, Content-Length, a User-Agent and Accept-Encoding.\n\
             # HTTPie, built on requests, sends a %7E in the URL as ~ (the same URL, RFC 3986 §6.2.2.2)."
        } else {
            "HTTPie 3 or later; it adds Host, Content-Length, a User-Agent and Accept-Encoding."
        },
    );
    let keys: Option<Vec<String>> = m.headers.iter().map(|(n, _)| httpie_key(n)).collect();
    let Some(keys) = keys else {
        // `false`, not `exit`: a snippet pasted into a terminal must not close it.
        out.push_str(
            "echo 'HTTPie cannot send this request: a header name has a backslash before : ; @ \
             or = (or at its end), which its request items cannot express; no valid field name \
             has one (RFC 9110 §5.6.2).' >&2\nfalse\n",
        );
        return out;
    };
    // Without --ignore-stdin, HTTPie run from a script waits for a body on standard input.
    // `--raw=` and `--`: a body or header name starting with `-` is not read as an option.
    let mut args = vec!["--ignore-stdin".to_string()];
    if !m.body.is_empty() {
        args.push(format!("--raw={}", SHELL.expr(&m.body, &m.vars)));
    }
    args.push(format!(
        "-- {} {}",
        shell_method(&m.method),
        SHELL.expr(&m.url, &m.vars)
    ));
    let mut helper = false;
    for ((_, value), key) in m.headers.iter().zip(&keys) {
        let (arg, uses) = httpie_header(m, key, value);
        helper |= uses;
        args.push(arg);
    }
    if helper {
        out.push_str(SH_HTTPIE);
    }
    let mut command = shell_command("http", &args);
    // The first argument goes on the command's own line.
    command = command.replacen(" \\\n  ", " ", 1);
    out.push_str(&command);
    out
}

fn wget(m: &Model) -> String {
    let (headers, merged) = merged_headers(m);
    let mut out = shell_head(
        m,
        if merged {
            "Wget adds Host, Content-Length, a User-Agent and Accept-Encoding. It keeps one\n\
             # --header per name: repeated fields are sent as one, joined by \", \" (RFC 9110 §5.3)."
        } else {
            "Wget adds Host, Content-Length, a User-Agent and Accept-Encoding."
        },
    );
    let mut args = vec![
        "--quiet".to_string(),
        "--output-document=-".into(),
        "--content-on-error".into(),
        "--max-redirect=0".into(),
    ];
    if m.method != "GET" || !m.body.is_empty() {
        args.push(format!("--method={}", shell_method(&m.method)));
    }
    for (name, value) in &headers {
        args.push(format!(
            "--header={}",
            header_arg(m, name, value, ": ", ": ")
        ));
    }
    if !m.body.is_empty() {
        args.push(format!("--body-data={}", SHELL.expr(&m.body, &m.vars)));
    }
    args.push(SHELL.expr(&m.url, &m.vars));
    out.push_str(&shell_command("wget", &args));
    out
}

/// Header fields with the same name merged into one, values joined by `, ` (RFC 9110 §5.3),
/// for libraries that take headers as a map.
fn merged_headers(m: &Model) -> (Vec<(String, Text)>, bool) {
    let mut out: Vec<(String, Text)> = Vec::new();
    let mut merged = false;
    for (name, value) in &m.headers {
        if let Some((_, existing)) = out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            existing.push(Part::Lit(", ".into()));
            existing.extend(value.iter().cloned());
            merged = true;
        } else {
            out.push((name.clone(), value.clone()));
        }
    }
    (
        out.into_iter().map(|(n, v)| (n, merge(v))).collect(),
        merged,
    )
}

const PY_FORM: &str = r#"

def form_urlencode(value):
    """application/x-www-form-urlencoded (RFC 6749 Appendix B): A-Z a-z 0-9 * - . _ kept,
    space as +, every other UTF-8 byte as %XX. (urllib.parse.quote_plus differs on * and ~.)"""
    safe = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-._"
    return "".join(
        chr(b) if b in safe else "+" if b == 0x20 else "%%%02X" % b for b in value.encode("utf-8")
    )
"#;

const PY_BASIC: &str = r#"

def basic_auth(client_id, client_secret):
    """HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then
    base64. (requests' auth=(id, secret) would skip the urlencoding.)"""
    pair = form_urlencode(client_id) + ":" + form_urlencode(client_secret)
    return "Basic " + base64.b64encode(pair.encode("ascii")).decode("ascii")
"#;

fn python(m: &Model) -> String {
    let (headers, merged) = merged_headers(m);
    let mut tool =
        vec!["requests adds Host, Content-Length, a User-Agent, Accept-Encoding and Connection."];
    if merged {
        tool.push(
            "Repeated header fields are sent as one, values joined by \", \" (RFC 9110 §5.3).",
        );
    }
    if m.url_may_hold_tilde() {
        tool.push(TILDE_NOTE);
    }
    let mut out = preamble(m, "#", &tool);
    let mut imports = Vec::new();
    if m.uses_basic() {
        imports.push("import base64");
    }
    if m.uses_json() {
        imports.push("import json");
    }
    if m.uses_env() {
        imports.push("import os");
    }
    for i in &imports {
        let _ = writeln!(out, "{i}");
    }
    if !imports.is_empty() {
        out.push('\n');
    }
    out.push_str("import requests\n");
    if m.uses_form() {
        out.push_str(PY_FORM);
    }
    if m.uses_basic() {
        out.push_str(PY_BASIC);
    }
    out.push_str(if m.uses_form() { "\n\n" } else { "\n" });
    let e = |t: &Text| PYTHON.expr(t, &m.vars);
    out.push_str("response = requests.request(\n");
    let _ = writeln!(out, "    {},", py_str(&m.method));
    let _ = writeln!(out, "    {},", e(&m.url));
    if !headers.is_empty() {
        out.push_str("    headers={\n");
        for (name, value) in &headers {
            let _ = writeln!(out, "        {}: {},", py_str(name), e(value));
        }
        out.push_str("    },\n");
    }
    if !m.body.is_empty() {
        let body = e(&m.body);
        let body = if body.contains(" + ") {
            format!("({body})")
        } else {
            body
        };
        let _ = writeln!(out, "    data={body}.encode(\"utf-8\"),");
    }
    out.push_str("    allow_redirects=False,\n    timeout=15,\n)\n");
    out.push_str("print(response.status_code, response.reason)\nprint(response.text)\n");
    out
}

const JS_ENV: &str = r#"
function env(name) {
  const value = process.env[name];
  if (value === undefined) throw new Error(`Set the environment variable ${name} first.`);
  return value;
}
"#;

const JS_FORM: &str = r#"
// application/x-www-form-urlencoded exactly as RFC 6749 Appendix B asks: URLSearchParams
// serialises "=value" that way, and the "=" is dropped.
const formUrlencode = (value) => new URLSearchParams([["", value]]).toString().slice(1);
"#;

const JS_BASIC_BTOA: &str = r#"
// HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then base64.
const basicAuth = (id, secret) => "Basic " + btoa(formUrlencode(id) + ":" + formUrlencode(secret));
"#;

const JS_BASIC_BUFFER: &str = r#"
// HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then base64.
const basicAuth = (id, secret) =>
  "Basic " + Buffer.from(formUrlencode(id) + ":" + formUrlencode(secret)).toString("base64");
"#;

fn js_helpers(m: &Model, basic: &str) -> String {
    let mut out = String::new();
    if m.uses_env() {
        out.push_str(JS_ENV);
    }
    if m.uses_form() {
        out.push_str(JS_FORM);
    }
    if m.uses_basic() {
        out.push_str(basic);
    }
    out
}

fn fetch(m: &Model) -> String {
    let mut out = preamble(
        m,
        "//",
        &[
            "Node.js 18 or later, as an ES module (token.mjs). Never put a client secret in a web page.",
            "fetch adds Host, Content-Length and its own headers (User-Agent, Accept-Encoding, ...).",
        ],
    );
    out.push_str(&js_helpers(m, JS_BASIC_BTOA));
    let e = |t: &Text| JS.expr(t, &m.vars);
    let _ = writeln!(out, "\nconst response = await fetch({}, {{", e(&m.url));
    let _ = writeln!(out, "  method: {},", js_str(&m.method));
    if !m.headers.is_empty() {
        out.push_str("  headers: [\n");
        for (name, value) in &m.headers {
            let _ = writeln!(out, "    [{}, {}],", js_str(name), e(value));
        }
        out.push_str("  ],\n");
    }
    if !m.body.is_empty() {
        let _ = writeln!(out, "  body: {},", e(&m.body));
    }
    out.push_str("  redirect: \"manual\",\n});\n");
    out.push_str("console.log(response.status, response.statusText);\n");
    out.push_str("console.log(await response.text());\n");
    out
}

fn node(m: &Model) -> String {
    let module = if m.url_is_https() { "https" } else { "http" };
    let mut out = preamble(
        m,
        "//",
        &[
            "Node.js, no dependencies; save as token.mjs and run: node token.mjs",
            "Node adds Host, Content-Length and Connection.",
        ],
    );
    let _ = writeln!(out, "import {{ request }} from \"node:{module}\";");
    out.push_str(&js_helpers(m, JS_BASIC_BUFFER));
    let e = |t: &Text| JS.expr(t, &m.vars);
    out.push('\n');
    if !m.body.is_empty() {
        let _ = writeln!(out, "const body = Buffer.from({}, \"utf8\");", e(&m.body));
    }
    // Repeated names become an array: Node sends one field per value.
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for (name, value) in &m.headers {
        match groups.iter_mut().find(|(n, _)| *n == name.as_str()) {
            Some((_, values)) => values.push(e(value)),
            None => groups.push((name, vec![e(value)])),
        }
    }
    let _ = writeln!(out, "const req = request({}, {{", e(&m.url));
    let _ = writeln!(out, "  method: {},", js_str(&m.method));
    if !groups.is_empty() {
        out.push_str("  headers: {\n");
        for (name, values) in &groups {
            let value = match values.as_slice() {
                [one] => one.clone(),
                many => format!("[{}]", many.join(", ")),
            };
            let _ = writeln!(out, "    {}: {value},", js_str(name));
        }
        out.push_str("  },\n");
    }
    out.push_str(
        r#"}, (res) => {
  const chunks = [];
  res.on("data", (chunk) => chunks.push(chunk));
  res.on("end", () => {
    console.log(res.statusCode, res.statusMessage);
    console.log(Buffer.concat(chunks).toString("utf8"));
  });
});
req.on("error", (error) => {
  console.error(error);
  process.exitCode = 1;
});
"#,
    );
    out.push_str(if m.body.is_empty() {
        "req.end();\n"
    } else {
        "req.end(body);\n"
    });
    out
}

const RUST_FORM: &str = r#"
/// application/x-www-form-urlencoded (RFC 6749 Appendix B): A-Z a-z 0-9 * - . _ kept,
/// space as +, every other byte as %XX.
fn form_urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
"#;

const RUST_JSON: &str = r#"
/// The inside of a JSON string: \ and " escaped (a secret has no control characters).
fn json_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}
"#;

/// A `reqwest::Method` expression.
fn rust_method(method: &str) -> String {
    const KNOWN: [&str; 9] = [
        "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "PATCH", "TRACE",
    ];
    if KNOWN.contains(&method) {
        format!("reqwest::Method::{method}")
    } else {
        format!(
            "reqwest::Method::from_bytes({}.as_bytes())?",
            rust_str(method)
        )
    }
}

fn reqwest(m: &Model) -> String {
    let mut out = preamble(
        m,
        "//",
        &[
            "Cargo.toml: reqwest = { version = \"0.12\", features = [\"blocking\"] }",
            "reqwest adds Host and Content-Length, and writes header names in lower case.",
        ],
    );
    if m.uses_form() {
        out.push_str(RUST_FORM);
    }
    if m.uses_json() {
        out.push_str(RUST_JSON);
    }
    let e = |t: &Text| RUST.expr(t, &m.vars);
    out.push_str(
        "\nfn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
         let client = reqwest::blocking::Client::builder()\n        \
         .redirect(reqwest::redirect::Policy::none())\n        \
         .build()?;\n    \
         let response = client\n",
    );
    let _ = writeln!(
        out,
        "        .request({}, {})",
        rust_method(&m.method),
        e(&m.url)
    );
    for (name, value) in &m.headers {
        if let [
            Part::Env {
                var,
                enc: Enc::Basic { client_id },
            },
        ] = value.as_slice()
        {
            // reqwest's basic_auth encodes "user:password" in base64; giving it the
            // form-urlencoded id and secret yields the header of RFC 6749 §2.3.1.
            let _ = writeln!(
                out,
                "        // Basic base64(form-urlencoded id \":\" form-urlencoded secret), RFC 6749 §2.3.1.\n        \
                 .basic_auth(\n            form_urlencode({}),\n            Some(form_urlencode(&{})),\n        )",
                rust_str(client_id),
                (RUST.env)(&m.vars[*var].name)
            );
        } else {
            let _ = writeln!(out, "        .header({}, {})", rust_str(name), e(value));
        }
    }
    if !m.body.is_empty() {
        let _ = writeln!(out, "        .body({})", e(&m.body));
    }
    out.push_str(
        "        .send()?;\n    \
         println!(\"{}\", response.status());\n    \
         println!(\"{}\", response.text()?);\n    \
         Ok(())\n}\n",
    );
    out
}

fn oauth2(m: &Model) -> String {
    let mut lines = vec![
        "Cargo.toml: oauth2 = { version = \"5\", features = [\"reqwest-blocking\"] }".to_string(),
        "The oauth2 crate builds the request itself: a POST to the token URL with".into(),
        "Accept: application/json, Content-Type: application/x-www-form-urlencoded (names in"
            .into(),
        "lower case) and the body parameters in its own order: grant_type, scope, then client_id"
            .into(),
        "and client_secret (client_secret_post), then the others. For client_secret_basic it"
            .into(),
        "sends the same Authorization header as the raw view (id and secret form-urlencoded,"
            .into(),
        "RFC 6749 §2.3.1).".into(),
    ];
    let mut missing = Vec::new();
    if m.method != "POST" {
        missing.push(format!(
            "the method {} (the crate always POSTs)",
            comment_safe(&m.method).unwrap_or("used")
        ));
    }
    if m.body_kind == BodyKind::Json {
        missing.push("the JSON body (the crate always sends a form)".into());
    }
    let params: Vec<&Param> = if m.params.is_empty() && m.body.is_empty() {
        m.query.iter().flat_map(|(_, q)| q.iter()).collect()
    } else {
        m.params.iter().collect()
    };
    let grant = params.iter().find(|p| p.name == "grant_type");
    if !matches!(grant, Some(Param { value: Part::Lit(g), .. }) if g == "client_credentials") {
        missing.push("the grant_type (the crate always sends client_credentials)".into());
    }
    let standard = [
        "host",
        "content-length",
        "accept",
        "content-type",
        "authorization",
    ];
    let extra_headers: Vec<&str> = m
        .headers
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !standard.contains(&n.to_ascii_lowercase().as_str()))
        .collect();
    if !extra_headers.is_empty() {
        let mut names: Vec<&str> = Vec::new();
        for n in extra_headers.iter().filter_map(|n| comment_safe(n)) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        missing.push(format!(
            "the extra headers ({}; the crate cannot add headers)",
            names.join(", ")
        ));
    }
    if !missing.is_empty() {
        lines.push(format!("Not reproduced: {}.", missing.join("; ")));
    }
    let line_refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut out = preamble(m, "//", &line_refs);

    let c = &m.credentials;
    let secret_kind = c.secret.as_ref().map(|_| {
        if c.in_header {
            "AuthType::BasicAuth"
        } else {
            "AuthType::RequestBody"
        }
    });
    let mut imports = vec!["ClientId", "TokenResponse", "TokenUrl"];
    if secret_kind.is_some() {
        imports.extend(["AuthType", "ClientSecret"]);
    }
    if params
        .iter()
        .any(|p| p.name == "scope" && matches!(&p.value, Part::Lit(s) if !s.trim().is_empty()))
    {
        imports.push("Scope");
    }
    imports.sort_unstable();
    out.push_str("use oauth2::basic::BasicClient;\n");
    let _ = writeln!(out, "use oauth2::{{{}}};", imports.join(", "));
    out.push_str("\nfn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    let token_url = match (&m.query, m.url.as_slice()) {
        (Some((base, _)), _) if m.body.is_empty() => format!("{}.to_string()", rust_str(base)),
        (_, [Part::Lit(url)]) => format!("{}.to_string()", rust_str(url)),
        // Already a `String` (read from the environment).
        (_, url) => RUST.expr(url, &m.vars),
    };
    let _ = writeln!(
        out,
        "    let client = BasicClient::new(ClientId::new({}.to_string()))",
        rust_str(c.id.as_deref().unwrap_or_default())
    );
    if let (Some(secret), Some(kind)) = (&c.secret, secret_kind) {
        let secret = match secret {
            Part::Lit(s) => format!("{}.to_string()", rust_str(s)),
            Part::Env { var, .. } => (RUST.env)(&m.vars[*var].name),
        };
        let _ = writeln!(
            out,
            "        .set_client_secret(ClientSecret::new({secret}))\n        .set_auth_type({kind})"
        );
    }
    let _ = writeln!(out, "        .set_token_uri(TokenUrl::new({token_url})?);");
    out.push_str(
        "    let http_client = oauth2::reqwest::blocking::ClientBuilder::new()\n        \
         // Following redirects would open the client up to SSRF.\n        \
         .redirect(oauth2::reqwest::redirect::Policy::none())\n        \
         .build()?;\n    \
         let token = client\n        \
         .exchange_client_credentials()\n",
    );
    for p in &params {
        match (p.name.as_str(), &p.value) {
            ("grant_type", _) | ("client_id", _) | ("client_secret", _) => {}
            ("scope", Part::Lit(scope)) => {
                for s in scope.split(' ').filter(|s| !s.is_empty()) {
                    let _ = writeln!(
                        out,
                        "        .add_scope(Scope::new({}.to_string()))",
                        rust_str(s)
                    );
                }
            }
            (name, value) => {
                let value = match value {
                    Part::Lit(v) => rust_str(v),
                    Part::Env { var, .. } => (RUST.env)(&m.vars[*var].name),
                };
                let _ = writeln!(out, "        .add_extra_param({}, {value})", rust_str(name));
            }
        }
    }
    out.push_str(
        "        .request(&http_client)?;\n    \
         println!(\"token_type: {:?}\", token.token_type());\n    \
         println!(\"expires_in: {:?}\", token.expires_in());\n    \
         println!(\"access_token: {}\", token.access_token().secret());\n    \
         Ok(())\n}\n",
    );
    out
}

/// The canonical form Go's `http.Header.Add` gives a name (`x-api-key` → `X-Api-Key`).
fn go_canonical(name: &str) -> String {
    if !name.bytes().all(crate::http::is_tchar) || name.contains(' ') {
        return name.to_string();
    }
    let mut upper = true;
    name.chars()
        .map(|c| {
            let out = if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            upper = c == '-';
            out
        })
        .collect()
}

const GO_FORM: &str = r#"
// formURLEncode encodes as application/x-www-form-urlencoded (RFC 6749 Appendix B): A-Z a-z
// 0-9 * - . _ kept, space as +, every other byte as %XX. (url.QueryEscape differs on * and ~.)
func formURLEncode(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
"#;

const GO_BASIC: &str = r#"
// basicAuth builds HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret
// form-urlencoded, then base64. (SetBasicAuth would skip the urlencoding.)
func basicAuth(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(formURLEncode(id)+":"+formURLEncode(secret)))
}
"#;

const GO_JSON: &str = r#"
// jsonEscape returns the inside of a JSON string: \ and " escaped (a secret has no control
// characters).
func jsonEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
"#;

const GO_ENV: &str = r#"
func mustGetenv(name string) string {
	value, ok := os.LookupEnv(name)
	if !ok {
		log.Fatalf("set the environment variable %s first", name)
	}
	return value
}
"#;

fn go(m: &Model) -> String {
    let mut out = preamble(
        m,
        "//",
        &[
            "net/http adds Host, Content-Length, a User-Agent and Accept-Encoding, and sorts the header fields.",
        ],
    );
    let mut imports = vec!["fmt", "io", "log", "net/http"];
    if m.uses_basic() {
        imports.push("encoding/base64");
    }
    if m.uses_env() {
        imports.push("os");
    }
    if !m.body.is_empty() || m.uses_form() || m.uses_json() {
        imports.push("strings");
    }
    imports.sort_unstable();
    out.push_str("package main\n\nimport (\n");
    for i in &imports {
        let _ = writeln!(out, "\t\"{i}\"");
    }
    out.push_str(")\n");
    if m.uses_form() {
        out.push_str(GO_FORM);
    }
    if m.uses_basic() {
        out.push_str(GO_BASIC);
    }
    if m.uses_json() {
        out.push_str(GO_JSON);
    }
    if m.uses_env() {
        out.push_str(GO_ENV);
    }
    let e = |t: &Text| GO.expr(t, &m.vars);
    out.push_str("\nfunc main() {\n");
    let body = if m.body.is_empty() {
        "nil".to_string()
    } else {
        format!("strings.NewReader({})", e(&m.body))
    };
    let _ = writeln!(
        out,
        "\treq, err := http.NewRequest({}, {}, {body})",
        go_str(&m.method),
        e(&m.url)
    );
    out.push_str("\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n");
    for (name, value) in &m.headers {
        if go_canonical(name) == *name {
            let _ = writeln!(out, "\treq.Header.Add({}, {})", go_str(name), e(value));
        } else {
            // Set directly to keep the name's case (Add would canonicalise it).
            let key = go_str(name);
            let _ = writeln!(
                out,
                "\treq.Header[{key}] = append(req.Header[{key}], {})",
                e(value)
            );
        }
    }
    out.push_str(
        "\tclient := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {\n\
         \t\treturn http.ErrUseLastResponse\n\
         \t}}\n\
         \tresp, err := client.Do(req)\n\
         \tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\
         \tdefer resp.Body.Close()\n\
         \ttext, err := io.ReadAll(resp.Body)\n\
         \tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\
         \tfmt.Println(resp.Status)\n\
         \tfmt.Println(string(text))\n\
         }\n",
    );
    out
}

/// Header fields .NET keeps on the content rather than on the request.
fn is_content_header(name: &str) -> bool {
    const CONTENT: [&str; 10] = [
        "allow",
        "content-disposition",
        "content-encoding",
        "content-language",
        "content-location",
        "content-md5",
        "content-range",
        "content-type",
        "expires",
        "last-modified",
    ];
    CONTENT.contains(&name.to_ascii_lowercase().as_str())
}

const CS_FORM: &str = r#"
// application/x-www-form-urlencoded (RFC 6749 Appendix B): A-Z a-z 0-9 * - . _ kept, space as +,
// every other UTF-8 byte as %XX. (Uri.EscapeDataString and WebUtility.UrlEncode differ.)
static string FormUrlEncode(string value)
{
    var sb = new StringBuilder();
    foreach (var b in Encoding.UTF8.GetBytes(value))
    {
        var c = (char)b;
        if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '*' or '-' or '.' or '_')
            sb.Append(c);
        else if (c == ' ')
            sb.Append('+');
        else
            sb.Append('%').Append(b.ToString("X2"));
    }
    return sb.ToString();
}
"#;

const CS_BASIC: &str = r#"
// HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then base64.
static string BasicAuth(string id, string secret) =>
    "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes(FormUrlEncode(id) + ":" + FormUrlEncode(secret)));
"#;

const CS_ENV: &str = r#"
static string Env(string name) =>
    Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"Set the environment variable {name} first.");
"#;

const CS_JSON: &str = r#"
// The inside of a JSON string: \ and " escaped (a secret has no control characters).
static string JsonEscape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
"#;

fn csharp(m: &Model) -> String {
    let mut out = preamble(
        m,
        "//",
        &[
            ".NET 6 or later (a top-level program). HttpClient adds Host and Content-Length and",
            "writes the content's header fields (Content-Type) after the others.",
        ],
    );
    out.push_str("using System;\nusing System.Net.Http;\nusing System.Text;\n\n");
    let e = |t: &Text| CSHARP.expr(t, &m.vars);
    out.push_str(
        "using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });\n",
    );
    let _ = writeln!(
        out,
        "using var request = new HttpRequestMessage(new HttpMethod({}), {});",
        cs_str(&m.method),
        e(&m.url)
    );
    let has_content_headers = m.headers.iter().any(|(n, _)| is_content_header(n));
    if !m.body.is_empty() {
        let _ = writeln!(
            out,
            "request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes({}));",
            e(&m.body)
        );
    } else if has_content_headers {
        out.push_str("request.Content = new ByteArrayContent(Array.Empty<byte>());\n");
    }
    for (name, value) in &m.headers {
        let target = if is_content_header(name) {
            "request.Content.Headers"
        } else {
            "request.Headers"
        };
        let _ = writeln!(
            out,
            "{target}.TryAddWithoutValidation({}, {});",
            cs_str(name),
            e(value)
        );
    }
    out.push_str(
        "using var response = await client.SendAsync(request);\n\
         Console.WriteLine($\"{(int)response.StatusCode} {response.ReasonPhrase}\");\n\
         Console.WriteLine(await response.Content.ReadAsStringAsync());\n",
    );
    if m.uses_form() {
        out.push_str(CS_FORM);
    }
    if m.uses_basic() {
        out.push_str(CS_BASIC);
    }
    if m.uses_json() {
        out.push_str(CS_JSON);
    }
    if m.uses_env() {
        out.push_str(CS_ENV);
    }
    out
}

const JAVA_BASIC: &str = r#"
    /** HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then base64. */
    static String basicAuth(String id, String secret) {
        String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.US_ASCII));
    }
"#;

const JAVA_ENV: &str = r#"
    static String env(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException("Set the environment variable " + name + " first.");
        }
        return value;
    }
"#;

const JAVA_JSON: &str = r#"
    /** The inside of a JSON string: \ and " escaped (a secret has no control characters). */
    static String jsonEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
"#;

fn java(m: &Model) -> String {
    let mut tool = vec![
        "Java 11 or later; save as TokenRequest.java and run: java TokenRequest.java",
        "URLEncoder.encode is exactly application/x-www-form-urlencoded (RFC 6749 Appendix B).",
        "HttpClient adds Host, Content-Length and a User-Agent.",
    ];
    let restricted = ["date", "from", "via", "warning"];
    if m.headers
        .iter()
        .any(|(n, _)| restricted.contains(&n.to_ascii_lowercase().as_str()))
    {
        tool.push(
            "Date, From, Via and Warning need -Djdk.httpclient.allowRestrictedHeaders=date,from,via,warning",
        );
    }
    let mut out = preamble(m, "//", &tool);
    let mut imports = vec![
        "java.net.URI",
        "java.net.http.HttpClient",
        "java.net.http.HttpRequest",
        "java.net.http.HttpResponse",
        "java.nio.charset.StandardCharsets",
    ];
    if m.uses_form() {
        imports.push("java.net.URLEncoder");
    }
    if m.uses_basic() {
        imports.push("java.util.Base64");
    }
    imports.sort_unstable();
    for i in &imports {
        let _ = writeln!(out, "import {i};");
    }
    let e = |t: &Text| JAVA.expr(t, &m.vars);
    out.push_str(
        "\npublic class TokenRequest {\n    \
         public static void main(String[] args) throws Exception {\n",
    );
    let _ = writeln!(
        out,
        "        HttpRequest request = HttpRequest.newBuilder(URI.create({}))",
        e(&m.url)
    );
    let publisher = if m.body.is_empty() {
        "HttpRequest.BodyPublishers.noBody()".to_string()
    } else {
        format!(
            "HttpRequest.BodyPublishers.ofString({}, StandardCharsets.UTF_8)",
            e(&m.body)
        )
    };
    let _ = writeln!(
        out,
        "            .method({}, {publisher})",
        java_str(&m.method)
    );
    for (name, value) in &m.headers {
        let _ = writeln!(out, "            .header({}, {})", java_str(name), e(value));
    }
    out.push_str(
        "            .build();\n        \
         HttpClient client = HttpClient.newBuilder()\n            \
         .version(HttpClient.Version.HTTP_1_1)\n            \
         .followRedirects(HttpClient.Redirect.NEVER)\n            \
         .build();\n        \
         HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());\n        \
         System.out.println(response.statusCode());\n        \
         System.out.println(response.body());\n    \
         }\n",
    );
    if m.uses_basic() {
        out.push_str(JAVA_BASIC);
    }
    if m.uses_json() {
        out.push_str(JAVA_JSON);
    }
    if m.uses_env() {
        out.push_str(JAVA_ENV);
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sh_str_quote_closes_and_reopens() {
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("'"), r"\'");
        assert_eq!(shell_word("a\"$HOME\\`x`"), "'a\"$HOME\\`x`'");
    }

    #[test]
    fn sh_str_invisible_characters_printf_escaped() {
        assert_eq!(
            shell_word("a\u{202e}b"),
            r#"'a'"$(printf '\342\200\256')"'b'"#
        );
    }

    #[test]
    fn literals_hostile_values_escaped_per_language() {
        let hostile = "q\"\\\n\u{7}é\u{202e}🔑";
        // Python and JavaScript use single quotes when that saves escaping a `"`.
        assert_eq!(py_str(hostile), r#"'q"\\\n\x07é\u202e🔑'"#);
        assert_eq!(js_str(hostile), r#"'q"\\\n\x07é\u202E🔑'"#);
        assert_eq!(py_str("it's \"q\""), r#""it's \"q\"""#);
        assert_eq!(js_str("it's"), r#""it's""#);
        assert_eq!(rust_str(hostile), r#""q\"\\\n\u{7}é\u{202e}🔑""#);
        assert_eq!(go_str(hostile), r#""q\"\\\n\x07é\u202e🔑""#);
        assert_eq!(cs_str(hostile), r#""q\"\\\n\u0007é\u202E🔑""#);
        assert_eq!(
            java_str(hostile),
            r#""q\"\\\n\007\u00E9\u202E\uD83D\uDD11""#
        );
    }

    #[test]
    fn env_name_sanitised() {
        assert_eq!(env_name("client_secret"), "CLIENT_SECRET");
        assert_eq!(env_name("x-api-key"), "X_API_KEY");
        assert_eq!(env_name("1st"), "SECRET_1ST");
        assert_eq!(env_name("é\n"), "SECRET___");
    }

    #[test]
    fn basic_credentials_roundtrip_only_exact() {
        let value = basic_header("id:1", "a b+c");
        assert_eq!(
            basic_credentials(&value),
            Some(("id:1".into(), "a b+c".into()))
        );
        // base64("a:b~") decodes, but re-encoding gives "a:b%7E": not the same bytes.
        assert_eq!(basic_credentials("Basic YTpifg=="), None);
        assert_eq!(basic_credentials("Bearer abc"), None);
    }

    #[test]
    fn go_canonical_matches_go_rules() {
        assert_eq!(go_canonical("x-api-key"), "X-Api-Key");
        assert_eq!(go_canonical("Content-Type"), "Content-Type");
        assert_eq!(go_canonical("X-API-Key"), "X-Api-Key");
    }
}
