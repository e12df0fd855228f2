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
    leptos::mount::mount_to_body(cc_playground::App);
}
