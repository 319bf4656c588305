//! The leader on the caring/daring grid.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The four caring/daring quadrants (seed 001).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quadrant {
    /// 1: daring without caring: dominating, punitive ("TEGEN").
    Dominating,
    /// 2: neither: avoiding, withdrawn ("horen, zien en zwijgen").
    Avoiding,
    /// 3: caring without daring: pleasing, permissive ("VOOR").
    Pleasing,
    /// 4: both: the secure base ("MET").
    SecureBase,
}

/// Every name a scenario file or the command line may give a quadrant, in English and
/// in Dutch: the one declaration that parsing files and arguments both use. Spaces and
/// underscores count as hyphens, and case does not matter ("Veilige basis").
pub const QUADRANT_NAMES: [(&str, Quadrant); 8] = [
    ("dominating", Quadrant::Dominating),
    ("dominant", Quadrant::Dominating),
    ("avoiding", Quadrant::Avoiding),
    ("vermijdend", Quadrant::Avoiding),
    ("pleasing", Quadrant::Pleasing),
    ("pleasend", Quadrant::Pleasing),
    ("secure-base", Quadrant::SecureBase),
    ("veilige-basis", Quadrant::SecureBase),
];

/// The names of [`QUADRANT_NAMES`] alone, for messages that list what is allowed.
pub const QUADRANT_NAME_LIST: [&str; 8] = super::names::names(&QUADRANT_NAMES);

/// Written as its name, so that every format reads it back through [`QUADRANT_NAMES`].
impl Serialize for Quadrant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Quadrant {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse()
            .map_err(|_| serde::de::Error::unknown_variant(&name, &QUADRANT_NAME_LIST))
    }
}

impl Quadrant {
    /// All four quadrants, in the order used in outputs and comparisons.
    pub const ALL: [Quadrant; 4] = [
        Quadrant::Dominating,
        Quadrant::Avoiding,
        Quadrant::Pleasing,
        Quadrant::SecureBase,
    ];

    /// The (caring, daring) point that stands for this quadrant when a scenario
    /// names a quadrant instead of giving numbers: a quarter of the way in from
    /// each corner, so that a named leader is clearly in the quadrant but not a caricature.
    pub fn preset(self) -> (f64, f64) {
        match self {
            Quadrant::Dominating => (0.2, 0.8),
            Quadrant::Avoiding => (0.2, 0.2),
            Quadrant::Pleasing => (0.8, 0.2),
            Quadrant::SecureBase => (0.8, 0.8),
        }
    }

    /// The quadrant a (caring, daring) point falls in; 0.5 counts as high.
    pub fn of(caring: f64, daring: f64) -> Quadrant {
        match (caring >= 0.5, daring >= 0.5) {
            (false, true) => Quadrant::Dominating,
            (false, false) => Quadrant::Avoiding,
            (true, false) => Quadrant::Pleasing,
            (true, true) => Quadrant::SecureBase,
        }
    }

    /// The kebab-case name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Quadrant::Dominating => "dominating",
            Quadrant::Avoiding => "avoiding",
            Quadrant::Pleasing => "pleasing",
            Quadrant::SecureBase => "secure-base",
        }
    }
}

impl std::str::FromStr for Quadrant {
    type Err = String;

    /// Parses a quadrant name as used in files and on the command line (English or
    /// the Dutch workshop names).
    fn from_str(s: &str) -> Result<Self, String> {
        super::names::lookup(&QUADRANT_NAMES, s).ok_or_else(|| {
            format!(
                "unknown leadership style `{}`: expected one of {}",
                s.trim(),
                QUADRANT_NAME_LIST.join(", ")
            )
        })
    }
}

impl fmt::Display for Quadrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A leader: where they sit on the grid and how they behave under pressure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leader {
    /// Caring: protection, trust, attention to the person (0..=1).
    pub caring: f64,
    /// Daring: challenge, inspiration, attention to the goal (0..=1).
    pub daring: f64,
    /// Contacts per member per day when there is no pressure.
    pub availability: f64,
    /// How far caring drops at full pressure: caring * (1 - sensitivity * p).
    pub pressure_sensitivity: f64,
    /// How far availability drops at full pressure.
    pub availability_pressure_drop: f64,
    /// Share of challenges that turn into control at full pressure (crisis reflex).
    pub crisis_control: f64,
}

impl Leader {
    /// Effective caring under pressure `p` (MODEL.md section 2).
    pub fn caring_eff(&self, p: f64) -> f64 {
        self.caring * (1.0 - self.pressure_sensitivity * p)
    }

    /// Effective contact rate per member under pressure `p`.
    pub fn availability_eff(&self, p: f64) -> f64 {
        self.availability * (1.0 - self.availability_pressure_drop * p)
    }

    /// How fully the leader's contact rate meets what members need, 0..=1:
    /// `availability_eff(p) / reference`, at most 1.
    pub fn presence(&self, p: f64, reference: f64) -> f64 {
        (self.availability_eff(p) / reference).clamp(0.0, 1.0)
    }

    /// Probability that a challenge turns into control under pressure `p`.
    pub fn control_share(&self, p: f64) -> f64 {
        self.crisis_control * p
    }

    /// The quadrant this leader sits in.
    pub fn quadrant(&self) -> Quadrant {
        Quadrant::of(self.caring, self.daring)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadrant_names_round_trip_through_serde() {
        for q in Quadrant::ALL {
            let text = toml::to_string(&std::collections::BTreeMap::from([("q", q)])).unwrap();
            let back: std::collections::BTreeMap<String, Quadrant> = toml::from_str(&text).unwrap();
            assert_eq!(back["q"], q, "{text}");
        }
    }

    #[test]
    fn presets_lie_in_their_quadrant() {
        for q in Quadrant::ALL {
            let (c, d) = q.preset();
            assert_eq!(Quadrant::of(c, d), q);
        }
    }

    #[test]
    fn pressure_lowers_caring_and_availability() {
        let l = Leader {
            caring: 0.8,
            daring: 0.8,
            availability: 0.4,
            pressure_sensitivity: 0.3,
            availability_pressure_drop: 0.5,
            crisis_control: 0.5,
        };
        assert!((l.caring_eff(1.0) - 0.56).abs() < 1e-12);
        assert!((l.availability_eff(1.0) - 0.2).abs() < 1e-12);
        assert_eq!(l.caring_eff(0.0), 0.8);
    }
}
