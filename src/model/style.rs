//! Attachment styles, the Protect/Grow modes and per-style parameter tables.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A member's adult attachment style (seed 002; Bartholomew's four categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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

/// Every name a scenario file may give an attachment style (as `members.style` or as a
/// key of a per-style table such as `team.mix`), in English and in Dutch: the one
/// declaration that reading files, the command line and the schema use. Case, spaces
/// and underscores do not matter ("Angstig vermijdend").
pub const STYLE_NAMES: [(&str, AttachmentStyle); 8] = [
    ("secure", AttachmentStyle::Secure),
    ("veilig", AttachmentStyle::Secure),
    ("anxious", AttachmentStyle::Anxious),
    ("angstig", AttachmentStyle::Anxious),
    ("avoidant", AttachmentStyle::Avoidant),
    ("vermijdend", AttachmentStyle::Avoidant),
    ("fearful", AttachmentStyle::Fearful),
    ("angstig-vermijdend", AttachmentStyle::Fearful),
];

/// The names of [`STYLE_NAMES`] alone, for messages that list what is allowed.
pub const STYLE_NAME_LIST: [&str; 8] = super::names::names(&STYLE_NAMES);

impl<'de> Deserialize<'de> for AttachmentStyle {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse()
            .map_err(|_| serde::de::Error::unknown_variant(&name, &STYLE_NAME_LIST))
    }
}

impl std::str::FromStr for AttachmentStyle {
    type Err = String;

    /// Parses a style name in English or Dutch (see [`STYLE_NAMES`]).
    fn from_str(s: &str) -> Result<Self, String> {
        super::names::lookup(&STYLE_NAMES, s).ok_or_else(|| {
            format!(
                "unknown attachment style `{}`: expected one of {}",
                s.trim(),
                STYLE_NAME_LIST.join(", ")
            )
        })
    }
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
///
/// Written with the English style names as keys; read with any name of
/// [`STYLE_NAMES`] as a key (`veilig = 0.5`), each style exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[repr(C)] // the four values in style order, so that `get` is an index, not a branch
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
    ///
    /// Picked by index rather than by a `match`: the member update looks up several
    /// tables for members of mixed styles, and a `match` compiled to a jump through a
    /// table (an indirect branch the processor cannot predict) at each lookup.
    #[inline]
    pub fn get(&self, style: AttachmentStyle) -> &T {
        // The size half of the claim below, checked when the program is compiled.
        const { assert!(std::mem::size_of::<Self>() == std::mem::size_of::<[T; 4]>()) };
        // SAFETY: `StyleTable` is `repr(C)` with four fields of type `T`, so its layout
        // is that of `[T; 4]`: each field starts at a multiple of `T`'s alignment and
        // `T`'s size is such a multiple, so there is no padding between or after them.
        let all = unsafe { &*(self as *const Self).cast::<[T; 4]>() };
        &all[style.index()]
    }

    /// The value for `style`, mutably.
    #[inline]
    pub fn get_mut(&mut self, style: AttachmentStyle) -> &mut T {
        const { assert!(std::mem::size_of::<Self>() == std::mem::size_of::<[T; 4]>()) };
        // SAFETY: as in `get`.
        let all = unsafe { &mut *(self as *mut Self).cast::<[T; 4]>() };
        &mut all[style.index()]
    }

    /// `(style, value)` pairs in [`AttachmentStyle::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (AttachmentStyle, &T)> {
        AttachmentStyle::ALL
            .into_iter()
            .map(move |s| (s, self.get(s)))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StyleTable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        const FIELDS: &[&str] = &["secure", "anxious", "avoidant", "fearful"];
        d.deserialize_struct("StyleTable", FIELDS, TableVisitor(std::marker::PhantomData))
    }
}

/// A key of a [`StyleTable`] as written: refused while the key is read, so that a
/// message about it points at the key.
struct StyleKey(AttachmentStyle, String);

impl<'de> Deserialize<'de> for StyleKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        match key.parse() {
            Ok(style) => Ok(StyleKey(style, key)),
            Err(_) => Err(serde::de::Error::unknown_field(&key, &STYLE_NAME_LIST)),
        }
    }
}

/// Reads a [`StyleTable`] from a map keyed by style names (files) or from four values
/// in style order (formats without field names).
struct TableVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for TableVisitor<T> {
    type Value = StyleTable<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table with one value per attachment style")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let mut values: [Option<T>; 4] = [None, None, None, None];
        while let Some(StyleKey(style, key)) = map.next_key()? {
            let slot = &mut values[style.index()];
            if slot.is_some() {
                return Err(A::Error::custom(format!(
                    "`{key}` gives the {} members a second value",
                    style.name()
                )));
            }
            *slot = Some(map.next_value()?);
        }
        let [secure, anxious, avoidant, fearful] = values;
        Ok(StyleTable {
            secure: secure.ok_or_else(|| A::Error::missing_field("secure"))?,
            anxious: anxious.ok_or_else(|| A::Error::missing_field("anxious"))?,
            avoidant: avoidant.ok_or_else(|| A::Error::missing_field("avoidant"))?,
            fearful: fearful.ok_or_else(|| A::Error::missing_field("fearful"))?,
        })
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let mut next = |i: usize| {
            seq.next_element()?
                .ok_or_else(|| A::Error::invalid_length(i, &"four values"))
        };
        Ok(StyleTable {
            secure: next(0)?,
            anxious: next(1)?,
            avoidant: next(2)?,
            fearful: next(3)?,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_picks_its_own_field_for_any_kind_of_value() {
        fn check<T: PartialEq + std::fmt::Debug + Clone>(values: [T; 4]) {
            let [a, b, c, d] = values.clone();
            let mut table = StyleTable::new(a, b, c, d);
            for (k, style) in AttachmentStyle::ALL.into_iter().enumerate() {
                let named = match style {
                    AttachmentStyle::Secure => &table.secure,
                    AttachmentStyle::Anxious => &table.anxious,
                    AttachmentStyle::Avoidant => &table.avoidant,
                    AttachmentStyle::Fearful => &table.fearful,
                };
                assert_eq!(table.get(style), named);
                assert_eq!(table.get(style), &values[k]);
                assert_eq!(table.get_mut(style), &values[k]);
            }
            *table.get_mut(AttachmentStyle::Avoidant) = values[0].clone();
            assert_eq!(table.avoidant, values[0]);
            assert_eq!(table.fearful, values[3]);
        }
        check([0.1, 0.2, 0.3, 0.4]);
        check([1u8, 2, 3, 4]);
        check([(1u8, 2.0f64), (3, 4.0), (5, 6.0), (7, 8.0)]);
        check([[1.0f64; 7], [2.0; 7], [3.0; 7], [4.0; 7]]);
        check(["a".to_string(), "b".into(), "c".into(), "d".into()]);
    }

    #[derive(Deserialize, Debug)]
    struct File {
        mix: StyleTable<f64>,
        style: Option<AttachmentStyle>,
    }

    #[test]
    fn styles_are_named_in_english_or_dutch() {
        let f: File = toml::from_str(
            "style = \"Angstig vermijdend\"\nmix = { veilig = 0.4, anxious = 0.3, vermijdend = 0.2, angstig_vermijdend = 0.1 }",
        )
        .unwrap();
        assert_eq!(f.style, Some(AttachmentStyle::Fearful));
        assert_eq!(f.mix, StyleTable::new(0.4, 0.3, 0.2, 0.1));
    }

    #[test]
    fn a_style_given_twice_or_left_out_is_named() {
        let twice = toml::from_str::<File>(
            "mix = { secure = 0.4, veilig = 0.1, anxious = 0.3, avoidant = 0.2, fearful = 0.1 }",
        )
        .unwrap_err()
        .to_string();
        assert!(
            twice.contains("`veilig` gives the secure members a second value"),
            "{twice}"
        );
        let missing =
            toml::from_str::<File>("mix = { secure = 0.4, anxious = 0.3, avoidant = 0.3 }")
                .unwrap_err()
                .to_string();
        assert!(missing.contains("missing field `fearful`"), "{missing}");
        let unknown = toml::from_str::<File>("mix = { sekure = 1.0 }")
            .unwrap_err()
            .to_string();
        assert!(unknown.contains("unknown field `sekure`"), "{unknown}");
    }

    #[test]
    fn a_table_reads_back_what_it_wrote() {
        let t = StyleTable::new(1.0, 2.0, 3.0, 4.0);
        let bytes = postcard::to_stdvec(&t).unwrap();
        assert_eq!(postcard::from_bytes::<StyleTable<f64>>(&bytes).unwrap(), t);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<StyleTable<f64>>(&json).unwrap(), t);
    }
}
