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
//! # DPoP
//! A request with a `DPoP` proof (RFC 9449) gets a comment saying a proof is single-use and
//! time-bound; Python, JavaScript `fetch`, Node.js and Go make a fresh proof each run with a
//! JOSE library, the others keep the current proof "valid once, for about a minute"
//! (`dpop.rs`).
//!
//! # Quoting
//! Every value is written as a string literal of the target language with its own escapes (shell
//! single quotes with `'\''`; `\"`/`\\` and code-point escapes elsewhere), so quotes, `$`,
//! backslashes, newlines or non-ASCII text in a value stay data. Characters that are invisible
//! or reorder text (control and bidirectional formatting characters) are written as escapes.
//! Comments never contain user input.
//!
//! # Where things are
//! - here: [`Language`], [`SecretStyle`], [`export`] (the dispatch to a language);
//! - `model.rs`: the request as the snippets see it (literal text and secrets read at run time),
//!   the helpers a snippet needs, the shared preamble; `secrets.rs`: the variables and how each
//!   secret is encoded;
//! - `syntax.rs`: how a language writes values (`Syntax`) and the quoting rules;
//! - one file per language, named by its [`Language::id`]: `curl.rs`, `httpie.rs`, `wget.rs`,
//!   `python.rs`, `fetch.rs`, `node.rs`, `reqwest.rs`, `oauth2.rs`, `go.rs`, `csharp.rs`,
//!   `java.rs`, each with a `snippet` function; `shell.rs`, `js.rs` and `rust.rs` hold what a
//!   family of them shares.

mod csharp;
mod curl;
mod dpop;
mod fetch;
mod go;
mod httpie;
mod java;
mod js;
mod model;
mod node;
mod oauth2;
mod python;
mod reqwest;
mod rust;
mod secrets;
mod shell;
mod syntax;
mod wget;

use crate::http::HttpRequest;
use model::Model;

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
    let snippet = match language {
        Language::Curl => curl::snippet(&model),
        Language::Httpie => httpie::snippet(&model),
        Language::Wget => wget::snippet(&model),
        Language::PythonRequests => python::snippet(&model),
        Language::JsFetch => fetch::snippet(&model),
        Language::Node => node::snippet(&model),
        Language::RustReqwest => reqwest::snippet(&model),
        Language::RustOauth2 => oauth2::snippet(&model),
        Language::GoNetHttp => go::snippet(&model),
        Language::CSharpHttpClient => csharp::snippet(&model),
        Language::JavaHttpClient => java::snippet(&model),
    };
    dpop::finish(language, snippet, request)
}
