//! # Client Credentials Playground
//!
//! Compose an OAuth 2.0 client credentials token request (RFC 6749 §4.4), see the exact HTTP
//! message as you type, send it to a real token endpoint or to an authorization server simulated
//! inside the page, and inspect the response and the token's lifetime.
//!
//! Modules, from pure to effectful:
//! - [`oauth`]: the pure core (no web dependencies; time passed in).
//! - [`transport`]: the only network IO (fetch via gloo-net, or the in-page simulator).
//! - [`state`]: reactive glue (signals, the send action with attempt ids).
//! - [`hooks`]: small reactive helpers; `use_now` is the only clock reader.
//! - [`components`]: presentational components.
//! - [`app`]: the composition root.
//! - [`panic_banner`]: the panic hook's error banner.

pub mod app;
pub mod components;
pub mod crypto;
pub mod hooks;
pub mod oauth;
pub mod panic_banner;
pub mod state;
pub mod transport;

pub use app::App;
