use crate::oauth::introspection::Introspection;
use crate::oauth::jwt::{Verdict, checks, decode_access_token, expiry_disagreement, explain};
use crate::oauth::request::TokenRequest;
use crate::state::Verification;
use leptos::prelude::*;

/// A JWT access token decoded (header and claims, each explained), checked against the request
/// (RFC 9068), and its signature verified against the issuer's JWKS. Opaque tokens are named as
/// such.
#[component]
pub fn JwtInspector(
    /// The access token, the request it answered, and when `expires_in` says it expires (seconds
    /// since the epoch), when a token was issued.
    #[prop(into)]
    token: Signal<Option<(String, TokenRequest, Option<i64>)>>,
    /// The issuer found by discovery, to check `iss` against.
    #[prop(into)]
    issuer: Signal<Option<String>>,
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
    /// The introspection endpoint, when discovery found one.
    #[prop(into)]
    introspection_endpoint: Signal<Option<String>>,
    /// The latest introspection answer.
    #[prop(into)]
    introspection: Signal<Option<Result<Introspection, String>>>,
    /// "Introspect" was pressed.
    #[prop(into)]
    on_introspect: Callback<()>,
) -> impl IntoView {
    // The decoding and the checks change only with the token; times refresh once a minute.
    let minute = Memo::new(move |_| (now.get() / 1000 / 60) as i64);
    let body = move || {
        token.get().map(|(token, request, expires_at)| match decode_access_token(&token) {
            None => view! {
                <p class="muted">"An opaque token: its format is the server's business (RFC 6749 §1.4). Only the server can say what it means (introspection, RFC 7662, offered when discovery finds an introspection endpoint)."</p>
            }
            .into_any(),
            Some(Err(e)) => view! { <p class="notice notice--error" role="alert">{e}</p> }.into_any(),
            Some(Ok(jwt)) => {
                let now_secs = minute.get() * 60;
                let (header, claims) = explain(&jwt, now_secs);
                let rows = |rows: Vec<crate::oauth::jwt::ClaimRow>| {
                    rows.into_iter()
                        .map(|r| {
                            let local = r.time.map(|t| {
                                let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t as f64 * 1000.0));
                                format!("local time {}", String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)))
                            });
                            view! {
                                <dt title=r.meaning>{r.name}</dt>
                                <dd>{r.value}{local.map(|l| view! { <span class="claim__local">{l}</span> })}<span class="claim__meaning">{r.meaning}</span></dd>
                            }
                        })
                        .collect_view()
                };
                let mut found = checks(&jwt, Some(&request), issuer.get().as_deref(), now_secs);
                if let (Some(at), Some(exp)) = (expires_at, crate::oauth::jwt::time_claim(&jwt.claims, "exp"))
                    && let Some(note) = expiry_disagreement(at, exp, 5)
                {
                    found.push(crate::oauth::jwt::Check { verdict: Verdict::Warn, message: note });
                }
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
    let is_jwt = move || token.with(|t| t.as_ref().is_some_and(|(t, _, _)| t.contains('.')));
    view! {
        <section class="panel" aria-labelledby="jwt-title" hidden=move || token.with(Option::is_none)>
            <header class="panel__header"><h2 id="jwt-title">"Token inspector"</h2></header>
            {body}
            <div class="field" hidden=move || !is_jwt()>
                <label for="jwks-url">"JWKS URL"</label>
                <p class="field__hint">"From discovery, typed, or paste the JWKS JSON itself."</p>
                <div class="field__row">
                    <input id="jwks-url" type="text" spellcheck="false" autocomplete="off" placeholder="https://authorization-server.example/jwks" bind:value=jwks_url />
                    <button type="button" class="button" disabled=move || jwks_url.with(|u| u.trim().is_empty()) on:click=move |_| on_verify.run(())>"Verify"</button>
                </div>
                <p aria-live="polite" class="signature">{status}</p>
            </div>
            <div class="introspection" hidden=move || introspection_endpoint.with(Option::is_none)>
                <button type="button" class="button" on:click=move |_| on_introspect.run(())>"Introspect (RFC 7662)"</button>
                {move || introspection.get().map(|answer| match answer {
                    Ok(Introspection::Active(members)) => view! {
                        <p class="check check--pass">"✓ active: the server accepts this token."</p>
                        <dl class="fields" aria-label="Introspection">
                            {members.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                        </dl>
                    }.into_any(),
                    Ok(Introspection::Inactive) => view! {
                        <p class="check check--fail">"✗ inactive: expired, revoked, or unknown to this server."</p>
                    }.into_any(),
                    Err(why) => view! { <p class="check check--warn" role="alert">{format!("! {why}")}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}
