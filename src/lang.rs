//! The two languages of everything a facilitator reads: charts, pages, tables and the
//! problems found in a scenario file.

use std::str::FromStr;

/// `n` with the singular or the plural noun: "1 member", "3 members".
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

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

/// What the operating system said about a file, in `lang`: the common kinds in words,
/// anything else as the system put it.
pub fn io_cause(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    let nl = match e.kind() {
        NotFound => "het bestand of de map bestaat niet",
        PermissionDenied => "geen toestemming",
        AlreadyExists => "bestaat al",
        StorageFull => "de schijf is vol",
        ReadOnlyFilesystem => "de schijf is alleen-lezen",
        IsADirectory => "is een map",
        NotADirectory => "is geen map",
        InvalidData => "de inhoud is ongeldig",
        _ => return e.to_string(),
    };
    match lang {
        Lang::En => e.to_string(),
        Lang::Nl => nl.to_string(),
    }
}
