//! What survives a reload: the configuration (never a secret) as a versioned JSON record for
//! `localStorage`. The form itself is stored as the share-link query string of
//! [`super::prefill`], so the stored format and the URL contract are one and the same; the
//! record adds the simulated server's settings.
//!
//! Format history (bump [`VERSION`] and add a step to [`decode`] when it changes):
//! - 1: `{"version":1,"config":"<query>","simulator":{…}}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `localStorage` key of the record.
pub const STORAGE_KEY: &str = "cc-playground.config";
/// The `sessionStorage` key of the client secret, written only when the user opts in.
pub const SECRET_KEY: &str = "cc-playground.secret";
/// The current format version.
pub const VERSION: u64 = 1;

/// The simulated server's settings as typed (strings, so a half-typed value survives too).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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
}

/// One stored record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The form and view options as a share-link query string (no secrets).
    pub config: String,
    /// The simulated server's settings.
    pub simulator: SimulatorSettings,
}

/// The record to store.
pub fn encode(saved: &Saved) -> String {
    let mut value = serde_json::to_value(saved).unwrap_or(Value::Null);
    value["version"] = VERSION.into();
    value.to_string()
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
        VERSION => serde_json::from_value(value)
            .map_err(|e| format!("the saved configuration is malformed ({e})")),
        newer if newer > VERSION => Err(format!(
            "the saved configuration is from a newer version of the playground (format {newer}); it was left as is"
        )),
        older => Err(format!(
            "the saved configuration has format {older}, which this version cannot read"
        )),
    }
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
}
