use crate::state::Exchange;
use crate::transport::Mode;
use leptos::prelude::*;

/// The raw response of the latest exchange (status line, headers, body), or why there is none.
#[component]
pub fn ResponseView(
    /// The latest exchange, if any.
    #[prop(into)]
    exchange: Signal<Option<Exchange>>,
    /// True while a request is in flight.
    #[prop(into)]
    sending: Signal<bool>,
) -> impl IntoView {
    let body = move || {
        exchange.with(|ex| match ex {
            None => view! {
                <p class="placeholder">"Press Send (or Ctrl+Enter) to see the server's answer here."</p>
            }
            .into_any(),
            Some(ex) => {
                let badge = match ex.mode {
                    Mode::Simulated => view! { <span class="badge badge--sim" title="Answered by the authorization server simulated in this page">"simulated"</span> }.into_any(),
                    Mode::Live => view! { <span class="badge badge--live">"live"</span> }.into_any(),
                };
                let meta = format!("attempt #{} · {} ms", ex.attempt, ex.elapsed_ms);
                match &ex.result {
                    Ok(response) => {
                        let class = if (200..300).contains(&response.status) { "status status--ok" } else { "status status--error" };
                        view! {
                            <p class="response__meta">
                                {badge}
                                <span class=class>{response.status_line()}</span>
                                <span class="muted">{meta}</span>
                            </p>
                            <pre class="http" aria-label="Raw HTTP response" tabindex="0">{response.render()}</pre>
                        }
                        .into_any()
                    }
                    Err(error) => view! {
                        <p class="response__meta">{badge}<span class="status status--error">"No response"</span><span class="muted">{meta}</span></p>
                        <div class="notice notice--error" role="alert">
                            <p>{error.to_string()}</p>
                            <ul>{error.likely_causes().iter().map(|c| view! { <li>{*c}</li> }).collect_view()}</ul>
                        </div>
                    }
                    .into_any(),
                }
            }
        })
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
