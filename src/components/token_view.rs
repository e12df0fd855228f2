//! The token panel: the access token and its members, or the error. Its parts are in
//! `token_view/`: the countdown and renewal (`renewal.rs`), the other members and notes
//! (`extra.rs`), the error explained (`error.rs`).

mod error;
mod extra;
mod renewal;
mod shape;

use crate::oauth::response::{TokenOutcome, TokenResponse};
use crate::oauth::token::{IssuedToken, RenewAt};
use error::error_text;
use extra::{extra_members, no_notes, notes};
use leptos::prelude::*;
use renewal::renewal_part;
use shape::{Shape, shape_of};

/// A response's meaning: the outcome, the issued token, and a note on how the granted scope
/// differs from the requested one.
pub type Interpreted = (TokenOutcome, Option<IssuedToken>, Option<String>);

/// The meaning of the latest response: the parsed token with its countdown, or the error
/// explained, or what came instead of either.
#[component]
pub fn TokenView(
    /// The interpreted response, the issued token, and how the granted scope differs from the
    /// requested one, if any.
    #[prop(into)]
    outcome: Signal<Option<Interpreted>>,
    /// The current time (ms since the epoch).
    #[prop(into)]
    now: Signal<u64>,
    /// Whether secrets (the access token) are shown in clear.
    reveal: RwSignal<bool>,
    /// "Renew automatically": request a new token inside the renewal margin.
    auto_renew: RwSignal<bool>,
    /// "Renew now" was pressed.
    #[prop(into)]
    on_renew: Callback<()>,
    /// When automatic renewal asks for a new token.
    renew_at: RwSignal<RenewAt>,
    /// How far the server's clock is from this computer's, in seconds, when its `Date` header
    /// was readable.
    #[prop(into)]
    clock_skew: Signal<Option<i64>>,
) -> impl IntoView {
    // Every part is built once and stays mounted; the kind of outcome (`shape`) only decides
    // which part is hidden, and a new token or error updates text in place. So no send creates
    // and disposes a reactive node, which would stay in the subscriber lists of `reveal`,
    // `auto_renew` or `renew_at` for good (see ResponseView, tests/memory.rs).
    let shape = shape_of(outcome);
    let token = move |f: fn(&TokenResponse) -> String| {
        move || {
            outcome.with(|o| match o {
                Some((TokenOutcome::Token(t), _, _)) => f(t),
                _ => String::new(),
            })
        }
    };
    let shown = move || {
        if reveal.get() {
            token(|t| t.access_token.expose().to_string())()
        } else {
            crate::oauth::http::MASK.to_string()
        }
    };
    let issued = Memo::new(move |_| outcome.with(|o| o.as_ref().and_then(|(_, i, _)| i.clone())));
    let title = move || match shape.get() {
        Some(Shape::Error) => "Error response",
        Some(Shape::Problem) => "Unexpected response",
        _ => "Access token",
    };
    let is_token = move || matches!(shape.get(), Some(Shape::Token { .. }));
    let has_issued = move || matches!(shape.get(), Some(Shape::Token { issued: true }));
    // Every part stays mounted and is hidden when it does not apply: switching between a token
    // and an error rebuilds nothing (tests/memory.rs, alternating sends).
    view! {
        <section class="panel panel--token" aria-labelledby="token-title" hidden=move || shape.with(Option::is_none)>
            <header class="panel__header"><h2 id="token-title">{title}</h2></header>
            <div class="panel__part" hidden=move || !is_token()>
                <div class="panel__part" hidden=move || !has_issued()>
                    {renewal_part(issued, now, auto_renew, renew_at, on_renew, clock_skew)}
                </div>
                <dl class="fields">
                    <dt>"access_token"</dt><dd><code class="token-value" data-field="access_token">{shown}</code></dd>
                    <dt>"token_type"</dt><dd data-field="token_type">{token(|t| t.token_type.clone())}</dd>
                    <dt>"expires_in"</dt><dd data-field="expires_in">{token(|t| t.expires_in.map(|s| format!("{s} s")).unwrap_or_else(|| "—".into()))}</dd>
                    <dt>"scope"</dt><dd data-field="scope">{token(|t| t.scope.clone().unwrap_or_else(|| "(not returned: same as requested, RFC 6749 §5.1)".into()))}</dd>
                    {extra_members(outcome, reveal)}
                </dl>
                <p class="field__hint" data-testid="dpop-token-type" hidden=move || !token(|t| t.token_type.clone())().eq_ignore_ascii_case("DPoP")>
                    "token_type DPoP: a sender-constrained token (RFC 9449 §5). Each request with it carries Authorization: DPoP <token> and a fresh proof signed with this page's DPoP key; without the key it is refused."
                </p>
                <ul class="notes" hidden=no_notes(outcome)>{notes(outcome)}</ul>
            </div>
            <div class="notice notice--error" role="alert" hidden=move || shape.get().is_none() || is_token()>{error_text(outcome)}</div>
        </section>
    }
}
