//! A guided scenario's settings of the simulated server, while they are in force: what the
//! scenario set, what it replaced, and how to take them back. A scenario's settings end with
//! the scenario and are never saved: what is persisted while one is on is
//! [`ScenarioOverride::without`] the current settings, so a reload never answers from a
//! scenario (e.g. "Server down" answering 503, RFC 9110 §15.6.4).

use crate::persist::SimulatorSettings;
use crate::simulator::{Fault, Profile};

/// The scenario whose simulated server settings are in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioOverride {
    /// The scenario's id ([`super::Scenario::find`]).
    pub id: &'static str,
    /// The settings as the scenario left them.
    pub set: SimulatorSettings,
    /// The settings they replaced.
    pub before: SimulatorSettings,
    /// "Renew automatically" before the scenario turned it off (`None`: it did not).
    pub auto_renew_before: Option<bool>,
}

/// `before` where `current` is still what the scenario `set`, else `current` (changed by hand
/// since: the person's value stays).
fn take_back<T: Clone + PartialEq>(current: &T, set: &T, before: &T) -> T {
    if current == set {
        before.clone()
    } else {
        current.clone()
    }
}

impl ScenarioOverride {
    /// The settings with the scenario taken back: a setting still at the scenario's value
    /// returns to what it was before, one changed by hand since keeps its new value. What is
    /// saved while the scenario is on, and what ending it restores.
    pub fn without(&self, current: &SimulatorSettings) -> SimulatorSettings {
        let (set, before) = (&self.set, &self.before);
        let text = |f: fn(&SimulatorSettings) -> &String| take_back(f(current), f(set), f(before));
        let flag = |f: fn(&SimulatorSettings) -> bool| take_back(&f(current), &f(set), &f(before));
        SimulatorSettings {
            lifetime: text(|s| &s.lifetime),
            opaque: flag(|s| s.opaque),
            fault: text(|s| &s.fault),
            latency: text(|s| &s.latency),
            profile: text(|s| &s.profile),
            skew: text(|s| &s.skew),
            method: text(|s| &s.method),
            register_key: flag(|s| s.register_key),
            scopes: text(|s| &s.scopes),
            audiences: text(|s| &s.audiences),
            require_dpop_nonce: flag(|s| s.require_dpop_nonce),
        }
    }

    /// What the scenario still changes on the simulated server, in words: each setting that is
    /// at the scenario's value and differs from before (empty: nothing to reset).
    pub fn changes(&self, current: &SimulatorSettings, auto_renew: bool) -> Vec<String> {
        let (set, before) = (&self.set, &self.before);
        let changed = |f: fn(&SimulatorSettings) -> &String| {
            let value = f(current);
            (value == f(set) && value != f(before)).then_some(value.as_str())
        };
        let mut out = Vec::new();
        if let Some(id) = changed(|s| &s.fault) {
            out.push(match Fault::from_id(id).unwrap_or_default() {
                Fault::None => "no fault".to_string(),
                fault => format!("fault: {}", fault.label()),
            });
        }
        if let Some(ms) = changed(|s| &s.latency) {
            out.push(format!("latency {ms} ms"));
        }
        if let Some(secs) = changed(|s| &s.lifetime) {
            out.push(format!("token lifetime {secs} s"));
        }
        if let Some(id) = changed(|s| &s.profile) {
            out.push(format!(
                "profile {}",
                Profile::from_id(id).unwrap_or_default().label()
            ));
        }
        if let Some(secs) = changed(|s| &s.skew) {
            out.push(format!("clock skew {secs} s"));
        }
        if let Some(method) = changed(|s| &s.method) {
            out.push(match method {
                "" => "client registered for any method".to_string(),
                m => format!("client registered for {m}"),
            });
        }
        if self.auto_renew_before == Some(true) && !auto_renew {
            out.push("automatic renewal off".to_string());
        }
        out
    }
}
