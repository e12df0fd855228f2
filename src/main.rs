//! Entry point: chooses the heap allocator, installs the panic hook and mounts the app.

/// The app's wasm heap allocator: talc (a well-kept crate) instead of the standard library's
/// dlmalloc, for fewer bytes before first paint (measured: size-budget.toml's history). Set in
/// the binary, not the library, so that test binaries keep their own (tests/memory.rs counts
/// allocations). Single-threaded wasm only; host builds keep the system allocator.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use wasm_bindgen::JsCast;

fn main() {
    cc_playground::panic_banner::install();
    // In a task of its own, not in the one that instantiates the module: two shorter tasks
    // before the page is usable instead of one long one (issue 17: none over 100 ms).
    leptos::prelude::set_timeout(start, std::time::Duration::ZERO);
}

/// Starts the playground: at once with the built-in example when the page has nothing to read
/// (no URL parameters, no saved configuration, no remembered secret), else once the `startup`
/// chunk that reads them has loaded (issue 17: its code is not in the first load). A chunk that
/// does not load shows the error with Retry, never a half-configured form.
fn start() {
    use cc_playground::state::{Startup, has_startup_input};
    if !has_startup_input() {
        return mount(Startup::example());
    }
    // Leptos sets up its executor when it mounts; nothing is mounted yet.
    wasm_bindgen_futures::spawn_local(async {
        match cc_playground::chunks::read_startup().await {
            Ok(startup) => mount(startup),
            Err(_) => startup_failed(),
        }
    });
}

/// The page's only content when the `startup` chunk did not load: the error with Retry.
fn startup_failed() {
    use leptos::prelude::*;
    let Some((body, root)) = detached_root() else {
        return;
    };
    let shown = root.clone();
    let retry = Callback::new(move |()| {
        shown.remove();
        start();
    });
    let view = move || {
        view! {
            <main class="layout">
                {cc_playground::lazy::failed("this link's settings", retry)}
            </main>
        }
    };
    leptos::mount::mount_to(root.clone().unchecked_into(), view).forget();
    _ = body.append_child(&root);
}

/// The document's body, and a new `div.app` not yet in it.
fn detached_root() -> Option<(web_sys::HtmlElement, web_sys::Element)> {
    let document = leptos::prelude::document();
    let body = document.body()?;
    let root = document.create_element("div").ok()?;
    root.set_class_name("app");
    Some((body, root))
}

/// Builds the app in a detached element and attaches it once built. Leptos sets inputs' `value`
/// in a microtask after building; on an input already in the document that forces a style and
/// layout pass of the whole new page inside this task (20–45 ms measured in a Chromium trace).
/// Set on a detached input it costs nothing, and the page is laid out in the next frame, in a
/// task of its own. The microtask below is queued after Leptos's, so it runs after it.
fn mount(startup: cc_playground::state::Startup) {
    let Some((body, root)) = detached_root() else {
        return;
    };
    let app = move || cc_playground::app::playground(startup);
    leptos::mount::mount_to(root.clone().unchecked_into(), app).forget();
    leptos::prelude::queue_microtask(move || _ = body.append_child(&root));
}
