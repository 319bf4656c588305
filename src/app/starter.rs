//! `teamsim new` (a commented starter scenario), `teamsim scenarios` (the bundled
//! scenarios, listed or copied out) and `teamsim schema` (the JSON Schema an editor
//! uses to complete and check a scenario as it is typed): what a new user needs
//! before the first run.

use super::AppError;
use crate::chart::Lang;
use crate::output::{OutputError, io_err};
use crate::problem::Said;
use crate::scenario::bundled::BUNDLED;
use crate::scenario::schema::{SCHEMA_FILE, scenario_schema_json};
use crate::scenario::{Scenario, ScenarioSource};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The starter scenario in English: a team, a leader, one event and one intervention,
/// with a comment on every line a new user may want to change.
const STARTER_EN: &str = r#"#:schema ./teamsim.schema.json
# A scenario for teamsim. Lines starting with # are comments.
# The first line lets an editor with a TOML plugin (VS Code: "Even Better TOML")
# complete the field names and flag a wrong value as you type.
# Check it with:  teamsim validate NAME.toml
# Run it with:    teamsim compare NAME.toml
name = "NAME"
description = "My team over one working year."
seed = 1                 # the same seed gives the same results
horizon = 240            # working days (240 is about a year)

[team]
size = 12                # people in the team (2 to 500)
# The attachment mix; the shares add up to 1 (Dutch names work too: veilig, angstig,
# vermijdend, angstig-vermijdend). Leave it out for the population norm.
mix = { secure = 0.48, anxious = 0.15, avoidant = 0.19, fearful = 0.18 }

[leader]
# One of: dominating, avoiding, pleasing, secure-base
# (or in Dutch: dominant, vermijdend, pleasend, veilige basis).
quadrant = "pleasing"
# Or numbers instead of a quadrant:  caring = 0.8   daring = 0.3   (each 0 to 1)
availability = 0.4       # contacts with each member per day

[[events]]
kind = "reorganisation"  # or "pressure" with duration and level
day = 60                 # working day
severity = 1.0           # 1 is a usual reorganisation

[[interventions]]
kind = "coaching"        # the leader moves toward a new place on the grid
day = 120                # starting on this day
duration = 40            # over this many working days
caring = 0.8             # to this caring
daring = 0.8             # and this daring
"#;

/// The starter scenario in Dutch.
const STARTER_NL: &str = r#"#:schema ./teamsim.schema.json
# Een scenario voor teamsim. Regels die met # beginnen zijn uitleg.
# Dankzij de eerste regel vult een editor met een TOML-plugin (VS Code: "Even Better
# TOML") de veldnamen aan en wijst hij een verkeerde waarde aan terwijl je typt.
# Controleren:   teamsim validate NAME.toml --lang nl
# Uitvoeren:     teamsim compare NAME.toml --lang nl
name = "NAME"
description = "Mijn team in een werkjaar."
seed = 1                 # hetzelfde getal geeft dezelfde uitkomsten
horizon = 240            # werkdagen (240 is ongeveer een jaar)

[team]
size = 12                # mensen in het team (2 tot 500)
# De hechtingsstijlen; de aandelen tellen op tot 1 (Engelse namen mogen ook: secure,
# anxious, avoidant, fearful). Weglaten geeft de verdeling zoals in de bevolking.
mix = { veilig = 0.48, angstig = 0.15, vermijdend = 0.19, angstig-vermijdend = 0.18 }

[leader]
# Een van: dominant, vermijdend, pleasend, veilige basis
# (of in het Engels: dominating, avoiding, pleasing, secure-base).
quadrant = "pleasend"
# Of getallen in plaats van een kwadrant:  caring = 0.8   daring = 0.3   (elk 0 tot 1)
availability = 0.4       # contacten met elk teamlid per dag

[[events]]
kind = "reorganisatie"   # of "druk", met duration en level
day = 60                 # werkdag
severity = 1.0           # 1 is een gewone reorganisatie

[[interventions]]
kind = "coaching"        # de leider schuift naar een nieuwe plek op het raster
day = 120                # vanaf deze dag
duration = 40            # in zoveel werkdagen
caring = 0.8             # naar deze zorg
daring = 0.8             # en dit durven
"#;

/// The starter text for a scenario called `name`.
pub fn starter(name: &str, lang: Lang) -> String {
    let text = match lang {
        Lang::En => STARTER_EN,
        Lang::Nl => STARTER_NL,
    };
    // The name goes into a TOML string: quotes and backslashes escaped.
    let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
    text.replace("name = \"NAME\"", &format!("name = \"{quoted}\""))
        .replace("NAME.toml", &format!("{name}.toml"))
}

/// `teamsim new NAME`: writes `NAME.toml` (or `NAME` when it ends in `.toml`) and
/// returns its path. An existing file is never replaced.
pub fn new_scenario(name: &str, lang: Lang) -> Result<PathBuf, AppError> {
    let path = PathBuf::from(if name.ends_with(".toml") {
        name.to_string()
    } else {
        format!("{name}.toml")
    });
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            AppError::Usage(Said::new(
                format!("`{name}` is not a usable scenario name"),
                format!("`{name}` is geen bruikbare naam voor een scenario"),
            ))
        })?
        .to_string();
    let text = starter(&stem, lang);
    // What we write must be a valid scenario, whatever the name was.
    Scenario::parse(&text, &path)?;
    write_new(&path, &text)?;
    // The file's `#:schema` line points to the schema beside it.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    place_schema(&dir.join(SCHEMA_FILE))?;
    Ok(path)
}

/// What marks a file as a teamsim schema (its title), so that an earlier one may be
/// replaced and anything else is left alone.
const SCHEMA_MARK: &str = "\"title\": \"teamsim scenario\"";

/// `teamsim schema --out FILE`: writes the JSON Schema of the scenario format to
/// `path`, atomically. A file there that is not a teamsim schema is left alone.
pub fn write_schema(path: &Path) -> Result<(), AppError> {
    match std::fs::read(path) {
        Ok(old) if !String::from_utf8_lossy(&old).contains(SCHEMA_MARK) => {
            let p = path.display();
            return Err(AppError::Usage(Said::new(
                format!(
                    "{p} already exists and is not a teamsim schema; it was left alone: choose another --out"
                ),
                format!(
                    "{p} bestaat al en is geen schema van teamsim; het is niet aangeraakt: kies een andere --out"
                ),
            )));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => {
            let (p, example) = (path.display(), path.join(SCHEMA_FILE));
            let example = example.display();
            return Err(AppError::Usage(Said::new(
                format!("--out {p} is a folder: give the file to write, e.g. {example}"),
                format!(
                    "--out {p} is een map: geef het bestand dat geschreven moet worden, bijvoorbeeld {example}"
                ),
            )));
        }
        Err(cause) => {
            return Err(OutputError::Read {
                path: path.to_path_buf(),
                cause,
            }
            .into());
        }
    }
    crate::output::replace_file(
        path,
        scenario_schema_json().as_bytes(),
        "schema-before-rename",
    )?;
    Ok(())
}

/// Puts this build's schema at `path` beside a scenario written for the user: written
/// if missing, brought up to date if it is an earlier teamsim schema, and otherwise
/// (the user's own file of that name) left alone.
fn place_schema(path: &Path) -> Result<(), AppError> {
    match std::fs::read(path) {
        Ok(old) if old == scenario_schema_json().as_bytes() => Ok(()),
        Ok(old) if !String::from_utf8_lossy(&old).contains(SCHEMA_MARK) => Ok(()),
        _ => write_schema(path),
    }
}

/// Writes `text` to `path` only if nothing is there yet.
fn write_new(path: &Path, text: &str) -> Result<(), AppError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let p = path.display();
            return Err(AppError::Usage(Said::new(
                format!("{p} already exists and was left alone: choose another name"),
                format!("{p} bestaat al en is niet aangeraakt: kies een andere naam"),
            )));
        }
        Err(cause) => {
            return Err(OutputError::Io {
                path: path.to_path_buf(),
                cause,
            }
            .into());
        }
    };
    file.write_all(text.as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(io_err(path))?;
    Ok(())
}

/// One line per bundled scenario: its file name and description.
pub fn list_scenarios(lang: Lang) -> Result<String, AppError> {
    let mut out = String::new();
    for (name, text) in BUNDLED {
        let path = PathBuf::from(format!("scenarios/{name}.toml"));
        let scenario = ScenarioSource::from_text(&path, text.to_string()).parse()?;
        out.push_str(&format!(
            "{:<28} {}\n",
            format!("{name}.toml"),
            scenario.description_in(lang)
        ));
    }
    Ok(out)
}

/// `teamsim scenarios --copy-to DIR`: writes every bundled scenario into `dir`; files
/// already there are left alone and named. Returns the files written.
pub fn copy_scenarios(dir: &Path) -> Result<Vec<PathBuf>, AppError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let taken: Vec<String> = BUNDLED
        .iter()
        .map(|(name, _)| format!("{name}.toml"))
        .filter(|f| dir.join(f).exists())
        .collect();
    if !taken.is_empty() {
        let stand = if taken.len() == 1 { "staat" } else { "staan" };
        let (d, taken) = (dir.display(), taken.join(", "));
        return Err(AppError::Usage(Said::new(
            format!("{d} already holds {taken}; nothing was copied: choose an empty folder"),
            format!("in {d} {stand} al {taken}; er is niets gekopieerd: kies een lege map"),
        )));
    }
    let mut written = Vec::new();
    for (name, text) in BUNDLED {
        let path = dir.join(format!("{name}.toml"));
        write_new(&path, text)?;
        written.push(path);
    }
    // Their `#:schema` lines point to the schema beside them.
    place_schema(&dir.join(SCHEMA_FILE))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_validates_in_both_languages_with_its_name() {
        for lang in [Lang::En, Lang::Nl] {
            let text = starter("my \"team\"", lang);
            let s = Scenario::parse(&text, Path::new("x.toml")).expect("the starter validates");
            assert_eq!(s.name, "my \"team\"");
            assert_eq!(s.events.len(), 1);
            assert_eq!(s.interventions.len(), 1);
        }
    }

    #[test]
    fn every_bundled_scenario_is_listed() {
        let list = list_scenarios(Lang::En).unwrap();
        assert_eq!(list.lines().count(), BUNDLED.len());
        assert!(list.contains("baseline.toml"));
    }
}
