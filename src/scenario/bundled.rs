//! The bundled scenarios, embedded in the binary so that an installed `teamsim` works
//! outside the source tree: `teamsim scenarios` lists them and copies them out, and a
//! command given `scenarios/NAME.toml` (or `NAME`) where no such file exists reads the
//! bundled one.

use std::path::Path;

/// Every file of `scenarios/`: (name, text). A test checks that none is missing.
pub const BUNDLED: [(&str, &str); 10] = [
    ("baseline", include_str!("../../scenarios/baseline.toml")),
    (
        "baseline-avoiding",
        include_str!("../../scenarios/baseline-avoiding.toml"),
    ),
    (
        "baseline-dominating",
        include_str!("../../scenarios/baseline-dominating.toml"),
    ),
    (
        "baseline-pleasing",
        include_str!("../../scenarios/baseline-pleasing.toml"),
    ),
    (
        "coaching-halfway",
        include_str!("../../scenarios/coaching-halfway.toml"),
    ),
    (
        "deadline-crunch",
        include_str!("../../scenarios/deadline-crunch.toml"),
    ),
    (
        "insecure-team",
        include_str!("../../scenarios/insecure-team.toml"),
    ),
    (
        "leader-away",
        include_str!("../../scenarios/leader-away.toml"),
    ),
    ("merger", include_str!("../../scenarios/merger.toml")),
    (
        "reorganisation",
        include_str!("../../scenarios/reorganisation.toml"),
    ),
];

/// The text of the bundled scenario `name`.
pub fn bundled(name: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The bundled scenario a missing `path` names: `NAME`, `NAME.toml` or
/// `scenarios/NAME.toml` (relative, as the README writes them).
pub fn named_by(path: &Path) -> Option<(&'static str, &'static str)> {
    let parent = path
        .parent()
        .map(|p| p.as_os_str().to_string_lossy().into_owned());
    if !matches!(parent.as_deref(), None | Some("") | Some("scenarios")) {
        return None;
    }
    let file = path.file_name()?.to_str()?;
    let name = file.strip_suffix(".toml").unwrap_or(file);
    BUNDLED.iter().find(|(n, _)| *n == name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_file_is_bundled_as_it_is() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".toml")
                    .map(String::from)
            })
            .collect();
        on_disk.sort();
        let bundled: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, bundled);
        for (name, text) in BUNDLED {
            let file = std::fs::read_to_string(dir.join(format!("{name}.toml"))).unwrap();
            assert_eq!(file, text, "{name}");
        }
    }

    #[test]
    fn every_bundled_scenario_says_what_it_is_in_english_and_dutch() {
        for (name, text) in BUNDLED {
            let path = Path::new("scenarios").join(format!("{name}.toml"));
            let scenario = crate::scenario::ScenarioSource::from_text(&path, text.to_string())
                .parse()
                .unwrap();
            assert!(!scenario.description.is_empty(), "{name}");
            let dutch = scenario.description_nl.as_deref().unwrap_or("");
            assert!(!dutch.is_empty() && dutch != scenario.description, "{name}");
        }
    }

    #[test]
    fn names_resolve_only_where_the_readme_writes_them() {
        assert!(named_by(Path::new("scenarios/baseline.toml")).is_some());
        assert!(named_by(Path::new("baseline.toml")).is_some());
        assert!(named_by(Path::new("baseline")).is_some());
        assert!(named_by(Path::new("/elsewhere/baseline.toml")).is_none());
        assert!(named_by(Path::new("scenarios/nope.toml")).is_none());
    }
}
