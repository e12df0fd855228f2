//! The OpenAPI import slice: read a pasted or fetched OpenAPI document, list its client
//! credentials schemes, and fill the form from the chosen one.

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

/// "Import from OpenAPI".
#[derive(Clone, Copy)]
pub struct OpenApiState {
    /// The OpenAPI document as pasted or fetched.
    pub text: RwSignal<String>,
    /// Where to fetch the OpenAPI document from.
    pub url: RwSignal<String>,
    /// The import's result.
    pub import: RwSignal<Import>,
}

impl OpenApiState {
    /// Nothing pasted or read.
    pub fn new() -> Self {
        Self {
            text: RwSignal::new(String::new()),
            url: RwSignal::new(String::new()),
            import: RwSignal::new(Import::Idle),
        }
    }

    /// Reads the pasted document.
    pub fn read(self) {
        let text = self.text.get_untracked();
        let url = self.url.get_untracked();
        let base = Some(url.trim()).filter(|u| !u.is_empty());
        self.import
            .set(match openapi::parse_with_base(&text, base) {
                Ok(schemes) => Import::Found(schemes),
                Err(e) => Import::Failed(e.to_string()),
            });
    }

    /// Fetches the document at "Document URL" (always from the network: the simulated server
    /// has no API description) within `timeout_secs`, then reads it.
    pub fn load(self, timeout_secs: u32) {
        let url = self.url.get_untracked();
        let request = match metadata::request(url.trim()) {
            Ok(request) => request,
            Err(e) => {
                self.import
                    .set(Import::Failed(format!("Document URL: {e}")));
                return;
            }
        };
        let Some(controller) = transport::abort_controller() else {
            return;
        };
        self.import.set(Import::Loading);
        spawn_local(async move {
            match transport::fetch(&request, Fetched::OpenApi, timeout_secs, controller).await {
                Ok(response) if response.status == 200 => {
                    self.text.set(response.body_text());
                    self.read();
                }
                Ok(response) => self.import.set(Import::Failed(format!(
                    "The document URL answered {}.",
                    response.status_line()
                ))),
                Err(e) => self.import.set(Import::Failed(format!(
                    "The document could not be fetched: {e}."
                ))),
            }
        });
    }
}

impl Default for OpenApiState {
    fn default() -> Self {
        Self::new()
    }
}

/// Fills the token URL from a scheme and keeps only the scopes it defines.
pub fn use_scheme(
    scheme: &ClientCredentialsScheme,
    token_url: RwSignal<String>,
    scope: RwSignal<String>,
) {
    token_url.set(scheme.token_url.clone());
    let known: Vec<&str> = scheme.scopes.iter().map(|(s, _)| s.as_str()).collect();
    scope.update(|scope| {
        *scope = scope
            .split(' ')
            .filter(|s| known.contains(s))
            .collect::<Vec<_>>()
            .join(" ");
    });
}

/// Adds or removes one scope in the Scope field.
pub fn toggle_scope(scope: RwSignal<String>, name: &str, on: bool) {
    scope.update(|scope| {
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
