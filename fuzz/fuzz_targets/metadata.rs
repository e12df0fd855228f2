//! cargo-fuzz target `metadata`: see crates/core/tests/fuzz_exercise/metadata.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/metadata.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
