//! cargo-fuzz target `http_request`: see crates/core/tests/fuzz_exercise/http_request.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/http_request.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
