use galley_core::Stage;
use galley_paragraphs::{Config, Paragraphs};

#[test]
fn testdata_cases() {
    galley_testkit::run_dir("paragraphs", |case, doc| {
        let cfg: Config = match &case.config {
            Some(t) => toml::from_str(&toml::to_string(t).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?,
            None => Config::default(),
        };
        let stage = Paragraphs::new(cfg).map_err(|e| e.to_string())?;
        stage.apply(doc).map_err(|e| e.to_string())
    });
}
