//! cargo-fuzz target `yaml`: see tests/fuzz_exercise/yaml.rs for what it checks.
#![no_main]

mod exercise {
    include!("../../crates/core/tests/fuzz_exercise/yaml.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| exercise::run(data));
