//! The workshop page: one self-contained HTML file (styles, script and data inline; no
//! URL is loaded), in English and Dutch, switchable on the page.

use super::{Cell, Grid, PulseState, Workshop};
use crate::chart::Lang;
use crate::lang::count;
use crate::model::{AttachmentStyle, Quadrant};
use base64::Engine as _;
use serde::Serialize;

const STYLE: &str = include_str!("workshop.css");
const SCRIPT: &str = include_str!("workshop.js");

/// Why the page could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// The data could not be encoded.
    #[error("cannot encode the workshop data: {0}")]
    Json(#[from] serde_json::Error),
}

/// The order of the daily series in each grid's blob.
const SERIES: [&str; 9] = [
    "grow",
    "grow_low",
    "grow_high",
    "safety",
    "safety_low",
    "safety_high",
    "learning",
    "learning_low",
    "learning_high",
];

/// The order of each cell's headline values.
const HEADLINE_FIELDS: [&str; 10] = [
    "grow_share",
    "safety",
    "learning",
    "absence_share",
    "departures",
    "episodes",
    "grow_secure",
    "grow_anxious",
    "grow_avoidant",
    "grow_fearful",
];

/// A quantised value that means "undefined".
const MISSING: u16 = u16::MAX;

#[derive(Serialize)]
struct Data<'a> {
    lang: &'static str,
    strings: Strings,
    scenario: ScenarioInfo<'a>,
    start: Point,
    grid: usize,
    runs: u64,
    observations: usize,
    days: &'a [f64],
    series: [&'static str; 9],
    /// The top of each series' scale, by the names of `series`.
    scales: std::collections::BTreeMap<&'static str, f64>,
    headline_fields: [&'static str; 10],
    styles: Vec<&'static str>,
    markers: Vec<Marker>,
    grids: Vec<GridData>,
}

#[derive(Serialize)]
struct ScenarioInfo<'a> {
    name: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct Point {
    caring: f64,
    daring: f64,
}

#[derive(Serialize)]
struct Marker {
    day: f64,
    intervention: bool,
    label: Both,
}

#[derive(Serialize)]
struct Both {
    en: String,
    nl: String,
}

#[derive(Serialize)]
struct GridData {
    interventions: bool,
    headline: Vec<[Option<f64>; 10]>,
    /// Little-endian u16 values, base64: `[cell][series][observation]`.
    series: String,
    pulse: Vec<Vec<String>>,
    representative: Vec<u64>,
}

#[derive(Serialize)]
struct Strings {
    en: Table,
    nl: Table,
}

#[derive(Serialize)]
struct Table {
    #[serde(flatten)]
    words: std::collections::BTreeMap<&'static str, String>,
    help: Vec<HelpBlock>,
}

#[derive(Serialize)]
struct HelpBlock {
    title: &'static str,
    questions: bool,
    lines: Vec<String>,
}

/// Every word on the page: (key, English, Dutch).
const WORDS: [(&str, &str, &str); 29] = [
    ("page_title", "Workshop", "Workshop"),
    ("square_title", "Move the leader", "Verplaats de leider"),
    ("axis_caring", "Caring \u{2192}", "Zorg (caring) \u{2192}"),
    ("axis_daring", "Daring \u{2192}", "Durven (daring) \u{2192}"),
    ("where", "caring {c}, daring {d}", "zorg {c}, durven {d}"),
    ("toggle", "With interventions", "Met interventies"),
    (
        "no_interventions",
        "This scenario has no interventions",
        "Dit scenario heeft geen interventies",
    ),
    (
        "help_button",
        "Explanation and questions",
        "Uitleg en vragen",
    ),
    (
        "help_title",
        "What you see, and questions for the group",
        "Wat je ziet, en vragen voor de groep",
    ),
    ("close", "Close", "Sluiten"),
    ("card_grow", "In Doel 2 (Grow)", "In Doel 2 (groei)"),
    ("unit_grow", "of the time", "van de tijd"),
    ("card_episodes", "Doel 1 episodes", "Doel 1-episodes"),
    (
        "unit_episodes",
        "per person per year",
        "per teamlid per jaar",
    ),
    ("card_safety", "Felt safety", "Gevoelde veiligheid"),
    (
        "unit_safety",
        "0 = none, 1 = full",
        "0 = geen, 1 = volledig",
    ),
    ("card_learning", "Learning", "Leren"),
    (
        "unit_learning",
        "units in the period",
        "eenheden in de periode",
    ),
    ("card_absence", "Sick leave", "Verzuim"),
    ("unit_absence", "of working days", "van de werkdagen"),
    ("card_departures", "Left the team", "Vertrokken"),
    (
        "unit_departures",
        "people in the period",
        "mensen in de periode",
    ),
    (
        "chart_doel",
        "Doel 2 (green) and Doel 1 (orange) per day; dotted: 90% of the years",
        "Doel 2 (groen) en Doel 1 (oranje) per dag; gestippeld: 90% van de jaren",
    ),
    (
        "chart_styles",
        "Time in Doel 2 per attachment style",
        "Tijd in Doel 2 per hechtingsstijl",
    ),
    (
        "chart_safety",
        "Felt safety (band: 90% of the simulated years)",
        "Gevoelde veiligheid (band: 90% van de gesimuleerde jaren)",
    ),
    (
        "chart_learning",
        "Learning so far (band: 90% of the simulated years)",
        "Geleerd tot nu toe (band: 90% van de gesimuleerde jaren)",
    ),
    (
        "chart_pulse",
        "Team pulse: each row a member, each column a day.",
        "Teampuls: elke rij een teamlid, elke kolom een dag.",
    ),
    (
        "pulse_note",
        "One typical year at the nearest grid point (caring {c}, daring {d}).",
        "Eén typisch jaar op het dichtstbijzijnde rasterpunt (zorg {c}, durven {d}).",
    ),
    (
        "footer",
        "Every number comes from {years} per grid point on a {grid} x {grid} grid; between the points the page interpolates. A thinking tool, not a forecast.",
        "Elk getal komt uit {years} per rasterpunt op een raster van {grid} x {grid}; tussen de punten wordt geïnterpoleerd. Een denkinstrument, geen voorspelling.",
    ),
];

/// "1 simulated year", "200 simulated years" in `lang`.
fn years(lang: Lang, runs: u64) -> String {
    match lang {
        Lang::En => count(runs, "simulated year", "simulated years"),
        Lang::Nl => count(runs, "gesimuleerd jaar", "gesimuleerde jaren"),
    }
}

fn help(lang: Lang, runs: u64) -> Vec<HelpBlock> {
    let years = years(lang, runs);
    let (seen, asked) = match lang {
        Lang::En => (
            vec![
                "The square is the leader. From left to right: caring, attention for the person. From bottom to top: daring, challenge, direction and decisions. Green is the secure base, caring and daring at once; in the three red quadrants people are harmed and held back in their growth.".to_string(),
                format!("Drag or tap the dot: every panel then shows the team under a leader at that point, from {years} per grid point. Between grid points the values are interpolated. The dashed ring is the scenario's own leader."),
                "Doel 1 (Protect) is safety first; Doel 2 (Grow) is learning, growth and connection. Everybody goes into Doel 1 now and then. What a leader changes is how often that happens and how fast people come back.".to_string(),
                "The band around a line holds 90% of the simulated years: the same leader can have a good year or a bad one.".to_string(),
                "The team pulse is one typical year at the grid point nearest the dot. Each row is a member, each column a working day: green is Doel 2, orange Doel 1, grey sick leave, light grey an empty position.".to_string(),
                "Red dashed lines are the scenario's events (a reorganisation, pressure); purple ones its interventions (coaching, a team session). Untick \"With interventions\" to see the year without them.".to_string(),
                "This is a thinking tool, not a forecast: the numbers follow from stated assumptions about attachment, safety and leadership.".to_string(),
            ],
            vec![
                "Where on the square is your own team's leader today? What does the team look like there?",
                "Move from pleasing to the secure base. What changes in Doel 2, and why is caring alone not enough?",
                "Move from dominating to the secure base. What happens to sick leave and to people leaving?",
                "Which attachment style gains most from a secure base? Who still needs more?",
                "Look at the dips after the events. Under which leader does the team come back fastest, and what does that leader do?",
                "What would you need to take one step toward the secure base?",
            ],
        ),
        Lang::Nl => (
            vec![
                "Het vierkant is de leider. Van links naar rechts: zorg (caring), aandacht voor de persoon. Van onder naar boven: durven (daring), uitdagen, richting geven en beslissen. Groen is de veilige basis, zorg én durven tegelijk; in de drie rode vakken lopen mensen schade op en worden ze in hun groei beperkt.".to_string(),
                format!("Sleep of tik op de stip: elk paneel toont dan het team onder een leider op dat punt, uit {years} per rasterpunt. Tussen de rasterpunten wordt geïnterpoleerd. De gestippelde ring is de eigen leider van het scenario."),
                "Doel 1 is veiligheid eerst; Doel 2 is leren, groei en verbinding. Iedereen schiet weleens in Doel 1. Wat een leider verandert, is hoe vaak dat gebeurt en hoe snel mensen terugkomen.".to_string(),
                "De band rond een lijn bevat 90% van de gesimuleerde jaren: dezelfde leider kan een goed of een slecht jaar hebben.".to_string(),
                "De teampuls is één typisch jaar op het rasterpunt het dichtst bij de stip. Elke rij is een teamlid, elke kolom een werkdag: groen is Doel 2, oranje Doel 1, grijs verzuim, lichtgrijs een lege plek.".to_string(),
                "Rode stippellijnen zijn de gebeurtenissen van het scenario (een reorganisatie, druk); paarse de interventies (coaching, een teamsessie). Zet \"Met interventies\" uit om het jaar zonder te zien.".to_string(),
                "Dit is een denkinstrument, geen voorspelling: de getallen volgen uit uitgeschreven aannames over hechting, veiligheid en leiderschap.".to_string(),
            ],
            vec![
                "Waar op het vierkant staat de leider van jouw team vandaag? Hoe ziet het team er daar uit?",
                "Schuif van pleasend naar veilige basis. Wat verandert er in Doel 2, en waarom is zorg alleen niet genoeg?",
                "Schuif van dominant naar veilige basis. Wat gebeurt er met verzuim en met mensen die vertrekken?",
                "Welke hechtingsstijl wint het meest bij een veilige basis? Wie heeft nog meer nodig?",
                "Kijk naar de dalen na de gebeurtenissen. Onder welke leider herstelt het team het snelst, en wat doet die leider?",
                "Wat zou jij nodig hebben om één stap richting veilige basis te zetten?",
            ],
        ),
    };
    let (t_seen, t_asked) = match lang {
        Lang::En => ("What you see", "Questions for the group"),
        Lang::Nl => ("Wat je ziet", "Vragen voor de groep"),
    };
    vec![
        HelpBlock {
            title: t_seen,
            questions: false,
            lines: seen,
        },
        HelpBlock {
            title: t_asked,
            questions: true,
            lines: asked.into_iter().map(String::from).collect(),
        },
    ]
}

fn table(lang: Lang, runs: u64) -> Table {
    let mut words: std::collections::BTreeMap<&'static str, String> = WORDS
        .iter()
        .map(|(k, en, nl)| {
            let text = match lang {
                Lang::En => *en,
                Lang::Nl => *nl,
            };
            (*k, text.to_string())
        })
        .collect();
    let quadrants = [
        ("q_dominating", Quadrant::Dominating),
        ("q_avoiding", Quadrant::Avoiding),
        ("q_pleasing", Quadrant::Pleasing),
        ("q_secure", Quadrant::SecureBase),
    ];
    for (key, q) in quadrants {
        words.insert(key, lang.quadrant(q).to_string());
    }
    for style in AttachmentStyle::ALL {
        words.insert(style_key(style), lang.attachment(style).to_string());
    }
    if let Some(footer) = words.get_mut("footer") {
        *footer = footer.replace("{years}", &years(lang, runs));
    }
    words.insert("legend_grow", lang.grow().to_string());
    words.insert("legend_protect", lang.protect().to_string());
    words.insert("legend_absent", lang.absent().to_string());
    words.insert("legend_vacant", lang.vacant().to_string());
    Table {
        words,
        help: help(lang, runs),
    }
}

fn style_key(style: AttachmentStyle) -> &'static str {
    match style {
        AttachmentStyle::Secure => "style_secure",
        AttachmentStyle::Anxious => "style_anxious",
        AttachmentStyle::Avoidant => "style_avoidant",
        AttachmentStyle::Fearful => "style_fearful",
    }
}

fn markers(w: &Workshop) -> Vec<Marker> {
    let s = &w.spec.scenario;
    let label = |kind: &str| Both {
        en: Lang::En.event(kind),
        nl: Lang::Nl.event(kind),
    };
    let mut out: Vec<Marker> = s
        .events
        .iter()
        .map(|e| Marker {
            day: e.day(),
            intervention: false,
            label: label(e.label()),
        })
        .chain(s.interventions.iter().map(|iv| Marker {
            day: iv.day(),
            intervention: true,
            label: label(iv.label()),
        }))
        .filter(|m| m.day <= s.horizon)
        .collect();
    out.sort_by(|a, b| a.day.total_cmp(&b.day));
    out
}

/// Rounds for the page: six decimals are far below anything it shows.
fn round6(x: f64) -> Option<f64> {
    x.is_finite().then(|| (x * 1e6).round() / 1e6)
}

fn bands(cell: &Cell) -> [&[f64]; 9] {
    [
        &cell.grow.mean,
        &cell.grow.low,
        &cell.grow.high,
        &cell.safety.mean,
        &cell.safety.low,
        &cell.safety.high,
        &cell.learning.mean,
        &cell.learning.low,
        &cell.learning.high,
    ]
}

fn grid_data(grid: &Grid, scales: &[f64; 9]) -> GridData {
    let mut bytes = Vec::new();
    for cell in &grid.cells {
        for (series, scale) in bands(cell).iter().zip(scales) {
            for &v in series.iter() {
                let q = if v.is_finite() && *scale > 0.0 {
                    ((v / scale).clamp(0.0, 1.0) * f64::from(MISSING - 1)).round() as u16
                } else if v.is_finite() {
                    0
                } else {
                    MISSING
                };
                bytes.extend_from_slice(&q.to_le_bytes());
            }
        }
    }
    let headline = grid
        .cells
        .iter()
        .map(|c| {
            let h = &c.headline;
            let s = |style| h.grow_by_style.get(style).and_then(round6);
            [
                round6(h.grow_share),
                round6(h.safety),
                round6(h.learning),
                round6(h.absence_share),
                round6(h.departures),
                round6(h.episodes),
                s(AttachmentStyle::Secure),
                s(AttachmentStyle::Anxious),
                s(AttachmentStyle::Avoidant),
                s(AttachmentStyle::Fearful),
            ]
        })
        .collect();
    let pulse = grid
        .cells
        .iter()
        .map(|c| {
            c.pulse
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|s| match s {
                            PulseState::Grow => '0',
                            PulseState::Protect => '1',
                            PulseState::Absent => '2',
                            PulseState::Vacant => '3',
                            PulseState::Outside => '4',
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    GridData {
        interventions: grid.interventions,
        headline,
        series: base64::engine::general_purpose::STANDARD.encode(bytes),
        pulse,
        representative: grid.cells.iter().map(|c| c.representative).collect(),
    }
}

/// The page for `w`, opening in `lang`.
pub fn render(w: &Workshop, lang: Lang) -> Result<String, PageError> {
    let grids: Vec<&Grid> = std::iter::once(&w.with).chain(w.without.as_ref()).collect();
    // Learning has no natural top: the page's axis ends at the highest 95% quantile.
    let learning_top = grids
        .iter()
        .flat_map(|g| g.cells.iter())
        .flat_map(|c| c.learning.high.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let learning_top = if learning_top > 0.0 {
        learning_top
    } else {
        1.0
    };
    let scales = [
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        learning_top,
        learning_top,
        learning_top,
    ];
    let styles = AttachmentStyle::ALL
        .into_iter()
        .filter(|s| {
            w.with
                .cells
                .iter()
                .any(|c| c.headline.grow_by_style.get(*s).is_some_and(f64::is_finite))
        })
        .map(|s| s.name())
        .collect();
    let scenario = &w.spec.scenario;
    let data = Data {
        lang: match lang {
            Lang::En => "en",
            Lang::Nl => "nl",
        },
        strings: Strings {
            en: table(Lang::En, w.spec.runs),
            nl: table(Lang::Nl, w.spec.runs),
        },
        scenario: ScenarioInfo {
            name: &scenario.name,
            description: &scenario.description,
        },
        start: Point {
            caring: scenario.leader.caring,
            daring: scenario.leader.daring,
        },
        grid: w.spec.grid,
        runs: w.spec.runs,
        observations: w.days.len(),
        days: &w.days,
        series: SERIES,
        scales: SERIES.into_iter().zip(scales).collect(),
        headline_fields: HEADLINE_FIELDS,
        styles,
        markers: markers(w),
        grids: grids.iter().map(|g| grid_data(g, &scales)).collect(),
    };
    // Inside <script>, "<" would let a name such as "</script>" end the block.
    let json = serde_json::to_string(&data)?
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let title = "Workshop";
    let html_lang = data.lang;
    let card = |class: &str, key: &str, id: &str| {
        format!(
            r#"<div class="card {class}"><div class="label" data-t="card_{key}"></div><div class="value" id="{id}"></div><div class="unit" data-t="unit_{key}"></div></div>"#
        )
    };
    let cards = [
        card("grow", "grow", "v-grow"),
        card("protect", "episodes", "v-episodes"),
        card("", "safety", "v-safety"),
        card("", "learning", "v-learning"),
        card("", "absence", "v-absence"),
        card("", "departures", "v-departures"),
    ]
    .join("\n");
    Ok(format!(
        r##"<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{STYLE}</style>
</head>
<body>
<header>
<h1 id="scenario-name"></h1>
<label id="toggle-label"><input type="checkbox" id="toggle"><span data-t="toggle"></span></label>
<button type="button" data-lang="en" aria-pressed="false">EN</button>
<button type="button" data-lang="nl" aria-pressed="false">NL</button>
<button type="button" id="open-help" data-t="help_button"></button>
</header>
<main>
<section class="left">
<div class="panel" id="square-box">
<h2 data-t="square_title"></h2>
<canvas id="square" tabindex="0" role="slider" aria-label="caring x daring"></canvas>
<div id="where"></div>
</div>
<div class="cards">
{cards}
</div>
</section>
<section class="right">
<div class="panel"><h2 data-t="chart_doel"></h2><canvas id="chart-doel"></canvas></div>
<div class="panel"><h2 data-t="chart_styles"></h2><canvas id="chart-styles"></canvas></div>
<div class="panel"><h2 data-t="chart_safety"></h2><canvas id="chart-safety"></canvas></div>
<div class="panel"><h2 data-t="chart_learning"></h2><canvas id="chart-learning"></canvas></div>
<div class="panel wide">
<h2><span data-t="chart_pulse"></span> <span id="pulse-note"></span></h2>
<div id="legend"><span style="--c:#2e7d32" data-t="legend_grow"></span><span style="--c:#e65100" data-t="legend_protect"></span><span style="--c:#9e9e9e" data-t="legend_absent"></span><span style="--c:#e0e0e0" data-t="legend_vacant"></span></div>
<canvas id="chart-pulse"></canvas>
</div>
</section>
</main>
<footer id="footer"></footer>
<div id="help" role="dialog" aria-modal="true">
<div class="sheet">
<h2 data-t="help_title"></h2>
<div id="help-body"></div>
<button type="button" id="close-help" data-t="close"></button>
</div>
</div>
<script type="application/json" id="workshop-data">{json}</script>
<script>
{SCRIPT}</script>
</body>
</html>
"##
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_exists_in_both_languages() {
        for (key, en, nl) in WORDS {
            assert!(!en.is_empty() && !nl.is_empty(), "{key}");
        }
        let en = table(Lang::En, 100);
        let nl = table(Lang::Nl, 100);
        assert_eq!(
            en.words.keys().collect::<Vec<_>>(),
            nl.words.keys().collect::<Vec<_>>()
        );
        assert_eq!(en.help.len(), nl.help.len());
        for (a, b) in en.help.iter().zip(&nl.help) {
            assert_eq!(a.lines.len(), b.lines.len());
            assert!(a.lines.iter().zip(&b.lines).all(|(x, y)| x != y));
        }
    }

    #[test]
    fn rounding_keeps_undefined_values_undefined() {
        assert_eq!(round6(f64::NAN), None);
        assert_eq!(round6(0.123_456_789), Some(0.123457));
    }
}
