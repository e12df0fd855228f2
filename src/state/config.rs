//! Where the app's configuration comes from and goes to: URL prefill (the stable contract of
//! [`crate::oauth::prefill`]), `localStorage` (versioned, no secrets, [`crate::oauth::persist`]),
//! and an opt-in `sessionStorage` copy of the client secret (`postMessage` to a host page is in
//! [`super::host`]). This is the only code that touches Web Storage.

use super::AppState;
use crate::oauth::draft::{Draft, EXAMPLE_CLIENT_SECRET};
use crate::oauth::notices::{NOTICE_LIMIT, counted};
use crate::oauth::persist::{self, Saved, SimulatorSettings};
use crate::oauth::prefill::{self, Notice, Prefill, Severity, ShareOptions, Theme};
use crate::transport::Mode;
use leptos::prelude::*;
use std::time::Duration;

/// What the page starts with.
pub struct Startup {
    /// The form.
    pub draft: Draft,
    /// Simulated or live.
    pub mode: Mode,
    /// The Relay URL (the link's `relay=`, else the saved one).
    pub relay: Option<String>,
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

pub(super) fn notice(parameter: &str, message: String) -> Notice {
    Notice {
        parameter: parameter.into(),
        severity: Severity::Warning,
        message,
    }
}

impl Startup {
    /// What a page starts with when there is nothing to read: no URL parameters, no saved
    /// configuration, no remembered secret ([`startup`] returns the same then; the `startup`
    /// chunk that reads them is not fetched, issue 17).
    pub fn example() -> Self {
        Self {
            draft: Draft::example(),
            mode: Mode::default(),
            relay: None,
            prefill: Prefill::default(),
            simulator: None,
            notices: Vec::new(),
            secret_restored: false,
        }
    }
}

/// Whether [`startup`] has anything to read: a query string or fragment, a saved
/// configuration, or a secret remembered in this tab. When not, the page starts with
/// [`Startup::example`] without loading the reader. (The release build's `boot.js` preloads the
/// reader's chunk by the same rule: `xtask/hooks/wasm-build.mjs`.)
pub fn has_startup_input() -> bool {
    let location = window().location();
    let present = |part: Result<String, _>| part.is_ok_and(|p: String| p.len() > 1);
    present(location.search())
        || present(location.hash())
        || local_storage()
            .is_some_and(|s| s.get_item(persist::STORAGE_KEY).ok().flatten().is_some())
        || session_storage()
            .is_some_and(|s| s.get_item(persist::SECRET_KEY).ok().flatten().is_some())
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
    let (mut draft, saved_mode, saved_relay) = match (&saved, prefill.sets_form()) {
        (Some(saved), false) => {
            // The lesson's example secret is public teaching material, not a secret: the
            // example client keeps working after a reload (`to_draft` restores it).
            let restored = prefill::parse(&saved.config, "");
            (restored.to_draft(), restored.mode, restored.relay)
        }
        _ => (prefill.to_draft(), None, None),
    };
    let mut secret_restored = false;
    if let (Some(relay), None) = (&prefill.relay, &prefill.client_secret) {
        // A link's relay would see the secret: a remembered one is not filled in for it.
        if session_storage()
            .is_some_and(|s| s.get_item(persist::SECRET_KEY).ok().flatten().is_some())
        {
            notices.push(notice("remembered secret", format!("The client secret remembered in this tab was not filled in: this link sends live requests through the relay at {relay}.")));
        }
    } else if prefill.client_secret.is_none()
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
        relay: prefill.relay.clone().or(saved_relay),
        simulator: saved.map(|s| s.simulator),
        prefill,
        notices,
        secret_restored,
    }
}

impl AppState {
    /// Applies what [`startup`] found beyond the form: theme, lock, embed, origins, issuer,
    /// simulator settings and notices.
    pub fn apply_startup(self, startup: &Startup) {
        let p = &startup.prefill;
        if let Some(theme) = p.theme {
            self.shell.theme.set(theme);
        }
        self.shell.locked.set(p.lock.clone());
        self.shell.embed.set(p.embed.unwrap_or(false));
        self.shell.origins.set_value(p.origins.clone());
        if let Some(issuer) = &p.issuer {
            self.discovery.issuer.set(issuer.clone());
        }
        if let Some(relay) = &startup.relay {
            self.net.relay.set(relay.clone());
        }
        if let Some(url) = &p.api_url {
            self.api.url.set(url.clone());
        }
        if let Some(sim) = &startup.simulator {
            self.sim.restore(sim);
        }
        self.shell
            .notices
            .set(counted(startup.notices.clone(), NOTICE_LIMIT));
        // A secret that was not filled in is forgotten (the effect in `persist` removes it).
        self.shell.remember_secret.set(startup.secret_restored);
    }

    /// What a link of the current page carries besides the form: mode, theme, issuer, locks,
    /// origins, and the API URL when it is not the default (read reactively).
    pub fn share_options(self, embed: bool) -> ShareOptions {
        ShareOptions {
            mode: Some(self.net.mode.get()),
            theme: Some(self.shell.theme.get()).filter(|t| *t != Theme::Auto),
            embed,
            issuer: Some(self.discovery.issuer.get()).filter(|i| !i.trim().is_empty()),
            lock: self.shell.locked.get(),
            origins: self.shell.origins.get_value(),
            relay: self.net.route().ok().flatten().map(|r| r.base),
            api_url: Some(self.api.url.get())
                .filter(|u| !u.trim().is_empty() && u != super::api::DEFAULT_API_URL),
        }
    }

    /// The share-link query string of the form with `options` (no secrets).
    pub fn share_query_with(self, options: &ShareOptions) -> String {
        self.form.draft.with(|d| prefill::share_query(d, options))
    }

    /// The share-link query string of the current configuration (no secrets).
    pub fn share_query(self, embed: bool) -> String {
        self.share_query_with(&self.share_options(embed))
    }

    /// Saves the configuration whenever it changes (never a secret: the record is the share
    /// query), and the secret in `sessionStorage` only while "remember" is on, bound to the
    /// current Token URL and Client ID ([`persist::RememberedSecret`]).
    pub fn persist(self) {
        let record = move || {
            persist::encode(&Saved {
                config: self.share_query(false),
                simulator: self.sim.settings(),
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
        crate::hooks::effect(move || {
            let remember = self.shell.remember_secret.get();
            let secret = self.form.client_secret.get();
            let record = (remember && !secret.is_empty()).then(|| {
                persist::encode_secret(&persist::RememberedSecret::new(
                    &self.form.token_url.get(),
                    &self.form.client_id.get(),
                    &self.discovery.issuer.get(),
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
        self.shell.remember_secret.set(false);
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(persist::SECRET_KEY);
        }
        self.form.load_draft(Draft::example());
        self.sim.restore(&SimulatorSettings {
            lifetime: "3600".into(),
            latency: "0".into(),
            skew: "0".into(),
            register_key: true,
            ..SimulatorSettings::default()
        });
        self.sim.client_secret.set(EXAMPLE_CLIENT_SECRET.into());
        self.net.mode.set(Mode::Simulated);
        self.net.relay.set(String::new());
        self.net.keep_origin.set(false);
        self.shell.theme.set(Theme::Auto);
        self.shell.notices.set(Vec::new());
    }

    /// Clears the client secret, the private key and the remembered copy ("clear all secrets").
    pub fn clear_secrets(self) {
        self.form.forget_secrets();
        self.dpop.forget_secrets();
        self.shell.remember_secret.set(false);
        self.exchange.exchange.set(None);
        self.api.exchange.set(None);
    }
}
