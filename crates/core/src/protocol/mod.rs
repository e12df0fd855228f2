//! The grant's model: the redacting `Secret` wrapper for every credential (RFC 6749 §2.3.1,
//! §10.3), newtypes, encodings, URLs, raw HTTP, the form draft, the token request
//! (RFC 6749 §4.4.2) and response (§5.1, §5.2), client assertions (RFC 7523), JWT inspection
//! (RFC 7519), bearer challenges (RFC 6750 §3), introspection (RFC 7662), DPoP proofs
//! (RFC 9449), discovery metadata (RFC 8414), masking of secrets and renewal arithmetic. Uses no other layer of the core.

pub mod assertion;
pub mod bearer;
pub mod dpop;
pub mod draft;
pub mod encoding;
pub mod exchange;
pub mod http;
pub mod introspection;
pub mod json_members;
pub mod jwt;
pub mod mask;
pub mod metadata;
pub mod renewal;
pub mod request;
pub mod response;
pub mod secret;
pub mod sha256;
pub mod token;
pub mod types;
pub mod url;
