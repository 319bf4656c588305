//! The two languages of everything a facilitator reads: charts, pages, tables and the
//! problems found in a scenario file.

use std::str::FromStr;

/// The language of what a command writes or says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English: Protect/Grow, dominating, avoiding, pleasing, secure base.
    #[default]
    En,
    /// Dutch: Doel 1/Doel 2, dominant, vermijdend, pleasend, veilige basis.
    Nl,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "nl" => Ok(Lang::Nl),
            other => Err(format!("unknown language `{other}`: expected en or nl")),
        }
    }
}

impl Lang {
    /// `en` in English, `nl` in Dutch.
    pub fn pick<T>(self, en: T, nl: T) -> T {
        match self {
            Lang::En => en,
            Lang::Nl => nl,
        }
    }
}
