use crate::components::response_view::display::display_text;
use crate::state::dpop::NonceRound;
use leptos::prelude::*;

/// The first of two exchanges when a server asked for a DPoP nonce (RFC 9449 §8 token
/// endpoint, §9 resource server): "1st attempt: 400 use_dpop_nonce → retried with the
/// server's nonce", with that request and answer on demand; or why a nonce could not be
/// followed. Built once and updated in place (no node is created per send).
#[component]
pub fn DpopNonceRound(
    /// The first exchange, when there were two.
    #[prop(into)]
    round: Signal<Option<NonceRound>>,
    /// Why a nonce asked for could not be followed, if so.
    #[prop(into)]
    note: Signal<Option<String>>,
    /// Whether secrets are shown in clear (the first request's credentials).
    #[prop(into)]
    reveal: Signal<bool>,
    /// Names the region: "token request" or "API call".
    what: &'static str,
) -> impl IntoView {
    let line = move || round.with(|r| r.as_ref().map(NonceRound::line).unwrap_or_default());
    let first = move || {
        round.with(|r| {
            r.as_ref()
                .map(|r| {
                    let masked = !reveal.get();
                    format!(
                        "{}\n{}",
                        r.request.render(masked),
                        display_text(&r.response, true, masked).0
                    )
                })
                .unwrap_or_default()
        })
    };
    view! {
        <div class="notice dpop-round" hidden=move || round.with(Option::is_none)>
            <p data-testid="dpop-nonce-round">{line}</p>
            <details>
                <summary>{format!("The first {what} and the server's answer")}</summary>
                <pre class="http" role="region" aria-label=format!("First DPoP {what}") tabindex="0">{first}</pre>
            </details>
        </div>
        <p class="notice notice--warn" role="status" hidden=move || note.with(Option::is_none)>{move || note.get()}</p>
    }
}
