//! Guided scenarios of demo mode: one click sets the form, the simulated server and the API
//! call for a lesson. The server settings a scenario sets end with it (another scenario, the
//! demo panel closed, or "Restore server settings") and are never saved.

use super::AppState;
use super::api::DEFAULT_API_URL;
use crate::oauth::demo::Scenario;
use crate::oauth::draft::Draft;
use crate::oauth::simulator::Profile;
use crate::transport::Mode;
use leptos::prelude::*;

impl AppState {
    /// Sets up `scenario`: its form (the key fields, used by no scenario, stay as typed), its
    /// simulated server settings (remembered as an override, see
    /// [`SimulatorState::override_with`](super::SimulatorState::override_with)), the default
    /// API call with no answer shown yet, and the simulated path.
    pub fn apply_scenario(self, scenario: &'static Scenario) {
        let form = self.form;
        form.load_draft(Draft {
            private_key: form.private_key.get_untracked().into(),
            jwt_alg: form.jwt_alg.get_untracked(),
            assertion_lifetime: form.assertion_lifetime.get_untracked(),
            kid: form.kid.get_untracked(),
            ..scenario.draft()
        });
        self.end_scenario();
        let settings = scenario.settings;
        let sim = self.sim;
        let mut applied = sim.override_with(scenario.id, || {
            sim.fault.set(settings.fault);
            sim.lifetime.set(settings.lifetime_secs.to_string());
            sim.latency.set(settings.latency_ms.to_string());
            sim.profile.set(Profile::Strict);
            sim.skew.set("0".into());
            sim.method.set(None);
        });
        if settings.auto_renew_off {
            applied.auto_renew_before = Some(self.exchange.auto_renew.get_untracked());
            self.exchange.auto_renew.set(false);
        }
        sim.scenario.set(Some(applied));
        self.api.clear();
        self.api.url.set(DEFAULT_API_URL.into());
        self.api.method.set("GET".into());
        self.net.mode.set(Mode::Simulated);
    }

    /// Ends the scenario in force: its server settings not changed by hand since go back, and
    /// automatic renewal is turned back on if it turned it off.
    pub fn end_scenario(self) {
        let Some(ended) = self.sim.end_scenario() else {
            return;
        };
        if ended.auto_renew_before == Some(true) && !self.exchange.auto_renew.get_untracked() {
            self.exchange.auto_renew.set(true);
        }
    }
}
