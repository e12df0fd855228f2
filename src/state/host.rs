//! Messages with the page that embeds the playground (HTML standard §9.3.3 `postMessage`): token
//! events out, only to allowed origins and the token only with the user's consent; `set-theme`
//! in, only from allowed origins.

use super::AppState;
use super::config::notice;
use crate::oauth::prefill::{self, HostCommand, HostEvent};
use crate::oauth::response::TokenOutcome;
use crate::oauth::token::TokenState;
use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::JsValue;

impl AppState {
    /// The user's say over tokens for the host page (issue 14): posting an access token to the
    /// page that embeds the playground needs the user's confirmation in the page, per origin.
    /// These are the allowed `origin=` values the page asks about ("Send the token to …"); none
    /// when the playground is not in a frame or no origin is allowed (then nothing is shown).
    pub fn token_offers(self) -> Vec<String> {
        prefill::token_offers(&self.shell.origins.get_value(), self.shell.framed)
    }

    /// Posts token events to the host page when the app runs in a frame: `token-issued` and
    /// `error` after each send (the latest one at once, if a send completed before this started),
    /// `token-expired` when the latest token expires. Events go only to origins listed with
    /// `origin=` (never to `"*"`), and the access token only to the origins in `confirmed`
    /// ([`AppState::host_consent`], [`prefill::post_targets`]).
    pub fn post_events_to_host(self, now: Signal<u64>, confirmed: RwSignal<Vec<String>>) {
        if !self.shell.framed {
            return;
        }
        // Untracked: confirming sends tokens from the next one on; it does not repost.
        let post = move |event: HostEvent| self.post_to_host(&event, &confirmed.get_untracked());
        crate::hooks::effect(move || {
            self.exchange.exchange.with(|ex| {
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
        crate::hooks::effect(move || {
            let now = now.get();
            let expired = self.exchange.exchange.with(|ex| {
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
    }

    /// Posts `event` to the parent window, once per allowed origin ([`prefill::post_targets`]),
    /// with token data only for the `confirmed` origins.
    fn post_to_host(self, event: &HostEvent, confirmed: &[String]) {
        let Ok(Some(parent)) = window().parent() else {
            return;
        };
        for target in prefill::post_targets(&self.shell.origins.get_value(), confirmed) {
            let message = prefill::event_message(event, target.token_data);
            // Plain objects (not Maps), so the host reads `event.data.type`.
            let serializer = serde_wasm_bindgen::Serializer::json_compatible();
            if let Ok(data) = message.serialize(&serializer) {
                let _ = parent.post_message(&data, &target.target_origin);
            }
        }
    }

    /// Posts the content height (`resize`, never a secret) to the allowed origins when the
    /// playground is in a frame: at start and whenever it changes (checked on every `tick`), so
    /// a host script can size the iframe to it (README, "Sizing the iframe").
    pub fn post_height_to_host(self, tick: Signal<u64>) {
        if !self.shell.framed || self.shell.origins.with_value(Vec::is_empty) {
            return;
        }
        let last = StoredValue::new(0u64);
        crate::hooks::effect(move || {
            tick.track();
            let Some(body) = document().body() else {
                return;
            };
            let height = body.offset_height().max(body.scroll_height()).max(0) as u32;
            if u64::from(height) != last.get_value() {
                last.set_value(u64::from(height));
                self.post_to_host(&prefill::HostEvent::Resize { height }, &[]);
            }
        });
    }

    /// Starts hearing the host page's messages, from the first render on
    /// ([`HostInbox`]); [`AppState::listen_to_host`] handles them.
    pub fn open_host_inbox(self) -> HostInbox {
        let inbox = HostInbox {
            pending: StoredValue::new_local(Vec::new()),
            handler: StoredValue::new_local(None),
        };
        let handle = window_event_listener(leptos::ev::message, move |ev| {
            // Handled at once when the handler is there; otherwise it comes back, to wait.
            let waiting = inbox
                .handler
                .try_with_value(|h| match h {
                    Some(handle) => {
                        handle(ev.origin(), ev.data());
                        None
                    }
                    None => Some((ev.origin(), ev.data())),
                })
                .flatten();
            if let Some(message) = waiting {
                inbox.pending.try_update_value(|p| {
                    if p.len() == INBOX_LIMIT {
                        p.remove(0);
                    }
                    p.push(message);
                });
            }
        });
        on_cleanup(move || handle.remove());
        inbox
    }

    /// Accepts `set-theme` messages from the host page, only from origins listed with
    /// `origin=` ([`prefill::parse_incoming`]); anything else is ignored with a notice. Handles
    /// what waited in `inbox` first, then each message as it comes.
    pub fn listen_to_host(self, inbox: HostInbox) {
        let handle = move |origin: String, data: JsValue| {
            let Ok(data) = serde_wasm_bindgen::from_value::<serde_json::Value>(data) else {
                return;
            };
            if data.get("source").and_then(|s| s.as_str()) == Some(prefill::MESSAGE_SOURCE) {
                return; // our own event echoed back
            }
            match prefill::parse_incoming(&origin, &data, &self.shell.origins.get_value()) {
                Ok(HostCommand::SetTheme(theme)) => self.shell.theme.set(theme),
                Err(e) => self
                    .shell
                    .notify(notice("postMessage", format!("Host page: {e}."))),
            }
        };
        let waited = inbox.pending.try_update_value(std::mem::take);
        for (origin, data) in waited.unwrap_or_default() {
            handle(origin, data);
        }
        inbox.handler.try_set_value(Some(Box::new(handle)));
        on_cleanup(move || _ = inbox.handler.try_set_value(None));
    }
}

/// The most host messages kept while their handler is not there yet (the oldest go first).
pub const INBOX_LIMIT: usize = 32;

/// A host message: the sender's origin and the data.
type HostMessage = (String, JsValue);

/// What handles a host message ([`AppState::listen_to_host`]).
type HostHandler = Box<dyn Fn(String, JsValue)>;

/// The host page's messages, heard from the first render on: their handler
/// ([`AppState::listen_to_host`]) is in the `screen` chunk and starts after the first paint, so
/// what a host page posts as soon as the frame has loaded waits here (at most [`INBOX_LIMIT`])
/// instead of being lost.
#[derive(Clone, Copy)]
pub struct HostInbox {
    pending: StoredValue<Vec<HostMessage>, LocalStorage>,
    handler: StoredValue<Option<HostHandler>, LocalStorage>,
}
