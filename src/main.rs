//! Entry point: chooses the heap allocator, installs the panic hook and mounts the app.

/// The app's wasm heap allocator: talc (a well-kept crate) instead of the standard library's
/// dlmalloc, for fewer bytes before first paint (measured: size-budget.toml's history). Set in
/// the binary, not the library, so that test binaries keep their own (tests/memory.rs counts
/// allocations). Single-threaded wasm only; host builds keep the system allocator.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    cc_playground::panic_banner::install();
    // In a task of its own, not in the one that instantiates the module: two shorter tasks
    // before the page is usable instead of one long one (issue 17: none over 100 ms).
    leptos::prelude::set_timeout(mount, std::time::Duration::ZERO);
}

/// Builds the app in a detached element and attaches it once built. Leptos sets inputs' `value`
/// in a microtask after building; on an input already in the document that forces a style and
/// layout pass of the whole new page inside this task (20–45 ms measured in a Chromium trace).
/// Set on a detached input it costs nothing, and the page is laid out in the next frame, in a
/// task of its own. The microtask below is queued after Leptos's, so it runs after it.
fn mount() {
    use leptos::prelude::{document, queue_microtask};
    use wasm_bindgen::JsCast;
    let Some(body) = document().body() else {
        return;
    };
    let Ok(root) = document().create_element("div") else {
        return;
    };
    root.set_class_name("app");
    leptos::mount::mount_to(root.clone().unchecked_into(), cc_playground::App).forget();
    queue_microtask(move || _ = body.append_child(&root));
}
