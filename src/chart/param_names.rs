//! Plain-language names of the model parameters for charts, in English and Dutch.

/// (parameter path without the leading `params.`, English label, Dutch label), one per
/// parameter of `teamsim params`.
pub const PARAM_NAMES: &[(&str, &str, &str)] = &[
    (
        "member.trust_target",
        "Resting trust in the leader",
        "Rustniveau van vertrouwen in de leider",
    ),
    (
        "member.trust_relax_rate",
        "Speed trust returns to resting level",
        "Tempo waarmee vertrouwen terugkeert",
    ),
    (
        "member.safety_relax_rate",
        "Speed safety returns to resting level",
        "Tempo waarmee veiligheid terugkeert",
    ),
    (
        "member.anchor_base_weight",
        "Resting safety: weight of style vs trust",
        "Basisveiligheid: stijl versus vertrouwen",
    ),
    (
        "member.anchor_competence_weight",
        "Resting safety: weight of competence",
        "Basisveiligheid: gewicht van competentie",
    ),
    (
        "member.base_safety",
        "Resting safety by attachment style",
        "Basisveiligheid per hechtingsstijl",
    ),
    (
        "member.strain_relax_present",
        "Strain recovery while at work",
        "Herstel van spanning op het werk",
    ),
    (
        "member.strain_relax_absent",
        "Strain recovery while off sick",
        "Herstel van spanning tijdens verzuim",
    ),
    (
        "member.mode_down",
        "Tipping point into Protect (Doel 1)",
        "Kantelpunt naar Doel 1",
    ),
    (
        "member.mode_up",
        "Tipping point back to Grow (Doel 2)",
        "Kantelpunt terug naar Doel 2",
    ),
    (
        "member.strain_drain",
        "Strain wears down coping capacity",
        "Spanning vreet aan draagkracht",
    ),
    (
        "member.threshold_sd",
        "Random variation in tipping points",
        "Toeval in de kantelpunten",
    ),
    (
        "member.alarm_decay",
        "Speed alarm fades by itself",
        "Tempo waarmee alarm vanzelf zakt",
    ),
    (
        "member.rest_sd",
        "Spread of resting safety between members",
        "Verschil in basisveiligheid per teamlid",
    ),
    (
        "member.team_rest_sd",
        "Spread of resting safety between teams",
        "Verschil in basisveiligheid per team",
    ),
    (
        "member.sensitivity_sd",
        "Spread of threat sensitivity",
        "Verschil in gevoeligheid voor dreiging",
    ),
    (
        "member.presence_need",
        "Need for the leader's presence",
        "Behoefte aan aanwezigheid van de leider",
    ),
    (
        "member.presence_reference",
        "Enough leader contact per day",
        "Genoeg contact met de leider per dag",
    ),
    (
        "member.dependence_lean",
        "Leaning on the leader when dependent",
        "Leunen op de leider bij afhankelijkheid",
    ),
    (
        "member.trust_buffer",
        "Trust in leader softens uncertainty",
        "Vertrouwen dempt onzekerheid",
    ),
    (
        "member.life_event_rate",
        "Life events outside work per day",
        "Ingrijpende privégebeurtenissen per dag",
    ),
    (
        "member.life_event_alarm",
        "Life event: alarm raised",
        "Privégebeurtenis: meer alarm",
    ),
    (
        "member.home_soothing",
        "Support at work calms alarm from home",
        "Steun op het werk kalmeert alarm van thuis",
    ),
    (
        "member.burn_in_days",
        "Warm-up days before day 0",
        "Inloopdagen vóór dag 0",
    ),
    (
        "member.receptivity",
        "Receptiveness to support",
        "Ontvankelijkheid voor steun",
    ),
    (
        "member.threat_sensitivity",
        "Sensitivity to threat",
        "Gevoeligheid voor dreiging",
    ),
    (
        "member.hide_probability",
        "Chance of hiding a setback in Doel 1",
        "Kans een tegenslag te verbergen in Doel 1",
    ),
    (
        "member.protect_peer_multiplier",
        "Contact with colleagues in Doel 1",
        "Contact met collega's in Doel 1",
    ),
    (
        "member.protect_voice",
        "Speaking up in Doel 1 by attachment style",
        "Zorgen uiten in Doel 1 per hechtingsstijl",
    ),
    (
        "member.mask",
        "Masking: looking safer and calmer",
        "Maskeren: veiliger en kalmer lijken",
    ),
    (
        "member.resilience",
        "Resilience: competence softens threats",
        "Veerkracht: competentie dempt dreiging",
    ),
    (
        "member.secure_help_bonus",
        "Extra support when a secure member asks",
        "Extra steun: veilig teamlid vraagt hulp",
    ),
    (
        "member.fearful_seek_probability",
        "Fearful members: chance of seeking help",
        "Angstig-vermijdend: kans op hulp zoeken",
    ),
    (
        "member.initial_trust",
        "Trust in the leader at the start",
        "Vertrouwen in de leider bij de start",
    ),
    (
        "member.initial_competence",
        "Competence at the start",
        "Competentie bij de start",
    ),
    (
        "member.newcomer_competence",
        "Competence of a newcomer",
        "Competentie van een nieuw teamlid",
    ),
    (
        "contact.support_safety",
        "Leader support: safety gained",
        "Steun van de leider: meer veiligheid",
    ),
    (
        "contact.soothe",
        "Leader support calms alarm",
        "Steun van de leider kalmeert alarm",
    ),
    (
        "contact.support_trust",
        "Leader support: trust gained",
        "Steun van de leider: meer vertrouwen",
    ),
    (
        "contact.challenge_learning",
        "Challenge in Doel 2: learning",
        "Uitdaging in Doel 2: leren",
    ),
    (
        "contact.mastery_safety",
        "Challenge mastered: safety gained",
        "Uitdaging gelukt: meer veiligheid",
    ),
    (
        "contact.competence_gain",
        "Competence gained per unit of learning",
        "Competentie per eenheid leren",
    ),
    (
        "contact.challenge_threat",
        "Challenge in Doel 1: safety lost",
        "Uitdaging in Doel 1: minder veiligheid",
    ),
    (
        "contact.challenge_strain",
        "Challenge in Doel 1: strain added",
        "Uitdaging in Doel 1: meer spanning",
    ),
    (
        "contact.challenge_alarm",
        "Challenge in Doel 1: alarm raised",
        "Uitdaging in Doel 1: meer alarm",
    ),
    (
        "contact.mastery_independence",
        "Challenge mastered: less dependence",
        "Uitdaging gelukt: minder afhankelijk",
    ),
    (
        "contact.guided_safety",
        "Guided step in Doel 1: safety gained",
        "Begeleide stap in Doel 1: meer veiligheid",
    ),
    (
        "contact.guided_learning_share",
        "Guided step: share of the learning",
        "Begeleide stap: deel van het leren",
    ),
    (
        "contact.control_safety",
        "Controlling contact: safety lost",
        "Controlerend contact: minder veiligheid",
    ),
    (
        "contact.empty_trust",
        "Unavailable leader: trust lost",
        "Onbeschikbare leider: minder vertrouwen",
    ),
    (
        "peer.rate",
        "Contacts between colleagues per day",
        "Contacten tussen collega's per dag",
    ),
    (
        "peer.contagion",
        "Safety spreads between colleagues",
        "Veiligheid slaat over op collega's",
    ),
    (
        "peer.alarm_contagion",
        "Alarm spreads between colleagues",
        "Alarm slaat over op collega's",
    ),
    (
        "peer.peer_soothe",
        "Colleague in Doel 2 calms alarm",
        "Collega in Doel 2 kalmeert alarm",
    ),
    (
        "peer.negativity_bias",
        "Bad spreads more strongly than good",
        "Negatief slaat sterker over dan positief",
    ),
    (
        "setback.base_rate",
        "Setbacks per member per day",
        "Tegenslagen per teamlid per dag",
    ),
    (
        "setback.hidden_undercurrent",
        "Setback hidden: undercurrent added",
        "Tegenslag verborgen: meer onderstroom",
    ),
    (
        "setback.hidden_strain",
        "Setback hidden: strain added",
        "Tegenslag verborgen: meer spanning",
    ),
    (
        "setback.setback_alarm",
        "Setback: alarm raised",
        "Tegenslag: meer alarm",
    ),
    (
        "setback.blame_alarm",
        "Blame: alarm raised",
        "Schuld geven: meer alarm",
    ),
    (
        "setback.rescue_dependence",
        "Rescue: dependence added",
        "Redden: meer afhankelijkheid",
    ),
    (
        "setback.restorative_learning",
        "Restorative dialogue: learning",
        "Herstelgesprek: leren",
    ),
    (
        "setback.restorative_safety",
        "Restorative dialogue: safety gained",
        "Herstelgesprek: meer veiligheid",
    ),
    (
        "setback.restorative_trust",
        "Restorative dialogue: trust gained",
        "Herstelgesprek: meer vertrouwen",
    ),
    (
        "setback.blame_safety",
        "Blame: safety lost",
        "Schuld geven: minder veiligheid",
    ),
    (
        "setback.blame_witness_safety",
        "Witnessing blame: safety lost",
        "Getuige van verwijt: minder veiligheid",
    ),
    (
        "setback.blame_witness_alarm",
        "Witnessing blame: alarm raised",
        "Getuige van verwijt: meer alarm",
    ),
    (
        "setback.blame_strain",
        "Blame: strain added",
        "Schuld geven: meer spanning",
    ),
    (
        "setback.blame_trust",
        "Blame: trust lost",
        "Schuld geven: minder vertrouwen",
    ),
    (
        "setback.rescue_safety",
        "Rescue: safety gained",
        "Redden: meer veiligheid",
    ),
    (
        "setback.rescue_trust",
        "Rescue: trust gained",
        "Redden: meer vertrouwen",
    ),
    (
        "setback.ignore_safety",
        "Setback ignored: safety lost",
        "Tegenslag genegeerd: minder veiligheid",
    ),
    (
        "setback.ignore_trust",
        "Setback ignored: trust lost",
        "Tegenslag genegeerd: minder vertrouwen",
    ),
    (
        "setback.ignore_undercurrent",
        "Setback ignored: undercurrent added",
        "Tegenslag genegeerd: meer onderstroom",
    ),
    (
        "meeting.interval",
        "Days between team meetings",
        "Dagen tussen teamoverleggen",
    ),
    (
        "meeting.voice_grow_base",
        "Speaking up in Doel 2: base chance",
        "Zorgen uiten in Doel 2: basiskans",
    ),
    (
        "meeting.voice_grow_slope",
        "Speaking up in Doel 2: effect of safety",
        "Zorgen uiten in Doel 2: rol van veiligheid",
    ),
    (
        "meeting.voice_protect_slope",
        "Speaking up in Doel 1: effect of safety",
        "Zorgen uiten in Doel 1: rol van veiligheid",
    ),
    (
        "meeting.voice_release",
        "Concern voiced: undercurrent released",
        "Zorg geuit: minder onderstroom",
    ),
    (
        "meeting.release_without_daring",
        "Undercurrent released without daring",
        "Onderstroom zakt ook zonder daring",
    ),
    (
        "meeting.dismissal_alarm",
        "Speaker dismissed: alarm raised",
        "Spreker weggewuifd: meer alarm",
    ),
    (
        "meeting.voice_learning",
        "Voiced concern: learning for the speaker",
        "Zorg geuit: leren voor de spreker",
    ),
    (
        "meeting.appreciation_safety",
        "Speaker appreciated: safety gained",
        "Spreker gewaardeerd: meer veiligheid",
    ),
    (
        "meeting.appreciation_trust",
        "Speaker appreciated: trust gained",
        "Spreker gewaardeerd: meer vertrouwen",
    ),
    (
        "meeting.dismissal_safety",
        "Speaker dismissed: safety lost",
        "Spreker weggewuifd: minder veiligheid",
    ),
    (
        "meeting.conflict_threshold",
        "Undercurrent at which conflict erupts",
        "Onderstroom waarbij conflict uitbreekt",
    ),
    (
        "meeting.resolved_safety",
        "Conflict resolved: safety gained",
        "Conflict opgelost: meer veiligheid",
    ),
    (
        "meeting.resolved_learning",
        "Conflict resolved: learning",
        "Conflict opgelost: leren",
    ),
    (
        "meeting.escalated_safety",
        "Conflict escalated: safety lost",
        "Conflict geëscaleerd: minder veiligheid",
    ),
    (
        "meeting.escalated_trust",
        "Conflict escalated: trust lost",
        "Conflict geëscaleerd: minder vertrouwen",
    ),
    (
        "meeting.escalated_strain",
        "Conflict escalated: strain added",
        "Conflict geëscaleerd: meer spanning",
    ),
    (
        "meeting.escalated_alarm",
        "Conflict escalated: alarm raised",
        "Conflict geëscaleerd: meer alarm",
    ),
    (
        "meeting.escalation_residual",
        "Undercurrent left after escalation",
        "Onderstroom die blijft na escalatie",
    ),
    (
        "meeting.stuck_strain",
        "Conflict smoothed over: strain added",
        "Conflict toegedekt: meer spanning",
    ),
    (
        "pressure.peak_rate",
        "Unplanned pressure peaks per day",
        "Onverwachte drukpieken per dag",
    ),
    (
        "pressure.peak_level",
        "Height of a pressure peak",
        "Hoogte van een drukpiek",
    ),
    (
        "pressure.peak_mean_duration",
        "Average length of a pressure peak",
        "Gemiddelde duur van een drukpiek",
    ),
    (
        "pressure.strain_growth",
        "Strain build-up under pressure",
        "Opbouw van spanning onder druk",
    ),
    (
        "pressure.alarm",
        "Pressure peak: alarm raised",
        "Drukpiek: meer alarm",
    ),
    (
        "reorganisation.safety_shock",
        "Reorganisation: safety lost",
        "Reorganisatie: minder veiligheid",
    ),
    (
        "reorganisation.trust_buffer",
        "Trust in leader softens reorganisation",
        "Vertrouwen dempt reorganisatie",
    ),
    (
        "reorganisation.strain_shock",
        "Reorganisation: strain added",
        "Reorganisatie: meer spanning",
    ),
    (
        "reorganisation.uncertainty",
        "Reorganisation: uncertainty added",
        "Reorganisatie: meer onzekerheid",
    ),
    (
        "reorganisation.alarm",
        "Reorganisation: alarm raised",
        "Reorganisatie: meer alarm",
    ),
    (
        "reorganisation.loss_share",
        "Reorganisation: loss still to grieve",
        "Reorganisatie: verlies nog te verwerken",
    ),
    (
        "reorganisation.grief_base",
        "Loss worked through per meeting",
        "Verlies verwerkt per overleg",
    ),
    (
        "reorganisation.grief_leader",
        "Leader helps work through a loss",
        "Leider helpt verlies verwerken",
    ),
    (
        "uncertainty.change_rate",
        "Everyday changes per day",
        "Kleine veranderingen per dag",
    ),
    (
        "uncertainty.change_size",
        "Everyday change: uncertainty added",
        "Kleine verandering: meer onzekerheid",
    ),
    (
        "uncertainty.base_fade",
        "Uncertainty fading without a leader",
        "Onzekerheid zakt zonder leider",
    ),
    (
        "uncertainty.clarity",
        "Leader's clarity: uncertainty fades",
        "Duidelijkheid leider: minder onzekerheid",
    ),
    (
        "uncertainty.pressure",
        "Pressure peak: uncertainty added",
        "Drukpiek: meer onzekerheid",
    ),
    (
        "uncertainty.new_leader",
        "New leader: uncertainty added",
        "Nieuwe leider: meer onzekerheid",
    ),
    (
        "uncertainty.composition",
        "Change of members: uncertainty added",
        "Wisseling in team: meer onzekerheid",
    ),
    (
        "uncertainty.escalation",
        "Conflict escalated: uncertainty added",
        "Conflict geëscaleerd: meer onzekerheid",
    ),
    (
        "attachment.request_rate",
        "Calls for the leader in Doel 1 per day",
        "Vragen om de leider in Doel 1 per dag",
    ),
    (
        "attachment.leader_responsiveness",
        "Leader's responsiveness to requests",
        "Hoe snel de leider op vragen ingaat",
    ),
    (
        "attachment.protest_undercurrent",
        "Protest: undercurrent added per day",
        "Protest: meer onderstroom per dag",
    ),
    (
        "attachment.protest_peer_safety",
        "Protest: safety lost by a colleague",
        "Protest: collega verliest veiligheid",
    ),
    (
        "absence.base_hazard",
        "Chance of sick absence without strain",
        "Kans op verzuim zonder spanning",
    ),
    (
        "absence.strain_hazard",
        "Extra chance of sick absence from strain",
        "Extra kans op verzuim door spanning",
    ),
    (
        "absence.mean_duration",
        "Average length of sick absence",
        "Gemiddelde duur van verzuim",
    ),
    (
        "absence.duration_strain_factor",
        "Strain lengthens sick absence",
        "Spanning verlengt verzuim",
    ),
    (
        "absence.return_strain",
        "Strain remaining on return",
        "Spanning die blijft bij terugkeer",
    ),
    (
        "absence.leader_share",
        "Leader's own sick leave (x a member's)",
        "Ziekteverzuim leider (x medewerker)",
    ),
    (
        "turnover.base_hazard",
        "Chance of leaving when content",
        "Kans op vertrek als het goed gaat",
    ),
    (
        "turnover.distress_hazard",
        "Extra chance of leaving when in distress",
        "Extra kans op vertrek als het slecht gaat",
    ),
    (
        "turnover.vacancy_mean_days",
        "Days until a vacancy is filled",
        "Dagen tot een vacature vervuld is",
    ),
    (
        "intervention.session_safety",
        "Team session: safety gained",
        "Teamsessie: meer veiligheid",
    ),
    (
        "intervention.session_release",
        "Team session: undercurrent released",
        "Teamsessie: minder onderstroom",
    ),
    (
        "intervention.new_leader_trust",
        "Trust in a new leader",
        "Vertrouwen in een nieuwe leider",
    ),
    (
        "intervention.replacement_alarm",
        "New leader: alarm in dependent members",
        "Nieuwe leider: alarm bij afhankelijken",
    ),
    (
        "output.novel_work_share",
        "Share of new, unfamiliar work",
        "Aandeel nieuw, onbekend werk",
    ),
    (
        "output.protect_novel_output",
        "Output on new work in Doel 1",
        "Productiviteit op nieuw werk in Doel 1",
    ),
    (
        "output.strain_penalty",
        "Output lost to strain",
        "Productiviteitsverlies door spanning",
    ),
    (
        "output.competence_weight",
        "Weight of competence in output",
        "Gewicht van competentie in productiviteit",
    ),
];

/// The label of a parameter (path with or without `params.`) in English or Dutch, or
/// None if it has none.
pub fn param_name(path: &str, dutch: bool) -> Option<&'static str> {
    let key = path.strip_prefix("params.").unwrap_or(path);
    PARAM_NAMES
        .iter()
        .find(|(p, _, _)| *p == key)
        .map(|(_, en, nl)| if dutch { *nl } else { *en })
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_are_short_and_distinct() {
        let mut en = std::collections::HashSet::new();
        let mut nl = std::collections::HashSet::new();
        for (path, e, n) in super::PARAM_NAMES {
            assert!(e.chars().count() <= 42 && n.chars().count() <= 42, "{path}");
            assert!(en.insert(*e) && nl.insert(*n), "{path}: label used twice");
        }
    }

    #[test]
    fn every_parameter_has_a_label_in_both_languages() {
        for p in crate::model::Params::describe() {
            assert!(super::param_name(&p.path, false).is_some(), "{}", p.path);
            assert!(super::param_name(&p.path, true).is_some(), "{}", p.path);
        }
        assert_eq!(
            super::PARAM_NAMES.len(),
            crate::model::Params::describe().len()
        );
    }
}
