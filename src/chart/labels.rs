//! Chart labels in English and Dutch.

use crate::model::{AttachmentStyle, Quadrant};
use crate::sim::{MetricName, Outcome, daily_metric};

pub use crate::lang::Lang;

impl Lang {
    /// "Protect" / "Doel 1".
    pub fn protect(self) -> &'static str {
        self.pick("Protect", "Doel 1 (veiligheid eerst)")
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
        self.pick("Daring", "Daring (durven)")
    }

    /// A quadrant's name.
    pub fn quadrant(self, q: Quadrant) -> &'static str {
        match q {
            Quadrant::Dominating => self.pick("Dominating", "Dominant"),
            Quadrant::Avoiding => self.pick("Avoiding", "Vermijdend"),
            Quadrant::Pleasing => self.pick("Pleasing", "Pleasend"),
            Quadrant::SecureBase => self.pick("Secure base", "Veilige basis"),
        }
    }

    /// A variant's display name: quadrant names and the scenario as written are
    /// translated, names from a scenario's `[compare]` table kept.
    pub fn variant(self, name: &str) -> String {
        match name {
            crate::batch::AS_IS => self.as_is().to_string(),
            crate::batch::AS_IS_WITHOUT_INTERVENTIONS => self
                .pick(
                    "As is, without interventions",
                    "Zoals het is, zonder interventies",
                )
                .to_string(),
            _ => match name.parse::<Quadrant>() {
                Ok(q) => self.quadrant(q).to_string(),
                Err(_) => name.to_string(),
            },
        }
    }

    /// "As is": the scenario as written, with its own leader.
    pub fn as_is(self) -> &'static str {
        self.pick("As is", "Zoals het is")
    }

    /// A verdict on a paired difference.
    pub fn verdict(self, v: crate::batch::verdict::Verdict) -> &'static str {
        use crate::batch::verdict::Verdict::*;
        match v {
            TooFewRuns => self.pick("too few runs", "te weinig runs"),
            NoMeaningfulDifference => {
                self.pick("no meaningful difference", "geen betekenisvol verschil")
            }
            ClearlyBetter => self.pick("clearly better", "duidelijk beter"),
            ClearlyWorse => self.pick("clearly worse", "duidelijk slechter"),
            TooCloseToCall => self.pick(
                "too close to call: run more",
                "nog niet te zeggen: meer runs nodig",
            ),
        }
    }

    /// A difference with `decimals` decimals: like [`Lang::number`], with a plus sign
    /// when it does not round to zero.
    pub fn signed(self, x: f64, decimals: usize) -> String {
        let n = self.number(x, decimals);
        if n.starts_with('-') || !n.chars().any(|c| c.is_ascii_digit() && c != '0') {
            n
        } else {
            format!("+{n}")
        }
    }

    /// A number with `decimals` decimals, with a decimal comma in Dutch.
    pub fn number(self, x: f64, decimals: usize) -> String {
        let s = format!("{x:.decimals$}");
        // "-0" reads as a difference; a value that rounds to zero is shown as 0.
        let s = if s
            .trim_start_matches('-')
            .chars()
            .all(|c| c == '0' || c == '.')
        {
            s.trim_start_matches('-').to_string()
        } else {
            s
        };
        match self {
            Lang::En => s,
            Lang::Nl => s.replace('.', ","),
        }
    }

    /// An attachment style's name.
    pub fn attachment(self, s: AttachmentStyle) -> &'static str {
        match s {
            AttachmentStyle::Secure => self.pick("Secure", "Veilig gehecht"),
            AttachmentStyle::Anxious => self.pick("Anxious", "Angstig gehecht"),
            AttachmentStyle::Avoidant => self.pick("Avoidant", "Vermijdend gehecht"),
            AttachmentStyle::Fearful => self.pick("Fearful", "Angstig-vermijdend gehecht"),
        }
    }

    /// An outcome's full name: chart titles, workbook rows, the sensitivity tables.
    pub fn outcome(self, o: Outcome) -> &'static str {
        match o {
            Outcome::GrowShare => self.pick("Share in Doel 2 (Grow)", "Aandeel in Doel 2 (groei)"),
            Outcome::Safety => self.pick("Felt safety", "Gevoelde veiligheid"),
            Outcome::ProtectEpisodes => self.pick(
                "Doel 1 episodes per member-year",
                "Doel 1-episodes per teamlid per jaar",
            ),
            Outcome::ProtectEpisodeDays => self.pick(
                "Mean length of a Doel 1 episode (days)",
                "Gemiddelde duur van een Doel 1-episode (dagen)",
            ),
            Outcome::Trust => self.pick("Trust in the leader", "Vertrouwen in de leider"),
            Outcome::Learning => self.pick("Learning", "Leren"),
            Outcome::AbsenceDays => self.pick("Sick-leave days", "Verzuimdagen"),
            Outcome::Departures => self.pick("Departures", "Vertrokken teamleden"),
            Outcome::Output => self.pick("Output", "Productiviteit"),
        }
    }

    /// An outcome's short name, for a column heading (at most 24 characters).
    pub fn outcome_heading(self, o: Outcome) -> &'static str {
        match o {
            Outcome::GrowShare => self.pick("In Doel 2 (Grow)", "In Doel 2 (groei)"),
            Outcome::Safety => self.pick("Felt safety", "Gevoelde veiligheid"),
            Outcome::ProtectEpisodes => self.pick("Doel 1 episodes/year", "Doel 1-episodes/jaar"),
            Outcome::ProtectEpisodeDays => {
                self.pick("Days per Doel 1 episode", "Dagen per Doel 1-episode")
            }
            Outcome::Trust => self.pick("Trust", "Vertrouwen"),
            Outcome::Learning => self.pick("Learning", "Leren"),
            Outcome::AbsenceDays => self.pick("Sick-leave days", "Verzuimdagen"),
            Outcome::Departures => self.pick("Departures", "Vertrokken teamleden"),
            Outcome::Output => self.pick("Output", "Productiviteit"),
        }
    }

    /// A metric's axis label: every daily metric (one of a style's members names the
    /// style) and the per-run totals the charts draw; any other name as written.
    pub fn metric(self, metric: &str) -> String {
        self.metric_words(metric)
            .unwrap_or_else(|| metric.replace('_', " "))
    }

    /// The words for `metric`, if it is a daily metric or a per-run total of the charts.
    fn metric_words(self, metric: &str) -> Option<String> {
        match daily_metric(metric) {
            Some((MetricName::Plain(base), _)) => self.team_metric(base).map(str::to_string),
            Some((MetricName::Styled(base, style), _)) => Some(format!(
                "{}: {}",
                self.member_metric(base)?,
                self.members_of(style)
            )),
            Some((MetricName::Prefixed(..), _)) => None,
            None => match metric {
                "learning_total" => Some(self.pick("Learning per run", "Leren per run").into()),
                "absence_days" => Some(
                    self.pick("Absence days per run", "Verzuimdagen per run")
                        .into(),
                ),
                _ => None,
            },
        }
    }

    /// A team-wide daily metric.
    fn team_metric(self, base: &str) -> Option<&'static str> {
        Some(match base {
            "team_size" => self.pick("Positions in the team", "Plaatsen in het team"),
            "present" => self.pick("Members at work", "Aanwezige teamleden"),
            "absent" => self.pick("Members absent (sick)", "Afwezige teamleden (ziek)"),
            "vacant" => self.pick("Open positions", "Vacatures"),
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
            "alarm" => self.pick("Alarm (threat activation)", "Alarm (dreigingsreactie)"),
            "trust" => self.pick("Trust in the leader", "Vertrouwen in de leider"),
            "strain" => self.pick("Strain", "Spanning"),
            "competence" => self.pick("Competence", "Competentie"),
            "learning" => self.pick("Learning (cumulative)", "Leren (cumulatief)"),
            "output" => self.pick("Output", "Productiviteit"),
            "departures" => self.pick(
                "Departures (cumulative)",
                "Vertrokken teamleden (cumulatief)",
            ),
            "undercurrent" => self.pick(
                "Undercurrent (unvoiced concerns)",
                "Onderstroom (onuitgesproken zorgen)",
            ),
            "uncertainty" => self.pick("Uncertainty in the team", "Onzekerheid in het team"),
            "voices" => self.pick(
                "Concerns voiced in team meetings",
                "Uitgesproken zorgen in teamoverleg",
            ),
            "pressure" => self.pick("Pressure", "Druk"),
            "leader_caring" => self.pick(
                "The leader's effective caring",
                "Effectieve caring van de leider",
            ),
            "leader_daring" => self.pick("The leader's daring", "Daring van de leider"),
            _ => return None,
        })
    }

    /// A daily metric of one style's members, without the style: the team-wide words,
    /// except where those speak of the whole team.
    fn member_metric(self, base: &str) -> Option<&'static str> {
        match base {
            "present" => Some(self.pick("At work", "Aanwezig")),
            "grow_share" => Some(self.pick("Share in Grow", "Aandeel in Doel 2")),
            _ => self.team_metric(base),
        }
    }

    /// The members of one attachment style, as the end of a metric's label.
    fn members_of(self, s: AttachmentStyle) -> &'static str {
        match s {
            AttachmentStyle::Secure => self.pick("secure members", "veilig gehechte teamleden"),
            AttachmentStyle::Anxious => self.pick("anxious members", "angstig gehechte teamleden"),
            AttachmentStyle::Avoidant => {
                self.pick("avoidant members", "vermijdend gehechte teamleden")
            }
            AttachmentStyle::Fearful => {
                self.pick("fearful members", "angstig-vermijdend gehechte teamleden")
            }
        }
    }

    /// Title of the trajectory chart.
    pub fn trajectory_title(self, metric: &str) -> String {
        match self {
            Lang::En => format!("{} by leadership style", self.metric(metric)),
            Lang::Nl => format!("{}, per leiderschapsstijl", self.metric(metric)),
        }
    }

    /// Legend of the bands on the trajectory chart.
    pub fn band_note(self) -> &'static str {
        self.pick(
            "line: mean over the runs; dark band: its 95% confidence interval; light band: 90% of the runs",
            "lijn: gemiddelde over de runs; donkere band: 95%-betrouwbaarheidsinterval; lichte band: 90% van de runs",
        )
    }

    /// Legend of the band on a trajectory chart with many lines.
    pub fn band_note_ci_only(self) -> &'static str {
        self.pick(
            "line: mean over the runs; band: its 95% confidence interval",
            "lijn: gemiddelde over de runs; band: het 95%-betrouwbaarheidsinterval",
        )
    }

    /// What the blue lines on the Doel grid are.
    pub fn marker_note(self) -> &'static str {
        self.pick(
            "blue line: an event or intervention",
            "blauwe lijn: gebeurtenis of interventie",
        )
    }

    /// What the black lines on bars are.
    pub fn whisker_note(self) -> &'static str {
        self.pick("black line: 95% CI", "zwarte lijn: 95%-BI")
    }

    /// What the grey band of a tornado chart is.
    pub fn noise_band(self) -> &'static str {
        self.pick(
            "grey band: change that chance alone gives",
            "grijze band: verandering die ook door toeval alleen ontstaat",
        )
    }

    /// Title of the Doel 1/Doel 2 chart.
    pub fn doel_title(self) -> &'static str {
        self.pick(
            "Protect or Grow: share of the team over the year",
            "Doel 1 of Doel 2: aandeel van het team in de loop van het jaar",
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
            "Hechtingsstijlen onder elke leider",
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
            "composition" => self.pick("team change", "wisseling in het team"),
            "leader-sick" => self.pick("leader sick", "leider ziek"),
            "leader-absence" => self.pick("leader away", "leider afwezig"),
            other => return other.to_string(),
        };
        s.to_string()
    }

    /// "not in this comparison".
    pub fn missing(self) -> &'static str {
        self.pick("not in this comparison", "niet vergeleken")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_daily_metric_has_its_own_words_in_both_languages() {
        for lang in [Lang::En, Lang::Nl] {
            let mut labels: Vec<String> = crate::sim::DAILY_METRICS
                .iter()
                .map(|m| {
                    lang.metric_words(m)
                        .unwrap_or_else(|| panic!("no {lang:?} words for {m}"))
                })
                .collect();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(labels.len(), crate::sim::DAILY_METRICS.len(), "{labels:?}");
        }
        assert_eq!(
            Lang::Nl.metric("grow_share_fearful"),
            "Aandeel in Doel 2: angstig-vermijdend gehechte teamleden"
        );
    }

    #[test]
    fn every_outcome_has_words_in_both_languages_and_a_heading_that_fits() {
        for o in Outcome::ALL {
            for lang in [Lang::En, Lang::Nl] {
                let heading = lang.outcome_heading(o);
                assert!(heading.chars().count() <= 24, "{heading}");
                assert!(!lang.outcome(o).is_empty());
            }
        }
        let distinct = |f: fn(Lang, Outcome) -> &'static str, lang| {
            let mut all: Vec<_> = Outcome::ALL.iter().map(|o| f(lang, *o)).collect();
            all.sort_unstable();
            all.dedup();
            all.len() == Outcome::ALL.len()
        };
        for lang in [Lang::En, Lang::Nl] {
            assert!(distinct(Lang::outcome, lang));
            assert!(distinct(Lang::outcome_heading, lang));
        }
    }
}
