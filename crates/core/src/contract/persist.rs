//! What survives a reload: the configuration (never a secret) as a versioned JSON record for
//! `localStorage`. The form itself is stored as the share-link query string of
//! [`super::prefill`], so the stored format and the URL contract are one and the same; the
//! record adds the simulated server's settings.
//!
//! Format history (bump [`VERSION`] and add a step to [`decode`] when it changes):
//! - 1: `{"version":1,"config":"<query>","simulator":{…}}`.
//!
//! The client secret is never in that record. Only when the user opts in ("remember in this
//! tab") is it kept in `sessionStorage`, **bound to the Token URL and Client ID it was typed
//! for** ([`RememberedSecret`]), and filled in again only for that same configuration
//! ([`restore_secret`]): a link that points the form at another token URL never arrives with
//! the secret filled in (RFC 6749 §10.3, §2.3.1: credentials go only to the server that
//! issued them).

use super::prefill::{shown_up_to, strip_url_secrets};
use crate::types::ClientSecret;
use serde_json::{Map, Value, json};

/// The `localStorage` key of the record.
pub const STORAGE_KEY: &str = "cc-playground.config";
/// The `sessionStorage` key of the remembered client secret ([`encode_secret`]), written only
/// when the user opts in.
pub const SECRET_KEY: &str = "cc-playground.secret";
/// The format version of the remembered secret's record.
pub const SECRET_VERSION: u64 = 1;

/// A client secret remembered in this tab, with the configuration it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RememberedSecret {
    /// The Token URL it was typed for, without secret-bearing parts ([`strip_url_secrets`]),
    /// as the saved configuration and share links have it.
    pub token_url: String,
    /// The Client ID it was typed for.
    pub client_id: String,
    /// The Issuer field at the time (empty when none): discovery can replace the Token URL.
    pub issuer: String,
    /// The secret.
    pub secret: ClientSecret,
}

impl RememberedSecret {
    /// Binds `secret` to the form's `token_url`, `client_id` and `issuer`.
    pub fn new(token_url: &str, client_id: &str, issuer: &str, secret: &str) -> Self {
        Self {
            token_url: strip_url_secrets(token_url).url,
            client_id: client_id.to_string(),
            issuer: issuer.trim().to_string(),
            secret: ClientSecret::new(secret),
        }
    }
}

/// The `sessionStorage` record of a remembered secret:
/// `{"version":1,"token_url":…,"client_id":…,"issuer":…,"secret":…}`.
pub fn encode_secret(remembered: &RememberedSecret) -> String {
    json!({
        "version": SECRET_VERSION,
        "token_url": remembered.token_url,
        "client_id": remembered.client_id,
        "issuer": remembered.issuer,
        "secret": remembered.secret.expose(),
    })
    .to_string()
}

/// Reads a remembered secret's record. `Err` says why it cannot be used, without its value.
/// A record without a Token URL and Client ID (an older version stored the bare secret) is
/// refused: nothing says which server it belongs to.
pub fn decode_secret(text: &str) -> Result<RememberedSecret, String> {
    let value: Value = serde_json::from_str(text).map_err(|_| {
        "it was stored without the Token URL and Client ID it belongs to (by an older version)"
            .to_string()
    })?;
    match value.get("version").and_then(Value::as_u64) {
        Some(SECRET_VERSION) => {}
        Some(other) => {
            return Err(format!(
                "its record has format {other}, which this version cannot read"
            ));
        }
        None => return Err("its record has no version".into()),
    }
    let text = |key: &str| match value.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        _ => Err(format!("its record has no {key}")),
    };
    Ok(RememberedSecret {
        token_url: text("token_url")?,
        client_id: text("client_id")?,
        issuer: text("issuer")?,
        secret: ClientSecret::new(text("secret")?),
    })
}

/// The remembered secret (the `sessionStorage` record `text`) for a page that starts with
/// `token_url` and `client_id` — from the saved configuration or from a link — and runs
/// discovery for `discovers` (the link's `issuer=`, RFC 8414 §3), which replaces the Token URL
/// with the metadata's `token_endpoint` once the page is open.
///
/// Restored only when the Token URL and Client ID equal what the secret was remembered for,
/// exactly (no normalisation: another port, path, case or query is another configuration),
/// and, when the page runs discovery, its issuer is the one the secret was remembered with
/// (otherwise a link could name the right Token URL and let discovery move it elsewhere).
/// `Err` is a sentence for a notice saying why the secret was not filled in; it names the
/// URLs and Client IDs involved but never the secret.
pub fn restore_secret(
    text: &str,
    token_url: &str,
    client_id: &str,
    discovers: Option<&str>,
) -> Result<ClientSecret, String> {
    let not_restored =
        |why: String| format!("The client secret remembered in this tab was not filled in: {why}.");
    let remembered = decode_secret(text).map_err(not_restored)?;
    if remembered.secret.expose().is_empty() {
        return Err(not_restored("it is empty".into()));
    }
    if remembered.token_url != token_url {
        return Err(not_restored(format!(
            "it was remembered for the Token URL {}, and this page is set to {}. A secret only goes back to the server it was typed for; type it again if you trust this one",
            shown_up_to(&remembered.token_url, 300),
            shown_up_to(token_url, 300)
        )));
    }
    if let Some(issuer) = discovers.map(str::trim)
        && issuer != remembered.issuer
    {
        let remembered_with = if remembered.issuer.is_empty() {
            "without an issuer".to_string()
        } else {
            format!("with the issuer {}", shown_up_to(&remembered.issuer, 300))
        };
        return Err(not_restored(format!(
            "this link runs discovery for the issuer {}, which can replace the Token URL, and the secret was remembered {remembered_with}; type it again if you trust that issuer",
            shown_up_to(issuer, 300),
        )));
    }
    if remembered.client_id != client_id {
        return Err(not_restored(format!(
            "it was remembered for the Client ID {}, and this page is set to {}; type it again if it belongs to this client",
            shown_up_to(&remembered.client_id, 100),
            shown_up_to(client_id, 100)
        )));
    }
    Ok(remembered.secret)
}
/// The current format version.
pub const VERSION: u64 = 1;

/// The simulated server's settings as typed (strings, so a half-typed value survives too).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimulatorSettings {
    /// Token lifetime in seconds.
    pub lifetime: String,
    /// Opaque tokens instead of JWTs.
    pub opaque: bool,
    /// The fault id.
    pub fault: String,
    /// Latency in ms.
    pub latency: String,
    /// The provider profile id.
    pub profile: String,
    /// Clock skew in seconds.
    pub skew: String,
    /// The example client's registered method (empty: any).
    pub method: String,
    /// Whether the composer's public key is registered.
    pub register_key: bool,
    /// The example client's allowed scopes (empty: the default).
    pub scopes: String,
    /// The example client's allowed resources, one per line (empty: the default).
    pub audiences: String,
    /// "Require DPoP nonce" (RFC 9449 §8): proofs without the server's current nonce are
    /// answered `use_dpop_nonce`.
    pub require_dpop_nonce: bool,
}

/// One stored record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Saved {
    /// The form and view options as a share-link query string (no secrets).
    pub config: String,
    /// The simulated server's settings.
    pub simulator: SimulatorSettings,
}

/// The record to store.
pub fn encode(saved: &Saved) -> String {
    let s = &saved.simulator;
    json!({
        "version": VERSION,
        "config": saved.config,
        "simulator": {
            "lifetime": s.lifetime,
            "opaque": s.opaque,
            "fault": s.fault,
            "latency": s.latency,
            "profile": s.profile,
            "skew": s.skew,
            "method": s.method,
            "register_key": s.register_key,
            "scopes": s.scopes,
            "audiences": s.audiences,
            "require_dpop_nonce": s.require_dpop_nonce,
        },
    })
    .to_string()
}

/// Reads a stored record, migrating older versions. `Err` says why it cannot be used (the app
/// then starts from its defaults and says so, and the next save overwrites it).
pub fn decode(text: &str) -> Result<Saved, String> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("the saved configuration is not JSON ({e})"))?;
    let version = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or("the saved configuration has no version")?;
    match version {
        VERSION => {
            decode_v1(&value).map_err(|e| format!("the saved configuration is malformed ({e})"))
        }
        newer if newer > VERSION => Err(format!(
            "the saved configuration is from a newer version of the playground (format {newer}); it was left as is"
        )),
        older => Err(format!(
            "the saved configuration has format {older}, which this version cannot read"
        )),
    }
}

/// Format 1. Written by hand rather than derived: serde's derived visitors cost ~8 KB of wasm
/// for these two structs (issue 8). A missing simulator member takes its default; a member of
/// the wrong type makes the record unusable.
fn decode_v1(value: &Value) -> Result<Saved, String> {
    let config = match value.get("config") {
        Some(Value::String(c)) => c.clone(),
        _ => return Err("\"config\" is not a string".into()),
    };
    let empty = Map::new();
    let sim = match value.get("simulator") {
        None => &empty,
        Some(Value::Object(o)) => o,
        Some(_) => return Err("\"simulator\" is not an object".into()),
    };
    let text = |key: &str| match sim.get(key) {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("simulator.{key} is not a string")),
    };
    let flag = |key: &str| match sim.get(key) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(format!("simulator.{key} is not true or false")),
    };
    Ok(Saved {
        config,
        simulator: SimulatorSettings {
            lifetime: text("lifetime")?,
            opaque: flag("opaque")?,
            fault: text("fault")?,
            latency: text("latency")?,
            profile: text("profile")?,
            skew: text("skew")?,
            method: text("method")?,
            register_key: flag("register_key")?,
            scopes: text("scopes")?,
            audiences: text("audiences")?,
            require_dpop_nonce: flag("require_dpop_nonce")?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_encoded_record_round_trips() {
        let saved = Saved {
            config: "token_url=https%3A%2F%2Fa.example%2Ftoken&client_id=x".into(),
            simulator: SimulatorSettings {
                lifetime: "10".into(),
                fault: "503".into(),
                register_key: true,
                require_dpop_nonce: true,
                ..SimulatorSettings::default()
            },
        };
        let text = encode(&saved);
        assert!(text.contains("\"version\":1"));
        assert_eq!(decode(&text), Ok(saved));
    }

    #[test]
    fn decode_bad_records_explain() {
        assert!(decode("nope").unwrap_err().contains("not JSON"));
        assert!(decode("{}").unwrap_err().contains("no version"));
        assert!(
            decode(r#"{"version":9}"#)
                .unwrap_err()
                .contains("newer version")
        );
        assert!(decode(r#"{"version":0}"#).unwrap_err().contains("format 0"));
        assert!(
            decode(r#"{"version":1,"config":5}"#)
                .unwrap_err()
                .contains("malformed")
        );
    }

    #[test]
    fn decode_missing_simulator_members_default() {
        let saved =
            decode(r#"{"version":1,"config":"a=b","simulator":{"lifetime":"60"}}"#).unwrap();
        assert_eq!(saved.simulator.lifetime, "60");
        assert_eq!(saved.simulator.fault, "");
    }

    #[test]
    fn decode_wrong_member_types_malformed() {
        for record in [
            r#"{"version":1,"config":"a","simulator":{"opaque":"yes"}}"#,
            r#"{"version":1,"config":"a","simulator":{"lifetime":60}}"#,
            r#"{"version":1,"config":"a","simulator":[]}"#,
        ] {
            let e = decode(record).unwrap_err();
            assert!(e.contains("malformed"), "{record}: {e}");
        }
    }
}
