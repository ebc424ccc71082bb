//! Arrow column buffers in and out (see the crate docs for the protocol).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

/// One input column, copied out of the Python `bytes` objects (one copy
/// per batch, so that the GIL can be released while it is read).
pub(crate) struct InCol {
    kind: String,
    n: usize,
    offsets: Vec<i64>,
    data: Vec<u8>,
    validity: Option<Vec<u8>>,
    bit_offset: usize,
}

impl<'py> FromPyObject<'py> for InCol {
    fn extract_bound(ob: &Bound<'py, PyAny>) -> PyResult<Self> {
        let t = ob.downcast::<PyTuple>()?;
        if t.len() != 6 {
            return Err(PyValueError::new_err(
                "a column is (kind, n, offsets, data, validity, bit_offset)",
            ));
        }
        let kind: String = t.get_item(0)?.extract()?;
        let n: usize = t.get_item(1)?.extract()?;
        let off = t.get_item(2)?.downcast_into::<PyBytes>()?;
        let data = t.get_item(3)?.downcast_into::<PyBytes>()?;
        let validity = t.get_item(4)?;
        let validity = if validity.is_none() {
            None
        } else {
            Some(validity.downcast_into::<PyBytes>()?)
        };
        let bit_offset: usize = t.get_item(5)?.extract()?;
        let offsets: Vec<i64> = off
            .as_bytes()
            .chunks_exact(8)
            .map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let variable = matches!(kind.as_str(), "utf8" | "binary" | "list_i64");
        if variable && offsets.len() != n + 1 {
            return Err(PyValueError::new_err(format!(
                "column of {n} rows with {} offsets",
                offsets.len()
            )));
        }
        if kind == "i64" && data.as_bytes().len() < n * 8 {
            return Err(PyValueError::new_err("i64 column shorter than its rows"));
        }
        if let Some(v) = &validity {
            if v.as_bytes().len() * 8 < bit_offset + n {
                return Err(PyValueError::new_err("validity bitmap too short"));
            }
        }
        Ok(InCol {
            kind,
            n,
            offsets,
            data: data.as_bytes().to_vec(),
            validity: validity.map(|v| v.as_bytes().to_vec()),
            bit_offset,
        })
    }
}

impl InCol {
    pub(crate) fn len(&self) -> usize {
        self.n
    }

    fn valid(&self, i: usize) -> bool {
        match &self.validity {
            None => true,
            Some(v) => {
                let b = self.bit_offset + i;
                v.get(b / 8).is_some_and(|byte| byte & (1 << (b % 8)) != 0)
            }
        }
    }

    fn range(&self, i: usize) -> Result<&[u8], String> {
        let (Some(&s), Some(&e)) = (self.offsets.get(i), self.offsets.get(i + 1)) else {
            return Err(format!("row {i} out of range"));
        };
        usize::try_from(s)
            .ok()
            .zip(usize::try_from(e).ok())
            .and_then(|(s, e)| self.data.get(s..e))
            .ok_or_else(|| format!("row {i}: offsets out of range"))
    }

    /// A row as raw bytes (binary or string columns).
    pub(crate) fn bytes_at(&self, i: usize) -> Result<&[u8], String> {
        if let Some(ty) = self.kind.strip_prefix("other:") {
            return Err(format!("value is not binary ({ty})"));
        }
        if !self.valid(i) {
            return Err("value is null".into());
        }
        self.range(i)
    }

    /// A row as text: null, non-string types and invalid UTF-8 are errors.
    pub(crate) fn str_at(&self, i: usize) -> Result<&str, String> {
        if let Some(ty) = self.kind.strip_prefix("other:") {
            return Err(format!("text is not a string ({ty})"));
        }
        if !self.valid(i) {
            return Err("text is null".into());
        }
        let b = self.range(i)?;
        std::str::from_utf8(b)
            .map_err(|e| format!("invalid UTF-8 at byte {} of the text", e.valid_up_to()))
    }

    pub(crate) fn i64_at(&self, i: usize) -> Result<i64, String> {
        if self.kind != "i64" {
            return Err(format!("column is {}, not i64", self.kind));
        }
        if !self.valid(i) {
            return Err("value is null".into());
        }
        let c = self
            .data
            .get(i * 8..i * 8 + 8)
            .ok_or_else(|| format!("row {i} out of range"))?;
        Ok(i64::from_le_bytes([
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
        ]))
    }

    pub(crate) fn list_i64_at(&self, i: usize) -> Result<Vec<i64>, String> {
        if self.kind != "list_i64" {
            return Err(format!("column is {}, not list_i64", self.kind));
        }
        if !self.valid(i) {
            return Err("value is null".into());
        }
        let (Some(&s), Some(&e)) = (self.offsets.get(i), self.offsets.get(i + 1)) else {
            return Err(format!("row {i} out of range"));
        };
        let (s, e) = (s.max(0) as usize, e.max(0) as usize);
        let b = self
            .data
            .get(s * 8..e * 8)
            .ok_or_else(|| format!("row {i}: offsets out of range"))?;
        Ok(b.chunks_exact(8)
            .map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect())
    }
}

/// One output column being built.
pub(crate) struct OutCol {
    name: &'static str,
    kind: &'static str,
    n: usize,
    nulls: usize,
    validity: Vec<u8>,
    /// Offsets (variable-size kinds) as i64.
    offsets: Vec<i64>,
    /// Values or bytes.
    data: Vec<u8>,
    /// Child offsets of a list of strings.
    child_offsets: Vec<i64>,
}

impl OutCol {
    fn new(name: &'static str, kind: &'static str) -> OutCol {
        OutCol {
            name,
            kind,
            n: 0,
            nulls: 0,
            validity: Vec::new(),
            offsets: vec![0],
            data: Vec::new(),
            child_offsets: vec![0],
        }
    }
    pub(crate) fn utf8(name: &'static str) -> OutCol {
        OutCol::new(name, "utf8")
    }
    pub(crate) fn binary(name: &'static str) -> OutCol {
        OutCol::new(name, "binary")
    }
    pub(crate) fn i64(name: &'static str) -> OutCol {
        OutCol::new(name, "i64")
    }
    pub(crate) fn f64(name: &'static str) -> OutCol {
        OutCol::new(name, "f64")
    }
    pub(crate) fn bool(name: &'static str) -> OutCol {
        OutCol::new(name, "bool")
    }
    pub(crate) fn list_i64(name: &'static str) -> OutCol {
        OutCol::new(name, "list_i64")
    }
    pub(crate) fn list_utf8(name: &'static str) -> OutCol {
        OutCol::new(name, "list_utf8")
    }

    fn mark(&mut self, valid: bool) {
        let i = self.n;
        if i % 8 == 0 {
            self.validity.push(0);
        }
        if valid {
            if let Some(b) = self.validity.last_mut() {
                *b |= 1 << (i % 8);
            }
        } else {
            self.nulls += 1;
        }
        self.n += 1;
    }

    pub(crate) fn push_bytes(&mut self, v: Option<&[u8]>) {
        self.mark(v.is_some());
        self.data.extend_from_slice(v.unwrap_or(&[]));
        self.offsets.push(self.data.len() as i64);
    }

    pub(crate) fn push_str(&mut self, v: Option<&str>) {
        self.push_bytes(v.map(str::as_bytes));
    }

    pub(crate) fn push_i64(&mut self, v: Option<i64>) {
        self.mark(v.is_some());
        self.data.extend_from_slice(&v.unwrap_or(0).to_le_bytes());
    }

    pub(crate) fn push_f64(&mut self, v: Option<f64>) {
        self.mark(v.is_some());
        self.data.extend_from_slice(&v.unwrap_or(0.0).to_le_bytes());
    }

    pub(crate) fn push_bool(&mut self, v: Option<bool>) {
        let i = self.n;
        if i % 8 == 0 {
            self.data.push(0);
        }
        if v == Some(true) {
            if let Some(b) = self.data.last_mut() {
                *b |= 1 << (i % 8);
            }
        }
        self.mark(v.is_some());
    }

    pub(crate) fn push_list_i64(&mut self, v: Option<&[i64]>) {
        self.mark(v.is_some());
        for x in v.unwrap_or(&[]) {
            self.data.extend_from_slice(&x.to_le_bytes());
        }
        self.offsets.push((self.data.len() / 8) as i64);
    }

    pub(crate) fn push_list_str(&mut self, v: &[String]) {
        self.mark(true);
        for s in v {
            self.data.extend_from_slice(s.as_bytes());
            self.child_offsets.push(self.data.len() as i64);
        }
        self.offsets.push((self.child_offsets.len() - 1) as i64);
    }
}

fn i64_bytes(v: &[i64]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// Each column as `(name, kind, n, validity | None, offsets, data, child_offsets)`.
pub(crate) fn to_python(py: Python<'_>, cols: Vec<OutCol>) -> PyResult<Vec<PyObject>> {
    cols.into_iter()
        .map(|c| {
            let validity = if c.nulls > 0 {
                Some(PyBytes::new(py, &c.validity))
            } else {
                None
            };
            let t = (
                c.name,
                c.kind,
                c.n,
                validity,
                PyBytes::new(py, &i64_bytes(&c.offsets)),
                PyBytes::new(py, &c.data),
                PyBytes::new(py, &i64_bytes(&c.child_offsets)),
            );
            Ok(t.into_pyobject(py)?.into_any().unbind())
        })
        .collect()
}
