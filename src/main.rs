//! Entry point: installs the panic hook and mounts the app. Nothing else.

fn main() {
    cc_playground::panic_banner::install();
    leptos::mount::mount_to_body(cc_playground::App);
}
