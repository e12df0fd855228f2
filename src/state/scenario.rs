//! Guided scenarios of demo mode: one click sets the form, the simulated server and the API
//! call for a lesson.

use super::AppState;
use super::api::DEFAULT_API_URL;
use crate::oauth::demo::Scenario;
use crate::oauth::draft::Draft;
use crate::oauth::simulator::Profile;
use crate::transport::Mode;
use leptos::prelude::*;

impl AppState {
    /// Sets up `scenario`: its form (the key fields, used by no scenario, stay as typed), its
    /// simulated server settings, the default API call, and the simulated path.
    pub fn apply_scenario(self, scenario: &Scenario) {
        let form = self.form;
        form.load_draft(Draft {
            private_key: form.private_key.get_untracked().into(),
            jwt_alg: form.jwt_alg.get_untracked(),
            assertion_lifetime: form.assertion_lifetime.get_untracked(),
            kid: form.kid.get_untracked(),
            ..scenario.draft()
        });
        let settings = scenario.settings;
        let sim = self.sim;
        sim.fault.set(settings.fault);
        sim.lifetime.set(settings.lifetime_secs.to_string());
        sim.latency.set(settings.latency_ms.to_string());
        sim.profile.set(Profile::Strict);
        sim.skew.set("0".into());
        sim.method.set(None);
        if settings.auto_renew_off {
            self.exchange.auto_renew.set(false);
        }
        self.api.url.set(DEFAULT_API_URL.into());
        self.api.method.set("GET".into());
        self.net.mode.set(Mode::Simulated);
    }
}
