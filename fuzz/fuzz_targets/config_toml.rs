//! Any text as a pipeline config: a clear error or a pipeline, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(cfg) = galley::PipelineConfig::from_toml(text) {
            let _ = cfg.build();
        }
    }
});
