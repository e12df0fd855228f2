//! The discovery slice: the issuer typed and what its metadata says (RFC 8414, OpenID Connect
//! Discovery).

use super::exchange::ExchangeState;
use super::form::FormState;
use super::inspector::InspectorState;
use super::net::NetState;
use crate::oauth::metadata::{self, Accepted, MetadataError, well_known_urls};
use crate::transport::Fetched;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The state of metadata discovery.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Discovery {
    /// Not started.
    #[default]
    Idle,
    /// Fetching.
    Running,
    /// Found a usable document.
    Found {
        /// Where it was found.
        url: String,
        /// What it says: only a document whose issuer is the one asked for (RFC 8414 §3.3).
        metadata: Box<Accepted>,
        /// How it fits the request being composed.
        warnings: Vec<String>,
    },
    /// Failed: why, per URL tried.
    Failed(String),
}

/// "Issuer" and the discovery it runs.
#[derive(Clone, Copy)]
pub struct DiscoveryState {
    /// "Issuer" as typed (for discovery).
    pub issuer: RwSignal<String>,
    /// The state of metadata discovery.
    pub discovery: RwSignal<Discovery>,
}

impl DiscoveryState {
    /// No issuer, nothing discovered.
    pub fn new() -> Self {
        Self {
            issuer: RwSignal::new(String::new()),
            discovery: RwSignal::new(Discovery::Idle),
        }
    }

    /// The introspection endpoint named by discovery, if any.
    pub fn introspection_endpoint(self) -> Option<String> {
        self.discovery.with(|d| match d {
            Discovery::Found { metadata, .. } => metadata.introspection_endpoint.clone(),
            _ => None,
        })
    }

    /// Fetches the issuer's metadata (RFC 8414 §3, then OpenID Connect Discovery §4) on the
    /// current path (simulated or live), and fills the token URL and JWKS URL from the first
    /// document [`metadata::read_response`] accepts. A document whose `issuer` is not identical
    /// to the issuer asked for is never used (RFC 8414 §3.3): it fills nothing, and the reason,
    /// naming both issuers, is shown. A token already received is verified with the JWKS found.
    pub fn discover(
        self,
        form: FormState,
        inspector: InspectorState,
        exchange: ExchangeState,
        net: NetState,
    ) {
        let issuer = self.issuer.get_untracked();
        let urls = match well_known_urls(&issuer) {
            Ok(urls) => urls,
            Err(e) => {
                self.discovery.set(Discovery::Failed(e.to_string()));
                return;
            }
        };
        let mode = net.mode.get_untracked();
        self.discovery.set(Discovery::Running);
        spawn_local(async move {
            let mut tried = Vec::new();
            // Documents refused for their issuer, to mention even if a later URL succeeds.
            let mut refused = Vec::new();
            for url in urls {
                let outcome = match metadata::request(&url) {
                    Err(e) => Err(e.to_string()),
                    Ok(request) => {
                        let Some(result) = net
                            .dispatch(&request, Fetched::Discovery, mode, false)
                            .await
                        else {
                            return;
                        };
                        match result.map(|r| metadata::read_response(&issuer, &r)) {
                            Ok(Ok(found)) => Ok(found),
                            Ok(Err(e)) => {
                                if matches!(e, MetadataError::IssuerMismatch { .. }) {
                                    refused.push(format!("Not used: {url}: {e}"));
                                }
                                Err(e.to_string())
                            }
                            Err(e) => Err(e.to_string()),
                        }
                    }
                };
                match outcome {
                    Ok(found) => {
                        let mut warnings = std::mem::take(&mut refused);
                        warnings.extend(found.warnings(form.auth.get_untracked()));
                        if let Some(endpoint) = &found.token_endpoint {
                            form.token_url.set(endpoint.clone());
                        }
                        let jwks = found.jwks_uri.clone();
                        if let Some(jwks) = &jwks {
                            inspector.jwks_url.set(jwks.clone());
                        }
                        self.discovery.set(Discovery::Found {
                            url,
                            metadata: Box::new(found),
                            warnings,
                        });
                        if jwks.is_some() {
                            inspector.verify_when_known(exchange, net);
                        }
                        return;
                    }
                    Err(why) => tried.push((url, why)),
                }
            }
            self.discovery
                .set(Discovery::Failed(metadata::failure_summary(&tried)));
        });
    }
}

impl Default for DiscoveryState {
    fn default() -> Self {
        Self::new()
    }
}
