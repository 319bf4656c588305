//! Chart labels in English and Dutch.

use crate::model::{AttachmentStyle, Quadrant};
use std::str::FromStr;

/// The language of every label on a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English: Protect/Grow, dominating, avoiding, pleasing, secure base.
    #[default]
    En,
    /// Dutch: Doel 1/Doel 2, dominant, vermijdend, pleasend, secure base.
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
    fn pick(self, en: &'static str, nl: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Nl => nl,
        }
    }

    /// "Protect" / "Doel 1".
    pub fn protect(self) -> &'static str {
        self.pick("Protect", "Doel 1 (veiligheid)")
    }

    /// "Grow" / "Doel 2".
    pub fn grow(self) -> &'static str {
        self.pick("Grow", "Doel 2 (groei)")
    }

    /// Sick leave.
    pub fn absent(self) -> &'static str {
        self.pick("Absent (sick)", "Afwezig (ziek)")
    }

    /// An open position.
    pub fn vacant(self) -> &'static str {
        self.pick("Vacancy", "Vacature")
    }

    /// The time axis.
    pub fn day(self) -> &'static str {
        self.pick("Working day", "Werkdag")
    }

    /// The caring axis.
    pub fn caring(self) -> &'static str {
        self.pick("Caring", "Caring (zorg)")
    }

    /// The daring axis.
    pub fn daring(self) -> &'static str {
        self.pick("Daring", "Daring (uitdaging)")
    }

    /// A quadrant's name.
    pub fn quadrant(self, q: Quadrant) -> &'static str {
        match q {
            Quadrant::Dominating => self.pick("Dominating", "Dominant"),
            Quadrant::Avoiding => self.pick("Avoiding", "Vermijdend"),
            Quadrant::Pleasing => self.pick("Pleasing", "Pleasend"),
            Quadrant::SecureBase => "Secure base",
        }
    }

    /// A variant's display name: quadrant names are translated, others kept.
    pub fn variant(self, name: &str) -> String {
        match name.parse::<Quadrant>() {
            Ok(q) => self.quadrant(q).to_string(),
            Err(_) => name.to_string(),
        }
    }

    /// An attachment style's name.
    pub fn attachment(self, s: AttachmentStyle) -> &'static str {
        match s {
            AttachmentStyle::Secure => self.pick("Secure", "Veilig"),
            AttachmentStyle::Anxious => self.pick("Anxious", "Angstig"),
            AttachmentStyle::Avoidant => self.pick("Avoidant", "Vermijdend"),
            AttachmentStyle::Fearful => self.pick("Fearful", "Angstig-vermijdend"),
        }
    }

    /// A metric's axis label.
    pub fn metric(self, metric: &str) -> String {
        let s = match metric {
            "safety" => self.pick(
                "Psychological safety (felt)",
                "Psychologische veiligheid (gevoeld)",
            ),
            "shown_safety" => self.pick(
                "Psychological safety (shown)",
                "Psychologische veiligheid (getoond)",
            ),
            "grow_share" => self.pick(
                "Share of the team in Grow",
                "Aandeel van het team in Doel 2",
            ),
            "alarm" => self.pick("Alarm (threat activation)", "Alarm (dreiging)"),
            "uncertainty" => self.pick("Uncertainty in the team", "Onzekerheid in het team"),
            "trust" => self.pick("Trust in the leader", "Vertrouwen in de leider"),
            "strain" => self.pick("Strain", "Spanning"),
            "competence" => self.pick("Competence", "Competentie"),
            "learning" => self.pick("Learning (cumulative)", "Leren (opgeteld)"),
            "output" => self.pick("Output", "Productiviteit"),
            "absent" => self.pick("Members absent", "Afwezige leden"),
            "departures" => self.pick("Departures (cumulative)", "Vertrokken (opgeteld)"),
            "undercurrent" => self.pick(
                "Undercurrent (unvoiced concerns)",
                "Onderstroom (onuitgesproken zorgen)",
            ),
            "learning_total" => self.pick("Learning per run", "Leren per run"),
            "absence_days" => self.pick("Absence days per run", "Verzuimdagen per run"),
            _ => return metric.replace('_', " "),
        };
        s.to_string()
    }

    /// Title of the trajectory chart.
    pub fn trajectory_title(self, metric: &str) -> String {
        match self {
            Lang::En => format!("{} by leadership style", self.metric(metric)),
            Lang::Nl => format!("{} per leiderschapsstijl", self.metric(metric)),
        }
    }

    /// Legend of the bands on the trajectory chart.
    pub fn band_note(self) -> &'static str {
        self.pick(
            "line: mean; dark band: 95% CI of the mean; light band: 5-95% of runs",
            "lijn: gemiddelde; donkere band: 95%-BI; lichte band: 5-95% van de runs",
        )
    }

    /// Title of the Doel 1/Doel 2 chart.
    pub fn doel_title(self) -> &'static str {
        self.pick(
            "Protect or Grow: share of the team over the year",
            "Doel 1 of Doel 2: aandeel van het team door het jaar",
        )
    }

    /// Title of the heatmap.
    pub fn heatmap_title(self, metric: &str) -> String {
        match self {
            Lang::En => format!("{}: caring x daring", self.metric(metric)),
            Lang::Nl => format!("{}: caring x daring", self.metric(metric)),
        }
    }

    /// Title of the attachment breakdown.
    pub fn attachment_title(self) -> &'static str {
        self.pick(
            "Attachment style under each leader",
            "Hechtingsstijl onder elke leider",
        )
    }

    /// Title of the team pulse.
    pub fn pulse_title(self) -> &'static str {
        self.pick(
            "Team pulse: each member, each day",
            "Teampuls: elk teamlid, elke dag",
        )
    }

    /// Label of a timeline item.
    pub fn event(self, kind: &str) -> String {
        let s = match kind {
            "reorganisation" => self.pick("reorganisation", "reorganisatie"),
            "pressure" => self.pick("pressure", "druk"),
            "coaching" => "coaching",
            "leader-replacement" => self.pick("new leader", "nieuwe leider"),
            "team-session" => self.pick("team session", "teamsessie"),
            "composition" => self.pick("team change", "teamwissel"),
            other => return other.to_string(),
        };
        s.to_string()
    }

    /// "not in this comparison".
    pub fn missing(self) -> &'static str {
        self.pick("not in this comparison", "niet vergeleken")
    }
}
