//! What the app promises the outside world: the URL contract (`prefill`: the parameters, with
//! the `Mode`, `Theme` and `LockField` they define), share links and embed snippets (`share`),
//! the `postMessage` events and commands exchanged with a host page (`messages`), and the
//! configuration persisted in `localStorage` (`persist`).

pub mod messages;
pub mod persist;
pub mod prefill;
pub mod share;
