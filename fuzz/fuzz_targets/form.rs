//! cargo-fuzz target `form`: see crates/core/tests/fuzz_exercise/form.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/form.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
