//! cargo-fuzz target `token_url`: see crates/core/tests/fuzz_exercise/token_url.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/token_url.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
