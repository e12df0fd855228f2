use crate::oauth::jwt::{Check, Verdict};
use leptos::prelude::*;

/// The checks of a JWT access token against RFC 9068 and the request, each marked as passed,
/// unusual or failed.
/// (A function, not a component: no props builder in the bundle.)
pub(super) fn check_list(checks: Memo<Vec<Check>>) -> impl IntoView {
    let items = move || {
        checks
            .get()
            .into_iter()
            .map(|c| {
                let (class, mark) = match c.verdict {
                    Verdict::Pass => ("check check--pass", "✓"),
                    Verdict::Warn => ("check check--warn", "!"),
                    Verdict::Fail => ("check check--fail", "✗"),
                };
                view! { <li class=class><span aria-hidden="true">{mark}</span>" "{c.message}</li> }
            })
            .collect_view()
    };
    view! {
        <h3>"Checks"</h3>
        <ul class="checks" aria-label="Token checks">{items}</ul>
    }
}
