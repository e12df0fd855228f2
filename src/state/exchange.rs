//! The send slice: the token request's exchange, the send action with attempt ids, the token
//! history and automatic renewal. The decisions are the core's ([`crate::oauth::exchange`]);
//! this file does the IO around them.
//!
//! Send → transport → parse → [`Exchange`] → inspector. A response from an older send that
//! finishes after a newer one is dropped by attempt id.

use super::dpop::{DpopState, NONCE_UNREADABLE, NonceAsk, NonceRound, nonce_asked};
use super::form::FormState;
use super::inspector::InspectorState;
use super::net::NetState;
use crate::crypto::{WebCryptoSigner, random_jti};
use crate::hooks::now_ms;
use crate::oauth::draft::{Draft, PlannedAssertion};
use crate::oauth::exchange::{self as decide, RenewalTrack};
use crate::oauth::http::{HttpRequest, HttpResponse};
use crate::oauth::renewal::Renewal;
use crate::oauth::request::TokenRequest;
use crate::oauth::response::{self, TokenOutcome};
use crate::oauth::token::{IssuedToken, RenewAt};
use crate::transport::{Fetched, Mode, TransportError};
use leptos::prelude::*;
use leptos::task::spawn_local;

pub use crate::oauth::exchange::HISTORY_LIMIT;

/// One completed send: what went out, what came back, and what it means.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The attempt id (increasing per send).
    pub attempt: u64,
    /// Simulated or live.
    pub mode: Mode,
    /// The request as sent (to the token endpoint, also when a relay carried it).
    pub request: HttpRequest,
    /// The relay it went through (its base URL), if any.
    pub relay: Option<String>,
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
    /// The first exchange, when the server asked for a DPoP nonce and the request was sent
    /// again with it (RFC 9449 §8).
    pub nonce_round: Option<NonceRound>,
    /// Why a nonce the server asked for could not be followed, if so.
    pub dpop_note: Option<String>,
}

/// A sent request's outcome: the request as finally sent, its result, the first of two
/// exchanges when a nonce was asked for, and a note.
type Dispatched = (
    TokenRequest,
    Result<HttpResponse, TransportError>,
    Option<NonceRound>,
    Option<String>,
);

/// The request signed for this send: a fresh client assertion (new jti, iat = now, RFC 7523
/// §3) and, with DPoP on, a fresh proof (RFC 9449 §4.2).
async fn signed(
    request: TokenRequest,
    plan: PlannedAssertion,
    dpop: DpopState,
) -> Result<TokenRequest, String> {
    let request = match plan {
        Some(Ok((plan, key))) => plan
            .sign(&key, now_ms() / 1000, &random_jti(), &WebCryptoSigner)
            .await
            .map(|jws| request.with_assertion(jws))
            .map_err(|e| format!("signing failed: {e}"))?,
        _ => request,
    };
    if !request.dpop.is_on() {
        return Ok(request);
    }
    let (htm, htu) = request.dpop_target();
    dpop.proof(htm, &htu, None)
        .await
        .map(|proof| request.with_dpop_proof(proof))
        .map_err(|e| format!("the DPoP proof could not be signed: {e}"))
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

/// What automatic renewal decides for the current token, as a context for the countdown.
#[derive(Clone, Copy)]
pub struct RenewalNote(pub ReadSignal<Option<Renewal>>);

/// The token request's sends and what came of them.
#[derive(Clone, Copy)]
pub struct ExchangeState {
    /// The latest completed exchange.
    pub exchange: RwSignal<Option<Exchange>>,
    /// True while a send is in flight.
    pub sending: RwSignal<bool>,
    /// A message about a send that could not start.
    pub send_blocked: RwSignal<Option<String>>,
    /// Every send's outcome, newest first.
    pub history: RwSignal<Vec<HistoryEntry>>,
    /// When automatic renewal asks for a new token.
    pub renew_at: RwSignal<RenewAt>,
    /// "Renew automatically before expiry".
    pub auto_renew: RwSignal<bool>,
    /// What automatic renewal does for the current token (`None` while it is off).
    pub renewal: RwSignal<Option<Renewal>>,
    /// What automatic renewal knows of the current token and its own past attempts.
    renewal_track: StoredValue<RenewalTrack>,
    attempt: StoredValue<u64>,
}

/// What one send needs from the other slices.
#[derive(Clone, Copy)]
pub struct SendContext {
    /// The form it sends.
    pub form: FormState,
    /// The path it goes over.
    pub net: NetState,
    /// Reset for each answer; verifies a new JWT when a JWKS URL is known.
    pub inspector: InspectorState,
    /// Signs each send's DPoP proof and keeps the servers' nonces.
    pub dpop: DpopState,
}

impl ExchangeState {
    /// Nothing sent yet.
    pub fn new() -> Self {
        Self {
            exchange: RwSignal::new(None),
            sending: RwSignal::new(false),
            send_blocked: RwSignal::new(None),
            history: RwSignal::new(Vec::new()),
            renew_at: RwSignal::new(RenewAt::default()),
            auto_renew: RwSignal::new(false),
            renewal: RwSignal::new(None),
            renewal_track: StoredValue::new(RenewalTrack::default()),
            attempt: StoredValue::new(0),
        }
    }

    /// The access token of the latest exchange, if one was issued.
    pub fn latest_token(self) -> Option<String> {
        self.exchange.with_untracked(|ex| {
            ex.as_ref()
                .and_then(|ex| ex.issued.as_ref())
                .map(|t| t.response.access_token.expose().to_string())
        })
    }

    /// Whether the latest token is DPoP-bound (`token_type: DPoP`, RFC 9449 §5): the API is
    /// then called with `Authorization: DPoP` and a proof.
    pub fn latest_is_dpop(self) -> bool {
        self.exchange.with_untracked(|ex| {
            ex.as_ref()
                .and_then(|ex| ex.issued.as_ref())
                .is_some_and(|t| t.response.token_type.eq_ignore_ascii_case("DPoP"))
        })
    }

    /// The attempt id of the latest completed exchange (0 before the first).
    pub fn latest_attempt(self) -> u64 {
        self.exchange
            .with_untracked(|ex| ex.as_ref().map_or(0, |ex| ex.attempt))
    }

    /// Sends the current request. Only the latest send's result is kept. The send's code — its
    /// checks, signing, the path — is in the `deferred` chunk, fetched right after the first paint
    /// (issue 17); a chunk that does not download is a send that says so, under Send.
    pub fn send(self, cx: SendContext) {
        spawn_local(async move {
            if crate::chunks::send(self, cx).await.is_err() {
                self.send_blocked.set(Some(format!(
                    "Not sent: the page {}. Check the connection and press Send again.",
                    crate::lazy::missing_code("sending")
                )));
                self.sending.set(false);
            }
        });
    }

    /// [`Self::send`] once its code is there: the checks, then [`Self::complete_send`].
    pub fn checked_send(self, cx: SendContext) {
        let request = match cx.form.validated.get_untracked() {
            Ok(request) => request,
            Err(errors) => {
                self.send_blocked.set(Some(decide::not_sent(&errors)));
                return;
            }
        };
        let mode = cx.net.mode.get_untracked();
        if let Some(why) = decide::bad_port(request.token_url.port(), mode == Mode::Live) {
            self.send_blocked.set(Some(why));
            return;
        }
        self.send_blocked.set(None);
        let attempt = self.attempt.get_value() + 1;
        self.attempt.set_value(attempt);
        self.sending.set(true);
        let plan = cx.form.draft.with_untracked(Draft::assertion_plan);
        spawn_local(self.complete_send(cx, request, plan, mode, attempt));
    }

    /// One send after its checks ([`ExchangeState::checked_send`]): signs the assertion and the DPoP
    /// proof, dispatches on the path, and records the answer unless a newer send started.
    pub async fn complete_send(
        self,
        cx: SendContext,
        request: TokenRequest,
        plan: PlannedAssertion,
        mode: Mode,
        attempt: u64,
    ) {
        let token_request = match signed(request, plan, cx.dpop).await {
            Ok(r) => r,
            Err(e) => {
                self.send_blocked.set(Some(format!("Not sent: {e}")));
                self.sending.set(false);
                return;
            }
        };
        let started = now_ms();
        let relay = cx.net.relay_used(mode);
        let Some((token_request, result, nonce_round, dpop_note)) =
            self.dispatch(token_request, mode, attempt, cx).await
        else {
            return; // unmounted, or a newer send has started: this result is stale
        };
        let received = now_ms();
        let outcome = result.as_ref().ok().map(response::parse);
        let issued = decide::issued_token(outcome.as_ref(), received);
        self.record(
            Exchange {
                attempt,
                mode,
                request: token_request.to_http(),
                relay,
                token_request,
                elapsed_ms: received.saturating_sub(started),
                outcome,
                issued,
                result,
                nonce_round,
                dpop_note,
            },
            received,
            cx,
        );
    }

    /// Sends the signed request; when DPoP is on and the server asks for a nonce (RFC 9449
    /// §8), remembers it and sends once more with a fresh proof carrying it. `None` when
    /// unmounted or superseded by a newer send.
    async fn dispatch(
        self,
        token_request: TokenRequest,
        mode: Mode,
        attempt: u64,
        cx: SendContext,
    ) -> Option<Dispatched> {
        let request = token_request.to_http();
        let result = cx
            .net
            .dispatch(&request, Fetched::TokenEndpoint, mode, true)
            .await?;
        if self.attempt.get_value() != attempt {
            return None;
        }
        if token_request.dpop.is_on() {
            cx.dpop.record_sent(&request, None, result.as_ref().ok());
        }
        let Some(response) = result.as_ref().ok().filter(|_| token_request.dpop.is_on()) else {
            return Some((token_request, result, None, None));
        };
        cx.dpop.note_response(&request.url, response);
        match nonce_asked(response, false) {
            NonceAsk::No => Some((token_request, result, None, None)),
            NonceAsk::Unreadable => Some((
                token_request,
                result,
                None,
                Some(NONCE_UNREADABLE.to_string()),
            )),
            NonceAsk::Retry(_) => {
                let round = NonceRound {
                    request,
                    response: response.clone(),
                };
                self.note_first_attempt(attempt, mode, &round);
                let (htm, htu) = token_request.dpop_target();
                let retried = match cx.dpop.proof(htm, &htu, None).await {
                    Ok(proof) => token_request.with_dpop_proof(proof),
                    Err(e) => return Some((token_request, result, Some(round), Some(e))),
                };
                let second = retried.to_http();
                let result = cx
                    .net
                    .dispatch(&second, Fetched::TokenEndpoint, mode, true)
                    .await?;
                cx.dpop.record_sent(&second, None, result.as_ref().ok());
                if let Ok(response) = &result {
                    cx.dpop.note_response(&second.url, response);
                }
                (self.attempt.get_value() == attempt).then_some((
                    retried,
                    result,
                    Some(round),
                    None,
                ))
            }
        }
    }

    /// The first of two exchanges in the history: "1st attempt: 400 use_dpop_nonce → …".
    fn note_first_attempt(self, attempt: u64, mode: Mode, round: &NonceRound) {
        self.history.update(|h| {
            decide::push_history(
                h,
                HistoryEntry {
                    attempt,
                    at_ms: now_ms(),
                    mode,
                    outcome: round.line(),
                },
            );
        });
    }

    /// Records a completed send: its history line, the exchange, and (for a new token, when
    /// a JWKS URL is known) the signature check.
    fn record(self, exchange: Exchange, received: u64, cx: SendContext) {
        let line = decide::outcome_line(&exchange.result, exchange.outcome.as_ref());
        self.history.update(|h| {
            decide::push_history(
                h,
                HistoryEntry {
                    attempt: exchange.attempt,
                    at_ms: received,
                    mode: exchange.mode,
                    outcome: line,
                },
            );
        });
        cx.inspector.reset();
        self.exchange.set(Some(exchange));
        self.sending.set(false);
        cx.inspector.verify_when_known(self, cx.net);
    }

    /// Offers the renewal decision to the countdown ([`RenewalNote`]) as a context of the caller's
    /// owner (the app), before [`ExchangeState::renew_when_due`] starts making it.
    pub fn provide_renewal_note(self) {
        provide_context(RenewalNote(self.renewal.read_only()));
    }

    /// Renews the token automatically while "Renew automatically" is on, as the pure
    /// [`crate::oauth::renewal::decide`] says: inside the renewal margin, at most once per
    /// token, never two renewals closer than [`crate::oauth::renewal::MIN_INTERVAL_MS`], with a
    /// doubling pause after failures, and not at all for a token whose lifetime fits in the
    /// margin (it would be renewed as soon as it arrives, in a loop). Client credentials has no
    /// refresh token (RFC 6749 §4.4.3): renewal is a new token request. The decision is offered
    /// to the countdown as the [`RenewalNote`] context, so that it can say why a token is not
    /// renewed: the composition root provides it ([`ExchangeState::provide_renewal_note`]), as
    /// this effect starts only after the first paint (the `screen` chunk).
    pub fn renew_when_due(self, now: Signal<u64>, cx: SendContext) {
        crate::hooks::effect(move || {
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
                // A form that does not validate says why under Send; it counts as a failure.
                let sendable = cx.form.validated.with_untracked(Result::is_ok);
                self.renewal_track
                    .update_value(|t| t.renewing(now, sendable));
                self.send(cx);
            }
        });
    }
}

impl Default for ExchangeState {
    fn default() -> Self {
        Self::new()
    }
}
