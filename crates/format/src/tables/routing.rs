//! Routing indicators (ACP 117): `RUEHKL` -> `AMEMBASSY KUALA LUMPUR`.

use super::TableMap as HashMap;
use std::sync::OnceLock;

use super::csvdata::{get, rows};

/// One routing indicator.
#[derive(Debug, Clone)]
pub struct RoutingIndicator {
    /// The indicator (`RUEHKL`).
    pub ri: String,
    /// Plain-language address (`AMEMBASSY KUALA LUMPUR`).
    pub plad: String,
    /// Country where the station is, where known.
    pub country: String,
    /// ISO code of that country.
    pub iso2: String,
    /// Kind (`embassy`, `collective`, `us_military`, ...).
    pub kind: String,
}

fn table() -> &'static HashMap<String, RoutingIndicator> {
    static T: OnceLock<HashMap<String, RoutingIndicator>> = OnceLock::new();
    T.get_or_init(|| {
        rows(include_str!("../../data/routing_indicators.csv"))
            .into_iter()
            .map(|row| {
                let r = RoutingIndicator {
                    ri: get(&row, "ri"),
                    plad: get(&row, "plad"),
                    country: get(&row, "country"),
                    iso2: get(&row, "iso2"),
                    kind: get(&row, "kind"),
                };
                (r.ri.clone(), r)
            })
            .collect()
    })
}

/// Look up a routing indicator.
pub fn routing_indicator(ri: &str) -> Option<&'static RoutingIndicator> {
    table().get(ri)
}
