//! cargo-fuzz target `prefill`: see crates/core/tests/fuzz_exercise/prefill.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/prefill.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
