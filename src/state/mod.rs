//! Reactive glue: the app's signals, the derived request, and the send action.
//!
//! Data flows one way: form fields → [`Draft`] → validated [`TokenRequest`] (memo) → raw view;
//! Send → transport → parse → [`Exchange`] → inspector. A response from an older send that
//! finishes after a newer one is dropped by attempt id.

use crate::crypto::{WebCryptoSigner, random_jti};
use crate::hooks::now_ms;
use crate::oauth::assertion::{JwtAlg, Signer, SigningKey, parse_private_key};
use crate::oauth::bearer;
use crate::oauth::draft::{AssertionState, Draft, FieldError, Row, Teaching};
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::oauth::introspection::{self, Introspection};
use crate::oauth::jwt;
use crate::oauth::metadata::{self, Accepted, MetadataError, well_known_urls};
use crate::oauth::notices::{Counted, NOTICE_LIMIT, push_counted};
use crate::oauth::prefill::{LockField, Notice, Theme};
use crate::oauth::renewal::{self, Renewal, RenewalInput};
use crate::oauth::request::TokenRequest;
use crate::oauth::response::{self, TokenOutcome};
use crate::oauth::simulator::{self, Fault, LogLine, Profile, Simulator, SimulatorConfig};
use crate::oauth::token::{IssuedToken, RenewAt};
use crate::oauth::types::AuthMethod;
use crate::transport::{self, Fetched, Mode, TransportError};
use leptos::prelude::*;
use leptos::task::spawn_local;

mod config;
mod openapi;
pub use config::{HostConsent, Startup, startup};
pub use openapi::Import;

/// Default live request timeout, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u32 = 15;

/// One completed send: what went out, what came back, and what it means.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The attempt id (increasing per send).
    pub attempt: u64,
    /// Simulated or live.
    pub mode: Mode,
    /// The request as sent.
    pub request: HttpRequest,
    /// The typed request it was rendered from (to check the token against).
    pub token_request: TokenRequest,
    /// The response, or why there is none.
    pub result: Result<HttpResponse, TransportError>,
    /// Milliseconds from send to response.
    pub elapsed_ms: u64,
    /// The interpretation of the response, when there is one.
    pub outcome: Option<TokenOutcome>,
    /// The issued token, when the response was a success.
    pub issued: Option<IssuedToken>,
}

/// One call of the API with the token.
#[derive(Clone, Debug)]
pub struct ApiExchange {
    /// The request as sent.
    pub request: HttpRequest,
    /// The response, or why there is none.
    pub result: Result<HttpResponse, TransportError>,
    /// Milliseconds from send to response.
    pub elapsed_ms: u64,
}

/// One line of the token history (kept in memory only, never the token itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The attempt id.
    pub attempt: u64,
    /// When the answer came (ms since the epoch).
    pub at_ms: u64,
    /// Simulated or live.
    pub mode: Mode,
    /// What came back, e.g. "token, expires_in 3600 s" or "invalid_client (401)".
    pub outcome: String,
}

/// How many history entries are kept.
pub const HISTORY_LIMIT: usize = 50;

/// What automatic renewal decides for the current token, as a context for the countdown.
#[derive(Clone, Copy)]
pub struct RenewalNote(pub ReadSignal<Option<Renewal>>);

/// What automatic renewal remembers between ticks: the current token's times (kept when a
/// renewal fails, as the client still holds that token) and its own attempts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct RenewalTrack {
    /// The latest exchange already taken into account.
    seen_attempt: u64,
    /// The current token: when it arrived and when it expires (ms since the epoch).
    token: Option<(u64, Option<u64>)>,
    /// When the latest automatic renewal was sent (any token).
    last_attempt_ms: Option<u64>,
    /// Automatic renewals sent for the current token.
    attempts: u32,
    /// Of those, failed in a row.
    errors: u32,
}

impl RenewalTrack {
    /// Takes exchange `attempt` into account once: a new token starts afresh; an answer
    /// without a token while a renewal is pending is that renewal failing.
    fn follow(&mut self, attempt: u64, issued: Option<&IssuedToken>) {
        if attempt == self.seen_attempt {
            return;
        }
        self.seen_attempt = attempt;
        match issued {
            Some(token) => {
                self.token = Some((token.received_at_ms, token.expires_at_ms()));
                self.attempts = 0;
                self.errors = 0;
            }
            None if self.attempts > self.errors => self.errors = self.errors.saturating_add(1),
            None => {}
        }
    }

    /// The decision for the current token, if there is one.
    fn decide(&self, policy: RenewAt, now_ms: u64) -> Option<Renewal> {
        let (issued_at_ms, expires_at_ms) = self.token?;
        Some(renewal::decide(&RenewalInput {
            issued_at_ms,
            expires_at_ms,
            policy,
            now_ms,
            last_attempt_ms: self.last_attempt_ms,
            attempts: self.attempts,
            errors: self.errors,
        }))
    }
}

/// A simulated token lifetime typed, when it is 10 s to a day.
pub fn parse_lifetime(text: &str) -> Option<u64> {
    text.trim()
        .parse()
        .ok()
        .filter(|n| (10..=86_400).contains(n))
}

/// A simulated latency typed, in ms: fixed (`300`) or random within a range (`100-800`), each
/// bound 0 to 30 000. `None` when malformed (the app then waits 0 ms).
pub fn parse_latency(text: &str) -> Option<(i32, i32)> {
    let bound = |t: &str| t.trim().parse().ok().filter(|n| (0..=30_000).contains(n));
    match text.split_once('-') {
        Some((low, high)) => Some((bound(low)?, bound(high)?)).filter(|(l, h)| l <= h),
        None => bound(text).map(|n| (n, n)),
    }
}

/// A simulated clock skew typed, in seconds (−86 400 to 86 400).
pub fn parse_skew(text: &str) -> Option<i64> {
    text.trim()
        .trim_start_matches('+')
        .parse()
        .ok()
        .filter(|n: &i64| n.abs() <= 86_400)
}

/// The result of verifying a JWT access token's signature.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Verification {
    /// Not attempted (no JWKS URL yet, or an opaque token).
    #[default]
    NotChecked,
    /// Fetching the JWKS and verifying.
    Checking,
    /// The signature verifies with this key.
    Verified {
        /// The key's `kid`, if it has one.
        kid: Option<String>,
        /// Where the JWKS came from.
        jwks_url: String,
    },
    /// The signature does not verify.
    BadSignature,
    /// Verification could not run: why.
    Problem(String),
}

/// The default API to call: the simulated protected resource.
pub const DEFAULT_API_URL: &str = "https://authorization-server.example/api/orders";

/// The state of metadata discovery.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Discovery {
    /// Not started.
    #[default]
    Idle,
    /// Fetching.
    Running,
    /// Found a usable document.
    Found {
        /// Where it was found.
        url: String,
        /// What it says: only a document whose issuer is the one asked for (RFC 8414 §3.3).
        metadata: Box<Accepted>,
        /// How it fits the request being composed.
        warnings: Vec<String>,
    },
    /// Failed: why, per URL tried.
    Failed(String),
}

/// All application state, cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct AppState {
    /// "Token URL" as typed.
    pub token_url: RwSignal<String>,
    /// "Client ID" as typed.
    pub client_id: RwSignal<String>,
    /// "Client secret" as typed (never persisted).
    pub client_secret: RwSignal<String>,
    /// "Client authentication".
    pub auth: RwSignal<AuthMethod>,
    /// "Scope" as typed.
    pub scope: RwSignal<String>,
    /// "Audience" as typed.
    pub audience: RwSignal<String>,
    /// "Resource" as typed (one URI per line).
    pub resource: RwSignal<String>,
    /// "Extra parameters" rows.
    pub extra_params: RwSignal<Vec<Row>>,
    /// "Extra headers" rows.
    pub extra_headers: RwSignal<Vec<Row>>,
    /// Teaching mode settings.
    pub teaching: RwSignal<Teaching>,
    /// "Private key" (PEM or JWK; never persisted).
    pub private_key: RwSignal<String>,
    /// "Signing algorithm" for private_key_jwt.
    pub jwt_alg: RwSignal<JwtAlg>,
    /// "Assertion lifetime" as typed.
    pub assertion_lifetime: RwSignal<String>,
    /// "Key ID (kid)" as typed.
    pub kid: RwSignal<String>,
    /// The latest signed client assertion (preview; each send signs a fresh one).
    pub assertion: RwSignal<AssertionState>,
    /// Live request timeout in seconds, as typed.
    pub timeout: RwSignal<String>,
    /// The latest introspection answer (RFC 7662).
    pub introspection: RwSignal<Option<Result<Introspection, String>>>,
    /// Every send's outcome, newest first.
    pub history: RwSignal<Vec<HistoryEntry>>,
    /// When automatic renewal asks for a new token.
    pub renew_at: RwSignal<RenewAt>,
    /// "Renew automatically before expiry".
    pub auto_renew: RwSignal<bool>,
    /// What automatic renewal knows of the current token and its own past attempts.
    renewal_track: StoredValue<RenewalTrack>,
    /// What automatic renewal does for the current token (`None` while it is off).
    pub renewal: RwSignal<Option<Renewal>>,
    /// "JWKS URL" for verifying JWT access tokens (filled by discovery).
    pub jwks_url: RwSignal<String>,
    /// The signature check of the latest JWT access token.
    pub verification: RwSignal<Verification>,
    /// Simulated server: token lifetime in seconds, as typed.
    pub sim_lifetime: RwSignal<String>,
    /// Simulated server: opaque instead of JWT access tokens.
    pub sim_opaque: RwSignal<bool>,
    /// Simulated server: the fault its token endpoint answers with.
    pub sim_fault: RwSignal<Fault>,
    /// Simulated server: latency in milliseconds, as typed.
    pub sim_latency: RwSignal<String>,
    /// "API URL" as typed.
    pub api_url: RwSignal<String>,
    /// "Method" of the API call.
    pub api_method: RwSignal<String>,
    /// "Body" of the API call.
    pub api_body: RwSignal<String>,
    /// The latest API call.
    pub api_exchange: RwSignal<Option<ApiExchange>>,
    /// A message about an API call that could not start.
    pub api_blocked: RwSignal<Option<String>>,
    /// "Issuer" as typed (for discovery).
    pub issuer: RwSignal<String>,
    /// The state of metadata discovery.
    pub discovery: RwSignal<Discovery>,
    /// The public JWK of the last generated demo key.
    pub demo_public_jwk: RwSignal<Option<String>>,
    /// The whole form as typed.
    pub draft: Memo<Draft>,
    /// Simulated or live sending.
    pub mode: RwSignal<Mode>,
    /// Whether secrets are shown in clear.
    pub reveal: RwSignal<bool>,
    /// The validated request, or the field errors.
    pub validated: Memo<Result<TokenRequest, Vec<FieldError>>>,
    /// The latest completed exchange.
    pub exchange: RwSignal<Option<Exchange>>,
    /// True while a send is in flight.
    pub sending: RwSignal<bool>,
    /// A message about a send that could not start.
    pub send_blocked: RwSignal<Option<String>>,
    attempt: StoredValue<u64>,
    in_flight: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    simulator: StoredValue<Simulator>,
    /// The simulated server's imitated provider.
    pub sim_profile: RwSignal<Profile>,
    /// The simulated server's clock skew in seconds, as typed.
    pub sim_skew: RwSignal<String>,
    /// The example client's registered secret (simulated; never saved).
    pub sim_client_secret: RwSignal<String>,
    /// The example client's allowed scopes, space-separated.
    pub sim_client_scopes: RwSignal<String>,
    /// The example client's allowed resources/audiences, one per line.
    pub sim_client_audiences: RwSignal<String>,
    /// The method the example client is registered for (`None`: any secret or key method).
    pub sim_method: RwSignal<Option<AuthMethod>>,
    /// Whether the composer's public key is registered for its client before each send
    /// (as an administrator uploads a client's JWKS).
    pub sim_register_key: RwSignal<bool>,
    /// What the simulated server did for the last request it answered.
    pub server_log: RwSignal<Vec<LogLine>>,
    /// Light, dark or auto colours (`data-theme` on the root element).
    pub theme: RwSignal<Theme>,
    /// Messages about the URL, the saved configuration or host messages (dismissible), each
    /// with how often it came; add with [`AppState::notify`] so the list stays bounded.
    pub notices: RwSignal<Vec<Counted<Notice>>>,
    /// Fields a docs author made read-only (`lock=`).
    pub locked: RwSignal<Vec<LockField>>,
    /// The compact layout for iframes (`embed=1`).
    pub embed: RwSignal<bool>,
    /// Host-page origins allowed to receive token data and to send messages (`origin=`).
    pub origins: StoredValue<Vec<String>>,
    /// Keep the client secret in `sessionStorage` for this tab (opt-in).
    pub remember_secret: RwSignal<bool>,
    /// The OpenAPI document as pasted or fetched.
    pub openapi_text: RwSignal<String>,
    /// Where to fetch the OpenAPI document from.
    pub openapi_url: RwSignal<String>,
    /// The OpenAPI import's result.
    pub openapi: RwSignal<Import>,
    /// The private key the simulator's JWT access tokens are signed with (made at start-up).
    simulator_key: StoredValue<Option<SigningKey>>,
    /// True once the simulator's key is ready, or could not be made.
    simulator_key_settled: StoredValue<bool>,
}

impl AppState {
    /// State initialised from `draft` (the built-in example on first open).
    pub fn new(draft: Draft, mode: Mode, seed: u64) -> Self {
        let token_url = RwSignal::new(draft.token_url);
        let client_id = RwSignal::new(draft.client_id);
        let client_secret = RwSignal::new(draft.client_secret.into_exposed());
        let auth = RwSignal::new(draft.auth);
        let scope = RwSignal::new(draft.scope);
        let audience = RwSignal::new(draft.audience);
        let resource = RwSignal::new(draft.resource);
        let extra_params = RwSignal::new(draft.extra_params);
        let extra_headers = RwSignal::new(draft.extra_headers);
        let teaching = RwSignal::new(draft.teaching);
        let private_key = RwSignal::new(draft.private_key.into_exposed());
        let jwt_alg = RwSignal::new(draft.jwt_alg);
        let assertion_lifetime = RwSignal::new(draft.assertion_lifetime);
        let kid = RwSignal::new(draft.kid);
        let assertion = RwSignal::new(draft.assertion);
        let draft = Memo::new(move |_| Draft {
            token_url: token_url.get(),
            client_id: client_id.get(),
            client_secret: client_secret.get().into(),
            auth: auth.get(),
            scope: scope.get(),
            audience: audience.get(),
            resource: resource.get(),
            extra_params: extra_params.get(),
            extra_headers: extra_headers.get(),
            teaching: teaching.get(),
            private_key: private_key.get().into(),
            jwt_alg: jwt_alg.get(),
            assertion_lifetime: assertion_lifetime.get(),
            kid: kid.get(),
            assertion: assertion.get(),
        });
        let validated = Memo::new(move |_| draft.with(Draft::validate));
        Self {
            token_url,
            client_id,
            client_secret,
            auth,
            scope,
            audience,
            resource,
            extra_params,
            extra_headers,
            teaching,
            private_key,
            jwt_alg,
            assertion_lifetime,
            kid,
            assertion,
            demo_public_jwk: RwSignal::new(None),
            issuer: RwSignal::new(String::new()),
            api_url: RwSignal::new(DEFAULT_API_URL.to_string()),
            sim_lifetime: RwSignal::new("3600".to_string()),
            sim_opaque: RwSignal::new(false),
            sim_fault: RwSignal::new(Fault::None),
            sim_latency: RwSignal::new("0".to_string()),
            jwks_url: RwSignal::new(String::new()),
            auto_renew: RwSignal::new(false),
            renew_at: RwSignal::new(RenewAt::default()),
            history: RwSignal::new(Vec::new()),
            introspection: RwSignal::new(None),
            renewal_track: StoredValue::new(RenewalTrack::default()),
            renewal: RwSignal::new(None),
            verification: RwSignal::new(Verification::NotChecked),
            timeout: RwSignal::new(DEFAULT_TIMEOUT_SECS.to_string()),
            api_method: RwSignal::new("GET".to_string()),
            api_body: RwSignal::new(String::new()),
            api_exchange: RwSignal::new(None),
            api_blocked: RwSignal::new(None),
            discovery: RwSignal::new(Discovery::Idle),
            draft,
            mode: RwSignal::new(mode),
            reveal: RwSignal::new(false),
            validated,
            exchange: RwSignal::new(None),
            sending: RwSignal::new(false),
            send_blocked: RwSignal::new(None),
            attempt: StoredValue::new(0),
            in_flight: StoredValue::new_local(None),
            simulator: StoredValue::new(Simulator::new(SimulatorConfig::default(), seed)),
            sim_profile: RwSignal::new(Profile::Strict),
            sim_skew: RwSignal::new("0".to_string()),
            sim_method: RwSignal::new(None),
            sim_client_secret: RwSignal::new(
                crate::oauth::draft::EXAMPLE_CLIENT_SECRET.to_string(),
            ),
            sim_client_scopes: RwSignal::new(
                SimulatorConfig::default().clients[0]
                    .allowed_scopes
                    .join(" "),
            ),
            sim_client_audiences: RwSignal::new(
                SimulatorConfig::default().clients[0].audiences.join("\n"),
            ),
            sim_register_key: RwSignal::new(true),
            server_log: RwSignal::new(Vec::new()),
            theme: RwSignal::new(Theme::Auto),
            notices: RwSignal::new(Vec::new()),
            locked: RwSignal::new(Vec::new()),
            embed: RwSignal::new(false),
            origins: StoredValue::new(Vec::new()),
            remember_secret: RwSignal::new(false),
            openapi_text: RwSignal::new(String::new()),
            openapi_url: RwSignal::new(String::new()),
            openapi: RwSignal::new(Import::Idle),
            simulator_key: StoredValue::new(None),
            simulator_key_settled: StoredValue::new(false),
        }
    }

    /// Gives the simulated server an ES256 key (generated in the browser, never stored), so that
    /// it issues JWT access tokens that can be verified with its JWKS. Until the key is ready,
    /// or if the browser cannot make one, its tokens are opaque.
    pub fn start_simulator_signing(self) {
        spawn_local(async move {
            let settle = move || self.simulator_key_settled.set_value(true);
            let Ok(key) = crate::crypto::generate_demo_key(JwtAlg::Es256).await else {
                return settle();
            };
            let (Ok(mut public), Ok(private)) = (
                serde_json::from_str::<serde_json::Value>(&key.public_jwk),
                parse_private_key(&key.private_jwk, JwtAlg::Es256),
            ) else {
                return settle();
            };
            public["kid"] = "simulator-key-1".into();
            public["use"] = "sig".into();
            public["alg"] = "ES256".into();
            self.simulator_key.set_value(Some(private));
            self.simulator.update_value(|s| s.set_signing_key(public));
            settle();
        });
    }

    /// Puts `draft` into the form fields.
    pub fn load_draft(self, draft: Draft) {
        self.token_url.set(draft.token_url);
        self.client_id.set(draft.client_id);
        self.client_secret.set(draft.client_secret.into_exposed());
        self.auth.set(draft.auth);
        self.scope.set(draft.scope);
        self.audience.set(draft.audience);
        self.resource.set(draft.resource);
        self.extra_params.set(draft.extra_params);
        self.extra_headers.set(draft.extra_headers);
        self.teaching.set(draft.teaching);
        self.private_key.set(draft.private_key.into_exposed());
        self.jwt_alg.set(draft.jwt_alg);
        self.assertion_lifetime.set(draft.assertion_lifetime);
        self.kid.set(draft.kid);
    }

    /// Keeps `data-theme` on the root element in step with the chosen theme ("auto" removes
    /// it, so `prefers-color-scheme` decides; see style/tokens.css). Alt+T cycles themes.
    pub fn apply_theme(self) {
        Effect::new(move |_| {
            let theme = self.theme.get();
            if let Some(root) = document().document_element() {
                let _ = match theme {
                    Theme::Auto => root.remove_attribute("data-theme"),
                    other => root.set_attribute("data-theme", other.as_str()),
                };
            }
        });
    }

    /// The next theme in the Alt+T cycle: auto → light → dark → auto.
    pub fn cycle_theme(self) {
        self.theme.update(|t| {
            *t = match t {
                Theme::Auto => Theme::Light,
                Theme::Light => Theme::Dark,
                Theme::Dark => Theme::Auto,
            }
        });
    }

    /// Applies the simulated server's settings as they change (lifetime from 10 s to a day).
    pub fn apply_simulator_settings(self) {
        Effect::new(move |_| {
            let lifetime = self.sim_lifetime.with(|t| parse_lifetime(t));
            let opaque = self.sim_opaque.get();
            let fault = self.sim_fault.get();
            let profile = self.sim_profile.get();
            let skew = self.sim_skew.with(|t| parse_skew(t));
            let method = self.sim_method.get();
            let secret = self.sim_client_secret.get();
            let scopes: Vec<String> = self
                .sim_client_scopes
                .with(|s| s.split_whitespace().map(str::to_string).collect());
            let audiences: Vec<String> = self.sim_client_audiences.with(|s| {
                s.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            });
            self.simulator.update_value(|s| {
                if let Some(secs) = lifetime {
                    s.config.token_lifetime_secs = secs;
                }
                s.config.opaque_tokens = opaque;
                s.config.fault = fault;
                s.config.profile = profile;
                s.config.clock_skew_secs = skew.unwrap_or(0);
                if let Some(example) = s.config.clients.first_mut() {
                    example.auth_methods = method.into_iter().collect();
                    example.secret = secret;
                    example.default_scopes.retain(|d| scopes.contains(d));
                    example.allowed_scopes = scopes;
                    example.audiences = audiences;
                }
            });
        });
    }

    /// Keeps the previewed client assertion signed for the current form (JWT methods only).
    /// Call once, from the component that owns the state.
    pub fn sign_assertions(self) {
        let draft = self.draft;
        let plan = Memo::new(move |_| draft.with(Draft::assertion_plan));
        let version = StoredValue::new(0u64);
        Effect::new(move |_| {
            let Some(Ok((plan, key))) = plan.get() else {
                return;
            };
            let mine = version.get_value() + 1;
            version.set_value(mine);
            spawn_local(async move {
                let result = plan
                    .sign(&key, now_ms() / 1000, &random_jti(), &WebCryptoSigner)
                    .await;
                if version.get_value() == mine {
                    self.assertion.set(match result {
                        Ok(jws) => AssertionState::Signed(jws.into()),
                        Err(e) => AssertionState::Failed(e),
                    });
                }
            });
        });
    }

    /// With "register the composer's key" on and `private_key_jwt` chosen, registers the public
    /// half of the composer's private key for the form's client with the simulated server
    /// (RFC 7591 §2 `jwks`), under the form's `kid` if one is typed.
    async fn register_composer_key(self) {
        let register = self.sim_register_key.get_untracked()
            && self.auth.get_untracked() == AuthMethod::PrivateKeyJwt;
        if !register {
            return;
        }
        let alg = self.jwt_alg.get_untracked();
        let Ok(key) = self
            .private_key
            .with_untracked(|k| parse_private_key(k, alg))
        else {
            return;
        };
        let Ok(mut jwk) = crate::crypto::public_jwk(alg, &key).await else {
            return;
        };
        let kid = self.kid.get_untracked();
        if !kid.trim().is_empty() {
            jwk["kid"] = kid.trim().into();
        }
        let client = self.client_id.get_untracked();
        let _ = self
            .simulator
            .try_update_value(|s| s.register_client_key(client.trim(), jwk));
    }

    /// The live request timeout typed ("Timeout (s)"), or the default.
    pub(crate) fn timeout_secs(self) -> u32 {
        self.timeout
            .with_untracked(|t| transport::parse_timeout(t))
            .unwrap_or(DEFAULT_TIMEOUT_SECS)
    }

    /// Sends one request on the chosen path; `what` names what is fetched (for messages). With
    /// `supersede`, a live request in flight from an earlier send is aborted first (only the
    /// latest send counts). `None` once unmounted.
    async fn dispatch(
        self,
        request: &HttpRequest,
        what: Fetched,
        mode: Mode,
        supersede: bool,
    ) -> Option<Result<HttpResponse, TransportError>> {
        match mode {
            Mode::Simulated => {
                let (low, high) = self
                    .sim_latency
                    .with_untracked(|l| parse_latency(l))
                    .unwrap_or((0, 0));
                let latency = low + (js_sys::Math::random() * f64::from(high - low + 1)) as i32;
                if latency > 0 {
                    crate::crypto::pause(latency).await;
                }
                if self.sim_fault.get_untracked() == Fault::NeverAnswers {
                    let timeout = self
                        .timeout
                        .with_untracked(|t| transport::parse_timeout(t))
                        .unwrap_or(DEFAULT_TIMEOUT_SECS);
                    crate::crypto::pause(timeout as i32 * 1000).await;
                    return Some(Err(TransportError::Timeout(timeout)));
                }
                // The key is made at start-up in a few milliseconds; a send in that window waits.
                for _ in 0..200 {
                    if self.simulator_key_settled.try_get_value()? {
                        break;
                    }
                    crate::crypto::pause(10).await;
                }
                self.register_composer_key().await;
                let bytes = request.to_bytes();
                // An RS256/ES256 client assertion is verified here, with WebCrypto, against the
                // client's registered key; the simulator takes the verdict.
                let check = self
                    .simulator
                    .try_with_value(|sim| sim.signature_check(&bytes))?;
                let verdict = match check {
                    Some(c) => crate::crypto::verify_jws(&c.jws, &c.alg, &c.jwk).await.ok(),
                    None => None,
                };
                let (response, log) = self.simulator.try_update_value(|sim| {
                    let response = transport::simulate(sim, &bytes, now_ms(), verdict);
                    (response, sim.last_log().to_vec())
                })?;
                // A JWT access token from the simulator gets its ES256 signature here.
                let (Some(input), Some(key)) = (
                    simulator::pending_signature(&response),
                    self.simulator_key.get_value(),
                ) else {
                    self.server_log.set(log);
                    return Some(Ok(response));
                };
                let signed = match WebCryptoSigner
                    .sign(JwtAlg::Es256, &key, input.as_bytes())
                    .await
                {
                    Ok(signature) => Ok(self
                        .simulator
                        .try_update_value(|sim| sim.complete(response, &signature))?),
                    Err(e) => Err(TransportError::Build(format!(
                        "the simulated server could not sign its token: {e}"
                    ))),
                };
                self.server_log.set(log);
                Some(signed)
            }
            Mode::Live => {
                let controller = transport::abort_controller()?;
                if supersede
                    && let Some(Some(previous)) = self
                        .in_flight
                        .try_update_value(|c| c.replace(controller.clone()))
                {
                    previous.abort();
                }
                Some(transport::fetch(request, what, self.timeout_secs(), controller).await)
            }
        }
    }

    /// Fetches the issuer's metadata (RFC 8414 §3, then OpenID Connect Discovery §4) on the
    /// current path (simulated or live), and fills the token URL and JWKS URL from the first
    /// document [`metadata::read_response`] accepts. A document whose `issuer` is not identical
    /// to the issuer asked for is never used (RFC 8414 §3.3): it fills nothing, and the reason,
    /// naming both issuers, is shown.
    pub fn discover(self) {
        let issuer = self.issuer.get_untracked();
        let urls = match well_known_urls(&issuer) {
            Ok(urls) => urls,
            Err(e) => {
                self.discovery.set(Discovery::Failed(e.to_string()));
                return;
            }
        };
        let mode = self.mode.get_untracked();
        self.discovery.set(Discovery::Running);
        spawn_local(async move {
            let mut tried = Vec::new();
            // Documents refused for their issuer, to mention even if a later URL succeeds.
            let mut refused = Vec::new();
            for url in urls {
                let outcome = match metadata::request(&url) {
                    Err(e) => Err(e.to_string()),
                    Ok(request) => {
                        let Some(result) = self
                            .dispatch(&request, Fetched::Discovery, mode, false)
                            .await
                        else {
                            return;
                        };
                        match result.map(|r| metadata::read_response(&issuer, &r)) {
                            Ok(Ok(found)) => Ok(found),
                            Ok(Err(e)) => {
                                if matches!(e, MetadataError::IssuerMismatch { .. }) {
                                    refused.push(format!("Not used: {url}: {e}"));
                                }
                                Err(e.to_string())
                            }
                            Err(e) => Err(e.to_string()),
                        }
                    }
                };
                match outcome {
                    Ok(found) => {
                        let mut warnings = std::mem::take(&mut refused);
                        warnings.extend(found.warnings(self.auth.get_untracked()));
                        if let Some(endpoint) = &found.token_endpoint {
                            self.token_url.set(endpoint.clone());
                        }
                        if let Some(jwks) = &found.jwks_uri {
                            self.jwks_url.set(jwks.clone());
                        }
                        self.discovery.set(Discovery::Found {
                            url,
                            metadata: Box::new(found),
                            warnings,
                        });
                        return;
                    }
                    Err(why) => tried.push((url, why)),
                }
            }
            self.discovery
                .set(Discovery::Failed(metadata::failure_summary(&tried)));
        });
    }

    /// Renews the token automatically while "Renew automatically" is on, as the pure
    /// [`renewal::decide`] says: inside the renewal margin, at most once per token, never two
    /// renewals closer than [`renewal::MIN_INTERVAL_MS`], with a doubling pause after failures,
    /// and not at all for a token whose lifetime fits in the margin (it would be renewed as soon
    /// as it arrives, in a loop). Client credentials has no refresh token (RFC 6749 §4.4.3):
    /// renewal is a new token request. The decision is offered to the countdown as the
    /// [`RenewalNote`] context, so that it can say why a token is not renewed.
    pub fn renew_when_due(self, now: Signal<u64>) {
        provide_context(RenewalNote(self.renewal.read_only()));
        Effect::new(move |_| {
            let now = now.get();
            self.exchange.with(|ex| {
                if let Some(ex) = ex {
                    self.renewal_track
                        .update_value(|t| t.follow(ex.attempt, ex.issued.as_ref()));
                }
            });
            let decision = if self.auto_renew.get() {
                let policy = self.renew_at.get();
                self.renewal_track.get_value().decide(policy, now)
            } else {
                None
            };
            if self.renewal.get_untracked() != decision {
                self.renewal.set(decision);
            }
            if decision == Some(Renewal::Now) {
                let sendable = self.validated.with_untracked(Result::is_ok);
                self.renewal_track.update_value(|t| {
                    t.last_attempt_ms = Some(now);
                    t.attempts = t.attempts.saturating_add(1);
                    if !sendable {
                        t.errors = t.errors.saturating_add(1);
                    }
                });
                // A form that does not validate says why under Send; it counts as a failure.
                self.send();
            }
        });
    }

    /// Adds a notice: a repeat raises its count, and the list stays within
    /// [`NOTICE_LIMIT`] (a host page posting message after message cannot grow it).
    pub fn notify(self, notice: Notice) {
        self.notices
            .update(|list| push_counted(list, notice, NOTICE_LIMIT));
    }

    /// The access token of the latest exchange, if one was issued.
    fn latest_token(self) -> Option<String> {
        self.exchange.with_untracked(|ex| {
            ex.as_ref()
                .and_then(|ex| ex.issued.as_ref())
                .map(|t| t.response.access_token.expose().to_string())
        })
    }

    /// Verifies the latest access token's signature with the JWKS at "JWKS URL" (RFC 7517),
    /// fetched on the current path.
    pub fn verify_token(self) {
        let token = self.latest_token();
        let Some(Some(Ok(decoded))) = token.as_deref().map(jwt::decode_access_token) else {
            self.verification.set(Verification::NotChecked);
            return;
        };
        let token = token.unwrap_or_default();
        let source = self.jwks_url.get_untracked();
        let mode = self.mode.get_untracked();
        self.verification.set(Verification::Checking);
        spawn_local(async move {
            // A pasted JWKS is used as is; otherwise it is fetched on the current path.
            let jwks = if source.trim_start().starts_with('{') {
                Ok(source.clone().into_bytes())
            } else {
                match metadata::request(source.trim()) {
                    Err(e) => Err(format!("JWKS URL {e}.")),
                    Ok(request) => {
                        match self.dispatch(&request, Fetched::Jwks, mode, false).await {
                            None => return,
                            Some(Ok(r)) if r.status == 200 => Ok(r.body),
                            Some(Ok(r)) => Err(format!(
                                "The JWKS could not be fetched: {}",
                                r.status_line()
                            )),
                            Some(Err(e)) => Err(format!("The JWKS could not be fetched: {e}")),
                        }
                    }
                }
            };
            let outcome = match jwks.map(|body| jwt::choose_key(&body, &decoded)) {
                Ok(Ok(key)) => {
                    let alg = decoded.header["alg"].as_str().unwrap_or_default();
                    match crate::crypto::verify_jws(&token, alg, &key).await {
                        Ok(true) => Verification::Verified {
                            kid: key["kid"].as_str().map(str::to_string),
                            jwks_url: if source.trim_start().starts_with('{') {
                                "the pasted JWKS".into()
                            } else {
                                source
                            },
                        },
                        Ok(false) => Verification::BadSignature,
                        Err(e) => Verification::Problem(e),
                    }
                }
                Ok(Err(e)) => Verification::Problem(e.to_string()),
                Err(e) => Verification::Problem(e),
            };
            self.verification.set(outcome);
        });
    }

    /// The introspection endpoint named by discovery, if any.
    pub fn introspection_endpoint(self) -> Option<String> {
        self.discovery.with(|d| match d {
            Discovery::Found { metadata, .. } => metadata.introspection_endpoint.clone(),
            _ => None,
        })
    }

    /// Asks the authorization server about the latest token (RFC 7662), authenticated like
    /// the token request.
    pub fn introspect(self) {
        let Some(endpoint) = untrack(|| self.introspection_endpoint()) else {
            return;
        };
        let found = self.exchange.with_untracked(|ex| {
            ex.as_ref().and_then(|ex| {
                ex.issued.as_ref().map(|t| {
                    introspection::request(
                        &endpoint,
                        &ex.token_request,
                        t.response.access_token.expose(),
                    )
                })
            })
        });
        let request = match found {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                self.introspection.set(Some(Err(e)));
                return;
            }
            None => return,
        };
        let mode = self.mode.get_untracked();
        spawn_local(async move {
            let Some(result) = self
                .dispatch(&request, Fetched::Introspection, mode, false)
                .await
            else {
                return;
            };
            self.introspection.set(Some(match result {
                Ok(r) => introspection::parse(r.status, &r.body),
                Err(e) => Err(e.to_string()),
            }));
        });
    }

    /// Calls the API with the latest access token (RFC 6750 §2.1) on the current path.
    pub fn call_api(self) {
        let token = self.latest_token();
        let Some(token) = token else {
            self.api_blocked
                .set(Some("Get a token first: press Send.".into()));
            return;
        };
        let request = match bearer::api_request(
            &self.api_url.get_untracked(),
            &self.api_method.get_untracked(),
            &token,
            &self.api_body.get_untracked(),
        ) {
            Ok(r) => r,
            Err(e) => {
                self.api_blocked.set(Some(format!("API URL {e}.")));
                return;
            }
        };
        self.api_blocked.set(None);
        let mode = self.mode.get_untracked();
        spawn_local(async move {
            let started = now_ms();
            let Some(result) = self.dispatch(&request, Fetched::Api, mode, false).await else {
                return;
            };
            self.api_exchange.set(Some(ApiExchange {
                request,
                result,
                elapsed_ms: now_ms().saturating_sub(started),
            }));
        });
    }

    /// Generates a demo key pair in the browser for the chosen algorithm and puts the private
    /// JWK in the "Private key" field (nothing is stored).
    pub fn generate_demo_key(self) {
        let alg = self.jwt_alg.get_untracked();
        spawn_local(async move {
            match crate::crypto::generate_demo_key(alg).await {
                Ok(key) => {
                    self.private_key.set(key.private_jwk);
                    self.demo_public_jwk.set(Some(key.public_jwk));
                }
                Err(e) => self.assertion.set(AssertionState::Failed(format!(
                    "the browser could not generate a key: {e}"
                ))),
            }
        });
    }

    /// The errors of one field, for display beside it.
    pub fn errors(&self) -> Signal<Vec<FieldError>> {
        let validated = self.validated;
        Signal::derive(move || validated.with(|v| v.as_ref().err().cloned().unwrap_or_default()))
    }

    /// Sends the current request. Only the latest send's result is kept.
    pub fn send(self) {
        let request = match self.validated.get_untracked() {
            Ok(request) => request,
            Err(errors) => {
                let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                self.send_blocked
                    .set(Some(format!("Not sent: {}.", list.join("; "))));
                return;
            }
        };
        let mode = self.mode.get_untracked();
        if let Some(port) = request
            .token_url
            .port()
            .filter(|p| mode == Mode::Live && crate::oauth::url::is_bad_port(*p))
        {
            self.send_blocked.set(Some(format!(
                "Not sent: browsers refuse to connect to port {port} (a \"bad port\" in the Fetch standard §2.9); use another port."
            )));
            return;
        }
        self.send_blocked.set(None);
        let attempt = self.attempt.get_value() + 1;
        self.attempt.set_value(attempt);
        self.sending.set(true);
        let plan = self.draft.with_untracked(Draft::assertion_plan);
        spawn_local(async move {
            // Each send carries a fresh assertion: new jti, iat = now (RFC 7523 §3).
            let token_request = match plan {
                Some(Ok((plan, key))) => {
                    match plan
                        .sign(&key, now_ms() / 1000, &random_jti(), &WebCryptoSigner)
                        .await
                    {
                        Ok(jws) => request.with_assertion(jws),
                        Err(e) => {
                            self.send_blocked
                                .set(Some(format!("Not sent: signing failed: {e}")));
                            self.sending.set(false);
                            return;
                        }
                    }
                }
                _ => request,
            };
            let request = token_request.to_http();
            let started = now_ms();
            let Some(result) = self
                .dispatch(&request, Fetched::TokenEndpoint, mode, true)
                .await
            else {
                return; // the app was unmounted
            };
            if self.attempt.get_value() != attempt {
                return; // a newer send has started; this result is stale
            }
            let received = now_ms();
            let outcome = result.as_ref().ok().map(response::parse);
            let issued = match &outcome {
                Some(TokenOutcome::Token(t)) => Some(IssuedToken {
                    response: t.clone(),
                    received_at_ms: received,
                    jwt_exp_ms: jwt::decode_access_token(t.access_token.expose())
                        .and_then(Result::ok)
                        .and_then(|d| jwt::time_claim(&d.claims, "exp"))
                        // RFC 7519 §2: a NumericDate may be fractional or negative; before
                        // 1970 clamps to 0 and the milliseconds saturate.
                        .map(|exp| u64::try_from(exp).unwrap_or(0).saturating_mul(1000)),
                }),
                _ => None,
            };
            let summary = match (&result, &outcome) {
                (Err(e), _) => format!("no response: {e}"),
                (Ok(_), Some(TokenOutcome::Token(t))) => match t.expires_in {
                    Some(s) => format!("token, expires_in {s} s"),
                    None => "token, lifetime unknown".to_string(),
                },
                (Ok(r), Some(TokenOutcome::Error(e))) => format!("{} ({})", e.error, r.status),
                (Ok(r), _) => format!("unexpected response ({})", r.status),
            };
            self.history.update(|h| {
                h.insert(
                    0,
                    HistoryEntry {
                        attempt,
                        at_ms: received,
                        mode,
                        outcome: summary,
                    },
                );
                h.truncate(HISTORY_LIMIT);
            });
            self.verification.set(Verification::NotChecked);
            self.introspection.set(None);
            let verify = issued.is_some() && !self.jwks_url.with_untracked(String::is_empty);
            self.exchange.set(Some(Exchange {
                attempt,
                mode,
                request,
                token_request,
                result,
                elapsed_ms: received.saturating_sub(started),
                outcome,
                issued,
            }));
            self.sending.set(false);
            if verify {
                self.verify_token();
            }
        });
    }
}
