//! OpenAPI import: the OAuth 2.0 client credentials flows an API description declares.
//!
//! Accepts OpenAPI 3.0, 3.1 and 3.2 documents (Security Scheme Object with `type: oauth2` and an
//! OAuth Flows Object with `clientCredentials`, OpenAPI 3.1 §4.8.27–4.8.29) and Swagger 2.0
//! documents (`securityDefinitions` with `type: oauth2`, `flow: application`, Swagger 2.0
//! "Security Definitions Object"). The client credentials flow is RFC 6749 §4.4.
//!
//! The text may be JSON or YAML. JSON is read by `serde_json`; YAML by a small parser of the
//! YAML subset API descriptions use ([`parse_yaml`]), written here because a YAML crate would
//! cost bundle bytes. What the subset does not support (anchors, aliases, tags, several
//! documents, complex keys) is an error naming the line, never a silent misreading.
//!
//! Scopes and schemes come out sorted by name: `serde_json` maps keep keys sorted.

use crate::url::TokenUrl;
use serde_json::{Map, Number, Value};
use std::fmt;

/// An OAuth2 security scheme with a client credentials flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientCredentialsScheme {
    /// The scheme's name (its key under `components.securitySchemes`).
    pub name: String,
    /// The absolute token URL (RFC 6749 §3.2), resolved against the server URL when relative.
    pub token_url: String,
    /// `(scope, description)` pairs (RFC 6749 §3.3), sorted by scope.
    pub scopes: Vec<(String, String)>,
    /// `refreshUrl`, resolved like the token URL, when given.
    pub refresh_url: Option<String>,
    /// The scheme's `description` (CommonMark in OpenAPI), when given.
    pub description: Option<String>,
}

/// Why a document gave no client credentials scheme. Every message is precise enough to fix
/// the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenApiError {
    /// The text is empty.
    Empty,
    /// The text starts like JSON but is not valid JSON.
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What `serde_json` said.
        message: String,
    },
    /// The text is not YAML this importer understands.
    Yaml(YamlError),
    /// The document is not a mapping/object at the top level.
    NotAnObject,
    /// No `openapi` (or `swagger`) field.
    NoVersion,
    /// An `openapi`/`swagger` version this importer does not read.
    UnsupportedVersion(String),
    /// No `components.securitySchemes` (`securityDefinitions` in Swagger 2.0).
    NoSecuritySchemes {
        /// Where the schemes were looked for.
        location: &'static str,
    },
    /// Security schemes exist, but none is OAuth2 with a client credentials flow.
    NoClientCredentials {
        /// Each scheme that exists, described, e.g. `petstore_auth (oauth2: authorizationCode)`.
        found: Vec<String>,
    },
    /// A client credentials flow that is broken.
    InvalidScheme {
        /// The scheme's name.
        scheme: String,
        /// What is wrong.
        message: String,
    },
    /// A relative `tokenUrl` with no absolute base URL to resolve it against.
    RelativeTokenUrl {
        /// The scheme's name.
        scheme: String,
        /// The URL as written.
        token_url: String,
        /// The base that was available (a relative server URL), if any.
        server: Option<String>,
    },
}

impl fmt::Display for OpenApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("The document is empty: paste an OpenAPI document (JSON or YAML)."),
            Self::Json { line, column, message } => write!(f, "Not valid JSON at line {line}, column {column}: {message}."),
            Self::Yaml(e) => write!(f, "Not YAML this importer can read: {e}."),
            Self::NotAnObject => f.write_str("The document is not an object/mapping at the top level, so it is not an OpenAPI document."),
            Self::NoVersion => f.write_str("The document has no \"openapi\" field (e.g. openapi: 3.1.0), so it is not an OpenAPI document."),
            Self::UnsupportedVersion(v) => write!(f, "OpenAPI version {v} is not supported; use OpenAPI 3.x (or Swagger 2.0)."),
            Self::NoSecuritySchemes { location } => write!(f, "The document declares no security schemes ({location} is missing), so it has no OAuth2 client credentials flow."),
            Self::NoClientCredentials { found } => write!(
                f,
                "No OAuth2 security scheme with a clientCredentials flow was found. The document declares: {}.",
                found.join("; ")
            ),
            Self::InvalidScheme { scheme, message } => write!(f, "Security scheme \"{scheme}\": {message}."),
            Self::RelativeTokenUrl { scheme, token_url, server } => match server {
                Some(s) => write!(f, "Security scheme \"{scheme}\" has the relative tokenUrl \"{token_url}\", and the first server URL \"{s}\" is relative too, so there is no absolute URL to resolve it against (OpenAPI resolves it against the server URL). Load the document by URL, or make tokenUrl or servers[0].url absolute."),
                None => write!(f, "Security scheme \"{scheme}\" has the relative tokenUrl \"{token_url}\" and the document has no servers[].url to resolve it against. Load the document by URL, add an absolute servers[0].url, or make tokenUrl absolute."),
            },
        }
    }
}

impl std::error::Error for OpenApiError {}

/// Parses an OpenAPI (or Swagger 2.0) document and returns its client credentials schemes.
/// Relative URLs are resolved against the first server URL (which must then be absolute).
pub fn parse(text: &str) -> Result<Vec<ClientCredentialsScheme>, OpenApiError> {
    parse_with_base(text, None)
}

/// Like [`parse`], with the URL the document was loaded from as the base for a relative server
/// URL (OpenAPI 3.1 §4.6 "Relative References in API Description URIs").
pub fn parse_with_base(
    text: &str,
    document_url: Option<&str>,
) -> Result<Vec<ClientCredentialsScheme>, OpenApiError> {
    let document = parse_document(text)?;
    schemes(&document, document_url)
}

/// Reads JSON (when the text starts with `{` or `[`) or YAML into a JSON value.
pub fn parse_document(text: &str) -> Result<Value, OpenApiError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(OpenApiError::Empty);
    }
    if trimmed.starts_with(['{', '[']) {
        serde_json::from_str(trimmed).map_err(|e| {
            // serde_json counts lines of `trimmed`; add the blank lines trimmed off the start.
            let skipped = text[..text.find(trimmed).unwrap_or(0)]
                .matches('\n')
                .count();
            let full = e.to_string();
            let mut message = full.split(" at line ").next().unwrap_or(&full).to_string();
            if message == "recursion limit exceeded" {
                message = format!(
                    "arrays and objects are nested more than {MAX_DEPTH} levels deep; this importer reads at most {MAX_DEPTH} levels"
                );
            }
            OpenApiError::Json {
                line: e.line() + skipped,
                column: e.column(),
                message,
            }
        })
    } else {
        parse_yaml(text).map_err(OpenApiError::Yaml)
    }
}

/// The client credentials schemes of a parsed document.
pub fn schemes(
    document: &Value,
    document_url: Option<&str>,
) -> Result<Vec<ClientCredentialsScheme>, OpenApiError> {
    let root = document.as_object().ok_or(OpenApiError::NotAnObject)?;
    let version = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let (swagger2, base, defs, location) = if let Some(v) = root.get("openapi") {
        let v = version(v);
        if !v.starts_with("3.") {
            return Err(OpenApiError::UnsupportedVersion(v));
        }
        let base = server_base(root, document_url);
        let defs = document
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object);
        (false, base, defs, "components.securitySchemes")
    } else if let Some(v) = root.get("swagger") {
        let v = version(v);
        if v != "2.0" && v != "2" {
            return Err(OpenApiError::UnsupportedVersion(format!("swagger {v}")));
        }
        let base = root.get("host").and_then(Value::as_str).map(|host| {
            let scheme = root
                .get("schemes")
                .and_then(|s| s.get(0))
                .and_then(Value::as_str)
                .unwrap_or("https");
            let path = root.get("basePath").and_then(Value::as_str).unwrap_or("/");
            BaseUrl::Absolute(format!("{scheme}://{host}{path}"))
        });
        let defs = root.get("securityDefinitions").and_then(Value::as_object);
        (
            true,
            base.unwrap_or(BaseUrl::None),
            defs,
            "securityDefinitions",
        )
    } else {
        return Err(OpenApiError::NoVersion);
    };
    let defs = defs.ok_or(OpenApiError::NoSecuritySchemes { location })?;
    let mut out = Vec::new();
    let mut found = Vec::new();
    for (name, scheme) in defs {
        let invalid = |message: String| OpenApiError::InvalidScheme {
            scheme: name.clone(),
            message,
        };
        let scheme_value = resolve_ref(document, scheme).map_err(invalid)?;
        let Some(scheme) = scheme_value.as_object() else {
            return Err(invalid("is not an object".into()));
        };
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
        let description = scheme
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string);
        let flow = match (kind, swagger2) {
            ("oauth2", false) => {
                let flows = scheme
                    .get("flows")
                    .and_then(Value::as_object)
                    .ok_or_else(|| invalid("is type oauth2 but has no \"flows\" object".into()))?;
                match flows.get("clientCredentials") {
                    Some(f) => f,
                    None => {
                        let names: Vec<&str> = flows.keys().map(String::as_str).collect();
                        found.push(format!("{name} (oauth2: {})", list_or_none(&names)));
                        continue;
                    }
                }
            }
            ("oauth2", true) => {
                let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or("");
                if flow != "application" {
                    found.push(format!("{name} (oauth2: flow {})", or_missing(flow)));
                    continue;
                }
                scheme_value
            }
            ("openIdConnect", _) => {
                let url = scheme
                    .get("openIdConnectUrl")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                found.push(format!(
                    "{name} (openIdConnect {url}; use it as the Issuer to discover the token URL)"
                ));
                continue;
            }
            (other, _) => {
                let detail = scheme
                    .get("scheme")
                    .and_then(Value::as_str)
                    .map(|s| format!(" {s}"))
                    .unwrap_or_default();
                found.push(format!("{name} ({}{detail})", or_missing(other)));
                continue;
            }
        };
        let flow = flow
            .as_object()
            .ok_or_else(|| invalid("its clientCredentials flow is not an object".into()))?;
        let token_url = flow
            .get("tokenUrl")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("its client credentials flow has no tokenUrl string (REQUIRED, OpenAPI 3.1 §4.8.29)".into()))?;
        let token_url = absolute_url(name, token_url, &base)?;
        let refresh_url = match flow.get("refreshUrl") {
            None | Some(Value::Null) => None,
            Some(Value::String(u)) => Some(absolute_url(name, u.as_str(), &base)?),
            Some(_) => return Err(invalid("refreshUrl is not a string".into())),
        };
        let scopes = match flow.get("scopes") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect(),
            Some(_) => {
                return Err(invalid(
                    "scopes must be a map of scope name to description".into(),
                ));
            }
        };
        out.push(ClientCredentialsScheme {
            name: name.clone(),
            token_url,
            scopes,
            refresh_url,
            description,
        });
    }
    if out.is_empty() {
        if found.is_empty() {
            found.push("no security schemes".into());
        }
        return Err(OpenApiError::NoClientCredentials { found });
    }
    Ok(out)
}

fn list_or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "no flows".into()
    } else {
        names.join(", ")
    }
}

fn or_missing(s: &str) -> &str {
    if s.is_empty() { "no type" } else { s }
}

/// Follows a local `$ref` (`#/components/...`, a JSON Pointer, RFC 6901) up to a few times.
fn resolve_ref<'a>(document: &'a Value, mut value: &'a Value) -> Result<&'a Value, String> {
    for _ in 0..8 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(value);
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            return Err(format!(
                "$ref \"{reference}\" points to another document; only local references (#/…) are supported"
            ));
        };
        value = document
            .pointer(pointer)
            .ok_or_else(|| format!("$ref \"{reference}\" points to nothing in this document"))?;
    }
    Err("$ref chain is too long or circular".into())
}

enum BaseUrl {
    Absolute(String),
    Relative(String),
    None,
}

/// The first server URL with its variables' defaults substituted (OpenAPI 3.1 §4.8.5–4.8.6),
/// resolved against the document URL when relative.
fn server_base(root: &Map<String, Value>, document_url: Option<&str>) -> BaseUrl {
    let server = root.get("servers").and_then(|s| s.get(0));
    let mut url = server
        .and_then(|s| s.get("url"))
        .and_then(Value::as_str)
        .unwrap_or("/")
        .to_string();
    if let Some(vars) = server
        .and_then(|s| s.get("variables"))
        .and_then(Value::as_object)
    {
        for (k, v) in vars {
            if let Some(d) = v.get("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{k}}}"), d);
            }
        }
    }
    if has_http_scheme(&url) {
        return BaseUrl::Absolute(url);
    }
    match document_url.filter(|d| has_http_scheme(d)) {
        Some(doc) => BaseUrl::Absolute(resolve(doc, &url)),
        None if server.is_some() => BaseUrl::Relative(url),
        None => BaseUrl::None,
    }
}

fn has_http_scheme(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn absolute_url(scheme: &str, url: &str, base: &BaseUrl) -> Result<String, OpenApiError> {
    let url = url.trim();
    let resolved = if has_http_scheme(url) {
        url.to_string()
    } else if url.contains("://") {
        return Err(OpenApiError::InvalidScheme {
            scheme: scheme.into(),
            message: format!(
                "tokenUrl \"{url}\" is not an http(s) URL (RFC 6749 §3.2 requires TLS)"
            ),
        });
    } else {
        match base {
            BaseUrl::Absolute(b) => resolve(b, url),
            BaseUrl::Relative(s) => {
                return Err(OpenApiError::RelativeTokenUrl {
                    scheme: scheme.into(),
                    token_url: url.into(),
                    server: Some(s.clone()),
                });
            }
            BaseUrl::None => {
                return Err(OpenApiError::RelativeTokenUrl {
                    scheme: scheme.into(),
                    token_url: url.into(),
                    server: None,
                });
            }
        }
    };
    TokenUrl::parse(&resolved).map_err(|e| OpenApiError::InvalidScheme {
        scheme: scheme.into(),
        message: format!("tokenUrl \"{resolved}\" {e}"),
    })?;
    Ok(resolved)
}

/// Resolves a relative reference against an absolute http(s) base (RFC 3986 §5.2.2, with
/// dot-segment removal §5.2.4).
fn resolve(base: &str, reference: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(r) = reference.strip_prefix("//") {
        return format!("{scheme}://{r}");
    }
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_query) = rest.split_at(authority_end);
    let base_path = path_query.split('?').next().unwrap_or("");
    let origin = format!("{scheme}://{authority}");
    if reference.is_empty() {
        return format!("{origin}{path_query}");
    }
    if reference.starts_with('?') {
        return format!("{origin}{base_path}{reference}");
    }
    let (ref_path, ref_query) = match reference.find('?') {
        Some(i) => reference.split_at(i),
        None => (reference, ""),
    };
    let merged = if ref_path.starts_with('/') {
        ref_path.to_string()
    } else {
        let dir = match base_path.rfind('/') {
            Some(i) => &base_path[..=i],
            None => "/",
        };
        format!("{dir}{ref_path}")
    };
    format!("{origin}{}{ref_query}", remove_dot_segments(&merged))
}

fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

// ---------------------------------------------------------------------------------------------
// YAML subset
// ---------------------------------------------------------------------------------------------

/// The deepest nesting of collections (sequences and mappings, block and flow together) that
/// the YAML reader accepts; JSON documents have the same limit (serde_json's recursion limit).
/// The readers are recursive: deeper input would overflow the stack, which in wasm corrupts
/// memory instead of panicking. OpenAPI documents nest far less.
pub const MAX_DEPTH: usize = 128;

fn too_deep(line: usize) -> YamlError {
    err(
        line,
        format!(
            "collections are nested more than {MAX_DEPTH} levels deep; this importer reads at most {MAX_DEPTH} levels"
        ),
    )
}

/// A YAML construct this importer cannot read, or invalid YAML, at a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for YamlError {}

/// One logical line: its number, indentation and text without the comment. `text` of a
/// sequence entry is rewritten to what follows the `- ` (and `indent` moved accordingly).
struct Line<'a> {
    no: usize,
    indent: usize,
    text: String,
    raw: &'a str,
    /// A tab right after the indentation spaces (not allowed in structure, YAML 1.2 §6.1).
    tab: bool,
}

struct Yaml<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
    /// Collections open around the current one (bounded by [`MAX_DEPTH`]).
    depth: usize,
}

/// Parses the YAML 1.2 subset OpenAPI documents use into a JSON value: block mappings and
/// sequences by indentation (YAML 1.2 §8.2), plain, single- and double-quoted scalars (§7.3),
/// `#` comments, flow sequences and mappings (§7.4), literal `|` and folded `>` block scalars
/// with chomping indicators (§8.1), and the core schema's null, booleans, integers and floats
/// (§10.3). Keys are strings. Anchors, aliases, tags, merge keys, complex keys, directives other
/// than `%YAML` and several documents are errors naming the line, as are duplicate keys and tabs
/// in indentation.
pub fn parse_yaml(text: &str) -> Result<Value, YamlError> {
    let mut lines = Vec::new();
    let mut started = false;
    let all: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    for (i, &raw) in all.iter().enumerate() {
        let no = i + 1;
        let content = raw.trim_start_matches(' ');
        let indent = raw.len() - content.len();
        let text = strip_comment(content).trim_end().to_string();
        if raw.starts_with("%YAML") && !started {
            continue;
        }
        if raw.starts_with('%') && !started {
            return Err(err(
                no,
                "directives other than %YAML (e.g. %TAG) are not supported",
            ));
        }
        if indent == 0 && (text == "---" || text.starts_with("--- ")) {
            if started {
                return Err(err(
                    no,
                    "a second document (---) is not supported; an OpenAPI file holds one document",
                ));
            }
            started = true;
            let rest = text[3..].trim_start();
            if !rest.is_empty() {
                return Err(err(
                    no,
                    "content on the --- line is not supported; start it on the next line",
                ));
            }
            continue;
        }
        if indent == 0 && text == "..." {
            if let Some(extra) =
                (i + 1..all.len()).find(|&j| !strip_comment(all[j].trim()).trim().is_empty())
            {
                return Err(err(
                    extra + 1,
                    "content after the document end marker (...) is not supported",
                ));
            }
            break;
        }
        if !text.is_empty() {
            started = true;
        }
        let tab = content.starts_with('\t') && !text.trim().is_empty();
        lines.push(Line {
            no,
            indent,
            text,
            raw,
            tab,
        });
    }
    let mut yaml = Yaml {
        lines,
        pos: 0,
        depth: 0,
    };
    yaml.skip_blank();
    if yaml.pos >= yaml.lines.len() {
        return Ok(Value::Null);
    }
    let value = yaml.node(-1)?;
    yaml.skip_blank();
    if let Some(line) = yaml.lines.get(yaml.pos) {
        return Err(err(
            line.no,
            "this line is indented less than the block it follows but does not match any enclosing block's indentation",
        ));
    }
    Ok(value)
}

fn err(line: usize, message: impl Into<String>) -> YamlError {
    YamlError {
        line,
        message: message.into(),
    }
}

/// Removes a `#` comment (a `#` at the start or after whitespace, outside quotes).
fn strip_comment(text: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut last_significant = ' ';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') => {
                if c == '\\' {
                    chars.next();
                } else if c == '"' {
                    quote = None;
                }
            }
            Some(_) => {
                if c == '\'' {
                    quote = None;
                }
            }
            None => {
                if c == '#' && prev.is_whitespace() {
                    return &text[..i];
                }
                if (c == '"' || c == '\'')
                    && matches!(last_significant, ' ' | ':' | '-' | '[' | '{' | ',' | '?')
                    && (prev.is_whitespace() || matches!(prev, '[' | '{' | ','))
                {
                    quote = Some(c);
                }
            }
        }
        if !c.is_whitespace() {
            last_significant = c;
        }
        prev = c;
    }
    text
}

impl Yaml<'_> {
    fn tab_error(line: &Line<'_>) -> Result<(), YamlError> {
        if line.tab {
            return Err(err(
                line.no,
                "a tab is used for indentation; YAML indentation must use spaces",
            ));
        }
        Ok(())
    }

    fn skip_blank(&mut self) {
        while self.lines.get(self.pos).is_some_and(|l| l.text.is_empty()) {
            self.pos += 1;
        }
    }

    fn current(&self) -> Option<&Line<'_>> {
        self.lines.get(self.pos)
    }

    /// A block node more indented than `parent`, starting at the current line.
    fn node(&mut self, parent: isize) -> Result<Value, YamlError> {
        self.skip_blank();
        let Some(line) = self.current() else {
            return Ok(Value::Null);
        };
        Self::tab_error(line)?;
        if line.indent as isize <= parent {
            return Ok(Value::Null);
        }
        let indent = line.indent;
        if is_dash(&line.text) {
            self.sequence(indent)
        } else if split_key(&line.text, line.no)?.is_some() {
            self.mapping(indent)
        } else {
            let text = line.text.clone();
            self.inline_value(&text, parent)
        }
    }

    /// Opens one more level of nesting, refused beyond [`MAX_DEPTH`].
    fn enter(&mut self) -> Result<(), YamlError> {
        if self.depth >= MAX_DEPTH {
            let no = self.current().map_or(0, |l| l.no);
            return Err(too_deep(no));
        }
        self.depth += 1;
        Ok(())
    }

    fn sequence(&mut self, indent: usize) -> Result<Value, YamlError> {
        self.enter()?;
        let value = self.sequence_entries(indent);
        self.depth -= 1;
        value
    }

    fn sequence_entries(&mut self, indent: usize) -> Result<Value, YamlError> {
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            let Some(line) = self.current() else { break };
            Self::tab_error(line)?;
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return Err(err(
                    line.no,
                    "this line is indented more than the sequence entries before it",
                ));
            }
            if !is_dash(&line.text) {
                break;
            }
            let rest = line.text[1..].trim_start().to_string();
            if rest.is_empty() {
                self.pos += 1;
                items.push(self.node(indent as isize)?);
            } else {
                let offset = line.text.len() - rest.len();
                let line = &mut self.lines[self.pos];
                line.indent += offset;
                line.text = rest;
                items.push(self.node(indent as isize)?);
            }
        }
        Ok(Value::Array(items))
    }

    fn mapping(&mut self, indent: usize) -> Result<Value, YamlError> {
        self.enter()?;
        let value = self.mapping_entries(indent);
        self.depth -= 1;
        value
    }

    fn mapping_entries(&mut self, indent: usize) -> Result<Value, YamlError> {
        let mut map = Map::new();
        loop {
            self.skip_blank();
            let Some(line) = self.current() else { break };
            Self::tab_error(line)?;
            if line.indent < indent {
                break;
            }
            let no = line.no;
            if line.indent > indent {
                return Err(err(
                    no,
                    "this line is indented more than the keys before it; check the indentation",
                ));
            }
            if is_dash(&line.text) {
                return Err(err(
                    no,
                    "a sequence entry (- …) where a mapping key was expected; check the indentation",
                ));
            }
            let text = line.text.clone();
            let Some((key, rest)) = split_key(&text, no)? else {
                return Err(err(
                    no,
                    format!(
                        "expected \"key: value\" but found \"{}\"",
                        text.chars().take(40).collect::<String>()
                    ),
                ));
            };
            if map.contains_key(&key) {
                return Err(err(
                    no,
                    format!("the key \"{key}\" appears twice in the same mapping"),
                ));
            }
            let rest = rest.trim();
            let value = if rest.is_empty() {
                self.pos += 1;
                self.skip_blank();
                match self.current() {
                    Some(next) if next.indent > indent => self.node(indent as isize)?,
                    Some(next) if next.indent == indent && is_dash(&next.text) => {
                        self.sequence(indent)?
                    }
                    _ => Value::Null,
                }
            } else if rest.starts_with(['|', '>']) {
                self.block_scalar(rest, indent, no)?
            } else {
                self.inline_value(rest, indent as isize)?
            };
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    /// A scalar or flow collection that starts on the current line (after `key:` or `- `), and
    /// its continuation lines (more indented than `parent`). Advances past it.
    fn inline_value(&mut self, text: &str, parent: isize) -> Result<Value, YamlError> {
        let no = self.lines[self.pos].no;
        check_indicator(text, no)?;
        if text.starts_with(['|', '>']) {
            return Err(err(
                no,
                "a block scalar (| or >) must be the value of a key or a sequence entry",
            ));
        }
        if text.starts_with(['"', '\'']) {
            let quote = text.chars().next().unwrap_or('"');
            let mut joined = text.to_string();
            let start = self.pos;
            // Multi-line quoted scalars: join the raw continuation lines (YAML 1.2 §7.3 folding).
            let mut scan = QuotedScan::new(quote);
            while scan.end(&joined).is_none() {
                self.pos += 1;
                let Some(next) = self.lines.get(self.pos) else {
                    return Err(err(
                        self.lines[start].no,
                        format!(
                            "the {} string starting here is never closed",
                            if quote == '"' {
                                "double-quoted"
                            } else {
                                "single-quoted"
                            }
                        ),
                    ));
                };
                let t = next.raw.trim();
                if t.is_empty() {
                    joined.push('\n');
                } else {
                    if !joined.ends_with('\n') {
                        joined.push(' ');
                    }
                    joined.push_str(t);
                }
            }
            let end = quoted_end(&joined, quote).unwrap_or(joined.len());
            let after = strip_comment(&joined[end..]).trim();
            if !after.is_empty() {
                return Err(err(
                    self.lines[self.pos].no,
                    format!("unexpected text \"{after}\" after a quoted string"),
                ));
            }
            let value = unquote(&joined[..end], no)?;
            self.pos += 1;
            return Ok(Value::String(value));
        }
        if text.starts_with(['[', '{']) {
            let mut joined = text.to_string();
            let start = self.lines[self.pos].no;
            let mut scan = FlowScan::default();
            while !scan.balanced(&joined) {
                self.pos += 1;
                let Some(next) = self.lines.get(self.pos) else {
                    return Err(err(
                        start,
                        "the flow collection starting here is never closed",
                    ));
                };
                joined.push(' ');
                joined.push_str(next.text.trim());
            }
            self.pos += 1;
            let mut flow = Flow {
                chars: joined.chars().collect(),
                at: 0,
                line: start,
                depth: self.depth,
            };
            let value = flow.value()?;
            flow.skip_ws();
            if flow.at < flow.chars.len() {
                return Err(err(start, "unexpected text after the flow collection"));
            }
            return Ok(value);
        }
        // Plain scalar, possibly continued on more-indented lines (folded with spaces).
        let mut value = text.to_string();
        self.pos += 1;
        let mut blank = 0;
        while let Some(next) = self.lines.get(self.pos) {
            if next.text.is_empty() {
                blank += 1;
                self.pos += 1;
                continue;
            }
            if next.indent as isize <= parent {
                break;
            }
            if is_dash(&next.text) || split_key(&next.text, next.no)?.is_some() {
                return Err(err(
                    next.no,
                    "a mapping or sequence cannot follow a plain value on the same level; check the indentation",
                ));
            }
            if blank > 0 {
                value.push_str(&"\n".repeat(blank));
            } else {
                value.push(' ');
            }
            blank = 0;
            value.push_str(next.text.trim());
            self.pos += 1;
        }
        // Give back trailing blank lines (they belong to whatever follows).
        self.pos -= blank;
        Ok(resolve_plain(&value))
    }

    /// `|` or `>` block scalar (YAML 1.2 §8.1) under a key at `indent`.
    fn block_scalar(&mut self, header: &str, indent: usize, no: usize) -> Result<Value, YamlError> {
        let literal = header.starts_with('|');
        let mut chomp = 'c';
        let mut explicit = None;
        for c in header[1..].chars() {
            match c {
                '-' | '+' if chomp == 'c' => chomp = c,
                '1'..='9' if explicit.is_none() => explicit = Some(c as usize - '0' as usize),
                _ => {
                    return Err(err(
                        no,
                        format!(
                            "the block scalar header \"{header}\" is not understood (use |, |-, |+, >, >-, >+, optionally with an indentation digit)"
                        ),
                    ));
                }
            }
        }
        self.pos += 1;
        let mut body: Vec<&str> = Vec::new();
        let mut content_indent = explicit.map(|n| indent + n);
        while let Some(line) = self.lines.get(self.pos) {
            let raw = line.raw;
            let blank = raw.trim().is_empty();
            let lead = raw.len() - raw.trim_start_matches(' ').len();
            if !blank && lead <= indent {
                break;
            }
            if !blank {
                let ci = *content_indent.get_or_insert(lead);
                if lead < ci {
                    return Err(err(
                        line.no,
                        "this line of the block scalar is indented less than its first line",
                    ));
                }
                body.push(&raw[ci..]);
            } else {
                body.push(
                    raw.get(content_indent.unwrap_or(usize::MAX)..)
                        .unwrap_or(""),
                );
            }
            self.pos += 1;
        }
        // Trailing blank lines are counted for chomping and left for the next node.
        let trailing = body
            .iter()
            .rev()
            .take_while(|l| l.trim().is_empty())
            .count();
        let content = &body[..body.len() - trailing];
        let mut out = String::new();
        if literal {
            out = content.join("\n");
        } else {
            let mut prev_more: Option<bool> = None;
            let mut empty = 0;
            for l in content {
                if l.trim().is_empty() {
                    empty += 1;
                    continue;
                }
                let more = l.starts_with([' ', '\t']);
                match prev_more {
                    None => out.push_str(&"\n".repeat(empty)),
                    Some(p) => {
                        if !p && !more {
                            if empty == 0 {
                                out.push(' ');
                            } else {
                                out.push_str(&"\n".repeat(empty));
                            }
                        } else {
                            out.push_str(&"\n".repeat(empty + 1));
                        }
                    }
                }
                out.push_str(l);
                prev_more = Some(more);
                empty = 0;
            }
        }
        if !content.is_empty() {
            match chomp {
                '-' => {}
                '+' => out.push_str(&"\n".repeat(1 + trailing)),
                _ => out.push('\n'),
            }
        } else if chomp == '+' {
            out.push_str(&"\n".repeat(trailing));
        }
        Ok(Value::String(out))
    }
}

fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Errors for the indicators this subset does not support (YAML 1.2 §6.9, §7.1).
fn check_indicator(text: &str, no: usize) -> Result<(), YamlError> {
    let message = match text.chars().next() {
        Some('&') => "anchors (&name) are not supported; write the value out in full",
        Some('*') => "aliases (*name) are not supported; write the value out in full",
        Some('!') => "tags (!tag) are not supported; remove the tag",
        Some('@' | '`') => "@ and ` are reserved and cannot start a plain value; quote it",
        Some('%') => "% cannot start a plain value here; quote it",
        _ => return Ok(()),
    };
    Err(err(no, message))
}

/// Splits `key: rest` (plain or quoted key). `None` when the line is not a mapping entry.
fn split_key(text: &str, no: usize) -> Result<Option<(String, &str)>, YamlError> {
    if text.starts_with("? ") || text == "?" {
        return Err(err(no, "complex mapping keys (? key) are not supported"));
    }
    if text.starts_with(['"', '\'']) {
        let quote = text.chars().next().unwrap_or('"');
        let Some(end) = quoted_end(text, quote) else {
            return Ok(None);
        };
        let after = &text[end..];
        return match after.strip_prefix(':') {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
                Ok(Some((unquote(&text[..end], no)?, rest)))
            }
            _ => Ok(None),
        };
    }
    if text.starts_with(['[', '{']) {
        return Ok(None);
    }
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            let key = text[..i].trim_end();
            if key.is_empty() {
                return Ok(None);
            }
            if key == "<<" {
                return Err(err(
                    no,
                    "merge keys (<<) are not supported; write the entries out in full",
                ));
            }
            check_indicator(key, no)?;
            return Ok(Some((key.to_string(), &text[i + 1..])));
        }
    }
    Ok(None)
}

/// The byte index just after the closing quote of the quoted scalar at the start of `text`.
fn quoted_end(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
            } else {
                return Some(i + c.len_utf8());
            }
        }
    }
    None
}

/// Decodes a quoted scalar including its quotes (YAML 1.2 §7.3.1–7.3.2).
fn unquote(quoted: &str, no: usize) -> Result<String, YamlError> {
    let inner = &quoted[1..quoted.len() - 1];
    if quoted.starts_with('\'') {
        return Ok(inner.replace("''", "'"));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars
            .next()
            .ok_or_else(|| err(no, "a backslash ends the double-quoted string"))?;
        let hex = |n: usize, chars: &mut std::str::Chars<'_>| -> Result<char, YamlError> {
            let digits: String = chars.take(n).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .filter(|_| digits.len() == n)
                .and_then(char::from_u32)
                .ok_or_else(|| err(no, format!("\\{e}{digits} is not a valid escape")))
        };
        out.push(match e {
            '0' => '\0',
            'a' => '\u{7}',
            'b' => '\u{8}',
            't' | '\t' => '\t',
            'n' => '\n',
            'v' => '\u{b}',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            'x' => hex(2, &mut chars)?,
            'u' => hex(4, &mut chars)?,
            'U' => hex(8, &mut chars)?,
            other => return Err(err(no, format!("\\{other} is not a YAML escape sequence"))),
        });
    }
    Ok(out)
}

/// Whether every `[`/`{` opened outside quotes is closed, scanned incrementally: each call
/// reads only what was appended to `text` since the last one, so that a flow collection
/// spanning many lines is read in linear time.
#[derive(Default)]
struct FlowScan {
    depth: i64,
    quote: Option<char>,
    escaped: bool,
    next: usize,
}

impl FlowScan {
    fn balanced(&mut self, text: &str) -> bool {
        for c in text[self.next..].chars() {
            if self.escaped {
                self.escaped = false;
                continue;
            }
            match (self.quote, c) {
                (Some('"'), '\\') => self.escaped = true,
                (Some(q), c) if c == q => self.quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => self.quote = Some(c),
                (None, '[' | '{') => self.depth += 1,
                (None, ']' | '}') => self.depth -= 1,
                _ => {}
            }
        }
        self.next = text.len();
        self.depth <= 0 && self.quote.is_none()
    }
}

/// [`quoted_end`] of a text that grows (a quoted scalar continued on more lines), reading only
/// what was appended since the last call.
struct QuotedScan {
    quote: char,
    escaped: bool,
    next: usize,
}

impl QuotedScan {
    fn new(quote: char) -> Self {
        Self {
            quote,
            escaped: false,
            next: quote.len_utf8(),
        }
    }

    fn end(&mut self, text: &str) -> Option<usize> {
        let base = self.next;
        let mut chars = text[base..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if self.escaped {
                self.escaped = false;
            } else if self.quote == '"' && c == '\\' {
                self.escaped = true;
            } else if c == self.quote {
                if self.quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    return Some(base + i + c.len_utf8());
                }
            }
        }
        self.next = text.len();
        None
    }
}

/// The core schema's resolution of a plain scalar (YAML 1.2 §10.3.2).
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let unsigned = text.trim_start_matches('+');
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = unsigned.parse::<i64>()
    {
        return Value::Number(n.into());
    }
    for (prefix, radix) in [("0x", 16), ("0o", 8)] {
        if let Some(d) = text.strip_prefix(prefix)
            && let Ok(n) = i64::from_str_radix(d, radix)
        {
            return Value::Number(n.into());
        }
    }
    if is_float(digits)
        && let Some(n) = unsigned.parse::<f64>().ok().and_then(Number::from_f64)
    {
        return Value::Number(n);
    }
    Value::String(text.to_string())
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` (sign already removed).
fn is_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = all_digits(int)
        && frac.is_none_or(all_digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok
}

/// A flow collection (YAML 1.2 §7.4) on one joined line.
struct Flow {
    chars: Vec<char>,
    at: usize,
    line: usize,
    /// Collections open around the current one, block ones included ([`MAX_DEPTH`]).
    depth: usize,
}

impl Flow {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn error(&self, message: impl Into<String>) -> YamlError {
        err(self.line, message)
    }

    fn value(&mut self) -> Result<Value, YamlError> {
        self.skip_ws();
        let collection = match self.peek() {
            Some('[') => Self::sequence,
            Some('{') => Self::mapping,
            _ => return self.scalar(),
        };
        if self.depth >= MAX_DEPTH {
            return Err(too_deep(self.line));
        }
        self.depth += 1;
        let value = collection(self);
        self.depth -= 1;
        value
    }

    /// `[ … ]`, from its `[`.
    fn sequence(&mut self) -> Result<Value, YamlError> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(']') {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(']') => {}
                _ => return Err(self.error("expected , or ] in a flow sequence")),
            }
        }
    }

    /// `{ … }`, from its `{`.
    fn mapping(&mut self) -> Result<Value, YamlError> {
        self.at += 1;
        let mut map = Map::new();
        loop {
            self.skip_ws();
            if self.peek() == Some('}') {
                self.at += 1;
                return Ok(Value::Object(map));
            }
            let key = match self.scalar()? {
                Value::String(s) => s,
                Value::Null => String::new(),
                other => other.to_string(),
            };
            self.skip_ws();
            let value = if self.peek() == Some(':') {
                self.at += 1;
                self.skip_ws();
                if matches!(self.peek(), Some(',' | '}')) {
                    Value::Null
                } else {
                    self.value()?
                }
            } else {
                Value::Null
            };
            if map.contains_key(&key) {
                return Err(self.error(format!(
                    "the key \"{key}\" appears twice in the same flow mapping"
                )));
            }
            map.insert(key, value);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.at += 1,
                Some('}') => {}
                _ => return Err(self.error("expected , or } in a flow mapping")),
            }
        }
    }

    fn scalar(&mut self) -> Result<Value, YamlError> {
        self.skip_ws();
        if let Some(q @ ('"' | '\'')) = self.peek() {
            // Only the quoted scalar is copied: copying the rest of the line for each one would
            // make a line of many quoted scalars quadratic. Its end as `quoted_end` finds it.
            let chars = &self.chars[self.at..];
            let mut i = 1;
            let mut end = None;
            while let Some(&c) = chars.get(i) {
                let escape = q == '"' && c == '\\';
                let doubled = q == '\'' && c == q && chars.get(i + 1) == Some(&'\'');
                if escape || doubled {
                    i += 2;
                } else if c == q {
                    end = Some(i + 1);
                    break;
                } else {
                    i += 1;
                }
            }
            let end = end.ok_or_else(|| {
                self.error("a quoted string in a flow collection is never closed")
            })?;
            let quoted: String = chars[..end].iter().collect();
            let end = quoted.len();
            let text = unquote(&quoted[..end], self.line)?;
            self.at += quoted[..end].chars().count();
            return Ok(Value::String(text));
        }
        let start = self.at;
        while let Some(c) = self.peek() {
            let next = self.chars.get(self.at + 1).copied();
            if matches!(c, ',' | '[' | ']' | '{' | '}')
                || (c == ':'
                    && next.is_none_or(|n| n.is_whitespace() || matches!(n, ',' | ']' | '}')))
            {
                break;
            }
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        let text = text.trim();
        check_indicator(text, self.line)?;
        Ok(resolve_plain(text))
    }
}
