use crate::oauth::lint::Finding;
use leptos::prelude::*;

/// The live linter's findings: severity, what is wrong, the section it rests on, and the fix.
#[component]
pub fn Findings(
    /// Current findings, most severe first.
    #[prop(into)]
    findings: Signal<Vec<Finding>>,
) -> impl IntoView {
    view! {
        <section class="panel panel--findings" aria-labelledby="findings-title">
            <header class="panel__header">
                <h2 id="findings-title">"Findings"</h2>
                <span class="muted">{move || match findings.with(Vec::len) {
                    0 => "none".to_string(),
                    1 => "1 finding".to_string(),
                    n => format!("{n} findings"),
                }}</span>
            </header>
            <p class="muted" hidden=move || !findings.with(Vec::is_empty)>
                "Nothing to flag: the request follows RFC 6749 §4.4."
            </p>
            <ul class="findings" aria-label="Lint findings">
                // Re-rendered whole when the findings change (a memo: not on every keystroke).
                // Not `<For>`: it keeps a pointer per row ever created (tests/memory.rs).
                {move || {
                    findings
                        .get()
                        .into_iter()
                        .map(|f| {
                            let severity = f.severity.as_str();
                            view! {
                                <li class=format!("finding finding--{severity}") data-code=f.code>
                                    <span class="finding__severity">{severity}</span>
                                    <div>
                                        <p class="finding__message">{f.message}</p>
                                        <p class="finding__fix">{f.fix}" "<cite>{f.citation}</cite></p>
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
