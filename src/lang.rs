//! The two languages of everything a facilitator reads: charts, pages, tables and the
//! problems found in a scenario file.

use std::str::FromStr;

/// `n` with the singular or the plural noun: "1 member", "3 members".
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Lang {
    /// A quantity that may be fractional (a horizon of 100.5 days) with its noun: whole
    /// numbers as [`count`] gives them, others with up to two decimals in `self`'s way
    /// of writing numbers and the plural.
    pub fn amount(self, n: f64, one: &str, many: &str) -> String {
        if n.fract() == 0.0 && (0.0..=u64::MAX as f64).contains(&n) {
            count(n as u64, one, many)
        } else {
            let t = self.number(n, 2);
            let t = t.trim_end_matches('0').trim_end_matches([',', '.']);
            format!("{t} {many}")
        }
    }
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

#[cfg(test)]
mod tests {
    use super::{Lang, count};

    #[test]
    fn quantities_take_the_singular_only_for_one() {
        assert_eq!(count(1, "day", "days"), "1 day");
        assert_eq!(count(0, "day", "days"), "0 days");
        assert_eq!(Lang::En.amount(240.0, "day", "days"), "240 days");
        assert_eq!(Lang::En.amount(1.0, "day", "days"), "1 day");
        assert_eq!(Lang::En.amount(100.5, "day", "days"), "100.5 days");
        assert_eq!(
            Lang::Nl.amount(100.25, "werkdag", "werkdagen"),
            "100,25 werkdagen"
        );
        assert_eq!(
            Lang::Nl.amount(1.5, "werkdag", "werkdagen"),
            "1,5 werkdagen"
        );
    }
}
