//! Helpers shared by the browser-tier test binaries (`browser.rs`, `memory.rs`): timers, a
//! fresh container per test, element lookup, and typing as a user does (an `input` event).
#![allow(dead_code)] // each test binary uses its own subset

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Event, EventInit, HtmlElement, HtmlInputElement};

/// Waits `ms` milliseconds so that the reactive system and the DOM settle.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
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
