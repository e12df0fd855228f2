//! Presentational components: props in, callbacks out. No fetch, storage or clock reads here.

mod api_call;
mod assertion_view;
mod code_export;
mod countdown;
mod discovery_field;
mod fields;
mod findings;
mod jwt_inspector;
mod key_value_rows;
mod mode_switch;
mod more_parameters;
mod raw_request;
mod request_form;
mod response_view;
mod server_log;
mod simulator_settings;
mod token_history;
mod token_view;

pub use api_call::ApiCall;
pub use assertion_view::AssertionView;
pub use code_export::CodeExport;
pub use countdown::Countdown;
pub use discovery_field::DiscoveryField;
pub use findings::Findings;
pub use jwt_inspector::JwtInspector;
pub use key_value_rows::KeyValueRows;
pub use mode_switch::ModeSwitch;
pub use more_parameters::MoreParameters;
pub use raw_request::RawRequest;
pub use request_form::RequestForm;
pub use response_view::ResponseView;
pub use server_log::ServerLog;
pub use simulator_settings::SimulatorSettings;
pub use token_history::TokenHistory;
pub use token_view::TokenView;
