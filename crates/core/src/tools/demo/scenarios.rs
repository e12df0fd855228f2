//! The guided scenarios for the simulated server: what each one sets, what it makes fail and the
//! text that explains it (RFC 6749 §5.2, RFC 6750 §3.1, RFC 9110 §15.6.4). `SCENARIOS` is a data
//! table of texts.

use super::steps::StepId;
use crate::draft::{Draft, Teaching};
use crate::request::{GRANT_TYPE, Mistakes};
use crate::simulator::Fault;

/// What a guided scenario sets before it sends. Every scenario starts from the built-in
/// example against the strict simulated server, so that scenarios do not depend on each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScenarioSettings {
    /// "Client secret".
    pub client_secret: &'static str,
    /// "Scope".
    pub scope: &'static str,
    /// Teaching mode's JSON body mistake.
    pub json_body: bool,
    /// The simulated token endpoint's fault.
    pub fault: Fault,
    /// The simulated token lifetime, in seconds.
    pub lifetime_secs: u64,
    /// The simulated latency, in milliseconds.
    pub latency_ms: u32,
    /// Turn automatic renewal off (it would hide an expiry).
    pub auto_renew_off: bool,
    /// "Use DPoP" (RFC 9449): the token request carries a proof.
    pub dpop: bool,
}

impl ScenarioSettings {
    /// The example, unchanged.
    pub const EXAMPLE: Self = Self {
        client_secret: crate::draft::EXAMPLE_CLIENT_SECRET,
        scope: crate::draft::EXAMPLE_SCOPE,
        json_body: false,
        fault: Fault::None,
        lifetime_secs: 3600,
        latency_ms: 0,
        auto_renew_off: false,
        dpop: false,
    };
}

/// What a scenario does once its token arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterToken {
    /// Nothing: the explanation says what to do next.
    Nothing,
    /// Call the API with the new token.
    CallApi,
    /// Call the API as a thief who copied the token but not its DPoP key would:
    /// `Authorization: Bearer <token>` and no proof (RFC 9449 §7.2).
    CallApiWithoutKey,
}

/// A guided scenario for the simulated server, one click each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// A stable id.
    pub id: &'static str,
    /// The button's label.
    pub title: &'static str,
    /// What to look at.
    pub explanation: &'static str,
    /// What it sets.
    pub settings: ScenarioSettings,
    /// What happens once a token arrives.
    pub after: AfterToken,
    /// The step it makes fail (`None`: every step succeeds).
    pub fails_at: Option<StepId>,
}

impl Scenario {
    /// The form this scenario sends: the built-in example with its settings applied.
    pub fn draft(&self) -> Draft {
        let example = Draft::example();
        Draft {
            client_secret: self.settings.client_secret.into(),
            scope: self.settings.scope.into(),
            teaching: Teaching {
                enabled: self.settings.json_body,
                grant_type: GRANT_TYPE.into(),
                mistakes: Mistakes {
                    use_get: false,
                    json_body: self.settings.json_body,
                },
            },
            dpop: self.settings.dpop,
            ..example
        }
    }

    /// The scenario with this id.
    pub fn find(id: &str) -> Option<&'static Scenario> {
        SCENARIOS.iter().find(|s| s.id == id)
    }
}

/// The guided scenarios, in the order offered.
pub const SCENARIOS: [Scenario; 7] = [
    Scenario {
        id: "happy-path",
        title: "Happy path",
        explanation: "The example client authenticates with HTTP Basic and asks for orders:read; the app then calls the API with the token. Every step turns done: 200 with a Bearer token and expires_in (RFC 6749 §5.1), then 200 from the API because the token carries orders:read (RFC 6750 §2.1). The token stays masked.",
        settings: ScenarioSettings::EXAMPLE,
        after: AfterToken::CallApi,
        fails_at: None,
    },
    Scenario {
        id: "wrong-secret",
        title: "Wrong secret",
        explanation: "The client sends the secret wrong_secret. Look at “Server validates credentials”: it fails with 401 invalid_client and a WWW-Authenticate: Basic challenge (RFC 6749 §5.2). No token is issued, so the API steps never start.",
        settings: ScenarioSettings {
            client_secret: "wrong_secret",
            ..ScenarioSettings::EXAMPLE
        },
        after: AfterToken::Nothing,
        fails_at: Some(StepId::Validate),
    },
    Scenario {
        id: "json-body",
        title: "JSON body mistake",
        explanation: "Teaching mode sends the parameters as JSON with Content-Type: application/json. RFC 6749 §4.4.2 requires application/x-www-form-urlencoded, so “Server validates credentials” fails with 400 invalid_request before the credentials are even read. Compare the raw request's Content-Type and body.",
        settings: ScenarioSettings {
            json_body: true,
            ..ScenarioSettings::EXAMPLE
        },
        after: AfterToken::Nothing,
        fails_at: Some(StepId::Validate),
    },
    Scenario {
        id: "missing-scope",
        title: "Missing scope",
        explanation: "The client asks only for inventory:read, gets a token, and the app calls the orders API, which needs orders:read. Look at “API validates token”: 403 with WWW-Authenticate: Bearer error=\"insufficient_scope\" (RFC 6750 §3.1). The token is valid; it just lacks the scope.",
        settings: ScenarioSettings {
            scope: "inventory:read",
            ..ScenarioSettings::EXAMPLE
        },
        after: AfterToken::CallApi,
        fails_at: Some(StepId::ApiValidate),
    },
    Scenario {
        id: "expired-token",
        title: "Expired token on the API",
        explanation: "The server now issues tokens that live 10 s (automatic renewal is off). Wait 10 s — watch the countdown reach zero — then press Call API: “API validates token” fails with 401 invalid_token, the token has expired (RFC 6750 §3.1). Client credentials has no refresh token: the client simply asks for a new one (Alt+N, RFC 6749 §4.4.3).",
        settings: ScenarioSettings {
            lifetime_secs: 10,
            auto_renew_off: true,
            ..ScenarioSettings::EXAMPLE
        },
        after: AfterToken::Nothing,
        fails_at: Some(StepId::ApiValidate),
    },
    Scenario {
        id: "server-down",
        title: "Server down / slow",
        explanation: "The simulated server takes 2 s (“Send” stays in progress), then answers 503 Service Unavailable with Retry-After: 30. The credentials were never checked: a client should back off and retry after the time given, not report bad credentials (RFC 9110 §15.6.4).",
        settings: ScenarioSettings {
            fault: Fault::Unavailable,
            latency_ms: 2000,
            ..ScenarioSettings::EXAMPLE
        },
        after: AfterToken::Nothing,
        fails_at: Some(StepId::Send),
    },
    Scenario {
        id: "stolen-dpop-token",
        title: "Stolen DPoP token",
        explanation: "DPoP is on: the token request carries a proof signed with a key made in this page, and the server answers token_type DPoP, bound to the key's thumbprint (cnf.jkt, RFC 9449 §6.1). The app then plays a thief who copied the token but not the key and calls the API with Authorization: Bearer and no proof. “API validates token” fails with 401 invalid_token and a WWW-Authenticate: DPoP challenge (RFC 9449 §7.2); a proof signed with another key fails too, as its thumbprint is not cnf.jkt (§7.1). A stolen bearer token would have worked.",
        settings: ScenarioSettings {
            dpop: true,
            ..ScenarioSettings::EXAMPLE
        },
        after: AfterToken::CallApiWithoutKey,
        fails_at: Some(StepId::ApiValidate),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_ids_unique_and_found() {
        for s in &SCENARIOS {
            assert_eq!(Scenario::find(s.id), Some(s));
            assert!(!s.explanation.is_empty());
        }
        assert_eq!(Scenario::find("no-such"), None);
    }

    #[test]
    fn scenario_draft_json_body_teaching_on() {
        let draft = Scenario::find("json-body").expect("exists").draft();
        assert!(draft.teaching.enabled && draft.teaching.mistakes.json_body);
        assert_eq!(draft.client_id, crate::draft::EXAMPLE_CLIENT_ID);
    }

    #[test]
    fn scenario_draft_happy_path_is_example() {
        let draft = Scenario::find("happy-path").expect("exists").draft();
        assert_eq!(draft, Draft::example());
    }
}
