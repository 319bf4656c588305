//! Design tables: parameter values given row by row, from SALib or any sampler of a
//! user's own, for `teamsim explore --design`, `compare --design` and `sweep --design`.
//!
//! A design table is CSV. Its header names what each column sets:
//! - a parameter entry as `teamsim params --json` lists it (`params.peer.contagion`,
//!   or one style of a per-style table, `params.member.mode_down.secure`; the
//!   `params.` prefix may be left out);
//! - the leader: `leader.caring`, `leader.daring`, `leader.availability`;
//! - optionally `name`, a label for each row.
//!
//! A header line may start with `#` (what `numpy.savetxt(..., header=...)` writes).
//! A table separated by semicolons, with decimal commas (what Excel with Dutch
//! settings saves as CSV), is read as well, and so is a byte-order mark.
//! Every row is one design point. The file is untrusted: every name and value is
//! checked here, each problem with its line, and every value against its allowed range.

use super::{Factor, Ranges, all_factors};
use crate::model::Params;
use crate::problem::{Problems, Said, out_of_range};
use crate::scenario::{MAX_AVAILABILITY, suggestion, suggestion_nl};

/// Most rows a design table may have.
pub const MAX_ROWS: usize = 1_000_000;
/// Longest row name.
pub const MAX_NAME: usize = 80;

/// A field of the leader that a design column can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaderField {
    /// `leader.caring`, 0..=1.
    Caring,
    /// `leader.daring`, 0..=1.
    Daring,
    /// `leader.availability`, contacts per member per day.
    Availability,
}

impl LeaderField {
    const ALL: [LeaderField; 3] = [
        LeaderField::Caring,
        LeaderField::Daring,
        LeaderField::Availability,
    ];

    /// The column name.
    pub fn name(self) -> &'static str {
        match self {
            LeaderField::Caring => "leader.caring",
            LeaderField::Daring => "leader.daring",
            LeaderField::Availability => "leader.availability",
        }
    }

    fn range(self) -> (f64, f64) {
        match self {
            LeaderField::Caring | LeaderField::Daring => (0.0, 1.0),
            LeaderField::Availability => (0.0, MAX_AVAILABILITY),
        }
    }
}

/// What a column of a design table sets.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// A parameter entry, with its allowed range (`lo`, `hi` of the factor).
    Param(Factor),
    /// A field of the leader.
    Leader(LeaderField),
}

impl Column {
    /// The column's name as teamsim writes it.
    pub fn name(&self) -> &str {
        match self {
            Column::Param(f) => &f.path,
            Column::Leader(l) => l.name(),
        }
    }
}

/// A design table read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignTable {
    /// What each column sets, in the file's order (without `name`).
    pub columns: Vec<Column>,
    /// The rows' names, if the table has a `name` column.
    pub names: Option<Vec<String>>,
    /// The values, one vector per row in the order of `columns`.
    pub rows: Vec<Vec<f64>>,
    /// The line of the file each row is on (for messages).
    pub lines: Vec<usize>,
}

/// A problem of a design table: the line (1 for the header) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct DesignError {
    /// Line of the file.
    pub line: usize,
    /// What is wrong, with the allowed range where there is one.
    pub message: Said,
}

impl DesignError {
    /// The problem with its line, in both languages.
    pub fn said(&self) -> Said {
        let (line, m) = (self.line, &self.message);
        Said::new(
            format!("line {line}: {}", m.en),
            format!("regel {line}: {}", m.nl),
        )
    }
}

fn problem(line: usize, message: Said) -> DesignError {
    DesignError { line, message }
}

/// What the CSV reader found wrong, as it says it.
pub(crate) fn unreadable(e: &csv::Error) -> Said {
    Said::new(
        format!("not a readable CSV table: {e}"),
        format!("geen leesbare CSV-tabel: {e}"),
    )
}

impl DesignTable {
    /// Reads a design table from `text`; at most `most_rows` rows.
    pub fn parse(text: &str, most_rows: usize) -> Result<DesignTable, DesignError> {
        let declared = all_factors(Ranges::Declared);
        let mut known: Vec<String> = declared.iter().map(|f| f.path.clone()).collect();
        known.extend(LeaderField::ALL.iter().map(|f| f.name().to_string()));
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // numpy's savetxt writes the header behind `# `.
        let text = text.strip_prefix('#').unwrap_or(text);
        // Excel with Dutch (and most European) settings separates by semicolons and
        // writes decimal commas.
        let first_line = text.lines().next().unwrap_or("");
        let semicolons = first_line.contains(';') && !first_line.contains(',');
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .delimiter(if semicolons { b';' } else { b',' })
            .trim(csv::Trim::All)
            .comment(None)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| problem(1, unreadable(&e)))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut columns = Vec::new();
        let mut name_at = None;
        for (k, raw) in header.iter().enumerate() {
            if raw == "name" {
                if name_at.replace(k).is_some() {
                    return Err(problem(
                        1,
                        Said::new(
                            "the column `name` is given twice",
                            "de kolom `name` staat er twee keer in",
                        ),
                    ));
                }
                continue;
            }
            let column = if let Some(field) = LeaderField::ALL.iter().find(|f| f.name() == raw) {
                Column::Leader(*field)
            } else {
                let path = if raw.starts_with("params.") {
                    raw.clone()
                } else {
                    format!("params.{raw}")
                };
                match declared.iter().find(|f| f.path == path) {
                    Some(f) => Column::Param(f.clone()),
                    None => {
                        let styles: Vec<&str> = declared
                            .iter()
                            .filter_map(|f| f.path.strip_prefix(&format!("{path}.")))
                            .collect();
                        let why = if styles.is_empty() {
                            let near =
                                Said::new(suggestion(raw, &known), suggestion_nl(raw, &known));
                            let leader = LeaderField::ALL.map(LeaderField::name).join(", ");
                            Said::new(
                                format!(
                                    "`{raw}` is not a parameter or a leader field{}; `teamsim params --json` lists the parameters, and the leader's are {leader}",
                                    near.en
                                ),
                                format!(
                                    "`{raw}` is geen parameter en geen veld van de leider{}; `teamsim params --json` geeft de parameters, die van de leider zijn {leader}",
                                    near.nl
                                ),
                            )
                        } else {
                            let example = format!("{path}.{}", styles[0]);
                            Said::new(
                                format!(
                                    "`{raw}` has a value per attachment style: give a column for each you vary, e.g. {example}"
                                ),
                                format!(
                                    "`{raw}` heeft een waarde per hechtingsstijl: geef een kolom voor elke stijl die je varieert, bijvoorbeeld {example}"
                                ),
                            )
                        };
                        return Err(problem(1, why));
                    }
                }
            };
            if columns.iter().any(|c: &Column| c.name() == column.name()) {
                let name = column.name();
                return Err(problem(
                    1,
                    Said::new(
                        format!("the column `{name}` is given twice"),
                        format!("de kolom `{name}` staat er twee keer in"),
                    ),
                ));
            }
            columns.push(column);
        }
        if columns.is_empty() {
            return Err(problem(
                1,
                Said::new(
                    "no column sets a parameter or a leader field",
                    "geen kolom zet een parameter of een veld van de leider",
                ),
            ));
        }
        let mut names = Vec::new();
        // A set beside the list: a table may have a million rows.
        let mut seen = std::collections::HashSet::new();
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problem(line, unreadable(&e))
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            if rows.len() == most_rows {
                return Err(problem(
                    line,
                    Said::new(
                        format!(
                            "more than {most_rows} rows: a design may have at most {most_rows}"
                        ),
                        format!(
                            "meer dan {most_rows} rijen: een ontwerp heeft er hoogstens {most_rows}"
                        ),
                    ),
                ));
            }
            let mut values = Vec::with_capacity(columns.len());
            let mut columns_left = columns.iter();
            for (k, cell) in record.iter().enumerate() {
                if Some(k) == name_at {
                    let name = cell.to_string();
                    if name.is_empty()
                        || name.chars().count() > MAX_NAME
                        || name.contains(['\n', '\r'])
                    {
                        return Err(problem(
                            line,
                            Said::new(
                                format!("the name must be 1 to {MAX_NAME} characters on one line"),
                                format!("de naam moet 1 tot {MAX_NAME} tekens op één regel zijn"),
                            ),
                        ));
                    }
                    if !seen.insert(name.clone()) {
                        return Err(problem(
                            line,
                            Said::new(
                                format!("the name `{name}` is given twice"),
                                format!("de naam `{name}` staat er twee keer in"),
                            ),
                        ));
                    }
                    names.push(name);
                    continue;
                }
                let Some(column) = columns_left.next() else {
                    break;
                };
                let (lo, hi) = match column {
                    Column::Param(f) => (f.lo, f.hi),
                    Column::Leader(l) => l.range(),
                };
                let number = if semicolons {
                    std::borrow::Cow::Owned(cell.replace(',', "."))
                } else {
                    std::borrow::Cow::Borrowed(cell)
                };
                let v: f64 = number.parse().map_err(|_| {
                    let name = column.name();
                    problem(
                        line,
                        Said::new(
                            format!("{name}: `{cell}` is not a number"),
                            format!("{name}: `{cell}` is geen getal"),
                        ),
                    )
                })?;
                if !v.is_finite() || v < lo || v > hi {
                    let range = out_of_range(v, lo, hi);
                    let name = column.name();
                    return Err(problem(
                        line,
                        Said::new(
                            format!("{name}: {}", range.en),
                            format!("{name}: {}", range.nl),
                        ),
                    ));
                }
                values.push(v);
            }
            rows.push(values);
            lines.push(line);
        }
        if rows.is_empty() {
            return Err(problem(
                2,
                Said::new("the design has no rows", "het ontwerp heeft geen rijen"),
            ));
        }
        Ok(DesignTable {
            columns,
            names: name_at.map(|_| names),
            rows,
            lines,
        })
    }

    /// Reads a design table from `text` (see [`DesignTable::parse`]) and checks every
    /// row's parameters together on `base` (see [`DesignTable::check_on`]): what a
    /// command runs, and what `teamsim merge` reads back from a saved plan.
    pub fn read(text: &str, most_rows: usize, base: &Params) -> Result<DesignTable, DesignError> {
        let table = DesignTable::parse(text, most_rows)?;
        table.check_on(base)?;
        Ok(table)
    }

    /// The parameter columns as factors (ranges: the declared ones).
    pub fn factors(&self) -> Vec<Factor> {
        self.columns
            .iter()
            .filter_map(|c| match c {
                Column::Param(f) => Some(f.clone()),
                Column::Leader(_) => None,
            })
            .collect()
    }

    /// The parameter values of row `i`, in the order of [`DesignTable::factors`].
    pub fn param_values(&self, i: usize) -> Vec<f64> {
        self.columns
            .iter()
            .zip(&self.rows[i])
            .filter(|(c, _)| matches!(c, Column::Param(_)))
            .map(|(_, v)| *v)
            .collect()
    }

    /// The value row `i` gives the leader's `field`, if the table has that column.
    pub fn leader(&self, i: usize, field: LeaderField) -> Option<f64> {
        self.columns
            .iter()
            .position(|c| *c == Column::Leader(field))
            .map(|k| self.rows[i][k])
    }

    /// Whether any column sets the leader.
    pub fn sets_leader(&self) -> bool {
        self.columns.iter().any(|c| matches!(c, Column::Leader(_)))
    }

    /// The name of row `i`: its `name`, else `row-1`, `row-2`, ... in the file's order.
    pub fn row_name(&self, i: usize) -> String {
        match &self.names {
            Some(names) => names[i].clone(),
            None => format!("row-{}", i + 1),
        }
    }

    /// Checks every row's parameters together on `base` (the scenario's): a setting
    /// whose values are each in range may still be invalid as a whole (a switch-down
    /// threshold above the switch-up threshold). The first such row is refused.
    pub fn check_on(&self, base: &Params) -> Result<(), DesignError> {
        let factors = self.factors();
        for i in 0..self.rows.len() {
            let mut p = base.clone();
            for (f, v) in factors.iter().zip(self.param_values(i)) {
                p.set(&f.path, v);
            }
            let mut problems = Problems::default();
            p.check(&mut problems);
            if let Some(first) = problems.into_vec().into_iter().next() {
                let (field, m) = (&first.field, &first.message);
                return Err(problem(
                    self.lines[i],
                    Said::new(
                        format!(
                            "this row's parameters do not hold together: {field}: {}",
                            m.en
                        ),
                        format!(
                            "de parameters van deze rij passen niet bij elkaar: {field}: {}",
                            m.nl
                        ),
                    ),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_from_numpy_reads_with_its_columns_and_rows() {
        let text = "# params.peer.contagion,member.mode_down.secure,leader.caring\n0.1,0.5,0.2\n0.2,0.55,0.9\n";
        let t = DesignTable::parse(text, 10).unwrap();
        assert_eq!(t.rows, vec![vec![0.1, 0.5, 0.2], vec![0.2, 0.55, 0.9]]);
        assert_eq!(t.lines, vec![2, 3]);
        assert_eq!(t.factors().len(), 2);
        assert_eq!(t.factors()[1].path, "params.member.mode_down.secure");
        assert_eq!(t.param_values(1), vec![0.2, 0.55]);
        assert_eq!(t.leader(1, LeaderField::Caring), Some(0.9));
        assert_eq!(t.leader(1, LeaderField::Daring), None);
        assert_eq!(t.row_name(0), "row-1");
        assert!(t.check_on(&Params::default()).is_ok());
    }

    #[test]
    fn a_table_from_dutch_excel_reads_with_semicolons_and_decimal_commas() {
        let t = DesignTable::parse("\u{feff}name;leader.caring\nlaag;0,2\nhoog;0,8\n", 10).unwrap();
        assert_eq!(t.rows, vec![vec![0.2], vec![0.8]]);
        assert_eq!(t.row_name(0), "laag");
    }

    #[test]
    fn names_label_the_rows() {
        let t = DesignTable::parse("name,leader.daring\nlow,0.2\nhigh,0.8\n", 10).unwrap();
        assert_eq!(t.row_name(1), "high");
        assert_eq!(t.rows, vec![vec![0.2], vec![0.8]]);
    }

    #[test]
    fn every_mistake_is_refused_with_its_line() {
        let cases = [
            ("params.peer.contagon\n0.1\n", 1, "did you mean"),
            ("member.mode_down\n0.1\n", 1, "per attachment style"),
            ("leader.caring,leader.caring\n0.1,0.2\n", 1, "twice"),
            ("name\na\n", 1, "no column"),
            ("leader.caring\n0.1\n1.5\n", 3, "within 0..=1"),
            ("leader.caring\nhigh\n", 2, "not a number"),
            ("leader.caring\nNaN\n", 2, "out of range"),
            ("leader.caring,leader.daring\n0.1,0.2\n0.1\n", 3, "field"),
            ("leader.caring\n", 2, "no rows"),
            ("name,leader.caring\na,0.1\na,0.2\n", 3, "twice"),
            ("leader.caring\n0.1\n0.2\n0.3\n", 4, "at most 2"),
        ];
        for (text, line, says) in cases {
            let e = DesignTable::parse(text, 2).unwrap_err();
            assert_eq!(e.line, line, "{text}: {e}");
            assert!(e.message.en.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn a_row_whose_values_do_not_hold_together_is_refused() {
        let text =
            "params.member.mode_down.secure,params.member.mode_up.secure\n0.9,0.2\n0.5,0.6\n";
        let t = DesignTable::parse(text, 10).unwrap();
        let e = t.check_on(&Params::default()).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }
}
