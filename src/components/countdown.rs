use crate::oauth::renewal;
use crate::oauth::token::{IssuedToken, RenewAt, TokenState, format_duration};
use crate::state::RenewalNote;
use leptos::prelude::*;

/// A live countdown to the token's expiry (role `timer`). Only its own text and bar change as
/// time passes. Below it, what automatic renewal cannot do for this token (too short-lived for
/// the margin, failing, stopped), from the [`RenewalNote`] context when the app provides one.
#[component]
pub fn Countdown(
    /// The issued token (a new one restarts the countdown in place).
    #[prop(into)]
    issued: Signal<Option<IssuedToken>>,
    /// The current time in ms since the epoch (from `use_now`).
    #[prop(into)]
    now: Signal<u64>,
    /// When renewal is due (the "renew soon" state starts there).
    #[prop(into)]
    renew_at: Signal<RenewAt>,
) -> impl IntoView {
    let state = Memo::new(move |_| {
        issued.with(|i| {
            i.as_ref().map_or(TokenState::Unknown, |i| {
                i.state_for(now.get(), renew_at.get())
            })
        })
    });
    let text = Memo::new(move |_| match state.get() {
        TokenState::Valid { remaining_secs } => {
            format!("Expires in {}", format_duration(remaining_secs))
        }
        TokenState::Expiring { remaining_secs } => {
            format!(
                "Expires in {} — renew soon",
                format_duration(remaining_secs)
            )
        }
        TokenState::Expired { since_secs } => {
            format!("Expired {} ago", format_duration(since_secs))
        }
        TokenState::Unknown => "Lifetime unknown (no expires_in)".to_string(),
    });
    let class = move || match state.get() {
        TokenState::Valid { .. } => "countdown countdown--valid",
        TokenState::Expiring { .. } => "countdown countdown--expiring",
        TokenState::Expired { .. } => "countdown countdown--expired",
        TokenState::Unknown => "countdown countdown--unknown",
    };
    // Quantised to 0.1 % so the bar's style changes at most once per 0.1 % of the lifetime. The bar
    // is scaled (`transform: scaleX`), not resized, so a tick costs no layout, only compositing.
    let permille = Memo::new(move |_| {
        issued.with(|i| {
            i.as_ref()?
                .fraction_left(now.get())
                .map(|f| (f * 1000.0).round() as u32)
        })
    });
    let note = use_context::<RenewalNote>();
    let renewal_message =
        Memo::new(move |_| note.and_then(|n| n.0.with(|d| d.as_ref().and_then(renewal::message))));
    // Announced to screen readers only when the phase changes, not every second.
    let announcement = Memo::new(move |_| match state.get() {
        TokenState::Valid { .. } | TokenState::Unknown => String::new(),
        TokenState::Expiring { .. } => "The access token expires soon.".to_string(),
        TokenState::Expired { .. } => "The access token has expired.".to_string(),
    });
    view! {
        <p class="visually-hidden" aria-live="polite">{announcement}</p>
        <div class=class>
            <span role="timer" aria-label="Time until the access token expires" class="countdown__text">{text}</span>
            <div class="countdown__bar" aria-hidden="true" hidden=move || permille.get().is_none()>
                <div class="countdown__fill" style:transform=move || format!("scaleX({:.3})", f64::from(permille.get().unwrap_or(0)) / 1000.0)></div>
            </div>
        </div>
        <p class="renew-note notice notice--warn" role="status" hidden=move || renewal_message.with(Option::is_none)>
            {move || renewal_message.get().unwrap_or_default()}
        </p>
    }
}
