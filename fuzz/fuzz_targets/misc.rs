//! cargo-fuzz target `misc`: see crates/core/tests/fuzz_exercise/misc.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/misc.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
