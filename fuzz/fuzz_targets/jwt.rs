//! cargo-fuzz target `jwt`: see crates/core/tests/fuzz_exercise/jwt.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/jwt.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
