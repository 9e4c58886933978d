//! Errors met while loading a timeline.

use std::fmt;

/// A load failure, located in its file where possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file's name as the user gave it (`-` for standard input).
    pub origin: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// What was wrong, in plain words.
    pub message: String,
}

impl LoadError {
    /// An error about a whole file.
    pub fn file(origin: &str, message: impl Into<String>) -> Self {
        LoadError {
            origin: origin.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An error at a place in a file.
    pub fn at(origin: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        LoadError {
            origin: origin.to_string(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.origin, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.origin, self.message),
            _ => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

impl std::error::Error for LoadError {}
