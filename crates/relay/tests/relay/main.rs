//! Integration tests of cc-relay: a relay and a capture upstream, both on 127.0.0.1 port 0,
//! started and stopped by each test. No test sends traffic anywhere but 127.0.0.1: every
//! refusal under test happens before a connection is attempted.

mod allow_list;
mod binary;
mod cors;
mod docs;
mod forwarding;
mod limits;
mod ssrf;
mod support;
