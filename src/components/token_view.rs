use crate::components::{Countdown, Toggle};
use crate::oauth::response::{TokenOutcome, TokenResponse, preview};
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
    // Every part is built once and stays mounted; the kind of outcome (`shape`) only decides
    // which part is hidden, and a new token or error updates text in place. So no send creates
    // and disposes a reactive node, which would stay in the subscriber lists of `reveal`,
    // `auto_renew` or `renew_at` for good (see ResponseView, tests/memory.rs).
    #[derive(Clone, Copy, PartialEq)]
    enum Shape {
        Token { issued: bool },
        Error,
        Problem,
    }
    let shape = Memo::new(move |_| {
        outcome.with(|o| {
            o.as_ref().map(|(outcome, issued, _)| match outcome {
                TokenOutcome::Token(_) => Shape::Token {
                    issued: issued.is_some(),
                },
                TokenOutcome::Error(_) => Shape::Error,
                TokenOutcome::Problem(_) => Shape::Problem,
            })
        })
    });
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
    // Extra members (static for one token), credentials among them (refresh_token, id_token)
    // masked as the access token is until secrets are revealed; and notes.
    let extra = move || {
        let reveal = reveal.get();
        outcome.with(|o| match o {
            Some((TokenOutcome::Token(t), _, _)) => t
                .extra
                .iter()
                .map(|(k, v)| {
                    let value = if reveal || !crate::oauth::mask::is_secret_name(k) {
                        preview(&v.expose().to_string(), 300)
                    } else {
                        crate::oauth::http::MASK.to_string()
                    };
                    view! { <dt>{preview(k, 100)}</dt><dd>{value}</dd> }
                })
                .collect_view()
                .into_any(),
            _ => ().into_any(),
        })
    };
    let no_notes = move || {
        outcome.with(|o| match o {
            Some((TokenOutcome::Token(t), _, scope_note)) => {
                t.notes.is_empty() && scope_note.is_none()
            }
            _ => true,
        })
    };
    let notes = move || {
        outcome.with(|o| match o {
            Some((TokenOutcome::Token(t), _, scope_note)) => view! {
                {scope_note.clone().map(|n| view! { <li class="scope-note">{n}</li> })}
                {t.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
            }
            .into_any(),
            _ => ().into_any(),
        })
    };
    let error = move || {
        outcome.with(|o| match o {
            Some((TokenOutcome::Error(error), _, _)) => view! {
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
            }
            .into_any(),
            Some((TokenOutcome::Problem(problem), _, _)) => view! { <p>{problem.to_string()}</p> }.into_any(),
            _ => ().into_any(),
        })
    };
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
                    <Countdown issued=issued now=now renew_at=renew_at />
                    <div class="renew">
                        <Toggle checked=auto_renew label="Renew automatically before expiry" />
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
                    <p class="notes" hidden=move || clock_skew.get().is_none_or(|s| s.abs() <= 5)>
                        {move || clock_skew.get().map(|s| format!(
                            "The server's clock is {} s {} this computer's (from its Date header); the countdown uses this computer's clock.",
                            s.abs(),
                            if s > 0 { "ahead of" } else { "behind" }
                        ))}
                    </p>
                </div>
                <dl class="fields">
                    <dt>"access_token"</dt><dd><code class="token-value" data-field="access_token">{shown}</code></dd>
                    <dt>"token_type"</dt><dd data-field="token_type">{token(|t| t.token_type.clone())}</dd>
                    <dt>"expires_in"</dt><dd data-field="expires_in">{token(|t| t.expires_in.map(|s| format!("{s} s")).unwrap_or_else(|| "—".into()))}</dd>
                    <dt>"scope"</dt><dd data-field="scope">{token(|t| t.scope.clone().unwrap_or_else(|| "(not returned: same as requested, RFC 6749 §5.1)".into()))}</dd>
                    {extra}
                </dl>
                <ul class="notes" hidden=no_notes>{notes}</ul>
            </div>
            <div class="notice notice--error" role="alert" hidden=move || shape.get().is_none() || is_token()>{error}</div>
        </section>
    }
}
