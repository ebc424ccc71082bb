//! Running stages over documents.

use std::panic::{catch_unwind, AssertUnwindSafe};

use galley_core::{Document, Record, Stage};
use rayon::prelude::*;

use crate::{Error, PipelineConfig};

/// An ordered list of stages, built once and applied to many documents.
///
/// ```
/// use galley::{Pipeline, clean::Clean};
///
/// // A pipeline of just the cleanup stage, built in code.
/// let p = Pipeline::builder().stage(Clean::new(Default::default())?).build();
/// let rec = p.run("d", "第一段。\n\n第二段。")?;
/// assert_eq!(rec.articles[0].blocks.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

/// Builds a [`Pipeline`] stage by stage.
#[derive(Debug, Default)]
pub struct PipelineBuilder {
    stages: Vec<Box<dyn Stage>>,
}

impl PipelineBuilder {
    /// Append a stage.
    pub fn stage(mut self, stage: impl Stage + 'static) -> PipelineBuilder {
        self.stages.push(Box::new(stage));
        self
    }

    /// Append a boxed stage.
    pub fn boxed(mut self, stage: Box<dyn Stage>) -> PipelineBuilder {
        self.stages.push(stage);
        self
    }

    /// Finish.
    pub fn build(self) -> Pipeline {
        Pipeline {
            stages: self.stages,
        }
    }
}

impl Pipeline {
    /// The default pipeline (see [`PipelineConfig::default`]).
    pub fn new() -> Result<Pipeline, Error> {
        PipelineConfig::default().build()
    }

    /// A pipeline built from a TOML config.
    pub fn from_toml(text: &str) -> Result<Pipeline, Error> {
        PipelineConfig::from_toml(text)?.build()
    }

    /// An empty builder.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The stages' names, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Run every stage on `doc`. A stage that panics is reported as an
    /// error for this document only.
    pub fn process(&self, doc: &mut Document) -> Result<(), Error> {
        for stage in &self.stages {
            let result = catch_unwind(AssertUnwindSafe(|| stage.apply(doc)));
            match result {
                Ok(Ok(())) => {}
                Ok(Err(source)) => {
                    return Err(Error::Document {
                        id: doc.id().to_string(),
                        source,
                    })
                }
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".to_string());
                    return Err(Error::Panic {
                        id: doc.id().to_string(),
                        message: format!("{} ({})", message, stage.name()),
                    });
                }
            }
        }
        Ok(())
    }

    /// Process one document and return its record.
    pub fn run_document(&self, mut doc: Document) -> Result<Record, Error> {
        self.process(&mut doc)?;
        Ok(doc.to_record())
    }

    /// Process one text.
    pub fn run(&self, id: &str, text: &str) -> Result<Record, Error> {
        self.run_document(Document::new(id, text))
    }

    /// Process many documents in parallel on the current rayon pool; the
    /// results come back in input order.
    pub fn run_many(&self, docs: Vec<Document>) -> Vec<Result<Record, Error>> {
        docs.into_par_iter().map(|d| self.run_document(d)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use galley_core::Error as CoreError;

    #[derive(Debug)]
    struct Boom;
    impl Stage for Boom {
        fn name(&self) -> &'static str {
            "boom"
        }
        fn apply(&self, doc: &mut Document) -> Result<(), CoreError> {
            if doc.input().contains("panic") {
                panic!("asked to");
            }
            Ok(())
        }
    }

    #[test]
    fn a_panicking_stage_fails_one_document_only() {
        let p = Pipeline::builder().stage(Boom).build();
        let docs = vec![
            Document::new("a", "fine"),
            Document::new("b", "panic"),
            Document::new("c", "fine"),
        ];
        let out = p.run_many(docs);
        assert!(out[0].is_ok() && out[2].is_ok());
        let err = out[1].as_ref().unwrap_err().to_string();
        assert!(err.contains("`b`") && err.contains("asked to"), "{err}");
    }

    #[test]
    fn results_keep_input_order() {
        let p = Pipeline::new().unwrap();
        let docs: Vec<_> = (0..50)
            .map(|i| Document::new(format!("d{i}"), format!("第{i}段。")))
            .collect();
        let out = p.run_many(docs);
        for (i, r) in out.iter().enumerate() {
            assert_eq!(r.as_ref().unwrap().id, format!("d{i}"));
        }
    }
}
