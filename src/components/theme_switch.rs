use crate::oauth::prefill::Theme;
use leptos::prelude::*;

/// Light, dark or auto (following `prefers-color-scheme`) colours.
#[component]
pub fn ThemeSwitch(
    /// The current theme; the switch writes to it.
    theme: RwSignal<Theme>,
) -> impl IntoView {
    view! {
        <div class="field field--inline theme-switch">
            <label for="theme">"Theme"</label>
            <select id="theme" aria-keyshortcuts="Alt+T" on:change=move |ev| {
                if let Some(t) = Theme::parse(&event_target_value(&ev)) {
                    theme.set(t);
                }
            }>
                {Theme::ALL.into_iter().map(|t| view! {
                    <option value=t.as_str() selected=move || theme.get() == t>{t.as_str()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
