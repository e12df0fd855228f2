use crate::transport::Mode;
use leptos::prelude::*;

/// Whether `url`'s host is under `.example`, a name reserved for documentation that never
/// resolves (RFC 2606 §2), as the built-in example's `authorization-server.example` is.
pub fn on_reserved_example_host(url: &str) -> bool {
    let rest = url
        .trim()
        .split_once("://")
        .map_or(url.trim(), |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .trim_end_matches('.');
    host.to_ascii_lowercase().ends_with(".example") || host.eq_ignore_ascii_case("example")
}

/// In live mode, says when Token URL still points at the example's server: switching to Live
/// keeps what was typed (switching back must find it unchanged), so the URL is not cleared;
/// instead this notice, just above the form, says why a send would fail and what to do.
/// (A function, not a component: no props builder in the bundle.)
pub fn example_url_notice(mode: RwSignal<Mode>, token_url: RwSignal<String>) -> impl IntoView {
    let shown = move || mode.get() == Mode::Live && token_url.with(|u| on_reserved_example_host(u));
    view! {
        <p class="notice notice--warn example-url" role="status" hidden=move || !shown()>
            "Live mode, but Token URL is still the example's ("<code>"authorization-server.example"</code>
            "): .example names never resolve (RFC 2606 §2). Enter your server's token URL, or its issuer above and press Discover."
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_reserved_example_host_example_names_only() {
        assert!(on_reserved_example_host(
            "https://authorization-server.example/oauth2/token"
        ));
        assert!(on_reserved_example_host("https://u@AS.Example.:8443/t?x"));
        assert!(!on_reserved_example_host("https://login.example.com/token"));
        assert!(!on_reserved_example_host("http://127.0.0.1:3000/token"));
        assert!(!on_reserved_example_host("https://idp.test/example"));
        assert!(!on_reserved_example_host(""));
    }
}
