use crate::oauth::assertion::decode;
use crate::oauth::draft::AssertionState;
use leptos::prelude::*;

/// The decoded client assertion (header and claims) that goes with the raw request
/// (RFC 7523 §3). The signature is not shown; the assertion itself is masked in the raw view.
#[component]
pub fn AssertionView(
    /// The latest signed assertion.
    #[prop(into)]
    assertion: Signal<AssertionState>,
    /// Whether the current method uses an assertion.
    #[prop(into)]
    shown: Signal<bool>,
) -> impl IntoView {
    let decoded = move || match assertion.get() {
        AssertionState::Signed(jws) => match decode(jws.expose()) {
            Ok(d) => {
                let pretty =
                    |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
                format!(
                    "{}\n.\n{}\n.\n[signature]",
                    pretty(&d.header),
                    pretty(&d.claims)
                )
            }
            Err(e) => format!("The assertion {e}"),
        },
        AssertionState::Failed(e) => format!("Not signed: {e}"),
        AssertionState::Unsigned => "Not signed yet.".to_string(),
    };
    view! {
        <section class="panel" aria-labelledby="assertion-title" hidden=move || !shown.get()>
            <header class="panel__header">
                <h2 id="assertion-title">"Client assertion (decoded)"</h2>
                <span class="muted">"a fresh jti and iat are signed for every send"</span>
            </header>
            <pre class="http" role="region" aria-label="Decoded client assertion" tabindex="0">{decoded}</pre>
        </section>
    }
}
