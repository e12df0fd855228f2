use crate::components::{Countdown, Toggle};
use crate::oauth::token::{IssuedToken, RenewAt};
use leptos::prelude::*;

/// The countdown of an issued token, automatic renewal ("Renew automatically", when, "Renew
/// now"), and how far the server's clock is from this computer's. Built once; a new token
/// only updates its text.
pub(super) fn renewal_part(
    issued: Memo<Option<IssuedToken>>,
    now: Signal<u64>,
    auto_renew: RwSignal<bool>,
    renew_at: RwSignal<RenewAt>,
    on_renew: Callback<()>,
    clock_skew: Signal<Option<i64>>,
) -> impl IntoView {
    let skew_note = move || {
        clock_skew.get().map(|s| {
            format!(
                "The server's clock is {} s {} this computer's (from its Date header); the countdown uses this computer's clock.",
                s.abs(),
                if s > 0 { "ahead of" } else { "behind" }
            )
        })
    };
    view! {
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
        <p class="notes" hidden=move || clock_skew.get().is_none_or(|s| s.abs() <= 5)>{skew_note}</p>
    }
}
