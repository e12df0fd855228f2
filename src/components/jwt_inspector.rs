use crate::oauth::jwt::{Verdict, checks, decode_access_token, explain};
use crate::oauth::request::TokenRequest;
use crate::state::Verification;
use leptos::prelude::*;

/// A JWT access token decoded (header and claims, each explained), checked against the request
/// (RFC 9068), and its signature verified against the issuer's JWKS. Opaque tokens are named as
/// such.
#[component]
pub fn JwtInspector(
    /// The access token and the request it answered, when a token was issued.
    #[prop(into)]
    token: Signal<Option<(String, TokenRequest)>>,
    /// The current time (ms since the epoch).
    #[prop(into)]
    now: Signal<u64>,
    /// "JWKS URL".
    jwks_url: RwSignal<String>,
    /// The signature check.
    #[prop(into)]
    verification: Signal<Verification>,
    /// "Verify" was pressed.
    #[prop(into)]
    on_verify: Callback<()>,
) -> impl IntoView {
    // The decoding and the checks change only with the token; times refresh once a minute.
    let minute = Memo::new(move |_| (now.get() / 1000 / 60) as i64);
    let body = move || {
        token.get().map(|(token, request)| match decode_access_token(&token) {
            None => view! {
                <p class="muted">"An opaque token: its format is the server's business (RFC 6749 §1.4). Only the server can say what it means (introspection, RFC 7662)."</p>
            }
            .into_any(),
            Some(Err(e)) => view! { <p class="notice notice--error" role="alert">{e}</p> }.into_any(),
            Some(Ok(jwt)) => {
                let now_secs = minute.get() * 60;
                let (header, claims) = explain(&jwt, now_secs);
                let rows = |rows: Vec<crate::oauth::jwt::ClaimRow>| {
                    rows.into_iter()
                        .map(|r| view! {
                            <dt title=r.meaning>{r.name}</dt>
                            <dd>{r.value}<span class="claim__meaning">{r.meaning}</span></dd>
                        })
                        .collect_view()
                };
                let found = checks(&jwt, Some(&request), now_secs);
                view! {
                    <h3>"Header"</h3>
                    <dl class="fields claims" aria-label="JWT header">{rows(header)}</dl>
                    <h3>"Claims"</h3>
                    <dl class="fields claims" aria-label="JWT claims">{rows(claims)}</dl>
                    <h3>"Checks"</h3>
                    <ul class="checks" aria-label="Token checks">
                        {found.into_iter().map(|c| {
                            let (class, mark) = match c.verdict {
                                Verdict::Pass => ("check check--pass", "✓"),
                                Verdict::Warn => ("check check--warn", "!"),
                                Verdict::Fail => ("check check--fail", "✗"),
                            };
                            view! { <li class=class><span aria-hidden="true">{mark}</span>" "{c.message}</li> }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }
        })
    };
    let status = move || {
        match verification.get() {
        Verification::NotChecked => view! { <span class="muted">"Not verified yet."</span> }.into_any(),
        Verification::Checking => view! { <span class="muted">"Verifying…"</span> }.into_any(),
        Verification::Verified { kid, jwks_url } => view! {
            <span class="check check--pass">{format!("✓ Signature verified with key {} from {jwks_url}", kid.map(|k| format!("{k:?}")).unwrap_or_else(|| "(no kid)".into()))}</span>
        }
        .into_any(),
        Verification::BadSignature => view! { <span class="check check--fail" role="alert">"✗ Bad signature: the token was altered or signed with another key."</span> }.into_any(),
        Verification::Problem(why) => view! { <span class="check check--warn" role="alert">{format!("! {why}")}</span> }.into_any(),
    }
    };
    let is_jwt = move || token.with(|t| t.as_ref().is_some_and(|(t, _)| t.contains('.')));
    view! {
        <section class="panel" aria-labelledby="jwt-title" hidden=move || token.with(Option::is_none)>
            <header class="panel__header"><h2 id="jwt-title">"Token inspector"</h2></header>
            {body}
            <div class="field" hidden=move || !is_jwt()>
                <label for="jwks-url">"JWKS URL"</label>
                <div class="field__row">
                    <input id="jwks-url" type="text" spellcheck="false" autocomplete="off" placeholder="https://authorization-server.example/jwks" bind:value=jwks_url />
                    <button type="button" class="button" disabled=move || jwks_url.with(|u| u.trim().is_empty()) on:click=move |_| on_verify.run(())>"Verify"</button>
                </div>
                <p aria-live="polite" class="signature">{status}</p>
            </div>
        </section>
    }
}
