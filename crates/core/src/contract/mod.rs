//! What the app promises the outside world: the URL contract (`prefill`: parameters, share and
//! embed links, host messages, with the `Mode` and `Theme` it defines) and the configuration
//! persisted in `localStorage` (`persist`).

pub mod persist;
pub mod prefill;
