use crate::oauth::dpop::{decode_proof, explain};
use leptos::prelude::*;
use serde_json::Value;

/// One row of the decoded proof: where (header/payload), the name, the value, what it means.
fn rows(part: &'static str, members: &Value) -> Vec<(&'static str, String, String, &'static str)> {
    members
        .as_object()
        .map(|map| {
            map.iter()
                .map(|(name, value)| {
                    let shown = match value {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (part, name.clone(), shown, explain(name).unwrap_or(""))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A DPoP proof (RFC 9449 §4.2) decoded under the request that carries it: each header member
/// and claim with what it means. The proof itself is shown in full, not masked: it is public,
/// valid once (its `jti`), for this method and URL only, for about a minute.
#[component]
pub fn DpopProofView(
    /// The proof in the request shown, if it carries one.
    #[prop(into)]
    proof: Signal<Option<String>>,
    /// The region's accessible name, e.g. "Decoded DPoP proof".
    label: &'static str,
) -> impl IntoView {
    let decoded = Memo::new(move |_| {
        proof.with(|p| {
            p.as_deref().map(|p| {
                decode_proof(p).map(|d| {
                    let mut all = rows("header", &d.header);
                    all.extend(rows("payload", &d.claims));
                    all
                })
            })
        })
    });
    view! {
        <div class="dpop-proof" hidden=move || decoded.with(Option::is_none)>
            <p class="muted">
                "The DPoP header is shown in full, not masked: a proof is public, valid once (its jti), only for this method and URL, and only for about a minute (RFC 9449 §4.2, §11.1)."
            </p>
            <div role="region" aria-label=label tabindex="0">
            <dl class="dpop-proof__claims">
                {move || match decoded.get() {
                    Some(Ok(rows)) => rows
                        .into_iter()
                        .map(|(part, name, value, note)| view! {
                            <dt><code>{name}</code><span class="dpop-proof__part">{part}</span></dt>
                            <dd><code class="dpop-proof__value">{value}</code><span class="dpop-proof__note">{note}</span></dd>
                        })
                        .collect_view()
                        .into_any(),
                    Some(Err(e)) => view! { <dt>"error"</dt><dd>{format!("The proof cannot be decoded: {e}")}</dd> }.into_any(),
                    None => ().into_any(),
                }}
            </dl>
            </div>
        </div>
    }
}
