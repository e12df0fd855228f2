//! The pure core: everything about the client credentials grant (RFC 6749 §4.4) that can be
//! computed without a browser — building and rendering requests, parsing responses, expiry
//! arithmetic, and the simulated authorization server.
//!
//! Rule: this crate uses only `std` and `serde`/`serde_json`; it never reads the clock, does
//! IO, or names a web crate. Cargo enforces the last part: the crate's `Cargo.toml` has no web
//! dependency, so naming one does not compile.
//!
//! Layers, each a folder, each using only the ones above it:
//! - [`protocol`]: the grant's model — the redacting [`Secret`](protocol::secret::Secret),
//!   newtypes, encodings, URLs, raw HTTP, the form draft, the token request and response,
//!   client assertions, JWTs, bearer challenges, introspection, discovery metadata, masking,
//!   renewal arithmetic.
//! - [`simulator`]: the authorization server simulated in the page (it takes an `HttpRequest`
//!   and returns an `HttpResponse`, as the network does).
//! - [`tools`]: features built on the model — lint, glossary, CORS doctor, code export, OpenAPI
//!   import, demo mode, notice counting.
//! - [`contract`]: what the app promises the outside — the URL contract (with `Mode`/`Theme`),
//!   share links and embed snippets, host-page messages, and the persisted configuration.
//!
//! Every module is also re-exported at the crate root (`cc_core::jwt`, `cc_core::prefill`, …),
//! the paths the app uses as `crate::…`.

pub mod contract;
pub mod protocol;
pub mod simulator;
pub mod tools;

pub use contract::{messages, persist, prefill, share};
pub use protocol::exchange;
pub use protocol::{
    assertion, bearer, dpop, draft, encoding, http, introspection, json_members, jwt, mask,
    metadata, renewal, request, response, secret, sha256, token, types, url,
};
pub use tools::{cors, demo, export, glossary, lint, notices, openapi, relay};
