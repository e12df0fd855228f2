//! The pure core: everything about the client credentials grant (RFC 6749 §4.4) that can be
//! computed without a browser — building and rendering requests, parsing responses, expiry
//! arithmetic, and the simulated authorization server.
//!
//! Rule: this module uses only `std` and `serde`/`serde_json`; it never reads the clock, does
//! IO, or names a web crate. `tests/core_purity.rs` enforces this.

pub mod assertion;
pub mod bearer;
pub mod cors;
pub mod demo;
pub mod draft;
pub mod encoding;
pub mod export;
pub mod glossary;
pub mod http;
pub mod introspection;
pub mod jwt;
pub mod lint;
pub mod mask;
pub mod metadata;
pub mod notices;
pub mod openapi;
pub mod persist;
pub mod prefill;
pub mod renewal;
pub mod request;
pub mod response;
pub mod sha256;
pub mod simulator;
pub mod token;
pub mod types;
pub mod url;
