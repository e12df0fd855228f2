use leptos::prelude::*;

/// "Send the token to <origin>": the user's own confirmation, per origin, that the page
/// embedding this playground may receive access tokens in `postMessage` events (HTML standard
/// §9.3.3). Shown only in a frame whose URL allows at least one origin (`origin=`), unticked on
/// every load; nothing else can tick it (not the URL, not a host message, not storage), since
/// the embedding page writes `origin=` itself. Without it, the host page gets every event but
/// never the token.
#[component]
pub fn HostTokenConsent(
    /// The origins to ask about (allowed by `origin=`); empty renders nothing.
    offers: Vec<String>,
    /// The origins the user confirmed.
    confirmed: RwSignal<Vec<String>>,
) -> impl IntoView {
    if offers.is_empty() {
        return None;
    }
    let boxes = offers
        .into_iter()
        .map(|origin| {
            let checked = {
                let origin = origin.clone();
                move || confirmed.with(|c| c.contains(&origin))
            };
            let toggle = {
                let origin = origin.clone();
                move |ev| {
                    let on = event_target_checked(&ev);
                    confirmed.update(|c| {
                        c.retain(|o| *o != origin);
                        if on {
                            c.push(origin.clone());
                        }
                    });
                }
            };
            view! {
                <label class="toggle">
                    <input type="checkbox" prop:checked=checked on:change=toggle aria-describedby="host-consent-hint" />
                    {format!("Send the token to {origin}")}
                </label>
            }
        })
        .collect_view();
    Some(view! {
        <fieldset class="plain notice notice--warn host-consent">
            <legend>"Token for the page around this playground"</legend>
            <p class="field__hint" id="host-consent-hint">
                "This playground is embedded in another page. That page receives events (token issued, expired, errors) but never the access token unless you tick the box for its origin; the token is then sent with each new token, only to that origin. Tick it only if you trust that site with your token. It is off again on every load."
            </p>
            {boxes}
        </fieldset>
    })
}
