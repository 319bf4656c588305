//! Attachment styles, the Protect/Grow modes and per-style parameter tables.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A member's adult attachment style (seed 002; Bartholomew's four categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttachmentStyle {
    /// Secure: trusts others and asks for help under stress.
    Secure,
    /// Anxious (preoccupied): seeks reassurance, protests when the leader is unavailable.
    Anxious,
    /// Avoidant (dismissing): withdraws, masks distress, hides mistakes.
    Avoidant,
    /// Fearful (disorganised): alternates between seeking and withdrawing.
    Fearful,
}

impl AttachmentStyle {
    /// All four styles, in the order used in every output.
    pub const ALL: [AttachmentStyle; 4] = [
        AttachmentStyle::Secure,
        AttachmentStyle::Anxious,
        AttachmentStyle::Avoidant,
        AttachmentStyle::Fearful,
    ];

    /// The lowercase name used in files and column names.
    pub fn name(self) -> &'static str {
        match self {
            AttachmentStyle::Secure => "secure",
            AttachmentStyle::Anxious => "anxious",
            AttachmentStyle::Avoidant => "avoidant",
            AttachmentStyle::Fearful => "fearful",
        }
    }

    /// Position in [`AttachmentStyle::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for AttachmentStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Doel 1 (Protect: safety first) or Doel 2 (Grow: learning and connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Doel 1: threat narrows attention; self-protection comes first.
    Protect,
    /// Doel 2: safe enough to explore, learn and connect.
    Grow,
}

/// One value per attachment style: used for per-style parameters and outputs.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleTable<T> {
    /// Value for secure members.
    pub secure: T,
    /// Value for anxious members.
    pub anxious: T,
    /// Value for avoidant members.
    pub avoidant: T,
    /// Value for fearful members.
    pub fearful: T,
}

impl<T> StyleTable<T> {
    /// A table from its four values, in [`AttachmentStyle::ALL`] order.
    pub const fn new(secure: T, anxious: T, avoidant: T, fearful: T) -> Self {
        StyleTable {
            secure,
            anxious,
            avoidant,
            fearful,
        }
    }

    /// The value for `style`.
    pub fn get(&self, style: AttachmentStyle) -> &T {
        match style {
            AttachmentStyle::Secure => &self.secure,
            AttachmentStyle::Anxious => &self.anxious,
            AttachmentStyle::Avoidant => &self.avoidant,
            AttachmentStyle::Fearful => &self.fearful,
        }
    }

    /// The value for `style`, mutably.
    pub fn get_mut(&mut self, style: AttachmentStyle) -> &mut T {
        match style {
            AttachmentStyle::Secure => &mut self.secure,
            AttachmentStyle::Anxious => &mut self.anxious,
            AttachmentStyle::Avoidant => &mut self.avoidant,
            AttachmentStyle::Fearful => &mut self.fearful,
        }
    }

    /// `(style, value)` pairs in [`AttachmentStyle::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (AttachmentStyle, &T)> {
        AttachmentStyle::ALL
            .into_iter()
            .map(move |s| (s, self.get(s)))
    }
}

impl StyleTable<f64> {
    /// The largest of the four values.
    pub fn max(&self) -> f64 {
        self.iter()
            .map(|(_, v)| *v)
            .fold(f64::NEG_INFINITY, f64::max)
    }
}
