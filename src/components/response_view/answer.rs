use super::display::{masked_body, size};
use super::meta::{badge, meta};
use crate::components::Toggle;
use crate::hooks::UseClipboardReturn;
use crate::oauth::cors::entra_origin_error;
use crate::state::Exchange;
use crate::transport::Mode;
use leptos::prelude::*;

/// A response as received: status, headers and body (JSON pretty-printed unless "Raw body"),
/// with "Copy body". Only text bound to the exchange changes from one response to the next.
/// `shown`: the text shown, and the whole body's size when it is cut; `raw`: "Raw body".
pub(super) fn http_answer(
    exchange: Signal<Option<Exchange>>,
    shown: Memo<(String, Option<usize>)>,
    raw: RwSignal<bool>,
    reveal: Signal<bool>,
    clipboard: UseClipboardReturn,
) -> impl IntoView {
    let status = move || {
        exchange.with(|ex| match ex.as_ref().map(|ex| &ex.result) {
            Some(Ok(r)) => (r.status_line(), (200..300).contains(&r.status)),
            _ => (String::new(), false),
        })
    };
    let live =
        Memo::new(move |_| exchange.with(|ex| ex.as_ref().is_some_and(|ex| ex.mode == Mode::Live)));
    let copy = move |_| {
        // Copies the whole body, masked like the display unless revealed.
        let text = exchange.with_untracked(|ex| match ex.as_ref().map(|ex| &ex.result) {
            Some(Ok(r)) => Some(masked_body(r, !reveal.get_untracked())),
            _ => None,
        });
        if let Some(text) = text {
            clipboard.copy.run(text);
        }
    };
    view! {
        <p class="response__meta">
            {badge(exchange)}
            <span class=move || if status().1 { "status status--ok" } else { "status status--error" }>{move || status().0}</span>
            <span class="muted">{meta(exchange)}</span>
            <Toggle checked=raw label="Raw body" />
        </p>
        <pre class="http" role="region" aria-label="Raw HTTP response" tabindex="0">
            {move || shown.with(|s| s.0.clone())}
        </pre>
        <p class="muted">
            {move || shown.with(|s| s.1).map(|n| format!("Showing the first 100 000 bytes of a {} body. ", size(n)))}
            <button type="button" class="button button--small" on:click=copy>
                {clipboard.label("Copy body")}
            </button>
        </p>
        <p class="muted" hidden=move || !live.get()>"Only the headers the server exposes to this page (CORS) are listed; others may exist."</p>
        <p class="notice notice--warn" role="note" hidden=move || entra(exchange).is_none()>
            {move || entra(exchange)}
        </p>
    }
}

/// Microsoft Entra's refusal about the Origin header in the latest answer (AADSTS9002326 /
/// 9002327), explained.
fn entra(exchange: Signal<Option<Exchange>>) -> Option<&'static str> {
    exchange.with(|ex| match ex.as_ref().map(|ex| &ex.result) {
        Some(Ok(r)) => entra_origin_error(&r.body).map(|e| e.explanation()),
        _ => None,
    })
}
