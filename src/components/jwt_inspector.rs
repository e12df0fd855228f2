//! The token inspector: a JWT access token decoded, checked and verified. Its parts are in
//! `jwt_inspector/` (claims, checks, signature, introspection).

mod checks;
mod claims;
mod introspection;
mod signature;

use crate::oauth::introspection::Introspection;
use crate::oauth::jwt::{
    Check, Verdict, checks, decode_access_token, expiry_disagreement, explain, time_claim,
};
use crate::oauth::request::TokenRequest;
use crate::state::Verification;
use checks::check_list;
use claims::{claim_list, follow_clock};
use introspection::introspection_part;
use leptos::prelude::*;
use signature::signature_check;

/// The access token, the request it answered, and when `expires_in` says it expires (seconds
/// since the epoch).
pub type InspectedToken = (String, TokenRequest, Option<i64>);

/// The checks of `token` at `now_secs` (RFC 9068 §2, §4), with a warning when `exp` and
/// `expires_in` disagree; empty for an opaque or undecodable token.
fn token_checks(token: &InspectedToken, issuer: Option<&str>, now_secs: i64) -> Vec<Check> {
    let (token, request, expires_at) = token;
    let Some(Ok(jwt)) = decode_access_token(token) else {
        return Vec::new();
    };
    let mut found = checks(&jwt, Some(request), issuer, now_secs);
    if let (Some(at), Some(exp)) = (*expires_at, time_claim(&jwt.claims, "exp"))
        && let Some(note) = expiry_disagreement(at, exp, 5)
    {
        found.push(Check {
            verdict: Verdict::Warn,
            message: note,
        });
    }
    found
}

/// A JWT access token decoded (header and claims, each explained), checked against the request
/// (RFC 9068), and its signature verified against the issuer's JWKS. Opaque tokens are named as
/// such.
#[component]
pub fn JwtInspector(
    /// The access token, the request it answered, and when `expires_in` says it expires (seconds
    /// since the epoch), when a token was issued.
    #[prop(into)]
    token: Signal<Option<InspectedToken>>,
    /// The issuer found by discovery, to check `iss` against.
    #[prop(into)]
    issuer: Signal<Option<String>>,
    /// The current time (ms since the epoch).
    #[prop(into)]
    now: Signal<u64>,
    /// "JWKS URL".
    jwks_url: RwSignal<String>,
    /// The JWKS used when "JWKS URL" is empty (the simulated server's, in simulated mode).
    #[prop(into)]
    jwks_fallback: Signal<Option<String>>,
    /// The signature check.
    #[prop(into)]
    verification: Signal<Verification>,
    /// "Verify" was pressed.
    #[prop(into)]
    on_verify: Callback<()>,
    /// The introspection endpoint, when discovery found one.
    #[prop(into)]
    introspection_endpoint: Signal<Option<String>>,
    /// The latest introspection answer.
    #[prop(into)]
    introspection: Signal<Option<Result<Introspection, String>>>,
    /// "Introspect" was pressed.
    #[prop(into)]
    on_introspect: Callback<()>,
) -> impl IntoView {
    // The decoding changes only with the token; relative times and checks follow the second.
    let secs = Memo::new(move |_| (now.get() / 1000) as i64);
    follow_clock(secs);
    let found = Memo::new(move |_| {
        let now_secs = secs.get();
        token
            .with(|t| {
                t.as_ref()
                    .map(|t| issuer.with(|i| token_checks(t, i.as_deref(), now_secs)))
            })
            .unwrap_or_default()
    });
    let decoded = move || {
        token.with(|t| t.as_ref().map(|(token, _, _)| match decode_access_token(token) {
            None => view! {
                <p class="muted">"An opaque token: its format is the server's business (RFC 6749 §1.4). Only the server can say what it means (introspection, RFC 7662, offered when discovery finds an introspection endpoint)."</p>
            }
            .into_any(),
            Some(Err(e)) => view! { <p class="notice notice--error" role="alert">{e}</p> }.into_any(),
            Some(Ok(jwt)) => {
                let (header, claims) = explain(&jwt);
                let now_secs = secs.get_untracked();
                view! {
                    <h3>"Header"</h3>
                    {claim_list("JWT header", header, now_secs)}
                    <h3>"Claims"</h3>
                    {claim_list("JWT claims", claims, now_secs)}
                }
                .into_any()
            }
        }))
    };
    let is_jwt = move || token.with(|t| t.as_ref().is_some_and(|(t, _, _)| t.contains('.')));
    view! {
        <section class="panel" aria-labelledby="jwt-title" hidden=move || token.with(Option::is_none)>
            <header class="panel__header"><h2 id="jwt-title">"Token inspector"</h2></header>
            {decoded}
            <div hidden=move || found.with(Vec::is_empty)>{check_list(found)}</div>
            <div class="field" hidden=move || !is_jwt()>
                {signature_check(jwks_url, jwks_fallback, verification, on_verify)}
            </div>
            {introspection_part(introspection_endpoint, introspection, on_introspect)}
        </section>
    }
}
