//! The last line of defence: if the app panics, the page is not left dead and blank. The panic
//! hook logs to the console (as before) and puts an error banner above the page with the
//! details and a "Copy details" button; everything the user typed stays on the page. The wasm
//! instance cannot run after a panic (`panic = "abort"`), so the banner is plain DOM and the
//! copy button is handled by a small inline script in index.html (`data-copy-panic`).

use std::panic::PanicHookInfo;

/// Installs the panic hook (once, at start-up).
pub fn install() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        console_error_panic_hook::hook(info);
        show_banner(&info.to_string());
    }));
}

/// Shows the error banner with `details` (idempotent: a second panic replaces the details).
pub fn show_banner(details: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let text = format!(
        "Client Credentials Playground {} — {details}\nBrowser: {agent}",
        env!("CARGO_PKG_VERSION")
    );
    if let Some(existing) = document.get_element_by_id("panic-details") {
        existing.set_text_content(Some(&text));
        return;
    }
    let build = || -> Option<web_sys::Element> {
        let banner = document.create_element("section").ok()?;
        banner.set_id("panic-banner");
        banner.set_class_name("panic");
        banner.set_attribute("role", "alert").ok()?;
        let heading = document.create_element("h2").ok()?;
        heading.set_text_content(Some("Something went wrong inside the playground"));
        let advice = document.create_element("p").ok()?;
        advice.set_text_content(Some(
            "The page stopped responding to input, but everything you typed is still below: copy what you need, \
             then reload. Please report the details (they contain no secret).",
        ));
        let details = document.create_element("pre").ok()?;
        details.set_id("panic-details");
        details.set_text_content(Some(&text));
        let copy = document.create_element("button").ok()?;
        copy.set_attribute("type", "button").ok()?;
        copy.set_attribute("data-copy-panic", "").ok()?;
        copy.set_class_name("button");
        copy.set_text_content(Some("Copy details"));
        for child in [&heading, &advice, &details, &copy] {
            banner.append_child(child).ok()?;
        }
        Some(banner)
    };
    if let (Some(banner), Some(body)) = (build(), document.body()) {
        let _ = body.insert_before(&banner, body.first_child().as_ref());
    }
}
