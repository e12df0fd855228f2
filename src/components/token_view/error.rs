use super::Interpreted;
use crate::oauth::response::TokenOutcome;
use leptos::prelude::*;

/// An error response explained (RFC 6749 §5.2: code, what it means, the server's description
/// and `error_uri`, a link only for http(s)), or what came instead of a token response.
pub(super) fn error_text(outcome: Signal<Option<Interpreted>>) -> impl IntoView {
    move || {
        outcome.with(|o| match o {
            Some((TokenOutcome::Error(error), _, _)) => view! {
                <p><code>{error.error.clone()}</code>" — HTTP "{error.status}</p>
                <p>{error.explanation()}</p>
                {error.error_description.clone().map(|d| view! { <p class="quote">{d}</p> })}
                {error.error_uri.clone().map(error_uri)}
            }
            .into_any(),
            Some((TokenOutcome::Problem(problem), _, _)) => {
                view! { <p>{problem.to_string()}</p> }.into_any()
            }
            _ => ().into_any(),
        })
    }
}

/// "error_uri: …", a link only for an http(s) URL; anything else is shown as text.
fn error_uri(u: String) -> impl IntoView {
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
}
