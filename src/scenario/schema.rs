//! A JSON Schema (draft-07) of the scenario format, for editors.
//!
//! Editors built on taplo (VS Code's "Even Better TOML", Zed, Helix) read a
//! `#:schema ./teamsim.schema.json` line at the top of a TOML file and then complete
//! field names, show their descriptions and flag values out of range as you type.
//! The schema is derived from the types that read the file ([`super::raw`]), the
//! parameter table ([`Params::describe`]) and the name tables of quadrants and
//! attachment styles, so it cannot list a field or a name the reader does not know.
//!
//! What the schema cannot say (a day within this scenario's horizon, mix shares that
//! add up to 1, coaching windows that do not overlap) `teamsim validate` still checks.

use super::raw::{KIND_ALIASES, RawScenario};
use crate::model::leader::QUADRANT_NAMES;
use crate::model::style::STYLE_NAMES;
use crate::model::{AttachmentStyle, ParamDefault, Params, Quadrant, StyleTable};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};
use std::borrow::Cow;

/// The file name the bundled scenarios' `#:schema` line points to, beside them.
pub const SCHEMA_FILE: &str = "teamsim.schema.json";

/// The line that ties a scenario file to the schema beside it (taplo's directive).
pub const SCHEMA_LINE: &str = "#:schema ./teamsim.schema.json";

/// The schema of a scenario file, as pretty-printed JSON ending in a newline.
pub fn scenario_schema_json() -> String {
    let schema = scenario_schema();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema of a scenario file.
pub fn scenario_schema() -> Value {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawScenario>()
        .to_value();
    if let Some(root) = schema.as_object_mut() {
        root.insert("title".into(), json!("teamsim scenario"));
        root.insert(
            "description".into(),
            json!(
                "A teamsim scenario: a team, its members' attachment styles, a leader on the caring/daring grid, and the events and interventions of a year. `teamsim validate FILE` checks what a schema cannot (days within the horizon, shares that add up to 1)."
            ),
        );
    }
    add_kind_aliases(&mut schema);
    // `[params]` lists only what differs: each parameter states its own default, and
    // the whole table of defaults (which schemars adds) would only clutter an editor.
    if let Some(params) = schema
        .pointer_mut("/properties/params")
        .and_then(Value::as_object_mut)
    {
        params.remove("default");
    }
    schema
}

/// Lets the `kind` of each event and intervention be any of its names: schemars
/// writes only the variant's own name, while serde also reads its aliases.
fn add_kind_aliases(schema: &mut Value) {
    let Some(defs) = schema.get_mut("definitions").and_then(Value::as_object_mut) else {
        return;
    };
    for def in defs.values_mut() {
        let Some(variants) = def.get_mut("oneOf").and_then(Value::as_array_mut) else {
            continue;
        };
        for variant in variants {
            let Some(kind) = variant.pointer_mut("/properties/kind") else {
                continue;
            };
            let Some(name) = kind
                .get("const")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                continue;
            };
            let mut names = vec![json!(name)];
            names.extend(
                KIND_ALIASES
                    .iter()
                    .filter(|(_, of)| *of == name)
                    .map(|(alias, _)| json!(alias)),
            );
            if let Some(kind) = kind.as_object_mut() {
                kind.remove("const");
                kind.insert("enum".into(), Value::Array(names));
            }
        }
    }
}

/// The names of a table as a JSON Schema `enum`, each hyphenated name also with
/// spaces ("veilige basis"), as the reader accepts both.
fn name_enum<T>(table: &[(&str, T)]) -> Vec<Value> {
    let mut out = Vec::new();
    for (name, _) in table {
        out.push(json!(name));
        if name.contains('-') {
            out.push(json!(name.replace('-', " ")));
        }
    }
    out
}

impl JsonSchema for Quadrant {
    fn schema_name() -> Cow<'static, str> {
        "Quadrant".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A quadrant of the caring/daring grid, in English or Dutch: dominating (dominant), avoiding (vermijdend), pleasing (pleasend), secure-base (veilige basis).",
            "type": "string",
            "enum": name_enum(&QUADRANT_NAMES),
        })
    }
}

impl JsonSchema for AttachmentStyle {
    fn schema_name() -> Cow<'static, str> {
        "AttachmentStyle".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An attachment style, in English or Dutch: secure (veilig), anxious (angstig), avoidant (vermijdend), fearful (angstig-vermijdend).",
            "type": "string",
            "enum": name_enum(&STYLE_NAMES),
        })
    }
}

/// A table with one `value` schema per attachment style: any name of a style as the
/// key, each style exactly once.
fn style_table(value: Value, description: &str) -> Value {
    let mut properties = Map::new();
    for name in name_enum(&STYLE_NAMES) {
        properties.insert(name.as_str().unwrap_or_default().to_string(), value.clone());
    }
    let each_once: Vec<Value> = AttachmentStyle::ALL
        .iter()
        .map(|style| {
            let of_style: Vec<(&str, AttachmentStyle)> = STYLE_NAMES
                .iter()
                .filter(|(_, s)| s == style)
                .copied()
                .collect();
            let names: Vec<Value> = name_enum(&of_style)
                .into_iter()
                .map(|name| json!({ "required": [name] }))
                .collect();
            json!({ "oneOf": names })
        })
        .collect();
    json!({
        "description": description,
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "allOf": each_once,
    })
}

impl<T: JsonSchema> JsonSchema for StyleTable<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("StyleTable_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<T>().to_value();
        Schema::try_from(style_table(value, "One value per attachment style.")).unwrap_or_default()
    }
}

/// The schema of `team.mix`: a share per style, each within 0..=1.
pub(super) fn mix(_: &mut SchemaGenerator) -> Schema {
    let share = json!({ "type": "number", "minimum": 0.0, "maximum": 1.0 });
    Schema::try_from(style_table(
        share,
        "The attachment mix: the share of each style, adding up to 1. Leave it out for the population norm.",
    ))
    .unwrap_or_default()
}

/// `[params]`: one table per group, each parameter with its range, default and meaning,
/// from [`Params::describe`], the list the reader checks against.
impl JsonSchema for Params {
    fn schema_name() -> Cow<'static, str> {
        "Params".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let described = Params::describe();
        let mut groups = Map::new();
        for (group, doc) in Params::groups() {
            let prefix = format!("params.{group}.");
            let mut fields = Map::new();
            for p in described.iter() {
                let Some(field) = p.path.strip_prefix(&prefix) else {
                    continue;
                };
                let number = json!({ "type": "number", "minimum": p.min, "maximum": p.max });
                let mut schema = match p.default_value {
                    ParamDefault::One(v) => {
                        let mut n = number;
                        n["default"] = json!(v);
                        n
                    }
                    ParamDefault::PerStyle(t) => {
                        let mut table = style_table(number, "");
                        table["default"] = json!({
                            "secure": t.secure,
                            "anxious": t.anxious,
                            "avoidant": t.avoidant,
                            "fearful": t.fearful,
                        });
                        table
                    }
                };
                schema["description"] = json!(format!(
                    "{} Default {}; allowed {}..={}.",
                    p.doc, p.default, p.min, p.max
                ));
                fields.insert(field.to_string(), schema);
            }
            groups.insert(
                group.to_string(),
                json!({
                    "description": doc,
                    "type": "object",
                    "properties": fields,
                    "additionalProperties": false,
                }),
            );
        }
        Schema::try_from(json!({
            "description": "Model parameters that differ from the defaults (`teamsim params` lists them all).",
            "type": "object",
            "properties": groups,
            "additionalProperties": false,
        }))
        .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_draft_07_and_closed() {
        let s = scenario_schema();
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(s["additionalProperties"], false);
        for field in [
            "name",
            "team",
            "leader",
            "events",
            "interventions",
            "params",
        ] {
            assert!(s["properties"].get(field).is_some(), "{field} missing");
        }
        assert_eq!(
            s.pointer("/definitions/Params/properties/absence/properties/mean_duration/minimum"),
            Some(&json!(0.1))
        );
    }

    #[test]
    fn every_kind_alias_reads_as_its_variant() {
        use super::super::raw::{RawEvent, RawIntervention};
        #[derive(serde::Deserialize, Debug)]
        struct Events {
            x: Vec<RawEvent>,
        }
        #[derive(serde::Deserialize, Debug)]
        struct Interventions {
            x: Vec<RawIntervention>,
        }
        let read = |kind: &str, of: &str| -> String {
            let body = match of {
                "pressure" => "day = 1.0\nduration = 2.0\nlevel = 0.5",
                "reorganisation" | "team-session" => "day = 1.0",
                "leader-replacement" => "day = 1.0\nquadrant = \"pleasing\"",
                "composition" => "day = 1.0\nleave = 1",
                "leader-absence" => "day = 1.0\nduration = 2.0",
                other => panic!("no test body for kind {other}"),
            };
            let text = format!("[[x]]\nkind = \"{kind}\"\n{body}\n");
            match of {
                "pressure" | "reorganisation" | "leader-absence" => toml::from_str::<Events>(&text)
                    .map(|e| format!("{:?}", e.x))
                    .unwrap_or_else(|e| format!("error: {e}")),
                _ => toml::from_str::<Interventions>(&text)
                    .map(|i| format!("{:?}", i.x))
                    .unwrap_or_else(|e| format!("error: {e}")),
            }
        };
        for (alias, of) in KIND_ALIASES {
            let by_name = read(of, of);
            assert!(!by_name.starts_with("error"), "{of}: {by_name}");
            assert_eq!(read(alias, of), by_name, "{alias} should read as {of}");
        }
    }

    #[test]
    fn the_aliases_listed_are_the_aliases_serde_reads() {
        // Every `alias = "..."` on an event or intervention variant in raw.rs must be
        // in KIND_ALIASES, so the schema lists every name the reader accepts.
        let source = include_str!("raw.rs");
        let start = source.find("pub enum RawEvent").unwrap_or(0);
        let mut written: Vec<&str> = source[start..]
            .split("alias = \"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        written.sort_unstable();
        let mut listed: Vec<&str> = KIND_ALIASES.iter().map(|(a, _)| *a).collect();
        listed.sort_unstable();
        assert_eq!(written, listed);
    }
}
