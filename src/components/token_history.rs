use crate::state::HistoryEntry;
use leptos::prelude::*;

/// Every send of this session, newest first: time, path, outcome. Kept in memory only; tokens
/// are never listed.
#[component]
pub fn TokenHistory(
    /// The entries, newest first.
    #[prop(into)]
    entries: Signal<Vec<HistoryEntry>>,
) -> impl IntoView {
    let time = |ms: u64| {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
        String::from(date.to_locale_time_string("default"))
    };
    view! {
        <details class="panel history" hidden=move || entries.with(Vec::is_empty)>
            <summary>{move || format!("Token history ({})", entries.with(Vec::len))}</summary>
            <table aria-label="Token history">
                <thead><tr><th>"#"</th><th>"time"</th><th>"path"</th><th>"outcome"</th></tr></thead>
                <tbody>
                    // Re-rendered whole (at most 50 static rows) rather than keyed with <For>:
                    // Leptos 0.8 keeps a weak pointer to every row owner <For> ever created, 72
                    // bytes per send (tests/memory.rs).
                    {move || entries.with(|entries| entries.iter().map(|e| view! {
                        <tr><td>{e.attempt}</td><td>{time(e.at_ms)}</td><td>{e.mode.as_str()}</td><td>{e.outcome.clone()}</td></tr>
                    }).collect_view())}
                </tbody>
            </table>
        </details>
    }
}
