use crate::oauth::introspection::Introspection;
use leptos::prelude::*;

/// "Introspect (RFC 7662)", offered when discovery found an introspection endpoint, and the
/// server's answer: active with its members, or inactive.
/// `endpoint`: the introspection endpoint, when discovery found one; `answer`: the latest
/// answer; `on_introspect`: "Introspect" was pressed.
pub(super) fn introspection_part(
    endpoint: Signal<Option<String>>,
    answer: Signal<Option<Result<Introspection, String>>>,
    on_introspect: Callback<()>,
) -> impl IntoView {
    let shown = move || {
        answer.get().map(|answer| match answer {
            Ok(Introspection::Active(members)) => view! {
                <p class="check check--pass">"✓ active: the server accepts this token."</p>
                <dl class="fields" aria-label="Introspection">
                    {members.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            }
            .into_any(),
            Ok(Introspection::Inactive) => view! {
                <p class="check check--fail">"✗ inactive: expired, revoked, or unknown to this server."</p>
            }
            .into_any(),
            Err(why) => view! { <p class="check check--warn" role="alert">{format!("! {why}")}</p> }.into_any(),
        })
    };
    view! {
        <div class="introspection" hidden=move || endpoint.with(Option::is_none)>
            <button type="button" class="button" on:click=move |_| on_introspect.run(())>"Introspect (RFC 7662)"</button>
            {shown}
        </div>
    }
}
