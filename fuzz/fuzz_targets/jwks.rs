//! cargo-fuzz target `jwks`: see crates/core/tests/fuzz_exercise/jwks.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/jwks.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
