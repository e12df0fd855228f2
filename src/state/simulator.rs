//! The simulated authorization server's slice: its settings as typed, the server itself with
//! its ES256 signing key, and what it did for the last request it answered.

use crate::crypto::WebCryptoSigner;
use crate::hooks::now_ms;
use crate::oauth::assertion::{JwtAlg, Signer, SigningKey, parse_private_key};
use crate::oauth::demo::ScenarioOverride;
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::oauth::persist::SimulatorSettings;
use crate::oauth::simulator::{
    self, Fault, LogLine, Profile, SignatureCheck, Simulator, SimulatorConfig, Verdicts,
};
use crate::oauth::types::AuthMethod;
use crate::transport::TransportError;
use leptos::prelude::*;
use leptos::task::spawn_local;

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

/// The app's WebCrypto verdict on a signature the simulator asked it to check.
async fn verdict_on(check: Option<SignatureCheck>) -> Option<bool> {
    let c = check?;
    crate::crypto::verify_jws(&c.jws, &c.alg, &c.jwk).await.ok()
}

/// The form fields the simulated server registers the composer's public key from (its client
/// and, for `private_key_jwt`, its key).
#[derive(Clone, Copy)]
pub struct ComposerKey {
    /// "Client ID".
    pub client_id: RwSignal<String>,
    /// "Client authentication".
    pub auth: RwSignal<AuthMethod>,
    /// "Signing algorithm".
    pub jwt_alg: RwSignal<JwtAlg>,
    /// "Private key".
    pub private_key: RwSignal<String>,
    /// "Key ID (kid)".
    pub kid: RwSignal<String>,
}

/// The simulated server and its settings ("Simulated server settings").
#[derive(Clone, Copy)]
pub struct SimulatorState {
    /// Token lifetime in seconds, as typed.
    pub lifetime: RwSignal<String>,
    /// Opaque instead of JWT access tokens.
    pub opaque: RwSignal<bool>,
    /// The fault its token endpoint answers with.
    pub fault: RwSignal<Fault>,
    /// Latency in milliseconds, as typed.
    pub latency: RwSignal<String>,
    /// The imitated provider.
    pub profile: RwSignal<Profile>,
    /// Clock skew in seconds, as typed.
    pub skew: RwSignal<String>,
    /// The example client's registered secret (simulated; never saved).
    pub client_secret: RwSignal<String>,
    /// The example client's allowed scopes, space-separated.
    pub client_scopes: RwSignal<String>,
    /// The example client's allowed resources/audiences, one per line.
    pub client_audiences: RwSignal<String>,
    /// The method the example client is registered for (`None`: any secret or key method).
    pub method: RwSignal<Option<AuthMethod>>,
    /// "Require DPoP nonce": every DPoP proof must carry the server's nonce (RFC 9449 §8).
    pub require_dpop_nonce: RwSignal<bool>,
    /// Whether the composer's public key is registered for its client before each send
    /// (as an administrator uploads a client's JWKS).
    pub register_key: RwSignal<bool>,
    /// What the simulated server did for the last request it answered.
    pub server_log: RwSignal<Vec<LogLine>>,
    /// The guided scenario whose settings are in force, and the settings they replaced
    /// (never saved: [`SimulatorState::settings`] leaves them out).
    pub scenario: RwSignal<Option<ScenarioOverride>>,
    /// The server itself, made the first time it is needed ([`Self::server`]): its code stays
    /// with the chunks that use it, not in the first load (issue 17).
    simulator: StoredValue<Option<Simulator>>,
    /// The seed of its token and id generator.
    seed: u64,
    /// The private key the server's JWT access tokens are signed with (made at start-up).
    key: StoredValue<Option<SigningKey>>,
    /// True once the key is ready, or could not be made.
    key_settled: StoredValue<bool>,
}

impl SimulatorState {
    /// The default settings, with the server's random numbers seeded by `seed`.
    pub fn new(seed: u64) -> Self {
        let client_scopes = RwSignal::new(simulator::EXAMPLE_SCOPES.join(" "));
        let client_audiences = RwSignal::new(simulator::example_audiences().join("\n"));
        Self {
            lifetime: RwSignal::new("3600".to_string()),
            opaque: RwSignal::new(false),
            fault: RwSignal::new(Fault::None),
            latency: RwSignal::new("0".to_string()),
            profile: RwSignal::new(Profile::Strict),
            skew: RwSignal::new("0".to_string()),
            client_secret: RwSignal::new(crate::oauth::draft::EXAMPLE_CLIENT_SECRET.to_string()),
            client_scopes,
            client_audiences,
            method: RwSignal::new(None),
            register_key: RwSignal::new(true),
            require_dpop_nonce: RwSignal::new(false),
            server_log: RwSignal::new(Vec::new()),
            scenario: RwSignal::new(None),
            simulator: StoredValue::new(None),
            seed,
            key: StoredValue::new(None),
            key_settled: StoredValue::new(false),
        }
    }

    /// The simulated server's JWKS (RFC 7517 §5), as its JWKS endpoint serves it, read without
    /// a request ([`Simulator::jwks`]): verifying a token with it leaves the server log on the
    /// user's last request, and latency or faults do not apply.
    pub fn jwks_document(self) -> Option<Vec<u8>> {
        self.server(|sim| sim.jwks().to_string().into_bytes())
    }

    /// Runs `f` on the simulated server, made with the example configuration the first time.
    /// `None` once unmounted.
    fn server<R>(self, f: impl FnOnce(&mut Simulator) -> R) -> Option<R> {
        let seed = self.seed;
        self.simulator.try_update_value(|s| {
            f(s.get_or_insert_with(|| Simulator::new(SimulatorConfig::default(), seed)))
        })
    }

    /// Gives the simulated server an ES256 key (generated in the browser, never stored), so that
    /// it issues JWT access tokens that can be verified with its JWKS. Until the key is ready,
    /// or if the browser cannot make one, its tokens are opaque.
    pub fn start_signing(self) {
        spawn_local(async move {
            let settle = move || self.key_settled.set_value(true);
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
            self.key.set_value(Some(private));
            self.server(|s| s.set_signing_key(public));
            settle();
        });
    }

    /// Gives the server the settings in force (lifetime from 10 s to a day), read when it answers
    /// ([`Self::answer`]) rather than pushed by an effect as they change: the code stays with the
    /// simulated server's chunk, not in the first load (issue 17). `None` once unmounted.
    fn sync_settings(self) -> Option<()> {
        let lifetime = self.lifetime.try_with_untracked(|t| parse_lifetime(t))?;
        let opaque = self.opaque.try_get_untracked()?;
        let fault = self.fault.try_get_untracked()?;
        let profile = self.profile.try_get_untracked()?;
        let skew = self.skew.try_with_untracked(|t| parse_skew(t))?;
        let method = self.method.try_get_untracked()?;
        let require_dpop_nonce = self.require_dpop_nonce.try_get_untracked()?;
        let secret = self.client_secret.try_get_untracked()?;
        let scopes: Vec<String> = self
            .client_scopes
            .try_with_untracked(|s| s.split_whitespace().map(str::to_string).collect())?;
        let audiences: Vec<String> = self.client_audiences.try_with_untracked(|s| {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })?;
        self.server(|s| {
            if let Some(secs) = lifetime {
                s.config.token_lifetime_secs = secs;
            }
            s.config.opaque_tokens = opaque;
            s.config.fault = fault;
            s.config.profile = profile;
            s.config.clock_skew_secs = skew.unwrap_or(0);
            s.config.require_dpop_nonce = require_dpop_nonce;
            if let Some(example) = s.config.clients.first_mut() {
                example.auth_methods = method.into_iter().collect();
                example.secret = secret;
                example.default_scopes.retain(|d| scopes.contains(d));
                example.allowed_scopes = scopes;
                example.audiences = audiences;
            }
        })
    }

    /// Puts saved settings back (an empty text keeps the current value).
    pub fn restore(self, sim: &SimulatorSettings) {
        if !sim.lifetime.is_empty() {
            self.lifetime.set(sim.lifetime.clone());
        }
        if !sim.latency.is_empty() {
            self.latency.set(sim.latency.clone());
        }
        if !sim.skew.is_empty() {
            self.skew.set(sim.skew.clone());
        }
        self.opaque.set(sim.opaque);
        self.fault
            .set(Fault::from_id(&sim.fault).unwrap_or_default());
        self.profile
            .set(Profile::from_id(&sim.profile).unwrap_or_default());
        self.method.set(AuthMethod::parse(&sim.method));
        self.register_key.set(sim.register_key);
        self.require_dpop_nonce.set(sim.require_dpop_nonce);
        self.client_scopes.set(if sim.scopes.is_empty() {
            simulator::EXAMPLE_SCOPES.join(" ")
        } else {
            sim.scopes.clone()
        });
        self.client_audiences.set(if sim.audiences.is_empty() {
            simulator::example_audiences().join("\n")
        } else {
            sim.audiences.clone()
        });
    }

    /// The settings to save (tracked: the caller's effect reruns when one changes): without a
    /// guided scenario's values, so that a reload never answers from a scenario
    /// ([`ScenarioOverride::without`]).
    pub fn settings(self) -> SimulatorSettings {
        let current = self.current_settings();
        self.scenario.with(|o| match o {
            Some(o) => o.without(&current),
            None => current,
        })
    }

    /// The settings in force, a scenario's included (tracked).
    pub fn current_settings(self) -> SimulatorSettings {
        SimulatorSettings {
            lifetime: self.lifetime.get(),
            opaque: self.opaque.get(),
            fault: self.fault.get().id().into(),
            latency: self.latency.get(),
            profile: self.profile.get().id().into(),
            skew: self.skew.get(),
            method: self
                .method
                .get()
                .map(|m| m.as_str().into())
                .unwrap_or_default(),
            register_key: self.register_key.get(),
            require_dpop_nonce: self.require_dpop_nonce.get(),
            scopes: self.client_scopes.get(),
            audiences: self.client_audiences.get(),
        }
    }

    /// Starts a guided scenario's settings: ends the one in force first (its settings taken
    /// back), then `apply` sets the scenario's. Returns the override, to complete with the
    /// auto-renewal flag and store in [`SimulatorState::scenario`].
    pub fn override_with(self, id: &'static str, apply: impl FnOnce()) -> ScenarioOverride {
        self.end_scenario();
        let before = untrack(|| self.current_settings());
        apply();
        ScenarioOverride {
            id,
            set: untrack(|| self.current_settings()),
            before,
            auto_renew_before: None,
        }
    }

    /// Ends the scenario in force, if any: each of its settings not changed by hand since
    /// goes back to what it was before. Returns the ended override.
    pub fn end_scenario(self) -> Option<ScenarioOverride> {
        let ended = self.scenario.try_update(Option::take).flatten()?;
        let current = untrack(|| self.current_settings());
        self.restore(&ended.without(&current));
        Some(ended)
    }

    /// With "register the composer's key" on and `private_key_jwt` chosen, registers the public
    /// half of the composer's private key for the form's client with the simulated server
    /// (RFC 7591 §2 `jwks`), under the form's `kid` if one is typed.
    async fn register_composer_key(self, form: ComposerKey) {
        let register = self.register_key.get_untracked()
            && form.auth.get_untracked() == AuthMethod::PrivateKeyJwt;
        if !register {
            return;
        }
        let alg = form.jwt_alg.get_untracked();
        let Ok(key) = form
            .private_key
            .with_untracked(|k| parse_private_key(k, alg))
        else {
            return;
        };
        let Ok(mut jwk) = crate::crypto::public_jwk(alg, &key).await else {
            return;
        };
        let kid = form.kid.get_untracked();
        if !kid.trim().is_empty() {
            jwk["kid"] = kid.trim().into();
        }
        let client = form.client_id.get_untracked();
        let _ = self.server(|s| s.register_client_key(client.trim(), jwk));
    }

    /// Answers `request` as the simulated server: after the configured latency, or never (a
    /// timeout after `timeout_secs()`) under that fault; a client assertion is checked and a
    /// JWT access token signed with WebCrypto, and the server log updated. `None` once
    /// unmounted.
    pub async fn answer(
        self,
        request: &HttpRequest,
        form: ComposerKey,
        timeout_secs: impl Fn() -> u32,
    ) -> Option<Result<HttpResponse, TransportError>> {
        let (low, high) = self
            .latency
            .with_untracked(|l| parse_latency(l))
            .unwrap_or((0, 0));
        let latency = low + (js_sys::Math::random() * f64::from(high - low + 1)) as i32;
        if latency > 0 {
            crate::crypto::pause(latency).await;
        }
        if self.fault.get_untracked() == Fault::NeverAnswers {
            let timeout = timeout_secs();
            crate::crypto::pause(timeout as i32 * 1000).await;
            return Some(Err(TransportError::Timeout(timeout)));
        }
        // The key is made right after the first paint (`AppState::start_background`), in a few
        // milliseconds; a send in that window waits (2 s at most, then the token is opaque).
        for _ in 0..200 {
            if self.key_settled.try_get_value()? {
                break;
            }
            crate::crypto::pause(10).await;
        }
        self.register_composer_key(form).await;
        self.sync_settings()?;
        let bytes = request.to_bytes();
        // An RS256/ES256 client assertion is verified here, with WebCrypto, against the
        // client's registered key, and a DPoP proof against the jwk in its own header (RFC 9449
        // §4.3 check 6); the simulator takes the verdicts.
        let (check, dpop_check) =
            self.server(|sim| (sim.signature_check(&bytes), sim.dpop_check(&bytes)))?;
        let verdicts = Verdicts {
            assertion: verdict_on(check).await,
            dpop: verdict_on(dpop_check).await,
        };
        let (response, log) = self.server(|sim| {
            let response = sim.handle_bytes_verified(&bytes, now_ms(), verdicts);
            (response, sim.last_log().to_vec())
        })?;
        // A JWT access token from the simulator gets its ES256 signature here.
        let (Some(input), Some(key)) = (
            simulator::pending_signature(&response),
            self.key.get_value(),
        ) else {
            self.server_log.set(log);
            return Some(Ok(response));
        };
        let signed = match WebCryptoSigner
            .sign(JwtAlg::Es256, &key, input.as_bytes())
            .await
        {
            Ok(signature) => Ok(self.server(|sim| sim.complete(response, &signature))?),
            Err(e) => Err(TransportError::Build(format!(
                "the simulated server could not sign its token: {e}"
            ))),
        };
        self.server_log.set(log);
        Some(signed)
    }
}
