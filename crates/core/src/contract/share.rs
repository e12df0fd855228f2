//! Share links and embed snippets — the URL contract of [`super::prefill`] written back:
//! [`share_query`] reproduces a form without any secret (RFC 6749 §2.3.1, §10.3: credentials
//! never go in a URI; RFC 3986 §3.2.1: no `user:password@`), [`embed_snippet`] is the
//! `<iframe>` for a docs page (HTML standard §4.8.5).

use super::prefill::{
    ALLOW_SECRET, LockField, Mode, Theme, is_sensitive_name, parse_origin, shown,
};
use crate::draft::{Draft, Row};
use crate::encoding::{form_urldecode, form_urlencode};
use crate::types::AuthMethod;

/// The default iframe height of [`embed_snippet`], in CSS pixels.
pub const EMBED_HEIGHT: u32 = 600;

/// The frame heights the share panel accepts, in CSS pixels.
pub const FRAME_HEIGHTS: std::ops::RangeInclusive<u32> = 200..=4000;

/// Reads the share panel's "Frame height (px)": a whole number within [`FRAME_HEIGHTS`].
pub fn parse_frame_height(text: &str) -> Result<u32, String> {
    let (min, max) = (FRAME_HEIGHTS.start(), FRAME_HEIGHTS.end());
    match text.trim().parse::<u32>() {
        Ok(h) if FRAME_HEIGHTS.contains(&h) => Ok(h),
        _ => Err(format!(
            "The frame height must be a whole number of pixels from {min} to {max}."
        )),
    }
}

/// Reads the share panel's "Host page origins": origins separated by spaces or commas, each
/// normalised by [`parse_origin`] (so `*` is refused), without repeats; the second list names
/// what was not an origin, with why.
pub fn parse_origin_list(text: &str) -> (Vec<String>, Vec<String>) {
    let mut origins: Vec<String> = Vec::new();
    let mut refused = Vec::new();
    for item in text.split([' ', ',', '\n', '\t']).filter(|s| !s.is_empty()) {
        match parse_origin(item) {
            Ok(o) if !origins.contains(&o) => origins.push(o),
            Ok(_) => {}
            Err(why) => refused.push(format!("{} {why}", shown(item))),
        }
    }
    (origins, refused)
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
    /// `relay`, the Relay URL.
    pub relay: Option<String>,
    /// `api_url`, when it should be part of the link (secret-bearing parts are removed).
    pub api_url: Option<String>,
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
/// for the JWT methods that use them; `dpop=1` only when "Use DPoP" is on. Round trip: `parse(&share_query(d, o), "").to_draft()`
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
    if draft.dpop {
        push("dpop", "1");
    }
    if let Some(m) = options.mode {
        push("mode", m.as_str());
    }
    if let Some(i) = &options.issuer {
        push("issuer", i);
    }
    if let Some(r) = &options.relay {
        push("relay", r);
    }
    if let Some(a) = &options.api_url {
        push("api_url", &strip_url_secrets(a).url);
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
