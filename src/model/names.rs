//! Names a user may write for a closed set of things (quadrants, attachment styles), in
//! English and in Dutch, and how a written name is matched against them.

/// The form a written name is compared in: trimmed, lowercase, with spaces and
/// underscores as hyphens, so that "Veilige basis", "veilige_basis" and
/// "veilige-basis" are one name.
pub fn normalize(written: &str) -> String {
    written
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '_' { '-' } else { c })
        .collect()
}

/// The value `written` names in `table`, compared in [`normalize`]d form.
pub fn lookup<T: Copy>(table: &[(&str, T)], written: &str) -> Option<T> {
    let wanted = normalize(written);
    table
        .iter()
        .find(|(name, _)| *name == wanted)
        .map(|(_, v)| *v)
}

/// The names of a table alone, in its order: for messages and the schema.
pub const fn names<T: Copy, const N: usize>(table: &[(&'static str, T); N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = table[i].0;
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_spaces_and_underscores_do_not_matter() {
        let table = [("veilige-basis", 1), ("dominant", 2)];
        assert_eq!(lookup(&table, " Veilige basis "), Some(1));
        assert_eq!(lookup(&table, "VEILIGE_BASIS"), Some(1));
        assert_eq!(lookup(&table, "veiligebasis"), None);
        assert_eq!(names(&table), ["veilige-basis", "dominant"]);
    }
}
