//! The pipeline's configuration: a list of tagged stages, read from TOML.

use serde::{Deserialize, Serialize};

use crate::{Error, Pipeline};

/// One stage of the pipeline and its options, tagged by `type`.
///
/// In TOML each stage is a `[[stage]]` table whose `type` names the stage;
/// the other keys are that stage's options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StageConfig {
    /// OCR-artifact cleanup ([`galley_clean`]).
    Clean(galley_clean::Config),
    /// Paragraph reconstruction and article split ([`galley_paragraphs`]).
    Paragraphs(galley_paragraphs::Config),
    /// Repeated passages inside a document ([`galley_dedup`]).
    Dedup(galley_dedup::Config),
    /// Summaries and keywords ([`galley_summary`]).
    Summary(galley_summary::Config),
}

impl StageConfig {
    /// The stage's name, as written in `type`.
    pub fn name(&self) -> &'static str {
        match self {
            StageConfig::Clean(_) => "clean",
            StageConfig::Paragraphs(_) => "paragraphs",
            StageConfig::Dedup(_) => "dedup",
            StageConfig::Summary(_) => "summary",
        }
    }

    /// The commented TOML of this stage type's default options.
    fn default_toml(&self) -> &'static str {
        match self {
            StageConfig::Clean(_) => galley_clean::DEFAULT_TOML,
            StageConfig::Paragraphs(_) => galley_paragraphs::DEFAULT_TOML,
            StageConfig::Dedup(_) => galley_dedup::DEFAULT_TOML,
            StageConfig::Summary(_) => galley_summary::DEFAULT_TOML,
        }
    }
}

/// The whole pipeline's configuration.
///
/// ```
/// let cfg = galley::PipelineConfig::from_toml(r#"
/// [[stage]]
/// type = "clean"
/// "#)?;
/// assert_eq!(cfg.stages.len(), 1);
/// assert!(galley::PipelineConfig::from_toml("[[stage]]\ntype = \"clean\"\nno_such_key = 1").is_err());
/// # Ok::<(), galley::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    /// The stages, in the order they run. Default: clean, paragraphs, dedup, summary.
    #[serde(rename = "stage", default = "default_stages")]
    pub stages: Vec<StageConfig>,
}

fn default_stages() -> Vec<StageConfig> {
    vec![
        StageConfig::Clean(galley_clean::Config::default()),
        StageConfig::Paragraphs(galley_paragraphs::Config::default()),
        StageConfig::Dedup(galley_dedup::Config::default()),
        StageConfig::Summary(galley_summary::Config::default()),
    ]
}

impl Default for PipelineConfig {
    fn default() -> PipelineConfig {
        PipelineConfig {
            stages: default_stages(),
        }
    }
}

impl PipelineConfig {
    /// Parse a TOML config. An unknown key or a bad value is an error that
    /// names the key.
    pub fn from_toml(text: &str) -> Result<PipelineConfig, Error> {
        toml::from_str(text).map_err(|e| Error::Config(e.to_string()))
    }

    /// The default configuration as commented TOML, every option with its
    /// default value and what it does.
    pub fn default_toml() -> String {
        let mut out = String::from(
            "# galley pipeline configuration.\n\
             # Each [[stage]] runs in order; `type` names the stage, the other keys are its options.\n\
             # Leave a key out to keep its default; an unknown key is an error.\n",
        );
        for stage in default_stages() {
            out.push_str(&format!("\n[[stage]]\ntype = \"{}\"\n", stage.name()));
            out.push_str(stage.default_toml());
        }
        out
    }

    /// Build the pipeline, validating every stage's options once.
    pub fn build(&self) -> Result<Pipeline, Error> {
        let mut b = Pipeline::builder();
        for s in &self.stages {
            b = match s {
                StageConfig::Clean(c) => b.stage(galley_clean::Clean::new(c.clone())?),
                StageConfig::Paragraphs(c) => {
                    b.stage(galley_paragraphs::Paragraphs::new(c.clone())?)
                }
                StageConfig::Dedup(c) => b.stage(galley_dedup::Dedup::new(c.clone())?),
                StageConfig::Summary(c) => b.stage(galley_summary::Summary::new(c.clone())?),
            };
        }
        Ok(b.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_toml_parses_to_the_default_and_names_every_key() {
        let text = PipelineConfig::default_toml();
        let parsed = PipelineConfig::from_toml(&text).unwrap();
        assert_eq!(parsed, PipelineConfig::default());
        // Every key of the serialised default must be written out in the
        // commented file, not just filled in by serde defaults.
        let written: toml::Value = toml::from_str(&text).unwrap();
        let serialised = toml::Value::try_from(PipelineConfig::default()).unwrap();
        assert_eq!(written, serialised);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key() {
        let e = PipelineConfig::from_toml("[[stage]]\ntype = \"clean\"\nbogus_key = true\n")
            .unwrap_err();
        assert!(e.to_string().contains("bogus_key"), "{e}");
        let e = PipelineConfig::from_toml("[[stage]]\ntype = \"nope\"\n").unwrap_err();
        assert!(e.to_string().contains("nope"), "{e}");
        let e = PipelineConfig::from_toml("stages = []\n").unwrap_err();
        assert!(e.to_string().contains("stages"), "{e}");
    }

    /// docs/guide.md embeds `galley config --default`; keep them in step.
    #[test]
    fn guide_shows_the_default_config() {
        let guide = include_str!("../docs/guide.md");
        let block = format!("```toml\n{}```", PipelineConfig::default_toml());
        assert!(
            guide.contains(&block),
            "docs/guide.md does not contain the current default config; run `cargo run -p galley-cli -- config --default` and paste it into the guide"
        );
    }

    #[test]
    fn empty_file_means_default_stages() {
        assert_eq!(
            PipelineConfig::from_toml("").unwrap(),
            PipelineConfig::default()
        );
        let none = PipelineConfig::from_toml("stage = []").unwrap();
        assert!(none.stages.is_empty());
    }
}
