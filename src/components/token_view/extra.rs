use super::Interpreted;
use crate::oauth::response::{TokenOutcome, preview};
use leptos::prelude::*;

/// The token response's other members (static for one token), credentials among them
/// (refresh_token, id_token) masked as the access token is until secrets are revealed.
pub(super) fn extra_members(
    outcome: Signal<Option<Interpreted>>,
    reveal: RwSignal<bool>,
) -> impl IntoView {
    move || {
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
    }
}

/// Whether there are no notes: no scope difference and no notes on the response.
pub(super) fn no_notes(outcome: Signal<Option<Interpreted>>) -> impl Fn() -> bool + Copy {
    move || {
        outcome.with(|o| match o {
            Some((TokenOutcome::Token(t), _, scope_note)) => {
                t.notes.is_empty() && scope_note.is_none()
            }
            _ => true,
        })
    }
}

/// How the granted scope differs from the requested one, and the response's notes.
pub(super) fn notes(outcome: Signal<Option<Interpreted>>) -> impl IntoView {
    move || {
        outcome.with(|o| match o {
            Some((TokenOutcome::Token(t), _, scope_note)) => view! {
                {scope_note.clone().map(|n| view! { <li class="scope-note">{n}</li> })}
                {t.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
            }
            .into_any(),
            _ => ().into_any(),
        })
    }
}
