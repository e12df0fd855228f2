//! cargo-fuzz target `persist`: see crates/core/tests/fuzz_exercise/persist.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/persist.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
