//! Validation problems: a field path and what is wrong with it, said in English and in
//! Dutch (a facilitator who writes a scenario file reads these).

use crate::lang::{Lang, count};
use std::fmt;

/// Where in a file: line and column, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// A message in both languages. Shown as English where no language is chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// In English.
    pub en: String,
    /// In Dutch.
    pub nl: String,
}

impl Said {
    /// A message from its English and its Dutch text.
    pub fn new(en: impl Into<String>, nl: impl Into<String>) -> Self {
        Said {
            en: en.into(),
            nl: nl.into(),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.nl)
    }
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// One thing wrong with an input, tied to the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted path of the field, e.g. `leader.caring` or `events[2].day`.
    pub field: String,
    /// What is wrong, including the allowed range where there is one.
    pub message: Said,
    /// Where the field is in the file, when known.
    pub at: Option<Location>,
}

impl Problem {
    /// The problem as a line in `lang`: place, field and message.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        if let Some(at) = self.at {
            out += &match lang {
                Lang::En => format!("line {}, column {}: ", at.line, at.column),
                Lang::Nl => format!("regel {}, kolom {}: ", at.line, at.column),
            };
        }
        if !self.field.is_empty() {
            out += &self.field;
            out += ": ";
        }
        out + self.message.get(lang)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
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
    pub fn push(&mut self, field: impl Into<String>, message: Said) {
        if self.listed.len() >= MAX_LISTED {
            self.more += 1;
            return;
        }
        self.listed.push(Problem {
            field: field.into(),
            message,
            at: None,
        });
    }

    /// Checks that `value` is a finite number within `lo..=hi`.
    pub fn range(&mut self, field: &str, value: f64, lo: f64, hi: f64) {
        if !value.is_finite() || value < lo || value > hi {
            self.push(field, out_of_range(value, lo, hi));
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
                message: Said::new(
                    format!(
                        "and {} not listed",
                        count(self.more as u64, "more problem", "more problems")
                    ),
                    if self.more == 1 {
                        "en nog 1 probleem dat hier niet staat".to_string()
                    } else {
                        format!("en nog {} problemen die hier niet staan", self.more)
                    },
                ),
                at: None,
            });
        }
        out
    }
}

/// "`value` is out of range", naming the allowed range `lo..=hi`.
pub fn out_of_range(
    value: impl fmt::Display,
    lo: impl fmt::Display,
    hi: impl fmt::Display,
) -> Said {
    Said::new(
        format!("{value} is out of range: must be within {lo}..={hi}"),
        format!("{value} valt buiten het bereik: moet van {lo} tot en met {hi} zijn"),
    )
}
