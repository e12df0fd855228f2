use crate::oauth::metadata::Accepted;
use leptos::prelude::*;

/// What discovery found: where, how it fits the request, and the metadata members the
/// playground uses (RFC 8414 §2), each name over its value. URLs wrap anywhere and lists at
/// spaces, so a long value never widens the column.
/// `url`: where the document was found; `warnings`: how it fits the request being composed.
pub(crate) fn discovered_metadata(
    url: String,
    metadata: Accepted,
    warnings: Vec<String>,
) -> impl IntoView {
    let row = |name: &'static str, class: &'static str, value: Option<String>| {
        value.map(|v| view! { <dt>{name}</dt><dd class=class>{v}</dd> })
    };
    let url_row = move |name, value| row(name, "metadata__url", value);
    let metadata = metadata.into_metadata();
    let no_warnings = warnings.is_empty();
    view! {
        <div class="discovery" role="status">
            <p class="muted">"Metadata from " <code>{url}</code> "; Token URL filled in."</p>
            <ul class="notes" hidden=no_warnings>
                {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
            <dl class="fields fields--stacked" aria-label="Discovered metadata">
                {url_row("issuer", Some(metadata.issuer))}
                {url_row("token_endpoint", metadata.token_endpoint)}
                {url_row("jwks_uri", metadata.jwks_uri)}
                {url_row("introspection_endpoint", metadata.introspection_endpoint)}
                {url_row("revocation_endpoint", metadata.revocation_endpoint)}
                {row("token_endpoint_auth_methods_supported", "metadata__list", row_list(metadata.token_endpoint_auth_methods_supported))}
                {row("grant_types_supported", "metadata__list", row_list(metadata.grant_types_supported))}
                {row("scopes_supported", "metadata__list", row_list(metadata.scopes_supported))}
            </dl>
        </div>
    }
}

/// A metadata list (JSON array of strings) as one line of space-separated values.
fn row_list(values: Option<Vec<String>>) -> Option<String> {
    values.map(|v| v.join(" "))
}
