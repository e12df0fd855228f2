use crate::oauth::simulator::LogLine;
use leptos::prelude::*;

/// What the simulated server did with the last request it received, step by step, with the
/// rule (RFC section) behind each decision.
#[component]
pub fn ServerLog(
    /// The steps of the last request.
    lines: Signal<Vec<LogLine>>,
) -> impl IntoView {
    view! {
        <section class="panel server-log" aria-labelledby="server-log-title" hidden=move || lines.with(Vec::is_empty)>
            <h2 id="server-log-title">"Server log"" " <span class="badge badge--sim">"simulated"</span></h2>
            <ol aria-label="Server log">
                {move || lines.get().into_iter().map(|line| {
                    let mark = if line.ok { "✓" } else { "✗" };
                    let status = if line.ok { "passed" } else { "refused" };
                    view! {
                        <li class=if line.ok { "log log--ok" } else { "log log--fail" }>
                            <span class="log__mark" aria-label=status>{mark}</span>
                            " " {line.text}
                            {(!line.rule.is_empty()).then(|| view! { " " <span class="muted">"(" {line.rule} ")"</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
