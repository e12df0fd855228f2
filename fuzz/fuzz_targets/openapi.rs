//! cargo-fuzz target `openapi`: see crates/core/tests/fuzz_exercise/openapi.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/openapi.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
