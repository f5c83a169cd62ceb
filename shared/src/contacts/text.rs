//! Folding text for sorting and matching: "Hélène" and "helene" are equal.

use unicode_normalization::UnicodeNormalization;

/// Lower-case with diacritics removed (NFD, then combining marks dropped).
pub fn fold(text: &str) -> String {
    text.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Hélène Dubœuf"), "helene dubœuf");
        assert_eq!(fold("ÇA VA"), "ca va");
        assert_eq!(fold("Jürgen Van Den Broeck"), "jurgen van den broeck");
    }
}
