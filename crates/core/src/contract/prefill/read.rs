//! Reading one URL parameter into a [`Prefill`] (the table in [`super`]'s documentation):
//! form fields (RFC 6749 §2.2, §2.3, §3.2, §3.3; RFC 8707 §2; RFC 7523 §3), page options, and
//! the secret rules (RFC 6749 §10.3: never from the query string).

use super::{
    ALLOW_SECRET, LockField, Mode, Prefill, SINGLE, Severity, Source, Theme, is_sensitive_name,
    parse_origin, shown, strip_url_secrets,
};
use crate::assertion::JwtAlg;
use crate::types::{AuthMethod, ClientSecret, Scope};
use crate::url::TokenUrl;

impl Prefill {
    pub(super) fn one(
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
        if let Some(value) = self.form_field(name, value) {
            self.page_option(name, value, source, allow_secret);
        }
    }

    /// Reads a parameter that fills a form field; gives `value` back when `name` is not one.
    fn form_field(&mut self, name: &str, value: String) -> Option<String> {
        match name {
            "token_url" => {
                if let Err(e) = TokenUrl::parse(&value) {
                    self.ignore(
                        name,
                        format!("token_url {e}; it was put in the form so you can fix it."),
                    );
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
                    self.ignore(
                        name,
                        format!("scope: {e}; it was put in the form so you can fix it."),
                    );
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
            "dpop" => match value.as_str() {
                "1" | "true" => self.dpop = Some(true),
                "0" | "false" => self.dpop = Some(false),
                other => self.ignore(
                    name,
                    format!(
                        "dpop={} is not understood; use dpop=1 or dpop=0.",
                        shown(other)
                    ),
                ),
            },
            _ => return Some(value),
        }
        None
    }

    /// Reads a page option (mode, issuer, theme, lock, origin) or a secret; anything else is
    /// an unknown parameter.
    fn page_option(&mut self, name: &str, value: String, source: Source, allow_secret: bool) {
        match name {
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
            "relay" => self.relay(value),
            "api_url" => match TokenUrl::parse(&value) {
                Ok(_) if strip_url_secrets(&value).removed.is_empty() => {
                    self.api_url = Some(value.trim().to_string());
                }
                Ok(_) => self.ignore(name, "api_url was ignored: it carries credentials or a secret-looking parameter, which are never read from a link (RFC 6750 §2.3: prefer the Authorization header).".into()),
                Err(e) => self.ignore(name, format!("api_url {e}; it was ignored.")),
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

    /// `relay`: a Relay URL sees every live request, secrets included, so a link that sets one
    /// says so in a warning (and the app does not fill in a remembered secret).
    fn relay(&mut self, value: String) {
        match crate::relay::parse_relay_url(&value) {
            Ok(url) => {
                self.notice("relay", Severity::Warning, format!("This link sends live requests through the relay at {url}, which sees them whole, client secret and tokens included. Clear \"Relay URL\" to send directly."));
                self.relay = Some(url);
            }
            Err(why) => self.ignore(
                "relay",
                format!("relay={} was ignored: the Relay URL {why}.", shown(&value)),
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
}
