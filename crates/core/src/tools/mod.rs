//! Features built on the protocol model and the simulator: the request linter, the glossary,
//! the CORS doctor, code export, OpenAPI import, demo mode and notice counting.

pub mod cors;
pub mod demo;
pub mod export;
pub mod glossary;
pub mod lint;
pub mod notices;
pub mod openapi;
pub mod relay;
