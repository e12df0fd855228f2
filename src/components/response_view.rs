//! The latest exchange's raw response, or why there is none. Its parts are in `response_view/`:
//! the response (`answer.rs`), no response (`failure.rs`), the line above either (`meta.rs`)
//! and the text shown (`display.rs`, pure).

mod answer;
pub(crate) mod display;
mod failure;
mod meta;

use crate::hooks::use_clipboard;
use crate::state::Exchange;
use answer::http_answer;
use display::display_text;
pub(crate) use failure::Retries;
use failure::no_response;
use leptos::prelude::*;

/// The raw response of the latest exchange (status line, headers, body), or why there is none,
/// with the likely causes and what to do.
#[component]
pub fn ResponseView(
    /// The latest exchange, if any.
    #[prop(into)]
    exchange: Signal<Option<Exchange>>,
    /// True while a request is in flight.
    #[prop(into)]
    sending: Signal<bool>,
    /// This page's origin (for the CORS diagnosis).
    page_origin: String,
    /// Whether secrets (tokens in the body) are shown in clear.
    #[prop(into)]
    reveal: Signal<bool>,
    /// Whether the simulated server knows the client typed (else a retry with it is offered
    /// with the example client).
    #[prop(into, optional)]
    client_known: Signal<bool>,
    /// "Retry with the simulated server" was pressed.
    #[prop(into)]
    on_retry_simulated: Callback<()>,
    /// "Use the example client and retry" was pressed.
    #[prop(into, optional)]
    on_retry_example: Option<Callback<()>>,
    /// A relay is set (Relay URL) or answers at the default address.
    #[prop(into)]
    relay_available: Signal<bool>,
    /// "Retry through the relay" was pressed.
    #[prop(into)]
    on_retry_relay: Callback<()>,
) -> impl IntoView {
    let raw = RwSignal::new(false);
    let page_origin = StoredValue::new(page_origin);
    let clipboard = use_clipboard();
    let on_retry_example = on_retry_example.unwrap_or(on_retry_simulated);
    // The panel's shape changes only when the kind of result does (none, a response, no
    // response). Within a shape, only text bound to the exchange changes: a new send creates and
    // disposes no reactive node — Leptos 0.8 never removes a disposed effect from the subscriber
    // lists of the signals it read (`raw`, `reveal`, the copy label…; tests/memory.rs).
    let shape = Memo::new(move |_| exchange.with(|ex| ex.as_ref().map(|ex| ex.result.is_ok())));
    let shown = Memo::new(move |_| {
        exchange.with(|ex| match ex.as_ref().map(|ex| &ex.result) {
            Some(Ok(response)) => display_text(response, raw.get(), !reveal.get()),
            _ => (String::new(), None),
        })
    });
    let body = move || match shape.get() {
        None => view! {
            <p class="placeholder">"Press Send (or Ctrl+Enter) to see the server's answer here."</p>
        }
        .into_any(),
        Some(true) => http_answer(exchange, shown, raw, reveal, clipboard).into_any(),
        Some(false) => no_response(
            exchange,
            page_origin,
            Retries {
                client_known,
                relay_available,
                on_retry_simulated,
                on_retry_example,
                on_retry_relay,
            },
        )
        .into_any(),
    };
    view! {
        <section class="panel panel--response" aria-labelledby="response-title" aria-busy=move || sending.get().to_string()>
            <header class="panel__header">
                <h2 id="response-title">"Response"</h2>
                <span class="spinner" hidden=move || !sending.get()>"Sending…"</span>
            </header>
            {body}
        </section>
    }
}
