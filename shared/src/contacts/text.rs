//! Folding text for sorting and matching: "Hélène" and "helene" are equal.

use unicode_normalization::UnicodeNormalization;

/// Lower-case with diacritics removed (NFD, then combining marks dropped).
pub fn fold(text: &str) -> String {
    text.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// The letter a name is listed under: its first letter folded and in
/// capitals ("É" under "E"), "#" for a name that does not begin with one.
pub fn initial(name: &str) -> String {
    match fold(name.trim_start()).chars().next() {
        Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
        _ => "#".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{fold, initial};

    #[test]
    fn a_name_is_listed_under_its_first_letter_without_accents() {
        assert_eq!(initial("Élise"), "E");
        assert_eq!(initial(" łukasz"), "Ł");
        assert_eq!(initial("øystein"), "Ø");
        assert_eq!(initial("06 Dépannage"), "#");
        assert_eq!(initial(""), "#");
    }

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Hélène Dubœuf"), "helene dubœuf");
        assert_eq!(fold("ÇA VA"), "ca va");
        assert_eq!(fold("Jürgen Van Den Broeck"), "jurgen van den broeck");
    }
}
