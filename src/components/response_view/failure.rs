use super::meta::{badge, meta};
use crate::chunks::{cors_doctor_view, preload_cors_doctor};
use crate::lazy::{lazy, ready_now};
use crate::state::Exchange;
use crate::transport::TransportError;
use leptos::prelude::*;

/// The retries offered when there is no response, and what decides them.
#[derive(Clone, Copy)]
pub(crate) struct Retries {
    /// Whether the simulated server knows the client typed (id and secret): when it does not,
    /// "Use the example client and retry" is offered (it would answer `invalid_client`).
    pub client_known: Signal<bool>,
    /// A relay is set (Relay URL) or answers at the default address.
    pub relay_available: Signal<bool>,
    /// "Retry with the simulated server".
    pub on_retry_simulated: Callback<()>,
    /// "Use the example client and retry".
    pub on_retry_example: Callback<()>,
    /// "Retry through the relay".
    pub on_retry_relay: Callback<()>,
}

/// No response: the CORS doctor (why, the likely causes, the same request as curl, retries
/// through the relay or with the simulated server) — offering the example client when the
/// simulated server does not know the one typed. `page_origin`: this page's origin (for the
/// CORS diagnosis).
pub(super) fn no_response(
    exchange: Signal<Option<Exchange>>,
    page_origin: StoredValue<String>,
    retries: Retries,
) -> impl IntoView {
    let Retries {
        client_known,
        on_retry_example,
        ..
    } = retries;
    // The page's own code for the request did not download (a lazily loaded chunk): said as it
    // is, without the CORS doctor (which could not run either, and would diagnose the server).
    let chunk = Memo::new(move |_| {
        exchange.with(|ex| match ex.as_ref().map(|ex| &ex.result) {
            Some(Err(e @ TransportError::Chunk(_))) => Some(match e.likely_causes().first() {
                Some(what_to_do) => format!("{e} {what_to_do}"),
                None => e.to_string(),
            }),
            _ => None,
        })
    });
    let diagnosis = move || match chunk.get() {
        Some(text) => view! {
            <p class="notice notice--error" role="alert">{text}</p>
        }
        .into_any(),
        None => lazy("the CORS doctor", preload_cors_doctor, move || {
            ready_now(cors_doctor_view(exchange, page_origin.get_value(), retries))
        })
        .into_any(),
    };
    view! {
        <p class="response__meta">{badge(exchange)}<span class="status status--error">"No response"</span><span class="muted">{meta(exchange)}</span></p>
        {diagnosis}
        <p class="retry retry__example" hidden=move || client_known.get()>
            <span class="muted">{format!("The simulated server knows one client, {EXAMPLE_CLIENT_ID}: this one would get invalid_client. ")}</span>
            <button type="button" class="button button--small" on:click=move |_| on_retry_example.run(())>
                "Use the example client and retry"
            </button>
        </p>
    }
}

use crate::oauth::draft::EXAMPLE_CLIENT_ID;
