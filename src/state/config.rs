//! Where the app's configuration comes from and goes to: URL prefill (the stable contract of
//! [`crate::oauth::prefill`]), `localStorage` (versioned, no secrets, [`crate::oauth::persist`]),
//! an opt-in `sessionStorage` copy of the client secret, and `postMessage` to a host page
//! (HTML standard §9.3.3). This is the only code that touches Web Storage.

use super::AppState;
use crate::oauth::draft::{Draft, EXAMPLE_CLIENT_ID, EXAMPLE_CLIENT_SECRET, EXAMPLE_TOKEN_URL};
use crate::oauth::notices::{NOTICE_LIMIT, counted};
use crate::oauth::persist::{self, Saved, SimulatorSettings};
use crate::oauth::prefill::{
    self, HostCommand, HostEvent, LockField, Notice, Prefill, Severity, ShareOptions, Theme,
};
use crate::oauth::response::TokenOutcome;
use crate::oauth::simulator::{Fault, Profile, SimulatorConfig};
use crate::oauth::token::TokenState;
use crate::oauth::types::AuthMethod;
use crate::transport::Mode;
use leptos::prelude::*;
use serde::Serialize;
use std::time::Duration;

/// What the page starts with.
pub struct Startup {
    /// The form.
    pub draft: Draft,
    /// Simulated or live.
    pub mode: Mode,
    /// The parsed URL (lock, embed, origins, issuer, theme, notices).
    pub prefill: Prefill,
    /// Saved simulator settings, if any.
    pub simulator: Option<SimulatorSettings>,
    /// Messages for the notice bar.
    pub notices: Vec<Notice>,
    /// Whether the secret remembered in this tab was filled in (it is only for the same Token
    /// URL and Client ID, and the same issuer when the link runs discovery,
    /// [`persist::restore_secret`]).
    pub secret_restored: bool,
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn notice(parameter: &str, message: String) -> Notice {
    Notice {
        parameter: parameter.into(),
        severity: Severity::Warning,
        message,
    }
}

/// Reads the URL, then the saved configuration (the URL wins when it sets any form field),
/// then the remembered secret — filled in only when the form is set to the Token URL and
/// Client ID it was remembered for; otherwise a notice says why not.
pub fn startup() -> Startup {
    let location = window().location();
    let prefill = prefill::parse(
        &location.search().unwrap_or_default(),
        &location.hash().unwrap_or_default(),
    );
    let mut notices = prefill.notices.clone();
    let saved = local_storage()
        .and_then(|s| s.get_item(persist::STORAGE_KEY).ok().flatten())
        .map(|text| persist::decode(&text));
    let saved = match saved {
        Some(Ok(saved)) => Some(saved),
        Some(Err(why)) => {
            notices.push(notice(
                "saved configuration",
                format!("Not restored: {why}."),
            ));
            None
        }
        None => None,
    };
    let (mut draft, saved_mode) = match (&saved, prefill.sets_form()) {
        (Some(saved), false) => {
            let restored = prefill::parse(&saved.config, "");
            let mut draft = restored.to_draft();
            // The lesson's example secret is public teaching material, not a secret: the
            // example client keeps working after a reload.
            if draft.client_id == EXAMPLE_CLIENT_ID && draft.token_url == EXAMPLE_TOKEN_URL {
                draft.client_secret = EXAMPLE_CLIENT_SECRET.into();
            }
            (draft, restored.mode)
        }
        _ => (prefill.to_draft(), None),
    };
    let mut secret_restored = false;
    if prefill.client_secret.is_none()
        && let Some(record) =
            session_storage().and_then(|s| s.get_item(persist::SECRET_KEY).ok().flatten())
    {
        match persist::restore_secret(
            &record,
            &draft.token_url,
            &draft.client_id,
            prefill.issuer.as_deref(),
        ) {
            Ok(secret) => {
                draft.client_secret = secret.expose().into();
                secret_restored = true;
            }
            Err(why) => notices.push(notice("remembered secret", why)),
        }
    }
    let mode = prefill.mode.or(saved_mode).unwrap_or_default();
    Startup {
        draft,
        mode,
        simulator: saved.map(|s| s.simulator),
        prefill,
        notices,
        secret_restored,
    }
}

/// The user's say over tokens for the host page (issue 14): posting an access token to the
/// page that embeds the playground needs the user's confirmation in the page, per origin.
#[derive(Clone, Debug)]
pub struct HostConsent {
    /// The allowed `origin=` values the page asks about ("Send the token to …"); empty when
    /// the playground is not in a frame or no origin is allowed (then nothing is shown).
    pub offers: Vec<String>,
    /// The origins the user confirmed. Starts empty on every page load: it is never read from
    /// the URL, a host message or storage, and never stored.
    pub confirmed: RwSignal<Vec<String>>,
}

impl AppState {
    /// Applies what [`startup`] found beyond the form: theme, lock, embed, origins, issuer,
    /// simulator settings and notices.
    pub fn apply_startup(self, startup: &Startup) {
        let p = &startup.prefill;
        if let Some(theme) = p.theme {
            self.theme.set(theme);
        }
        self.locked.set(p.lock.clone());
        self.embed.set(p.embed.unwrap_or(false));
        self.origins.set_value(p.origins.clone());
        if let Some(issuer) = &p.issuer {
            self.issuer.set(issuer.clone());
        }
        if let Some(sim) = &startup.simulator {
            self.restore_simulator(sim);
        }
        self.notices
            .set(counted(startup.notices.clone(), NOTICE_LIMIT));
        // A secret that was not filled in is forgotten (the effect in `persist` removes it).
        self.remember_secret.set(startup.secret_restored);
    }

    fn restore_simulator(self, sim: &SimulatorSettings) {
        if !sim.lifetime.is_empty() {
            self.sim_lifetime.set(sim.lifetime.clone());
        }
        if !sim.latency.is_empty() {
            self.sim_latency.set(sim.latency.clone());
        }
        if !sim.skew.is_empty() {
            self.sim_skew.set(sim.skew.clone());
        }
        self.sim_opaque.set(sim.opaque);
        self.sim_fault
            .set(Fault::from_id(&sim.fault).unwrap_or_default());
        self.sim_profile
            .set(Profile::from_id(&sim.profile).unwrap_or_default());
        self.sim_method.set(AuthMethod::parse(&sim.method));
        self.sim_register_key.set(sim.register_key);
        let example = SimulatorConfig::default().clients.remove(0);
        self.sim_client_scopes.set(if sim.scopes.is_empty() {
            example.allowed_scopes.join(" ")
        } else {
            sim.scopes.clone()
        });
        self.sim_client_audiences.set(if sim.audiences.is_empty() {
            example.audiences.join("\n")
        } else {
            sim.audiences.clone()
        });
    }

    /// The share-link query string of the current configuration (no secrets).
    pub fn share_query(self, embed: bool) -> String {
        let options = ShareOptions {
            mode: Some(self.mode.get()),
            theme: Some(self.theme.get()).filter(|t| *t != Theme::Auto),
            embed,
            issuer: Some(self.issuer.get()).filter(|i| !i.trim().is_empty()),
            lock: self.locked.get(),
            origins: self.origins.get_value(),
        };
        self.draft.with(|d| prefill::share_query(d, &options))
    }

    /// Saves the configuration whenever it changes (never a secret: the record is the share
    /// query), and the secret in `sessionStorage` only while "remember" is on, bound to the
    /// current Token URL and Client ID ([`persist::RememberedSecret`]).
    pub fn persist(self) {
        let record = move || {
            persist::encode(&Saved {
                config: self.share_query(false),
                simulator: SimulatorSettings {
                    lifetime: self.sim_lifetime.get(),
                    opaque: self.sim_opaque.get(),
                    fault: self.sim_fault.get().id().into(),
                    latency: self.sim_latency.get(),
                    profile: self.sim_profile.get().id().into(),
                    skew: self.sim_skew.get(),
                    method: self
                        .sim_method
                        .get()
                        .map(|m| m.as_str().into())
                        .unwrap_or_default(),
                    register_key: self.sim_register_key.get(),
                    scopes: self.sim_client_scopes.get(),
                    audiences: self.sim_client_audiences.get(),
                },
            })
        };
        let write = |text: &str| {
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(persist::STORAGE_KEY, text);
            }
        };
        // The record is written 300 ms after the last change rather than on every keystroke
        // (Web Storage writes are synchronous: off the typing path, issue 8), and at once when
        // the page is left or the app unmounted.
        let pending = StoredValue::new(None::<(TimeoutHandle, String)>);
        let flush = move || {
            if let Some(Some((timer, text))) = pending.try_update_value(Option::take) {
                timer.clear();
                write(&text);
            }
        };
        Effect::new(move |first: Option<()>| {
            let text = record();
            if first.is_none() {
                return write(&text);
            }
            if let Some(Some((previous, _))) = pending.try_update_value(Option::take) {
                previous.clear();
            }
            if let Ok(timer) = set_timeout_with_handle(flush, Duration::from_millis(300)) {
                pending.set_value(Some((timer, text)));
            }
        });
        let leaving = window_event_listener_untyped("pagehide", move |_| flush());
        on_cleanup(move || {
            leaving.remove();
            flush();
        });
        Effect::new(move |_| {
            let remember = self.remember_secret.get();
            let secret = self.client_secret.get();
            let record = (remember && !secret.is_empty()).then(|| {
                persist::encode_secret(&persist::RememberedSecret::new(
                    &self.token_url.get(),
                    &self.client_id.get(),
                    &self.issuer.get(),
                    &secret,
                ))
            });
            if let Some(storage) = session_storage() {
                let _ = match record {
                    Some(record) => storage.set_item(persist::SECRET_KEY, &record),
                    None => storage.remove_item(persist::SECRET_KEY),
                };
            }
        });
    }

    /// Forgets the saved configuration and the remembered secret, and puts the example back.
    pub fn reset_config(self) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(persist::STORAGE_KEY);
        }
        self.remember_secret.set(false);
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(persist::SECRET_KEY);
        }
        self.load_draft(Draft::example());
        self.restore_simulator(&SimulatorSettings {
            lifetime: "3600".into(),
            latency: "0".into(),
            skew: "0".into(),
            register_key: true,
            ..SimulatorSettings::default()
        });
        self.sim_client_secret.set(EXAMPLE_CLIENT_SECRET.into());
        self.mode.set(Mode::Simulated);
        self.theme.set(Theme::Auto);
        self.notices.set(Vec::new());
    }

    /// Clears the client secret, the private key and the remembered copy ("clear all secrets").
    pub fn clear_secrets(self) {
        self.client_secret.set(String::new());
        self.private_key.set(String::new());
        self.demo_public_jwk.set(None);
        self.remember_secret.set(false);
        self.exchange.set(None);
        self.api_exchange.set(None);
    }

    /// Whether a field is read-only (`lock=`).
    pub fn is_locked(self, field: LockField) -> bool {
        self.locked.with(|l| l.contains(&field))
    }

    /// Posts token events to the host page when the app runs in a frame: `token-issued` and
    /// `error` after each send, `token-expired` when the latest token expires. Events go only to
    /// origins listed with `origin=` (never to `"*"`), and the access token only to those the
    /// user confirmed in the page ([`prefill::post_targets`]). Returns what the page must offer
    /// the user for that ([`HostConsent`]).
    pub fn post_events_to_host(self, now: Signal<u64>) -> HostConsent {
        let framed = window()
            .parent()
            .ok()
            .flatten()
            .is_some_and(|parent| parent != window());
        let consent = HostConsent {
            offers: prefill::token_offers(&self.origins.get_value(), framed),
            confirmed: RwSignal::new(Vec::new()),
        };
        if !framed {
            return consent;
        }
        let confirmed = consent.confirmed;
        let post = move |event: HostEvent| {
            let Ok(Some(parent)) = window().parent() else {
                return;
            };
            // Untracked: confirming sends tokens from the next one on; it does not repost.
            let confirmed = confirmed.get_untracked();
            for target in prefill::post_targets(&self.origins.get_value(), &confirmed) {
                let message = prefill::event_message(&event, target.token_data);
                // Plain objects (not Maps), so the host reads `event.data.type`.
                let serializer = serde_wasm_bindgen::Serializer::json_compatible();
                if let Ok(data) = message.serialize(&serializer) {
                    let _ = parent.post_message(&data, &target.target_origin);
                }
            }
        };
        Effect::new(move |_| {
            self.exchange.with(|ex| {
                let Some(ex) = ex else { return };
                let event = match (&ex.outcome, &ex.result) {
                    (Some(TokenOutcome::Token(t)), _) => HostEvent::TokenIssued {
                        token_type: t.token_type.clone(),
                        access_token: t.access_token.expose().to_string(),
                        expires_in: t.expires_in,
                        scope: t.scope.clone(),
                    },
                    (Some(TokenOutcome::Error(e)), Ok(r)) => HostEvent::Error {
                        error: e.error.clone(),
                        description: e.error_description.clone(),
                        status: Some(r.status),
                    },
                    (_, Ok(r)) => HostEvent::Error {
                        error: "unexpected_response".into(),
                        description: None,
                        status: Some(r.status),
                    },
                    (_, Err(e)) => HostEvent::Error {
                        error: "no_response".into(),
                        description: Some(e.to_string()),
                        status: None,
                    },
                };
                post(event);
            });
        });
        let expired_for = StoredValue::new(0u64);
        Effect::new(move |_| {
            let now = now.get();
            let expired = self.exchange.with(|ex| {
                ex.as_ref().and_then(|ex| {
                    matches!(ex.issued.as_ref()?.state(now), TokenState::Expired { .. })
                        .then_some(ex.attempt)
                })
            });
            if let Some(attempt) = expired
                && expired_for.get_value() != attempt
            {
                expired_for.set_value(attempt);
                post(HostEvent::TokenExpired);
            }
        });
        consent
    }

    /// Accepts `set-theme` messages from the host page, only from origins listed with
    /// `origin=` ([`prefill::parse_incoming`]); anything else is ignored with a notice.
    pub fn listen_to_host(self) {
        let handle = window_event_listener(leptos::ev::message, move |ev| {
            let Ok(data) = serde_wasm_bindgen::from_value::<serde_json::Value>(ev.data()) else {
                return;
            };
            if data.get("source").and_then(|s| s.as_str()) == Some(prefill::MESSAGE_SOURCE) {
                return; // our own event echoed back
            }
            match prefill::parse_incoming(&ev.origin(), &data, &self.origins.get_value()) {
                Ok(HostCommand::SetTheme(theme)) => self.theme.set(theme),
                Err(e) => self.notify(notice("postMessage", format!("Host page: {e}."))),
            }
        });
        on_cleanup(move || handle.remove());
    }
}
