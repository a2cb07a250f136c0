//! Closed sets of names in scenario files (disciplines, tones, weekdays, day sets,
//! profiles): each is an enum read and written by its name, and a name outside the set is
//! refused with the allowed names and the nearest one.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserializer, Serializer};

/// An enum written in scenario files as one of a fixed list of names.
pub trait Named: Copy + 'static {
    /// Every value, in the order the names are listed in messages.
    const ALL: &'static [Self];

    /// The name as written in scenario files.
    fn name(self) -> &'static str;

    /// The name of every value, in [`Named::ALL`] order.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.name()).collect()
    }
}

/// Reads a [`Named`] value from a string; anything else is refused with the names.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Named>(d: D) -> Result<T, D::Error> {
    struct Visitor<T>(PhantomData<T>);
    impl<T: Named> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "a string, one of {}", T::names().join(", "))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            T::ALL
                .iter()
                .copied()
                .find(|t| t.name() == v)
                .ok_or_else(|| {
                    // serde's own words for an unknown variant, which `from_serde` recognises.
                    let names: Vec<String> = T::names().iter().map(|n| format!("`{n}`")).collect();
                    E::custom(format!(
                        "unknown variant `{v}`, expected one of {}",
                        names.join(", ")
                    ))
                })
        }
    }
    d.deserialize_str(Visitor(PhantomData))
}

/// Writes a [`Named`] value as its name.
pub(crate) fn serialize<S: Serializer, T: Named>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.name())
}

/// The JSON Schema of a [`Named`] enum: a string, one of its names.
pub(crate) fn schema<T: Named>() -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "enum": T::names(),
    })
}

/// Implements `Serialize`, `Deserialize` and `JsonSchema` by name for [`Named`] enums.
macro_rules! serde_by_name {
    ($($t:ty),* $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::scenario::named::serialize(self, s)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::scenario::named::deserialize(d)
            }
        }
        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($t).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $crate::scenario::named::schema::<$t>()
            }
        }
    )*};
}
pub(crate) use serde_by_name;
