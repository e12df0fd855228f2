//! The line above a response: where it came from (simulated or live), and the attempt, time
//! and size.

use super::display::size;
use crate::state::Exchange;
use crate::transport::Mode;
use leptos::prelude::*;

/// "simulated" or "live", for the latest exchange.
pub(super) fn badge(exchange: Signal<Option<Exchange>>) -> impl IntoView {
    move || {
        exchange.with(|ex| match ex.as_ref().map(|ex| ex.mode) {
            Some(Mode::Live) => view! { <span class="badge badge--live">"live"</span> }.into_any(),
            _ => view! { <span class="badge badge--sim" title="Answered by the authorization server simulated in this page">"simulated"</span> }.into_any(),
        })
    }
}

/// "attempt #n · t ms[ · through the relay at …] · size".
pub(super) fn meta(exchange: Signal<Option<Exchange>>) -> impl IntoView {
    move || {
        exchange.with(|ex| {
            let ex = ex.as_ref()?;
            let mut meta = format!("attempt #{} · {} ms", ex.attempt, ex.elapsed_ms);
            if let Some(relay) = &ex.relay {
                meta.push_str(&format!(" · through the relay at {relay}"));
            }
            if let Ok(response) = &ex.result {
                meta.push_str(&format!(" · {}", size(response.body.len())));
            }
            Some(meta)
        })
    }
}
