use crate::components::Countdown;
use crate::oauth::response::{TokenOutcome, preview};
use crate::oauth::token::{IssuedToken, RenewAt};
use leptos::prelude::*;

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
    move || {
        outcome.get().map(|(outcome, issued, scope_note)| match outcome {
            TokenOutcome::Token(token) => {
                let access_token = token.access_token.expose().to_string();
                let shown = move || {
                    if reveal.get() {
                        access_token.clone()
                    } else {
                        crate::oauth::http::MASK.to_string()
                    }
                };
                let expires_in = token
                    .expires_in
                    .map(|s| format!("{s} s"))
                    .unwrap_or_else(|| "—".into());
                let no_notes = token.notes.is_empty() && scope_note.is_none();
                let scope = token
                    .scope
                    .clone()
                    .unwrap_or_else(|| "(not returned: same as requested, RFC 6749 §5.1)".into());
                view! {
                    <section class="panel panel--token" aria-labelledby="token-title">
                        <header class="panel__header"><h2 id="token-title">"Access token"</h2></header>
                        {issued.map(|issued| {
                            view! {
                                <Countdown issued=issued now=now renew_at=renew_at />
                                <div class="renew">
                                    <label class="toggle">
                                        <input
                                            type="checkbox"
                                            prop:checked=move || auto_renew.get()
                                            on:change=move |ev| auto_renew.set(event_target_checked(&ev))
                                        />
                                        "Renew automatically before expiry"
                                    </label>
                                    <select
                                        aria-label="Renew"
                                        on:change=move |ev| {
                                            if let Some(r) = RenewAt::from_id(&event_target_value(&ev)) {
                                                renew_at.set(r);
                                            }
                                        }
                                    >
                                        {RenewAt::ALL.into_iter().map(|r| view! {
                                            <option value=r.id() selected=move || renew_at.get() == r>{r.label()}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="button" class="button button--small" on:click=move |_| on_renew.run(())>"Renew now"</button>
                                </div>
                                {move || clock_skew.get().filter(|s| s.abs() > 5).map(|s| view! {
                                    <p class="notes">{format!(
                                        "The server's clock is {} s {} this computer's (from its Date header); the countdown uses this computer's clock.",
                                        s.abs(),
                                        if s > 0 { "ahead of" } else { "behind" }
                                    )}</p>
                                })}
                            }
                        })}
                        <dl class="fields">
                            <dt>"access_token"</dt><dd><code class="token-value" data-field="access_token">{shown}</code></dd>
                            <dt>"token_type"</dt><dd data-field="token_type">{token.token_type.clone()}</dd>
                            <dt>"expires_in"</dt><dd data-field="expires_in">{expires_in}</dd>
                            <dt>"scope"</dt><dd data-field="scope">{scope}</dd>
                            {token.extra.iter().map(|(k, v)| view! { <dt>{preview(k, 100)}</dt><dd>{preview(&v.to_string(), 300)}</dd> }).collect_view()}
                        </dl>
                        <ul class="notes" hidden=no_notes>
                            {scope_note.map(|n| view! { <li class="scope-note">{n}</li> })}
                            {token.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            }
            TokenOutcome::Error(error) => view! {
                <section class="panel panel--token" aria-labelledby="token-title">
                    <header class="panel__header"><h2 id="token-title">"Error response"</h2></header>
                    <div class="notice notice--error" role="alert">
                        <p><code>{error.error.clone()}</code>" — HTTP "{error.status}</p>
                        <p>{error.explanation()}</p>
                        {error.error_description.clone().map(|d| view! { <p class="quote">{d}</p> })}
                        {error.error_uri.clone().map(|u| {
                            // A link only for http(s) URLs; anything else is shown as text.
                            let link = u.starts_with("https://") || u.starts_with("http://");
                            view! {
                                <p class="muted">
                                    "error_uri: "
                                    {if link {
                                        let href = u.clone();
                                        view! { <a href=href target="_blank" rel="noopener noreferrer">{u}</a> }.into_any()
                                    } else {
                                        view! { <span>{u}</span> }.into_any()
                                    }}
                                </p>
                            }
                        })}
                    </div>
                </section>
            }
            .into_any(),
            TokenOutcome::Problem(problem) => view! {
                <section class="panel panel--token" aria-labelledby="token-title">
                    <header class="panel__header"><h2 id="token-title">"Unexpected response"</h2></header>
                    <div class="notice notice--error" role="alert"><p>{problem.to_string()}</p></div>
                </section>
            }
            .into_any(),
        })
    }
}
