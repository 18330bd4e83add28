//! The closed sets of words Sekisho stores and sends: decisions, statuses, 3-D Secure results,
//! card brands, roles, categories, reason and error codes. Each is an enum whose string form is
//! derived once (strum, `serialize_all = "snake_case"` beside serde's `rename_all =
//! "snake_case"`); [`vocabulary!`] gives every one of them `as_str`, `parse` and `ALL`, and
//! [`serde_mismatches`] lets a test prove that both derivations spell every word alike.

use std::fmt::Debug;
use std::str::FromStr;

use serde::Serialize;
use serde::de::DeserializeOwned;
pub use strum::VariantArray;

/// Gives each vocabulary named here `as_str`, `parse` and `ALL`, all read from the strum
/// derives (`IntoStaticStr`, `EnumString`, `VariantArray`), so that no name is written twice.
#[macro_export]
macro_rules! vocabulary {
    ($($vocabulary:ty),+ $(,)?) => {
        $(
            impl $vocabulary {
                /// Every word, in the order declared.
                pub const ALL: &'static [Self] =
                    <Self as $crate::vocabulary::VariantArray>::VARIANTS;

                /// The stable name: the JSON and the database form.
                pub fn as_str(self) -> &'static str {
                    self.into()
                }

                /// The word with this name, if there is one.
                pub fn parse(name: &str) -> Option<Self> {
                    name.parse().ok()
                }
            }
        )+
    };
}

/// Every word whose serde name differs from its vocabulary name or does not read back; a test
/// per vocabulary asserts that this is empty.
pub fn serde_mismatches<T>() -> Vec<String>
where
    T: Copy + PartialEq + Debug + Into<&'static str> + FromStr + VariantArray,
    T: Serialize + DeserializeOwned + 'static,
{
    T::VARIANTS
        .iter()
        .filter_map(|word| {
            let name: &'static str = (*word).into();
            let json = serde_json::to_value(word).ok();
            let back = serde_json::from_value::<T>(serde_json::Value::from(name)).ok();
            let same = json.as_ref().and_then(|v| v.as_str()) == Some(name)
                && back == Some(*word)
                && name.parse::<T>().ok() == Some(*word);
            (!same).then(|| format!("{word:?} ({name})"))
        })
        .collect()
}

/// Asserts, in a test, that serde and the vocabulary agree on every word of each type given.
#[macro_export]
macro_rules! assert_vocabularies_match_serde {
    ($($vocabulary:ty),+ $(,)?) => {
        $(
            let mismatches = $crate::vocabulary::serde_mismatches::<$vocabulary>();
            assert!(
                mismatches.is_empty(),
                "{}: serde and strum disagree on {:?}",
                stringify!($vocabulary),
                mismatches
            );
        )+
    };
}
