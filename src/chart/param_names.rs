//! Plain-language names of the model parameters for charts, in English and Dutch.

/// (parameter path without the leading `params.`, English label, Dutch label).
pub const PARAM_NAMES: &[(&str, &str, &str)] = &[];

/// The label of a parameter in English or Dutch, or None if it has none.
pub fn param_name(path: &str, dutch: bool) -> Option<&'static str> {
    let key = path.strip_prefix("params.").unwrap_or(path);
    PARAM_NAMES
        .iter()
        .find(|(p, _, _)| *p == key)
        .map(|(_, en, nl)| if dutch { *nl } else { *en })
}
