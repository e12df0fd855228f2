use crate::oauth::mask::mask_log_text;
use crate::oauth::simulator::LogLine;
use leptos::prelude::*;

/// What the simulated server did with the last request it received, step by step, with the
/// rule (RFC section) behind each decision. Credentials in the request targets and headers it
/// quotes are always masked, as the raw request view masks them (a `client_secret` in a GET's
/// query, RFC 6749 §2.3.1), also when secrets are revealed elsewhere: the log is for reading
/// what the server decided, and it is what a projector shows.
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
                            " " {mask_log_text(&line.text)}
                            {(!line.rule.is_empty()).then(|| view! { " " <span class="muted">"(" {line.rule} ")"</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
