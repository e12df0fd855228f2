//! Helpers shared by the browser-tier test binaries (`browser.rs`, `memory.rs`): waiting for
//! real asynchronous work, a fresh container per test, element lookup, and typing as a user
//! does (an `input` event).
//!
//! Two ways to wait, never a fixed pause: after a reactive change (a signal set, an `input` or
//! `click` event) `leptos::task::tick().await` lets the effects it scheduled run; for work the
//! browser does in its own time (WebCrypto, timers, fetch) [`wait_until`] polls a condition.
#![allow(dead_code)] // each test binary uses its own subset

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Event, EventInit, HtmlElement, HtmlInputElement};

/// How often [`wait_until`] checks its condition.
const POLL_MS: i32 = 2;

/// Yields to the browser's event loop for `ms` milliseconds (a timer task, so that timers,
/// fetches and WebCrypto promises can settle; `tick()` only runs the microtask queue).
async fn yield_to_event_loop(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits until `done()` holds, checking it every few milliseconds, and returns how long that
/// took. Panics, naming `what` it waited for, if `done()` still fails after `timeout`.
pub async fn wait_until(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) -> Duration {
    let start = js_sys::Date::now();
    let elapsed = || Duration::from_secs_f64((js_sys::Date::now() - start).max(0.0) / 1000.0);
    while !done() {
        assert!(
            elapsed() < timeout,
            "waited {timeout:?} for {what}, in vain"
        );
        yield_to_event_loop(POLL_MS).await;
    }
    elapsed()
}

/// After mounting the app: waits until its first screen is complete (the request column is a
/// lazily loaded part, `cc_playground::chunks::request_column_view`: in these unsplit builds it is
/// rendered right after the first frame).
pub async fn app_ready(root: &HtmlElement) {
    wait_until(
        "the raw request (rendered right after the first frame)",
        Duration::from_secs(2),
        || {
            root.query_selector("[aria-label='Raw HTTP request']")
                .ok()
                .flatten()
                .is_some()
        },
    )
    .await;
}

/// A fresh container in the document, so each test mounts its own app — with no saved
/// configuration (the tests share one page, and the app saves its configuration).
pub fn container() -> HtmlElement {
    let window = web_sys::window().unwrap();
    for storage in [window.local_storage(), window.session_storage()] {
        if let Ok(Some(storage)) = storage {
            storage.clear().unwrap();
        }
    }
    let document = window.document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

/// The element under `root` matching `selector`, cast to `T`; panics if there is none.
pub fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

/// Dispatches a bubbling event of type `kind` (what a user's action would fire).
pub fn dispatch(target: &web_sys::EventTarget, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Sets the value of the input matching `selector` and fires `input`, as typing does.
pub fn type_into(root: &HtmlElement, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector);
    input.set_value(value);
    dispatch(&input, "input");
}

/// The text of the element under `root` matching `selector`, or `""` while there is none.
pub fn text_of(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}
