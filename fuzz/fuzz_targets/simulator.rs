//! cargo-fuzz target `simulator`: see crates/core/tests/fuzz_exercise/simulator.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/simulator.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
