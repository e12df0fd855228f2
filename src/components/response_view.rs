use crate::components::{CorsDoctor, Toggle};
use crate::hooks::{UseClipboardReturn, use_clipboard};
use crate::oauth::cors::entra_origin_error;
use crate::oauth::http::HttpResponse;
use crate::oauth::response::{mask_secrets, secret_values};
use crate::state::Exchange;
use crate::transport::Mode;
use leptos::prelude::*;

/// Bodies longer than this are shown truncated (Copy still copies all of it).
const DISPLAY_LIMIT: usize = 100_000;

/// The body as "Raw body" shows it and "Copy body" copies it: with `masked`, every credential
/// is masked by its decoded JSON value ([`mask_secrets`]), however the server escaped it.
fn masked_body(response: &HttpResponse, masked: bool) -> String {
    if !masked {
        return response.body_text();
    }
    mask_secrets(&response.body_text(), &secret_values(&response.body))
}

/// The response as displayed: JSON bodies pretty-printed unless `raw`, long bodies cut.
fn display_text(response: &HttpResponse, raw: bool, masked: bool) -> (String, Option<usize>) {
    let body = match (
        raw,
        serde_json::from_slice::<serde_json::Value>(&response.body),
    ) {
        (false, Ok(v)) => match serde_json::to_string_pretty(&v) {
            Ok(pretty) if masked => mask_secrets(&pretty, &secret_values(&response.body)),
            Ok(pretty) => pretty,
            Err(_) => masked_body(response, masked),
        },
        _ => masked_body(response, masked),
    };
    let mut head = response.status_line();
    head.push('\n');
    for h in &response.headers {
        head.push_str(&format!("{}: {}\n", h.name, h.value));
    }
    head.push('\n');
    if body.len() > DISPLAY_LIMIT {
        let cut = (0..=DISPLAY_LIMIT)
            .rev()
            .find(|i| body.is_char_boundary(*i))
            .unwrap_or(0);
        (format!("{head}{}", &body[..cut]), Some(response.body.len()))
    } else {
        (format!("{head}{body}"), None)
    }
}

fn size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / 1024.0 / 1024.0),
    }
}

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
    /// "Retry with the simulated server" was pressed.
    #[prop(into)]
    on_retry_simulated: Callback<()>,
    /// A relay is set (Relay URL) or answers at the default address.
    #[prop(into)]
    relay_available: Signal<bool>,
    /// "Retry through the relay" was pressed.
    #[prop(into)]
    on_retry_relay: Callback<()>,
) -> impl IntoView {
    let page_origin = StoredValue::new(page_origin);
    let clipboard = use_clipboard();
    // The panel's shape changes only when the kind of result does (none, a response, no
    // response). Within a shape, only text bound to the exchange changes: a new send creates and
    // disposes no reactive node — Leptos 0.8 never removes a disposed effect from the subscriber
    // lists of the signals it read (`raw`, `reveal`, the copy label…; tests/memory.rs).
    let shape = Memo::new(move |_| exchange.with(|ex| ex.as_ref().map(|ex| ex.result.is_ok())));
    let parts = Answer::new(exchange, reveal, clipboard);
    let body = move || {
        match shape.get() {
        None => view! {
            <p class="placeholder">"Press Send (or Ctrl+Enter) to see the server's answer here."</p>
        }
        .into_any(),
        Some(true) => answer(parts),
        Some(false) => view! {
            <p class="response__meta">{badge(exchange)}<span class="status status--error">"No response"</span><span class="muted">{meta(exchange)}</span></p>
            <CorsDoctor
                exchange=exchange
                page_origin=page_origin.get_value()
                relay_available=relay_available
                on_retry_relay=on_retry_relay
                on_retry_simulated=on_retry_simulated
            />
        }
        .into_any(),
    }
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

/// "attempt #n · t ms[ · through the relay at …][ · size]" for the latest exchange.
fn meta(exchange: Signal<Option<Exchange>>) -> impl Fn() -> Option<String> + Copy + Send + Sync {
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

/// "live" or "simulated": where the latest exchange went.
fn badge(exchange: Signal<Option<Exchange>>) -> impl Fn() -> AnyView + Copy + Send + Sync {
    move || {
        exchange.with(|ex| match ex.as_ref().map(|ex| ex.mode) {
            Some(Mode::Live) => view! { <span class="badge badge--live">"live"</span> }.into_any(),
            _ => view! { <span class="badge badge--sim" title="Answered by the authorization server simulated in this page">"simulated"</span> }.into_any(),
        })
    }
}

/// What the answer view reads: created once per panel, so that a new send creates no node.
#[derive(Clone, Copy)]
struct Answer {
    exchange: Signal<Option<Exchange>>,
    raw: RwSignal<bool>,
    reveal: Signal<bool>,
    shown: Memo<(String, Option<usize>)>,
    live: Memo<bool>,
    clipboard: UseClipboardReturn,
}

impl Answer {
    fn new(
        exchange: Signal<Option<Exchange>>,
        reveal: Signal<bool>,
        clipboard: UseClipboardReturn,
    ) -> Self {
        let raw = RwSignal::new(false);
        let live = Memo::new(move |_| {
            exchange.with(|ex| ex.as_ref().is_some_and(|ex| ex.mode == Mode::Live))
        });
        let shown = Memo::new(move |_| {
            exchange.with(|ex| match ex.as_ref().map(|ex| &ex.result) {
                Some(Ok(response)) => display_text(response, raw.get(), !reveal.get()),
                _ => (String::new(), None),
            })
        });
        Self {
            exchange,
            raw,
            reveal,
            shown,
            live,
            clipboard,
        }
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

/// A response: status, the raw text (JSON pretty-printed unless "Raw body"), Copy body, and
/// notes (CORS-exposed headers only; an Entra Origin error explained).
fn answer(parts: Answer) -> AnyView {
    let Answer {
        exchange,
        raw,
        reveal,
        shown,
        live,
        clipboard,
    } = parts;
    let status = move || {
        exchange.with(|ex| match ex.as_ref().map(|ex| &ex.result) {
            Some(Ok(r)) => (r.status_line(), (200..300).contains(&r.status)),
            _ => (String::new(), false),
        })
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
            <button type="button" class="button button--small" on:click=move |_| {
                // Copies the whole body, masked like the display unless revealed.
                let text = exchange.with_untracked(|ex| match ex.as_ref().map(|ex| &ex.result) {
                    Some(Ok(r)) => Some(masked_body(r, !reveal.get_untracked())),
                    _ => None,
                });
                if let Some(text) = text {
                    clipboard.copy.run(text);
                }
            }>
                {clipboard.label("Copy body")}
            </button>
        </p>
        <p class="muted" hidden=move || !live.get()>"Only the headers the server exposes to this page (CORS) are listed; others may exist."</p>
        <p class="notice notice--warn" role="note" hidden=move || entra(exchange).is_none()>
            {move || entra(exchange)}
        </p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::http::Header;

    #[test]
    fn display_text_json_pretty_unless_raw() {
        let r = HttpResponse::new(
            200,
            vec![Header::new("Content-Type", "application/json")],
            r#"{"a":1}"#,
        );
        assert!(
            display_text(&r, false, true)
                .0
                .ends_with("{\n  \"a\": 1\n}")
        );
        assert!(display_text(&r, true, true).0.ends_with(r#"{"a":1}"#));
    }

    #[test]
    fn display_text_escaped_token_masked_raw_and_pretty() {
        // PHP writes `/` as `\/`; serde decodes it, the raw text keeps it.
        let r = HttpResponse::new(
            200,
            vec![Header::new("Content-Type", "application/json")],
            r#"{"access_token":"ey.abc\/def\u002Dghi","token_type":"Bearer"}"#,
        );
        for raw in [true, false] {
            let (text, _) = display_text(&r, raw, true);
            assert!(!text.contains("abc") && !text.contains("ghi"), "{text}");
            assert!(text.contains("Bearer"), "{text}");
        }
        assert!(display_text(&r, true, false).0.contains(r"abc\/def"));
    }

    #[test]
    fn display_text_huge_body_truncated_on_char_boundary() {
        let body = "é".repeat(DISPLAY_LIMIT);
        let r = HttpResponse::new(200, vec![], body.clone());
        let (text, total) = display_text(&r, false, true);
        assert_eq!(total, Some(body.len()));
        assert!(text.len() < body.len());
    }
}
