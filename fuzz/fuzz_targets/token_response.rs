//! cargo-fuzz target `token_response`: see crates/core/tests/fuzz_exercise/token_response.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/token_response.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
