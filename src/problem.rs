//! Validation problems: a field path and what is wrong with it.

use std::fmt;

/// Where in a file: line and column, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// One thing wrong with an input, tied to the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted path of the field, e.g. `leader.caring` or `events[2].day`.
    pub field: String,
    /// What is wrong, including the allowed range where there is one.
    pub message: String,
    /// Where the field is in the file, when known.
    pub at: Option<Location>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = self.at {
            write!(f, "line {}, column {}: ", at.line, at.column)?;
        }
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// Most problems listed one by one; beyond that they are counted (a crafted file could
/// otherwise produce a message of hundreds of megabytes).
pub const MAX_LISTED: usize = 100;

/// Collects every problem found, so that a user sees all of them at once.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    listed: Vec<Problem>,
    more: usize,
}

impl Problems {
    /// Records a problem with `field`.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        if self.listed.len() >= MAX_LISTED {
            self.more += 1;
            return;
        }
        self.listed.push(Problem {
            field: field.into(),
            message: message.into(),
            at: None,
        });
    }

    /// Checks that `value` is a finite number within `lo..=hi`.
    pub fn range(&mut self, field: &str, value: f64, lo: f64, hi: f64) {
        if !value.is_finite() || value < lo || value > hi {
            self.push(
                field,
                format!("{value} is out of range: must be within {lo}..={hi}"),
            );
        }
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// The problems found, in the order they were found; past [`MAX_LISTED`], one last
    /// entry says how many more there were.
    pub fn into_vec(self) -> Vec<Problem> {
        let mut out = self.listed;
        if self.more > 0 {
            out.push(Problem {
                field: "...".into(),
                message: format!("and {} more problems not listed", self.more),
                at: None,
            });
        }
        out
    }
}
