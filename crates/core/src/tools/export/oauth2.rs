//! The Rust snippet with the `oauth2` crate's client credentials flow (RFC 6749 §4.4), which
//! builds the request itself: the snippet says what it cannot reproduce.

use super::model::{Model, Param, Part, preamble};
use super::rust::{RUST, rust_str};
use super::secrets::comment_safe;
use crate::http::BodyKind;
use std::fmt::Write as _;

pub(super) fn snippet(m: &Model) -> String {
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
    let params: Vec<&Param> = if m.params.is_empty() && m.body.is_empty() {
        m.query.iter().flat_map(|(_, q)| q.iter()).collect()
    } else {
        m.params.iter().collect()
    };
    let missing = not_reproduced(m, &params);
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
    out.push_str(&client(m, secret_kind));
    out.push_str(
        "    let http_client = oauth2::reqwest::blocking::ClientBuilder::new()\n        \
         // Following redirects would open the client up to SSRF.\n        \
         .redirect(oauth2::reqwest::redirect::Policy::none())\n        \
         .build()?;\n    \
         let token = client\n        \
         .exchange_client_credentials()\n",
    );
    out.push_str(&extra_calls(m, &params));
    out.push_str(
        "        .request(&http_client)?;\n    \
         println!(\"token_type: {:?}\", token.token_type());\n    \
         println!(\"expires_in: {:?}\", token.expires_in());\n    \
         println!(\"access_token: {}\", token.access_token().secret());\n    \
         Ok(())\n}\n",
    );
    out
}

/// What the crate cannot send as the raw view does: the method, a JSON body, another
/// grant_type, extra header fields.
fn not_reproduced(m: &Model, params: &[&Param]) -> Vec<String> {
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
    missing
}

/// The `add_scope` and `add_extra_param` calls for the parameters the crate does not set itself.
fn extra_calls(m: &Model, params: &[&Param]) -> String {
    let mut out = String::new();
    for p in params {
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
                    Part::Env { var, .. } => RUST.read_env(&m.vars[*var].name),
                };
                let _ = writeln!(out, "        .add_extra_param({}, {value})", rust_str(name));
            }
        }
    }
    out
}

/// The `BasicClient` with the client id, the secret and how it is sent (RFC 6749 §2.3.1), and
/// the token URL.
fn client(m: &Model, secret_kind: Option<&str>) -> String {
    let c = &m.credentials;
    let mut out = String::new();
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
            Part::Env { var, .. } => RUST.read_env(&m.vars[*var].name),
        };
        let _ = writeln!(
            out,
            "        .set_client_secret(ClientSecret::new({secret}))\n        .set_auth_type({kind})"
        );
    }
    let _ = writeln!(out, "        .set_token_uri(TokenUrl::new({token_url})?);");
    out
}
