//! OpenAPI import: read a pasted or fetched OpenAPI document, list its client credentials
//! schemes, and fill the form from the chosen one.

use super::AppState;
use crate::oauth::metadata;
use crate::oauth::openapi::{self, ClientCredentialsScheme};
use crate::transport::{self, Fetched};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The state of an OpenAPI import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Import {
    /// Nothing read yet.
    #[default]
    Idle,
    /// Fetching the document.
    Loading,
    /// The schemes found.
    Found(Vec<ClientCredentialsScheme>),
    /// Why there is none.
    Failed(String),
}

impl AppState {
    /// Reads the pasted document.
    pub fn import_openapi(self) {
        let text = self.openapi_text.get_untracked();
        let url = self.openapi_url.get_untracked();
        let base = Some(url.trim()).filter(|u| !u.is_empty());
        self.openapi
            .set(match openapi::parse_with_base(&text, base) {
                Ok(schemes) => Import::Found(schemes),
                Err(e) => Import::Failed(e.to_string()),
            });
    }

    /// Fetches the document at "Document URL" (always from the network: the simulated server
    /// has no API description), then reads it.
    pub fn load_openapi(self) {
        let url = self.openapi_url.get_untracked();
        let request = match metadata::request(url.trim()) {
            Ok(request) => request,
            Err(e) => {
                self.openapi
                    .set(Import::Failed(format!("Document URL: {e}")));
                return;
            }
        };
        let Some(controller) = transport::abort_controller() else {
            return;
        };
        self.openapi.set(Import::Loading);
        spawn_local(async move {
            match transport::fetch(&request, Fetched::OpenApi, self.timeout_secs(), controller)
                .await
            {
                Ok(response) if response.status == 200 => {
                    self.openapi_text.set(response.body_text());
                    self.import_openapi();
                }
                Ok(response) => self.openapi.set(Import::Failed(format!(
                    "The document URL answered {}.",
                    response.status_line()
                ))),
                Err(e) => self.openapi.set(Import::Failed(format!(
                    "The document could not be fetched: {e}."
                ))),
            }
        });
    }

    /// Fills the token URL from a scheme and keeps only the scopes it defines.
    pub fn use_scheme(self, scheme: &ClientCredentialsScheme) {
        self.token_url.set(scheme.token_url.clone());
        let known: Vec<&str> = scheme.scopes.iter().map(|(s, _)| s.as_str()).collect();
        self.scope.update(|scope| {
            *scope = scope
                .split(' ')
                .filter(|s| known.contains(s))
                .collect::<Vec<_>>()
                .join(" ");
        });
    }

    /// Adds or removes one scope in the Scope field.
    pub fn toggle_scope(self, name: &str, on: bool) {
        self.scope.update(|scope| {
            let mut list: Vec<&str> = scope
                .split(' ')
                .filter(|s| !s.is_empty() && *s != name)
                .collect();
            if on {
                list.push(name);
            }
            *scope = list.join(" ");
        });
    }
}
