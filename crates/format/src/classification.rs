//! Classification: the first-line marking, captions, portion marks, and the
//! archive label derived from them (`CONFIDENTIAL//NOFORN`, ...).

/// Classification levels in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// UNCLAS / UNCLASSIFIED (also EFTO).
    Unclassified,
    /// LIMITED OFFICIAL USE (older administrative control).
    LimitedOfficialUse,
    /// CONFIDENTIAL.
    Confidential,
    /// SECRET.
    Secret,
    /// TOP SECRET.
    TopSecret,
}

impl Level {
    /// Read a classification word as written (letter-spaced or not).
    pub fn parse(s: &str) -> Option<Level> {
        let squeezed: String = s
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        Some(match squeezed.as_str() {
            "UNCLAS" | "UNCLASSIFIED" | "UNCLASEFTO" | "UNCLASSIFIEDEFTO" => Level::Unclassified,
            // A LIMITED OFFICIAL USE cable marked UNCLASSIFIED when decontrolled.
            "UNCLASSIFIEDLIMITEDOFFICIALUSE" => Level::Unclassified,
            "LIMITEDOFFICIALUSE" | "LOU" => Level::LimitedOfficialUse,
            "CONFIDENTIAL" | "CONFIDENTAL" => Level::Confidential,
            "SECRET" => Level::Secret,
            "TOPSECRET" => Level::TopSecret,
            _ => return None,
        })
    }

    /// Level of a portion marking (`C`, `S/NF`, `SBU`, `U`).
    pub fn from_portion_mark(mark: &str) -> Option<Level> {
        let head: String = mark
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_uppercase();
        Some(match head.as_str() {
            "U" | "SBU" | "UNCLASSIFIED" | "UNCLAS" => Level::Unclassified,
            "LOU" => Level::LimitedOfficialUse,
            "C" | "CONFIDENTIAL" => Level::Confidential,
            "S" | "SECRET" => Level::Secret,
            "TS" => Level::TopSecret,
            _ => return None,
        })
    }

    /// Name of the level.
    pub fn name(self) -> &'static str {
        match self {
            Level::Unclassified => "UNCLASSIFIED",
            Level::LimitedOfficialUse => "LIMITED OFFICIAL USE",
            Level::Confidential => "CONFIDENTIAL",
            Level::Secret => "SECRET",
            Level::TopSecret => "TOP SECRET",
        }
    }
}

/// The archive label for a level and its caveats, as `cables.csv` writes it.
///
/// `sbu` is true when the cable carries the SENSITIVE / SBU / FOUO control;
/// `noforn` when it carries NOFORN.
pub fn archive_label(level: Level, noforn: bool, sbu: bool) -> String {
    match level {
        Level::Unclassified | Level::LimitedOfficialUse
            if sbu || level == Level::LimitedOfficialUse =>
        {
            "UNCLASSIFIED//FOR OFFICIAL USE ONLY".to_string()
        }
        Level::Unclassified | Level::LimitedOfficialUse => "UNCLASSIFIED".to_string(),
        Level::Confidential | Level::Secret | Level::TopSecret if noforn => {
            format!("{}//NOFORN", level.name())
        }
        _ => level.name().to_string(),
    }
}

/// Level from the FL4 security redundancy group (`CCCCC`).
pub fn level_from_security(group: &str) -> Option<Level> {
    Some(match group.chars().next()? {
        'U' | 'E' => Level::Unclassified,
        'C' => Level::Confidential,
        'S' => Level::Secret,
        'T' => Level::TopSecret,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(
            Level::parse("C O N F I D E N T I A L"),
            Some(Level::Confidential)
        );
        assert_eq!(
            archive_label(Level::Confidential, true, false),
            "CONFIDENTIAL//NOFORN"
        );
        assert_eq!(
            archive_label(Level::Unclassified, false, true),
            "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
        );
        assert_eq!(Level::from_portion_mark("S/NF"), Some(Level::Secret));
    }
}
