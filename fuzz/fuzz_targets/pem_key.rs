//! cargo-fuzz target `pem_key`: see crates/core/tests/fuzz_exercise/pem_key.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/pem_key.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
