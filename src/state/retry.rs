//! Retrying a failed live request with the simulated server, which knows one client: the
//! built-in example's (`my_client_id_123`, with the secret set in its settings).

use super::AppState;
use crate::oauth::draft::EXAMPLE_CLIENT_ID;
use crate::transport::Mode;
use leptos::prelude::*;

impl AppState {
    /// Whether the simulated server would authenticate the client typed: the example's id and,
    /// for a secret-based method, the secret it has registered (RFC 6749 §2.3.1). Otherwise it
    /// answers `invalid_client`.
    pub fn simulator_knows_client(self) -> bool {
        self.form
            .client_id
            .with(|id| id.trim() == EXAMPLE_CLIENT_ID)
            && (!self.form.auth.get().uses_secret()
                || self.form.client_secret.get() == self.sim.client_secret.get())
    }

    /// "Retry with the simulated server".
    pub fn retry_simulated(self) {
        self.net.mode.set(Mode::Simulated);
        self.send();
    }

    /// "Use the example client and retry": fills Client ID and Client secret with the example
    /// client the simulated server knows (its secret is lesson material, not a user secret), then
    /// retries with the simulated server. The other fields stay as typed.
    pub fn retry_with_example_client(self) {
        self.form.client_id.set(EXAMPLE_CLIENT_ID.to_string());
        self.form
            .client_secret
            .set(self.sim.client_secret.get_untracked());
        self.retry_simulated();
    }
}
