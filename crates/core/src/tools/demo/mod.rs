//! Demo mode, the pure part: the steps of the client credentials flow (RFC 6749 §4.4) and of
//! using its token (RFC 6750), each with a state derived from plain inputs, and the guided
//! scenarios for the simulated server as plain data.
//!
//! The diagram is a sequence diagram: seven steps, each an arrow between (or on) the lifelines
//! of three parties — client, authorization server, resource server. [`flow_steps`] decides, from the latest token exchange and API call, which
//! steps are done, in progress, failed or still pending, and what data each one shows.
//!
//! Where things are: the seven steps and their states in `steps.rs`; what the diagram is derived
//! from (the prepared request, the latest token exchange and API call) in `input.rs`;
//! [`flow_steps`] in `flow.rs`; the guided scenarios' settings and texts in `scenarios.rs`; a
//! scenario's simulated server settings while in force, and taking them back, in `overrides.rs`.

mod flow;
mod input;
mod overrides;
mod scenarios;
mod steps;

pub use flow::flow_steps;
pub use input::{
    ApiAnswer, ApiCall, FlowInput, Prepared, TokenAnswer, TokenExchange, api_answer, carries_token,
    request_line, token_answer,
};
pub use overrides::ScenarioOverride;
pub use scenarios::{AfterToken, SCENARIOS, Scenario, ScenarioSettings};
pub use steps::{Arrow, Party, Step, StepId, StepState, current_step};
