use crate::components::response_view::display::display_text;
use crate::components::{DpopNonceRound, DpopProofView};
use crate::oauth::bearer::{parse_challenge, parse_dpop_challenge};
use crate::oauth::dpop::DPOP_HEADER;
use crate::oauth::http::HttpResponse;
use crate::state::ApiExchange;
use leptos::prelude::*;

/// A `WWW-Authenticate: Bearer` (RFC 6750 §3) or `DPoP` (RFC 9449 §7.1) refusal explained, for
/// a 400, 401 or 403.
fn challenge(r: &HttpResponse) -> Option<impl IntoView + use<>> {
    let c = r
        .header("www-authenticate")
        .and_then(|h| parse_challenge(h).or_else(|| parse_dpop_challenge(h)))
        .filter(|_| r.status == 401 || r.status == 403 || r.status == 400)?;
    Some(view! {
        <div class="notice notice--error" role="alert">
            <p>{c.error.clone().unwrap_or_else(|| "no error code".into())}</p>
            <p>{c.explanation()}</p>
            {c.error_description.map(|d| view! { <p class="quote">{d}</p> })}
        </div>
    })
}

/// The latest API call: the request as sent (token masked unless revealed) and the response,
/// a JSON body pretty-printed as the token response is.
pub(super) fn api_result(
    exchange: Signal<Option<ApiExchange>>,
    reveal: Signal<bool>,
) -> impl IntoView {
    move || {
        exchange.get().map(|ex| {
            let masked = !reveal.get();
            let request = ex.request.render(masked);
            let response = match &ex.result {
                Ok(r) => view! {
                    <pre class="http" role="region" aria-label="API response" tabindex="0">{display_text(r, false, masked).0}</pre>
                    {challenge(r)}
                }
                .into_any(),
                Err(e) => view! { <p class="notice notice--error" role="alert">{e.to_string()}</p> }.into_any(),
            };
            let proof = ex.request.header(DPOP_HEADER).map(str::to_string);
            view! {
                <DpopNonceRound round=Signal::stored(ex.nonce_round.clone()) note=Signal::stored(ex.dpop_note.clone()) reveal=reveal what="API call" />
                <p class="muted">{format!("{} ms", ex.elapsed_ms)}</p>
                <pre class="http" role="region" aria-label="API request" tabindex="0">{request}</pre>
                <DpopProofView proof=Signal::stored(proof) label="Decoded DPoP proof of the API call" />
                {response}
            }
        })
    }
}
