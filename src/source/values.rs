//! Small value types the raw document types share: dates written `YYYY-MM-DD`, maps that keep
//! file order and refuse duplicate keys, and structs that may only be written as maps.

use serde::Deserialize;

/// A struct that may only be written as a map. serde's derive also accepts a sequence of the
/// fields in order, so `respondent: [Dana, sales]` would silently mean name and role; no file we
/// read means that.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOnly<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MapOnly<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = MapOnly<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of names to values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<MapOnly<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(MapOnly)
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// `deserialize_with` for an optional struct field that must be a map.
pub fn opt_map_only<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(Option::<MapOnly<T>>::deserialize(d)?.map(|m| m.0))
}

/// `deserialize_with` for a list of structs that must each be a map.
pub fn vec_map_only<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Vec::<MapOnly<T>>::deserialize(d)?
        .into_iter()
        .map(|m| m.0)
        .collect())
}

/// `deserialize_with` for an optional list of structs that must each be a map.
pub fn opt_vec_map_only<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    Ok(Option::<Vec<MapOnly<T>>>::deserialize(d)?.map(|v| v.into_iter().map(|m| m.0).collect()))
}

/// A map that keeps file order and rejects duplicate keys (serde's own maps silently keep the
/// last one, which would hide a mistake).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueMap<V>(pub Vec<(String, V)>);

impl<V> Default for UniqueMap<V> {
    fn default() -> Self {
        UniqueMap(Vec::new())
    }
}

/// Most entries any map in a document may have.
pub const MAX_MAP_ENTRIES: usize = 1000;

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for UniqueMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Visitor<V> {
            type Value = UniqueMap<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of names to values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out: Vec<(String, V)> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    if out.len() >= MAX_MAP_ENTRIES {
                        return Err(serde::de::Error::custom(format!(
                            "more than {MAX_MAP_ENTRIES} entries; expected a small map"
                        )));
                    }
                    let value = map.next_value()?;
                    out.push((key, value));
                }
                Ok(UniqueMap(out))
            }
        }
        d.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

impl<V: serde::Serialize> serde::Serialize for UniqueMap<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A calendar date written as `YYYY-MM-DD`: a string in YAML, a date in TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub chrono::NaiveDate);

impl Date {
    /// Today on this machine's clock. The one place the program reads it: commands read it once
    /// and pass the date down, so everything below takes it as a value (and tests fix it).
    pub fn today() -> Date {
        Date(chrono::Local::now().date_naive())
    }

    /// Exactly `YYYY-MM-DD`: four digits of year (0001 to 9999), two of month, two of day, a
    /// real calendar date. Nothing else: no sign, no spaces, no single-digit month or day.
    pub fn parse(s: &str) -> Result<Date, String> {
        let wrong = || format!("`{s}` is not a valid date; expected YYYY-MM-DD, e.g. 2026-11-02");
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(wrong());
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
        let (y, m, d) = (num(0..4), num(5..7), num(8..10));
        if y == 0 {
            return Err(format!(
                "`{s}` is not a valid date; the year runs from 0001 to 9999"
            ));
        }
        chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
            .map(Date)
            .ok_or_else(wrong)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            // TOML hands dates over as a one-entry map holding the date's text.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let Some((_, v)) = map.next_entry::<String, String>()? else {
                    return Err(serde::de::Error::custom(
                        "expected a date written YYYY-MM-DD",
                    ));
                };
                Date::parse(&v).map_err(serde::de::Error::custom)
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod date_tests {
    use super::Date;

    #[test]
    fn dates_are_exactly_yyyy_mm_dd_with_a_year_from_0001_to_9999() {
        for ok in ["2026-11-22", "0001-01-01", "9999-12-31", "2024-02-29"] {
            assert_eq!(Date::parse(ok).unwrap().to_string(), ok);
        }
        for bad in [
            "+2026-11-22",
            " 2026-11-22",
            "2026-11-22 ",
            "0000-01-01",
            "2026-2-3",
            "2026-02-30",
            "20261-1-22",
            "2026/11/22",
            "2026-11-2",
            "-026-11-22",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad:?}");
        }
    }
}
