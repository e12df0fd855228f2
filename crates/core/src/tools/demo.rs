//! Demo mode, the pure part: the steps of the client credentials flow (RFC 6749 §4.4) and of
//! using its token (RFC 6750), each with a state derived from plain inputs, and the guided
//! scenarios for the simulated server as plain data.
//!
//! The diagram shows seven steps across three parties — client, authorization server,
//! resource server. [`flow_steps`] decides, from the latest token exchange and API call, which
//! steps are done, in progress, failed or still pending, and what data each one shows.

use crate::bearer::parse_challenge;
use crate::draft::{Draft, Teaching};
use crate::http::{HttpRequest, HttpResponse, MASK, reason_phrase};
use crate::request::{GRANT_TYPE, Mistakes, TokenRequest};
use crate::response::TokenOutcome;
use crate::simulator::Fault;
use crate::types::AccessToken;

/// One step of the flow, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepId {
    /// The client composes the token request (RFC 6749 §4.4.2).
    Prepare,
    /// The client sends it to the token endpoint (RFC 6749 §3.2).
    Send,
    /// The authorization server authenticates the client and checks the request
    /// (RFC 6749 §2.3, §4.4.2).
    Validate,
    /// The authorization server issues an access token (RFC 6749 §4.4.3, §5.1).
    Issue,
    /// The client keeps the token until it expires (RFC 6749 §10.3).
    Store,
    /// The client calls the protected API with the token (RFC 6750 §2.1).
    CallApi,
    /// The resource server checks the token (RFC 6750 §3).
    ApiValidate,
}

/// Who acts in a step: where it sits in the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lane {
    /// The client alone.
    Client,
    /// From the client to the authorization server.
    ClientToServer,
    /// The authorization server alone.
    Server,
    /// From the client to the resource server.
    ClientToResource,
    /// The resource server alone.
    Resource,
}

impl Lane {
    /// A stable id (a CSS hook).
    pub fn id(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::ClientToServer => "client-as",
            Self::Server => "as",
            Self::ClientToResource => "client-rs",
            Self::Resource => "rs",
        }
    }

    /// The parties, as shown.
    pub fn label(self) -> &'static str {
        match self {
            Self::Client => "Client",
            Self::ClientToServer => "Client → Authorization server",
            Self::Server => "Authorization server",
            Self::ClientToResource => "Client → Resource server",
            Self::Resource => "Resource server",
        }
    }
}

impl StepId {
    /// Every step, in flow order.
    pub const ALL: [StepId; 7] = [
        StepId::Prepare,
        StepId::Send,
        StepId::Validate,
        StepId::Issue,
        StepId::Store,
        StepId::CallApi,
        StepId::ApiValidate,
    ];

    /// A stable id.
    pub fn id(self) -> &'static str {
        match self {
            Self::Prepare => "prepare",
            Self::Send => "send",
            Self::Validate => "validate",
            Self::Issue => "issue",
            Self::Store => "store",
            Self::CallApi => "call-api",
            Self::ApiValidate => "api-validate",
        }
    }

    /// The title shown.
    pub fn title(self) -> &'static str {
        match self {
            Self::Prepare => "Prepare request",
            Self::Send => "Send",
            Self::Validate => "Server validates credentials",
            Self::Issue => "Token issued",
            Self::Store => "Client stores token",
            Self::CallApi => "Client calls API",
            Self::ApiValidate => "API validates token",
        }
    }

    /// Where the step sits.
    pub fn lane(self) -> Lane {
        match self {
            Self::Prepare | Self::Store => Lane::Client,
            Self::Send => Lane::ClientToServer,
            Self::Validate | Self::Issue => Lane::Server,
            Self::CallApi => Lane::ClientToResource,
            Self::ApiValidate => Lane::Resource,
        }
    }

    /// The rule that defines the step.
    pub fn rule(self) -> &'static str {
        match self {
            Self::Prepare => "RFC 6749 §4.4.2",
            Self::Send => "RFC 6749 §3.2",
            Self::Validate => "RFC 6749 §2.3, §5.2",
            Self::Issue => "RFC 6749 §4.4.3, §5.1",
            Self::Store => "RFC 6749 §10.3",
            Self::CallApi => "RFC 6750 §2.1",
            Self::ApiValidate => "RFC 6750 §3.1",
        }
    }
}

/// Where a step is. Shown as text and an icon, never by colour alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StepState {
    /// Not reached yet.
    #[default]
    Pending,
    /// Happening now.
    Active,
    /// Completed.
    Done,
    /// Went wrong here.
    Failed,
}

impl StepState {
    /// A stable id (a CSS hook).
    pub fn id(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Active => "In progress",
            Self::Done => "Done",
            Self::Failed => "Failed",
        }
    }

    /// A symbol for the state (decorative: the label says the same).
    pub fn icon(self) -> &'static str {
        match self {
            Self::Pending => "○",
            Self::Active => "◔",
            Self::Done => "✓",
            Self::Failed => "✗",
        }
    }
}

/// One step as the diagram shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Which step.
    pub id: StepId,
    /// Where it is.
    pub state: StepState,
    /// The data involved (secrets masked unless revealed).
    pub detail: String,
}

/// The request the form would send now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// e.g. `POST /oauth2/token HTTP/1.1` (credentials in the target masked).
    pub request_line: String,
    /// e.g. `client_secret_basic`.
    pub auth_method: String,
}

impl Prepared {
    /// What the diagram shows of a validated request.
    pub fn from_request(request: &TokenRequest) -> Self {
        Self {
            request_line: request_line(&request.to_http()),
            auth_method: request.auth.method().as_str().to_string(),
        }
    }
}

/// The request line of a request, with credentials in the target masked (teaching mode's GET).
pub fn request_line(request: &HttpRequest) -> String {
    let target = request.masked_target.as_ref().unwrap_or(&request.target);
    format!("{} {target} HTTP/1.1", request.method)
}

/// What came back from the token endpoint, reduced to what the diagram shows.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenAnswer {
    /// No HTTP response: timeout, network or CORS failure.
    NoResponse(String),
    /// A token (RFC 6749 §5.1).
    Token {
        /// HTTP status.
        status: u16,
        /// `token_type`.
        token_type: String,
        /// `expires_in`, when usable.
        expires_in: Option<u64>,
        /// `scope` as granted, when returned.
        scope: Option<String>,
        /// The token (shown masked unless revealed).
        access_token: AccessToken,
    },
    /// An error response (RFC 6749 §5.2).
    Refused {
        /// HTTP status.
        status: u16,
        /// `error`.
        error: String,
        /// `error_description`, if any.
        description: Option<String>,
    },
    /// Neither a token nor an error response.
    Unusable {
        /// HTTP status.
        status: u16,
        /// What is wrong with it.
        problem: String,
    },
}

/// The meaning of a token endpoint response, for the diagram.
pub fn token_answer(status: u16, outcome: &TokenOutcome) -> TokenAnswer {
    match outcome {
        TokenOutcome::Token(t) => TokenAnswer::Token {
            status,
            token_type: t.token_type.clone(),
            expires_in: t.expires_in,
            scope: t.scope.clone(),
            access_token: t.access_token.clone(),
        },
        TokenOutcome::Error(e) => TokenAnswer::Refused {
            status,
            error: e.error.clone(),
            description: e.error_description.clone(),
        },
        TokenOutcome::Problem(p) => TokenAnswer::Unusable {
            status,
            problem: p.to_string(),
        },
    }
}

/// The latest token exchange.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenExchange {
    /// The request line as sent.
    pub request_line: String,
    /// The client authentication method used.
    pub auth_method: String,
    /// The scope requested (space-separated; empty when none).
    pub requested_scope: String,
    /// Milliseconds from send to answer.
    pub elapsed_ms: u64,
    /// What came back.
    pub answer: TokenAnswer,
}

/// What came back from the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiAnswer {
    /// No HTTP response.
    NoResponse(String),
    /// An HTTP response.
    Answered {
        /// HTTP status.
        status: u16,
        /// The `error` of a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3), if any.
        error: Option<String>,
        /// Its `error_description`, if any.
        description: Option<String>,
    },
}

/// The meaning of an API response, for the diagram.
pub fn api_answer(response: &HttpResponse) -> ApiAnswer {
    let challenge = response
        .header("www-authenticate")
        .and_then(parse_challenge);
    ApiAnswer::Answered {
        status: response.status,
        error: challenge.as_ref().and_then(|c| c.error.clone()),
        description: challenge.and_then(|c| c.error_description),
    }
}

/// Whether an API request carried `token` (`Authorization: Bearer`, RFC 6750 §2.1): an API
/// call made with an earlier token does not belong to the current flow.
pub fn carries_token(request: &HttpRequest, token: &AccessToken) -> bool {
    request
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| t == token.expose())
}

/// The latest API call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiCall {
    /// The request line as sent.
    pub request_line: String,
    /// Whether it carried the token of the latest exchange.
    pub current_token: bool,
    /// What came back.
    pub answer: ApiAnswer,
}

/// Everything the diagram is derived from.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowInput {
    /// The request the form would send, or the problems that stop it.
    pub prepared: Result<Prepared, Vec<String>>,
    /// Whether a token request is in flight.
    pub sending: bool,
    /// The latest token exchange.
    pub exchange: Option<TokenExchange>,
    /// The latest API call.
    pub api: Option<ApiCall>,
    /// Whether secrets are shown in clear.
    pub reveal: bool,
}

/// Whether the server processed the request at all: 5xx and 429 mean it did not get to
/// judging the credentials (RFC 9110 §15.6, RFC 6585 §4).
fn processed(status: u16) -> bool {
    status < 500 && status != 429
}

fn status_text(status: u16) -> String {
    format!("{status} {}", reason_phrase(status))
}

/// The state and data of every step, in order.
pub fn flow_steps(input: &FlowInput) -> [Step; 7] {
    let step = |id, state, detail: String| Step { id, state, detail };
    let pending = |id, detail: &str| step(id, StepState::Pending, detail.to_string());

    let prepare = match &input.prepared {
        Ok(p) => step(
            StepId::Prepare,
            StepState::Done,
            format!("{} · {}", p.request_line, p.auth_method),
        ),
        Err(problems) => step(
            StepId::Prepare,
            StepState::Failed,
            format!("Not ready: {}", problems.join("; ")),
        ),
    };

    // While a token request is in flight, everything after it waits for the answer.
    let exchange = if input.sending {
        None
    } else {
        input.exchange.as_ref()
    };
    let send = match (input.sending, exchange) {
        (true, _) => step(
            StepId::Send,
            StepState::Active,
            "Waiting for the token endpoint…".into(),
        ),
        (false, None) => pending(StepId::Send, "Press Send (Ctrl+Enter or Alt+N)."),
        (false, Some(ex)) => {
            let sent = format!("{} · {}", ex.request_line, ex.auth_method);
            match &ex.answer {
                TokenAnswer::NoResponse(why) => step(
                    StepId::Send,
                    StepState::Failed,
                    format!("{sent} → no answer: {why}"),
                ),
                TokenAnswer::Token { status, .. }
                | TokenAnswer::Refused { status, .. }
                | TokenAnswer::Unusable { status, .. } => {
                    let answered =
                        format!("{sent} → {} in {} ms", status_text(*status), ex.elapsed_ms);
                    if processed(*status) {
                        step(StepId::Send, StepState::Done, answered)
                    } else {
                        step(
                            StepId::Send,
                            StepState::Failed,
                            format!(
                                "{answered}: the server did not process the request; retry later"
                            ),
                        )
                    }
                }
            }
        }
    };

    let answered = exchange.and_then(|ex| match &ex.answer {
        TokenAnswer::NoResponse(_) => None,
        TokenAnswer::Token { status, .. }
        | TokenAnswer::Refused { status, .. }
        | TokenAnswer::Unusable { status, .. } => processed(*status).then_some(&ex.answer),
    });
    let not_reached = "Not reached.";
    let validate = match answered {
        None => pending(StepId::Validate, not_reached),
        Some(TokenAnswer::Token { status, .. }) => step(
            StepId::Validate,
            StepState::Done,
            format!(
                "{}: client authenticated, request accepted",
                status_text(*status)
            ),
        ),
        Some(TokenAnswer::Refused {
            status,
            error,
            description,
        }) => step(
            StepId::Validate,
            StepState::Failed,
            match description {
                Some(d) => format!("{} · {error}: {d}", status_text(*status)),
                None => format!("{} · {error}", status_text(*status)),
            },
        ),
        Some(TokenAnswer::Unusable { status, problem }) => {
            if (200..300).contains(status) {
                step(StepId::Validate, StepState::Done, status_text(*status))
            } else {
                step(
                    StepId::Validate,
                    StepState::Failed,
                    format!("{}: {problem}", status_text(*status)),
                )
            }
        }
        Some(TokenAnswer::NoResponse(_)) => pending(StepId::Validate, not_reached),
    };

    let token = match answered {
        Some(TokenAnswer::Token {
            token_type,
            expires_in,
            scope,
            access_token,
            ..
        }) => Some((token_type, expires_in, scope, access_token)),
        _ => None,
    };
    // An absent `scope` means the scope requested was granted (RFC 6749 §5.1, §3.3).
    let requested = exchange.map_or("", |ex| ex.requested_scope.as_str());
    let issue = match (answered, &token) {
        (_, Some((token_type, expires_in, scope, _))) => step(
            StepId::Issue,
            StepState::Done,
            format!(
                "token_type {token_type} · expires_in {} · scope {}",
                expires_in.map_or("absent".to_string(), |s| format!("{s} s")),
                match scope {
                    Some(s) => s.clone(),
                    None if requested.is_empty() => "(server default)".to_string(),
                    None => format!("{requested} (as requested)"),
                },
            ),
        ),
        (Some(TokenAnswer::Unusable { status, problem }), None) if (200..300).contains(status) => {
            step(StepId::Issue, StepState::Failed, problem.clone())
        }
        _ => pending(StepId::Issue, not_reached),
    };
    let store = match &token {
        Some((token_type, expires_in, _, access_token)) => {
            let shown = if input.reveal {
                access_token.expose()
            } else {
                MASK
            };
            let scheme = if token_type.eq_ignore_ascii_case("bearer") {
                "Bearer"
            } else {
                token_type.as_str()
            };
            step(
                StepId::Store,
                StepState::Done,
                format!(
                    "Authorization: {scheme} {shown} · kept {}",
                    expires_in.map_or("until the API refuses it".to_string(), |s| format!(
                        "for {s} s, then a new token is requested"
                    ))
                ),
            )
        }
        None => pending(StepId::Store, not_reached),
    };

    let api = input
        .api
        .as_ref()
        .filter(|a| token.is_some() && a.current_token);
    let (call, check) = match api {
        None if token.is_some() => (
            pending(StepId::CallApi, "Press Call API."),
            pending(StepId::ApiValidate, not_reached),
        ),
        None => (
            pending(StepId::CallApi, "Needs a token first."),
            pending(StepId::ApiValidate, not_reached),
        ),
        Some(ApiCall {
            request_line,
            answer: ApiAnswer::NoResponse(why),
            ..
        }) => (
            step(
                StepId::CallApi,
                StepState::Failed,
                format!("{request_line} → no answer: {why}"),
            ),
            pending(StepId::ApiValidate, not_reached),
        ),
        Some(ApiCall {
            request_line,
            answer:
                ApiAnswer::Answered {
                    status,
                    error,
                    description,
                },
            ..
        }) => {
            let call = step(
                StepId::CallApi,
                StepState::Done,
                format!("{request_line} · Authorization: Bearer {MASK}"),
            );
            let check = if (200..300).contains(status) {
                step(
                    StepId::ApiValidate,
                    StepState::Done,
                    format!("{}: token accepted", status_text(*status)),
                )
            } else {
                let mut text = status_text(*status);
                if let Some(e) = error {
                    text.push_str(&format!(" · {e}"));
                }
                if let Some(d) = description {
                    text.push_str(&format!(": {d}"));
                }
                step(StepId::ApiValidate, StepState::Failed, text)
            };
            (call, check)
        }
    };

    [prepare, send, validate, issue, store, call, check]
}

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
    };
}

/// What a scenario does once its token arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterToken {
    /// Nothing: the explanation says what to do next.
    Nothing,
    /// Call the API with the new token.
    CallApi,
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
            ..example
        }
    }

    /// The scenario with this id.
    pub fn find(id: &str) -> Option<&'static Scenario> {
        SCENARIOS.iter().find(|s| s.id == id)
    }
}

/// The guided scenarios, in the order offered.
pub const SCENARIOS: [Scenario; 6] = [
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
];

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared() -> Result<Prepared, Vec<String>> {
        Ok(Prepared {
            request_line: "POST /oauth2/token HTTP/1.1".into(),
            auth_method: "client_secret_basic".into(),
        })
    }

    fn issued() -> TokenExchange {
        TokenExchange {
            request_line: "POST /oauth2/token HTTP/1.1".into(),
            auth_method: "client_secret_basic".into(),
            requested_scope: "orders:read".into(),
            elapsed_ms: 3,
            answer: TokenAnswer::Token {
                status: 200,
                token_type: "Bearer".into(),
                expires_in: Some(3600),
                scope: Some("orders:read".into()),
                access_token: AccessToken::new("tok-123"),
            },
        }
    }

    fn input(exchange: Option<TokenExchange>) -> FlowInput {
        FlowInput {
            prepared: prepared(),
            sending: false,
            exchange,
            api: None,
            reveal: false,
        }
    }

    fn states(steps: &[Step; 7]) -> Vec<StepState> {
        steps.iter().map(|s| s.state).collect()
    }

    use StepState::{Active, Done, Failed, Pending};

    #[test]
    fn flow_steps_nothing_sent_only_prepare_done() {
        let steps = flow_steps(&input(None));
        assert_eq!(
            states(&steps),
            [Done, Pending, Pending, Pending, Pending, Pending, Pending]
        );
        assert!(steps[0].detail.contains("client_secret_basic"));
    }

    #[test]
    fn flow_steps_invalid_form_prepare_failed_with_problems() {
        let mut i = input(None);
        i.prepared = Err(vec!["Client secret is required".into()]);
        let steps = flow_steps(&i);
        assert_eq!(steps[0].state, Failed);
        assert!(steps[0].detail.contains("Client secret is required"));
    }

    #[test]
    fn flow_steps_sending_send_active_rest_pending() {
        let mut i = input(Some(issued()));
        i.sending = true;
        assert_eq!(
            states(&flow_steps(&i)),
            [Done, Active, Pending, Pending, Pending, Pending, Pending]
        );
    }

    #[test]
    fn flow_steps_token_issued_token_steps_done_token_masked() {
        let steps = flow_steps(&input(Some(issued())));
        assert_eq!(
            states(&steps),
            [Done, Done, Done, Done, Done, Pending, Pending]
        );
        assert!(steps[3].detail.contains("expires_in 3600 s"));
        assert!(steps[4].detail.contains(&format!("Bearer {MASK}")));
        assert!(!steps.iter().any(|s| s.detail.contains("tok-123")));
    }

    #[test]
    fn flow_steps_revealed_store_shows_token() {
        let mut i = input(Some(issued()));
        i.reveal = true;
        assert!(flow_steps(&i)[4].detail.contains("Bearer tok-123"));
    }

    #[test]
    fn flow_steps_wrong_secret_validate_failed() {
        let mut ex = issued();
        ex.answer = TokenAnswer::Refused {
            status: 401,
            error: "invalid_client".into(),
            description: Some("Bad secret".into()),
        };
        let steps = flow_steps(&input(Some(ex)));
        assert_eq!(
            states(&steps),
            [Done, Done, Failed, Pending, Pending, Pending, Pending]
        );
        assert!(
            steps[2]
                .detail
                .contains("401 Unauthorized · invalid_client")
        );
    }

    #[test]
    fn flow_steps_server_unavailable_send_failed() {
        let mut ex = issued();
        ex.answer = TokenAnswer::Unusable {
            status: 503,
            problem: "not JSON".into(),
        };
        let steps = flow_steps(&input(Some(ex)));
        assert_eq!(steps[1].state, Failed);
        assert!(steps[1].detail.contains("503 Service Unavailable"));
        assert_eq!(steps[2].state, Pending);
    }

    #[test]
    fn flow_steps_no_response_send_failed() {
        let mut ex = issued();
        ex.answer = TokenAnswer::NoResponse("timed out".into());
        let steps = flow_steps(&input(Some(ex)));
        assert_eq!(steps[1].state, Failed);
        assert!(steps[1].detail.contains("timed out"));
    }

    #[test]
    fn flow_steps_ok_but_not_a_token_issue_failed() {
        let mut ex = issued();
        ex.answer = TokenAnswer::Unusable {
            status: 200,
            problem: "the body is not JSON".into(),
        };
        assert_eq!(
            states(&flow_steps(&input(Some(ex)))),
            [Done, Done, Done, Failed, Pending, Pending, Pending]
        );
    }

    fn api(status: u16, error: Option<&str>, current_token: bool) -> ApiCall {
        ApiCall {
            request_line: "GET /api/orders HTTP/1.1".into(),
            current_token,
            answer: ApiAnswer::Answered {
                status,
                error: error.map(str::to_string),
                description: None,
            },
        }
    }

    #[test]
    fn flow_steps_api_ok_all_done() {
        let mut i = input(Some(issued()));
        i.api = Some(api(200, None, true));
        assert_eq!(states(&flow_steps(&i)), [Done; 7]);
    }

    #[test]
    fn flow_steps_api_insufficient_scope_api_validate_failed() {
        let mut i = input(Some(issued()));
        i.api = Some(api(403, Some("insufficient_scope"), true));
        let steps = flow_steps(&i);
        assert_eq!(steps[5].state, Done);
        assert_eq!(steps[6].state, Failed);
        assert!(
            steps[6]
                .detail
                .contains("403 Forbidden · insufficient_scope")
        );
    }

    #[test]
    fn flow_steps_api_call_with_older_token_pending() {
        let mut i = input(Some(issued()));
        i.api = Some(api(200, None, false));
        let steps = flow_steps(&i);
        assert_eq!(steps[5].state, Pending);
        assert_eq!(steps[6].state, Pending);
    }

    #[test]
    fn carries_token_same_and_other_token_detected() {
        let request = crate::bearer::api_request(
            "https://authorization-server.example/api/orders",
            "GET",
            "tok-123",
            "",
        )
        .expect("valid URL");
        assert!(carries_token(&request, &AccessToken::new("tok-123")));
        assert!(!carries_token(&request, &AccessToken::new("tok-456")));
    }

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
