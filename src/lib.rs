//! # Client Credentials Playground
//!
//! Compose an OAuth 2.0 client credentials token request (RFC 6749 §4.4), see the exact HTTP
//! message as you type, send it to a real token endpoint or to an authorization server simulated
//! inside the page, and inspect the response and the token's lifetime.
//!
//! Modules, from pure to effectful:
//! - [`oauth`]: the pure core, the `cc-core` crate of `crates/core` (no web dependencies, which
//!   its manifest enforces; time passed in), re-exported under its historical name.
//! - [`transport`]: the only network IO (fetch via gloo-net, or the in-page simulator).
//! - [`state`]: reactive glue in feature slices (form, exchange with the send action and its
//!   attempt ids, net, simulator, inspector, discovery, API call, shell, OpenAPI import).
//! - [`hooks`]: small reactive helpers; `use_now` is the only clock reader.
//! - [`components`]: presentational components.
//! - [`app`]: the composition root.
//! - [`panic_banner`]: the panic hook's error banner.

pub mod app;
pub mod chunks;
pub mod components;
pub mod crypto;
pub mod hooks;
pub mod lazy;
pub mod panic_banner;
pub mod state;
pub mod transport;

/// The pure core (`crates/core`, crate `cc_core`), under the path the app has always used:
/// `crate::oauth::draft::Draft` is `cc_core::draft::Draft`.
pub use cc_core as oauth;

pub use app::App;
