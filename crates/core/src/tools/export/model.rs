//! The model every snippet is written from: the request's method, URL, header fields and body
//! as [`Text`]s, pieces that are literal text or secrets read at run time ([`Part`]), plus the
//! logical parameters and client credentials (RFC 6749 §2.3.1, §4.4.2) and the shared preamble.

use super::secrets::{Vars, basic_credentials, comment_safe, env_name, param_holds};
use super::{EnvVar, SecretStyle, holds_secrets};
use crate::encoding::{form_urldecode, form_urlencode};
use crate::http::{BodyKind, HttpRequest, MASK};
use std::fmt::Write as _;

/// A piece of a value: literal text, or a secret read from an environment variable and encoded.
/// (No `Debug`: in the inline style a literal may be a secret.)
#[derive(Clone, PartialEq, Eq)]
pub(super) enum Part {
    Lit(String),
    Env { var: usize, enc: Enc },
}

/// How a secret is encoded where it is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Enc {
    /// As is.
    Plain,
    /// `application/x-www-form-urlencoded` (RFC 6749 Appendix B).
    Form,
    /// The inside of a JSON string (RFC 8259 §7).
    Json,
    /// The whole `Basic …` credentials of RFC 6749 §2.3.1 for this client id.
    Basic { client_id: String },
}

pub(super) type Text = Vec<Part>;

/// One logical body (or, for a GET, query) parameter.
pub(super) struct Param {
    pub(super) name: String,
    /// `Lit` of the decoded value, or `Env` with `Enc::Plain`.
    pub(super) value: Part,
}

/// The client's credentials as the `oauth2` crate wants them.
pub(super) struct Credentials {
    pub(super) id: Option<String>,
    /// `Lit` of the secret, or `Env` with `Enc::Plain`.
    pub(super) secret: Option<Part>,
    pub(super) in_header: bool,
}

pub(super) struct Model {
    pub(super) method: String,
    pub(super) url: Text,
    /// The URL without its query, and the query's parameters (a GET's credentials are there).
    pub(super) query: Option<(String, Vec<Param>)>,
    /// Header fields in order, without `Host` and `Content-Length`.
    pub(super) headers: Vec<(String, Text)>,
    /// Empty when there is no body.
    pub(super) body: Text,
    pub(super) body_kind: BodyKind,
    pub(super) params: Vec<Param>,
    pub(super) credentials: Credentials,
    pub(super) vars: Vec<EnvVar>,
    /// For each variable, whether its current value needs no encoding
    /// ([`super::secrets::needs_no_encoding`]).
    pub(super) unencoded: Vec<bool>,
    /// Inline style and the request holds a secret: the snippet warns.
    pub(super) inline_secrets: bool,
}

/// A helper a snippet defines (or imports) only when one of its secrets needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Helper {
    /// Reading an environment variable (any secret read from one).
    Env,
    /// Form-urlencoding (RFC 6749 Appendix B), also used by `Basic`.
    Form,
    /// Building `Basic` credentials (RFC 6749 §2.3.1).
    Basic,
    /// Escaping the inside of a JSON string (RFC 8259 §7).
    Json,
}

/// Headers the tools set themselves from the URL and the body.
pub(super) fn is_framing(name: &str) -> bool {
    name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("content-length")
}

impl Model {
    pub(super) fn new(request: &HttpRequest, style: SecretStyle) -> Self {
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

        let (headers, basic) = header_texts(request, env, &mut vars);

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
            unencoded: vars.unencoded(),
            vars: vars.vars,
            inline_secrets,
        }
    }

    /// Every text of the request, for finding which helpers a snippet needs.
    pub(super) fn texts(&self) -> impl Iterator<Item = &Part> {
        self.url
            .iter()
            .chain(self.headers.iter().flat_map(|(_, v)| v.iter()))
            .chain(self.body.iter())
    }

    pub(super) fn uses(&self, wanted: fn(&Enc) -> bool) -> bool {
        self.texts()
            .any(|p| matches!(p, Part::Env { enc, .. } if wanted(enc)))
    }

    pub(super) fn uses_form(&self) -> bool {
        self.uses(|e| matches!(e, Enc::Form | Enc::Basic { .. }))
    }

    pub(super) fn uses_json(&self) -> bool {
        self.uses(|e| matches!(e, Enc::Json))
    }

    pub(super) fn uses_basic(&self) -> bool {
        self.uses(|e| matches!(e, Enc::Basic { .. }))
    }

    pub(super) fn uses_env(&self) -> bool {
        !self.vars.is_empty()
    }

    /// Whether the snippet needs `helper`.
    pub(super) fn needs(&self, helper: Helper) -> bool {
        match helper {
            Helper::Env => self.uses_env(),
            Helper::Form => self.uses_form(),
            Helper::Basic => self.uses_basic(),
            Helper::Json => self.uses_json(),
        }
    }

    /// The code of each helper in `helpers` that the snippet needs, in that order.
    pub(super) fn helpers(&self, helpers: &[(Helper, &str)]) -> String {
        helpers
            .iter()
            .filter(|(helper, _)| self.needs(*helper))
            .map(|(_, code)| *code)
            .collect()
    }

    /// True when the URL may hold a `%7E`, which `requests` (and HTTPie) send as `~`.
    pub(super) fn url_may_hold_tilde(&self) -> bool {
        self.url.iter().any(|p| match p {
            Part::Lit(s) => s.to_ascii_uppercase().contains("%7E"),
            Part::Env { enc, .. } => *enc == Enc::Form,
        })
    }

    pub(super) fn url_is_https(&self) -> bool {
        matches!(self.url.first(), Some(Part::Lit(s)) if s.starts_with("https:"))
    }
}

/// `Basic` credentials decoded into client id and secret, with the text of their header.
type Basic = ((String, String), Text);

/// The header fields as texts, without `Host` and `Content-Length`, and the first `Basic`
/// credentials built as RFC 6749 §2.3.1 says (decoded, with the text of their header). In the
/// environment-variable style a sensitive header is read from a variable: the client secret
/// alone for such `Basic` credentials, else the whole value.
fn header_texts(
    request: &HttpRequest,
    env: bool,
    vars: &mut Vars,
) -> (Vec<(String, Text)>, Option<Basic>) {
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
    (headers, basic)
}

/// `text` if it yields `expected`; else the whole of `expected` from one variable (a shape this
/// module does not know, kept exact rather than guessed).
pub(super) fn verified(
    vars: &mut Vars,
    text: Text,
    expected: &str,
    name: &str,
    holds: &str,
) -> Text {
    if vars.materialize(&text) == expected {
        merge(text)
    } else {
        vars.env(name.into(), holds.into(), expected, Enc::Plain)
    }
}

pub(super) fn form_text(params: &[Param]) -> Text {
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

pub(super) fn json_text(params: &[Param]) -> Text {
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
pub(super) fn url_parts(
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

pub(super) fn credentials(
    params: &[Param],
    query: Option<&(String, Vec<Param>)>,
    basic: Option<Basic>,
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

pub(super) fn merge(text: Text) -> Text {
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

/// Header fields with the same name merged into one, values joined by `, ` (RFC 9110 §5.3),
/// for libraries that take headers as a map.
pub(super) fn merged_headers(m: &Model) -> (Vec<(String, Text)>, bool) {
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

pub(super) const TITLE: &str =
    "OAuth 2.0 client credentials token request (RFC 6749 §4.4.2), as shown in the raw view.";

/// The first comment lines: what the snippet is, what the tool adds, where secrets come from.
pub(super) fn preamble(m: &Model, comment: &str, lines: &[&str]) -> String {
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
