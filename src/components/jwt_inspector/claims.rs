//! The header and claims of a decoded JWT as a list of names, values and meanings; time claims
//! (RFC 7519 §4.1.4–§4.1.6) also in local time and relative to now, kept right to the second.

use crate::oauth::jwt::{ClaimRow, relative};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The class of the element holding how far a time claim is from now (its `data-at` attribute
/// holds the instant, seconds since the epoch).
const RELATIVE: &str = "claim__relative";

/// The rows of one JWT part, with relative times as of `now_secs`; [`follow_clock`] keeps them
/// current. Static: no reactive node, so a new token leaves nothing subscribed behind.
pub(super) fn claim_list(label: &'static str, rows: Vec<ClaimRow>, now_secs: i64) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|r| {
            let relative = r.time.map(|t| {
                view! { " ("<span class=RELATIVE data-at=t.to_string()>{relative(t, now_secs)}</span>")" }
            });
            let local = r.time.map(|t| {
                let date = js_sys::Date::new(&JsValue::from_f64(t as f64 * 1000.0));
                let local = String::from(date.to_locale_string("default", &JsValue::UNDEFINED));
                view! { <span class="claim__local">{format!("local time {local}")}</span> }
            });
            view! {
                <dt title=r.meaning>{r.name}</dt>
                <dd><span class="claim__value">{r.value}{relative}</span>{local}<span class="claim__meaning">{r.meaning}</span></dd>
            }
        })
        .collect_view();
    view! { <dl class="fields claims" aria-label=label>{rows}</dl> }
}

/// Rewrites every relative time on the page for `now_secs` (one effect for the inspector's
/// lifetime, instead of a reactive node per claim of every token).
pub(super) fn follow_clock(now_secs: Memo<i64>) {
    crate::hooks::effect(move || {
        let now = now_secs.get();
        let found = document().get_elements_by_class_name(RELATIVE);
        for i in 0..found.length() {
            let Some(el) = found.item(i) else { continue };
            if let Some(at) = el.get_attribute("data-at").and_then(|a| a.parse().ok()) {
                let text = relative(at, now);
                if el.text_content().as_deref() != Some(text.as_str()) {
                    el.set_text_content(Some(&text));
                }
            }
        }
    });
}
