use crate::state::shell::lock_reason;
use leptos::prelude::*;

/// " Locked by the page that embeds this playground." (in a frame) or " Locked by this link
/// (lock=)." (opened directly), shown while `locked`; put it inside the hint a control's
/// `aria-describedby` names, so its description says it is locked.
#[component]
pub fn LockNote(
    /// Whether the control is locked now.
    #[prop(into)]
    locked: Signal<bool>,
) -> impl IntoView {
    let reason = lock_reason();
    move || {
        locked
            .get()
            .then(|| view! { " " <strong class="lock-note">{reason}</strong> })
    }
}
