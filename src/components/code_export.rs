use crate::oauth::http::HttpRequest;
use leptos::prelude::*;

/// The composed request as code in other tools and languages. (Being written.)
#[component]
pub fn CodeExport(
    /// The request exactly as it will be sent (secrets in clear), or `None` while invalid.
    #[prop(into)]
    request: Signal<Option<HttpRequest>>,
) -> impl IntoView {
    let _ = request;
}
