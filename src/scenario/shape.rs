//! Every problem of a scenario file's shape in one pass: unknown fields, misspelt names,
//! values of the wrong type, each with its line and column and, where a name was
//! misspelt, the nearest allowed one.
//!
//! How: serde stops at the first problem, so the file is deserialized again and again.
//! After each failure the offending entry is set aside (an unknown field removed, a
//! misspelt name replaced by an allowed one, a value of the wrong type removed) and the
//! problem recorded, until the file deserializes or a problem cannot be set aside. The
//! fields and names allowed are those the serde types declare: nothing is listed twice.

use super::raw::RawScenario;
use crate::problem::{Location, Problem, Said};
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// Most rounds of setting a problem aside (a file cannot have more listed problems).
const MAX_ROUNDS: usize = crate::problem::MAX_LISTED;

/// The outcome of the shape pass.
pub(super) struct Shape<'a> {
    /// The file as deserialized once every problem was set aside, if that succeeded.
    pub raw: Option<RawScenario>,
    /// The problems found, in file order.
    pub problems: Vec<Problem>,
    /// Fields whose value was set aside: later checks of these are not reported.
    pub set_aside: Vec<String>,
    /// The parsed document, to locate the problems of later checks.
    pub doc: Spanned<DeTable<'a>>,
}

/// Parses `text` (a syntax error is returned as is) and finds every shape problem.
pub(super) fn check(text: &str) -> Result<Shape<'_>, toml::de::Error> {
    let doc = DeTable::parse(text)?;
    let mut work = doc.clone();
    let mut problems = Vec::new();
    let mut set_aside = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let e = match RawScenario::deserialize(toml::de::Deserializer::from(work.clone())) {
            Ok(raw) => {
                problems.sort_by_key(|p: &Problem| p.at.map(|l| (l.line, l.column)));
                return Ok(Shape {
                    raw: Some(raw),
                    problems,
                    set_aside,
                    doc,
                });
            }
            Err(e) => e,
        };
        let span = e.span().unwrap_or(0..0);
        let at = Some(location(text, span.start));
        let found = find(&mut work, &span);
        let raw_message = e.message().trim().to_string();
        let date = date_message(&raw_message, text, &span);
        let message = date.as_ref().map_or(raw_message.clone(), |d| d.en.clone());
        let (field, repaired) = match found {
            Some(f) => {
                let path = f.path.clone();
                // Set aside by serde's words; said in plainer ones where they differ.
                let said = repair(&raw_message, f).map(|t| date.clone().unwrap_or(t));
                (path, said)
            }
            None => (String::new(), None),
        };
        match repaired {
            Some(text) => {
                set_aside.push(field.clone());
                problems.push(Problem {
                    field,
                    message: text,
                    at,
                });
            }
            None => {
                // A required field whose wrong value was set aside is now missing: that
                // was reported already.
                let missing = unknown("missing field", &message).map(|(name, _)| name);
                let already = missing.is_some_and(|name| {
                    set_aside.iter().any(|f| {
                        *f == name
                            || f.ends_with(&format!(".{name}"))
                            || f == &field
                            || f.starts_with(&format!("{field}."))
                    })
                });
                if already {
                    // Set the entry that lacks it aside too (an element of a list, or
                    // a table), and go on with the rest of the file.
                    if let Some(f) = find(&mut work, &span) {
                        drop_entry(f);
                        continue;
                    }
                    break;
                }
                // Cannot be set aside (a missing field, say): reported, and the pass ends.
                problems.push(Problem {
                    field,
                    message: date.unwrap_or_else(|| plain(&message)),
                    at,
                });
                break;
            }
        }
    }
    problems.sort_by_key(|p| p.at.map(|l| (l.line, l.column)));
    Ok(Shape {
        raw: None,
        problems,
        set_aside,
        doc,
    })
}

/// A TOML date where a number belongs reads "invalid type: map" (a date is a table
/// inside the TOML crate): said as it is.
fn date_message(message: &str, text: &str, span: &Range<usize>) -> Option<Said> {
    let at_date = text.get(span.clone()).is_some_and(|v| {
        let v = v.trim().as_bytes();
        v.len() >= 10 && v[..4].iter().all(u8::is_ascii_digit) && v[4] == b'-' && v[7] == b'-'
    });
    (at_date && message.contains("invalid type: map")).then(|| {
        Said::new(
            "a date is not allowed here (write a number of working days)",
            "hier kan geen datum staan (schrijf een aantal werkdagen)",
        )
    })
}

/// Line and column (both from 1) of byte `offset` in `text`.
pub(super) fn location(text: &str, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location { line, column }
}

/// Where the field at dotted `path` (e.g. `events[1].day`) starts in `doc`, if it is there.
pub(super) fn locate(text: &str, doc: &Spanned<DeTable<'_>>, path: &str) -> Option<Location> {
    let mut table = doc.get_ref();
    let mut span = None;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let (name, index) = match part.split_once('[') {
            Some((n, i)) => (n, i.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let (key, value) = table.iter().find(|(k, _)| k.get_ref().as_ref() == name)?;
        span = Some(key.span());
        let mut value = value.get_ref();
        if let Some(i) = index {
            let DeValue::Array(items) = value else {
                break;
            };
            let item = items.get(i)?;
            span = Some(item.span());
            value = item.get_ref();
        }
        match value {
            DeValue::Table(t) if parts.peek().is_some() => table = t,
            _ => break,
        }
    }
    span.map(|s| location(text, s.start))
}

/// An entry of the document that an error points at.
struct Found<'a, 'i> {
    path: String,
    /// The table holding it, and its key there.
    table: &'a mut DeTable<'i>,
    key: Spanned<DeString<'i>>,
    /// When the error is about one element of an array value: its index.
    element: Option<usize>,
}

/// One step from a table into its contents.
enum Step<'i> {
    Key(Spanned<DeString<'i>>),
    Index(usize),
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end.max(outer.start + 1)
}

/// Whether the entry, or anything inside its value, contains `span` (the spans of
/// arrays of tables do not always cover their tables, so the contents are searched).
fn holds(k: &Spanned<DeString<'_>>, v: &Spanned<DeValue<'_>>, span: &Range<usize>) -> bool {
    contains(&k.span(), span) || within(v, span)
}

fn within(v: &Spanned<DeValue<'_>>, span: &Range<usize>) -> bool {
    contains(&v.span(), span)
        || match v.get_ref() {
            DeValue::Table(t) => t.iter().any(|(k, v)| holds(k, v, span)),
            DeValue::Array(items) => items.iter().any(|i| within(i, span)),
            _ => false,
        }
}

/// The steps to the deepest entry whose key or value contains `span`.
fn steps<'i>(table: &DeTable<'i>, span: &Range<usize>, out: &mut Vec<Step<'i>>) -> bool {
    let Some((key, value)) = table.iter().find(|(k, v)| holds(k, v, span)) else {
        return false;
    };
    out.push(Step::Key(key.clone()));
    match value.get_ref() {
        DeValue::Table(t) => {
            steps(t, span, out);
        }
        DeValue::Array(items) => {
            if let Some(i) = items.iter().position(|v| within(v, span)) {
                out.push(Step::Index(i));
                if let DeValue::Table(t) = items[i].get_ref() {
                    steps(t, span, out);
                }
            }
        }
        _ => {}
    }
    true
}

/// The deepest entry whose key or value contains `span`.
fn find<'a, 'i>(doc: &'a mut Spanned<DeTable<'i>>, span: &Range<usize>) -> Option<Found<'a, 'i>> {
    let mut path = Vec::new();
    if !steps(doc.get_ref(), span, &mut path) {
        return None;
    }
    // The entry is the last key, with the index after it if the error is about one
    // element of an array value.
    let (element, keyed) = match path.last() {
        Some(Step::Index(i)) => (Some(*i), path.len() - 1),
        _ => (None, path.len()),
    };
    let mut name = String::new();
    let mut table: &'a mut DeTable<'i> = doc.get_mut();
    let mut n = 0;
    while n < keyed {
        let Step::Key(k) = &path[n] else { return None };
        if !name.is_empty() {
            name.push('.');
        }
        name.push_str(k.get_ref());
        if n + 1 == keyed {
            if let Some(i) = element {
                name.push_str(&format!("[{i}]"));
            }
            return Some(Found {
                path: name,
                table,
                key: k.clone(),
                element,
            });
        }
        table = match table.get_mut(k)?.get_mut() {
            DeValue::Table(t) => t,
            DeValue::Array(items) => {
                // An array of tables: the next step is the index, then a key inside.
                let Some(Step::Index(i)) = path.get(n + 1) else {
                    return None;
                };
                name.push_str(&format!("[{i}]"));
                n += 1;
                match items.as_mut().get_mut(*i)?.get_mut() {
                    DeValue::Table(t) => t,
                    _ => return None,
                }
            }
            _ => return None,
        };
        n += 1;
    }
    None
}

/// Sets the problem aside in the document and says what is wrong, or None when it
/// cannot be set aside.
fn repair(message: &str, f: Found<'_, '_>) -> Option<Said> {
    if let Some((bad, allowed)) = unknown("unknown field", message) {
        // The error points at the unknown key itself, inside the table it names.
        let key = f
            .table
            .keys()
            .find(|k| k.get_ref().as_ref() == bad)
            .cloned()
            .unwrap_or(f.key);
        f.table.remove(&key);
        let listed = allowed.join(", ");
        return Some(Said::new(
            format!(
                "unknown field `{bad}`{}; allowed here: {listed}",
                suggestion(&bad, &allowed)
            ),
            format!(
                "onbekend veld `{bad}`{}; velden die hier kunnen: {listed}",
                suggestion_nl(&bad, &allowed)
            ),
        ));
    }
    if let Some((bad, allowed)) = unknown("unknown variant", message) {
        // The nearest allowed name stands in, so that the rest of the entry is checked
        // as the user most likely meant it.
        let first = nearest(&bad, &allowed).or(allowed.first())?.clone();
        replace_value(f, DeValue::String(DeString::Owned(first)))?;
        let listed = allowed.join(", ");
        return Some(Said::new(
            format!(
                "`{bad}` is not a name teamsim knows here{}; allowed: {listed}",
                suggestion(&bad, &allowed)
            ),
            format!(
                "`{bad}` is hier geen naam die teamsim kent{}; namen die wel kunnen: {listed}",
                suggestion_nl(&bad, &allowed)
            ),
        ));
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        // A value of the type expected stands in where there is one, so that a
        // required field is not then reported missing.
        if let Some(stand_in) = stand_in(message) {
            replace_value(f, stand_in)?;
            return Some(plain(message));
        }
        drop_entry(f);
        return Some(plain(message));
    }
    None
}

/// Puts `value` in place of the value (or the element of a list) that `f` points at.
fn replace_value<'i>(f: Found<'_, 'i>, value: DeValue<'i>) -> Option<()> {
    let entry = f.table.get_mut(&f.key)?;
    let target = match (f.element, entry.get_mut()) {
        (Some(i), DeValue::Array(items)) => items.as_mut().get_mut(i)?,
        _ => entry,
    };
    let span = target.span();
    *target = Spanned::new(span, value);
    Some(())
}

/// Removes the entry (or the element of a list) that `f` points at.
fn drop_entry(f: Found<'_, '_>) {
    match f.element {
        Some(i) => {
            if let Some(DeValue::Array(items)) = f.table.get_mut(&f.key).map(|v| v.get_mut()) {
                let kept: toml::de::DeArray<'_> =
                    std::mem::replace(items, std::iter::empty().collect())
                        .into_iter()
                        .enumerate()
                        .filter(|(k, _)| *k != i)
                        .map(|(_, v)| v)
                        .collect();
                *items = kept;
            }
        }
        None => {
            f.table.remove(&f.key);
        }
    }
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`", or
/// "there are no fields").
fn unknown(kind: &str, message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix(kind)?.trim_start();
    let mut ticks = rest.split('`');
    ticks.next()?;
    let bad = ticks.next()?.to_string();
    let allowed = ticks
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect();
    Some((bad, allowed))
}

/// The allowed name nearest to `bad`, when it is near enough to be what was meant.
fn nearest<'a>(bad: &str, allowed: &'a [String]) -> Option<&'a String> {
    let lower = bad.to_lowercase();
    allowed
        .iter()
        .map(|a| (strsim::damerau_levenshtein(&lower, &a.to_lowercase()), a))
        .filter(|(d, a)| *d <= 2.max(a.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// " (did you mean `y`?)" for the nearest allowed name, when it is near enough.
pub(crate) fn suggestion(bad: &str, allowed: &[String]) -> String {
    nearest(bad, allowed).map_or(String::new(), |a| format!(" (did you mean `{a}`?)"))
}

/// " (bedoel je `y`?)": [`suggestion`] in Dutch.
pub(crate) fn suggestion_nl(bad: &str, allowed: &[String]) -> String {
    nearest(bad, allowed).map_or(String::new(), |a| format!(" (bedoel je `{a}`?)"))
}

/// A value of the type serde expected, to stand in for a value of the wrong type.
fn stand_in(message: &str) -> Option<DeValue<'static>> {
    let expected = message.rsplit("expected ").next()?.trim();
    let text = match expected {
        "f64" | "f32" | "a number" => "0.0",
        "i64" | "u64" | "u32" | "u16" | "u8" | "i32" | "usize" => "0",
        "a string" => "\"\"",
        "a boolean" => "false",
        "a sequence" => "[]",
        _ => return None,
    };
    DeValue::parse(text).ok().map(Spanned::into_inner)
}

/// serde's wording in plain words, in both languages: "invalid type: string \"x\",
/// expected i64" reads "\"x\" is text, but expected a whole number".
pub(super) fn plain(message: &str) -> Said {
    Said::new(plain_en(message), plain_nl(message))
}

/// [`plain`] in Dutch. What it does not recognise is given as the parser said it,
/// after a Dutch lead.
fn plain_nl(message: &str) -> String {
    if let Some((bad, _)) = unknown("missing field", message) {
        return format!("het veld `{bad}` ontbreekt");
    }
    if message == "integer number overflowed" {
        return "het getal is te groot".into();
    }
    let expected_nl = |expected: &str| -> Option<&str> {
        Some(match expected.trim() {
            "i64" | "i32" => "een geheel getal",
            "u64" | "u32" | "u16" | "u8" | "usize" => "een geheel getal van 0 of meer",
            "f64" | "f32" | "a number" => "een getal",
            "a string" => "tekst tussen aanhalingstekens",
            "a boolean" => "true of false",
            "a sequence" => "een lijst tussen [ ]",
            "a table with one value per attachment style" => {
                "een tabel met een waarde per hechtingsstijl"
            }
            other if is_table(other) => "een tabel ([kopje] of { ... })",
            _ => return None,
        })
    };
    let found_nl = |found: &str| {
        [
            ("string ", "is tekst"),
            ("integer ", "is een geheel getal"),
            ("floating point ", "is een getal met decimalen"),
            ("boolean ", "is een ja/nee-waarde"),
        ]
        .iter()
        .find_map(|(kind, is)| found.strip_prefix(kind).map(|v| format!("{v} {is}")))
        .or(match found.trim() {
            "sequence" => Some("een lijst".to_string()),
            "map" => Some("een tabel".to_string()),
            _ => None,
        })
    };
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "));
    if let Some((found, expected)) = rest.and_then(|r| r.rsplit_once(", expected ")) {
        let expected = expected_nl(expected);
        if let (Some(found), Some(expected)) = (found_nl(found), expected) {
            return if found.starts_with("een ") {
                format!("{found} kan hier niet; hier hoort {expected}")
            } else {
                format!("{found}, maar hier hoort {expected}")
            };
        }
    }
    format!("de TOML-lezer meldt (in het Engels): {message}")
}

fn plain_en(message: &str) -> String {
    let mut out = message.to_string();
    if let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
    {
        let found = [
            ("string ", "is text"),
            ("integer ", "is a whole number"),
            ("floating point ", "is a number with a fraction"),
            ("boolean ", "is a yes/no value"),
        ]
        .iter()
        .find_map(|(kind, is)| found.strip_prefix(kind).map(|v| format!("{v} {is}")))
        .unwrap_or_else(|| format!("a {found} was given"));
        out = format!("{found}, but expected {expected}");
    }
    for (from, to) in [
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number that is 0 or more"),
        ("expected u32", "expected a whole number that is 0 or more"),
        ("expected f64", "expected a number"),
        ("expected a string", "expected text in quotes"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected a list in [ ]"),
        ("invalid type: sequence", "a list is not allowed here"),
        ("invalid type: map", "a table is not allowed here"),
        ("integer number overflowed", "the number is too large"),
    ] {
        out = out.replace(from, to);
    }
    // serde names the type it wanted where a table belongs: say "a table".
    if let Some((head, wanted)) = out.rsplit_once("expected ")
        && is_table(wanted)
    {
        out = format!("{head}expected a table ([section] or {{ ... }})");
    }
    out
}

/// Whether serde's "expected ..." names a table by a type of ours (a struct, a tagged
/// enum) or as a map; "a table with ..." says it in words already.
fn is_table(wanted: &str) -> bool {
    let wanted = wanted.trim();
    wanted.starts_with("struct ")
        || wanted.starts_with("internally tagged enum ")
        || wanted.starts_with("a map")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters_from_one() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(location(text, 0), Location { line: 1, column: 1 });
        let at = text.find('=').unwrap();
        assert_eq!(location(text, at), Location { line: 1, column: 3 });
        let second = text.rfind('=').unwrap();
        assert_eq!(location(text, second), Location { line: 2, column: 4 });
    }

    #[test]
    fn serde_lists_are_read_and_near_names_suggested() {
        let (bad, allowed) = unknown(
            "unknown field",
            "unknown field `sise`, expected `size` or `mix`",
        )
        .unwrap();
        assert_eq!(bad, "sise");
        assert_eq!(allowed, ["size", "mix"]);
        assert_eq!(suggestion(&bad, &allowed), " (did you mean `size`?)");
        // Far from every allowed name: no guess.
        assert_eq!(suggestion("colour", &allowed), "");
        assert!(unknown("unknown variant", "missing field `name`").is_none());
    }

    #[test]
    fn type_errors_read_plainly() {
        assert_eq!(
            plain("invalid type: string \"x\", expected f64"),
            Said::new(
                "\"x\" is text, but expected a number",
                "\"x\" is tekst, maar hier hoort een getal"
            )
        );
        assert_eq!(
            plain("invalid type: integer `5`, expected a string"),
            Said::new(
                "`5` is a whole number, but expected text in quotes",
                "`5` is een geheel getal, maar hier hoort tekst tussen aanhalingstekens"
            )
        );
        assert_eq!(
            plain("invalid type: sequence, expected f64").nl,
            "een lijst kan hier niet; hier hoort een getal"
        );
        assert_eq!(plain("missing field `day`").nl, "het veld `day` ontbreekt");
        assert_eq!(
            plain("invalid type: string \"x\", expected struct RawMember").en,
            "\"x\" is text, but expected a table ([section] or { ... })"
        );
        let styles = "a table with one value per attachment style";
        assert!(
            plain(&format!("invalid type: string \"x\", expected {styles}"))
                .en
                .ends_with(styles)
        );
        // What is not recognised is passed on as the reader said it, after a lead.
        let odd = plain("something unforeseen");
        assert_eq!(odd.en, "something unforeseen");
        assert!(
            odd.nl.starts_with("de TOML-lezer meldt") && odd.nl.ends_with("something unforeseen")
        );
    }

    #[test]
    fn every_problem_is_found_and_the_rest_of_the_file_still_read() {
        let text =
            "name = \"n\"\nsede = 3\n[team]\nsize = \"twelve\"\n[leader]\nquadrant = \"pleasnd\"\n";
        let shape = check(text).unwrap();
        let fields: Vec<&str> = shape.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["sede", "team.size", "leader.quadrant"]);
        assert!(
            shape.raw.is_some(),
            "the file deserializes once they are set aside"
        );
        assert_eq!(
            locate(text, &shape.doc, "leader.quadrant"),
            Some(Location { line: 6, column: 1 })
        );
    }
}
