//! Guards against hostile YAML that run before and during parsing.
//!
//! - **Nesting** (`flow_depth_exceeded`): how deep flow collections (`[`, `{`) nest, checked on
//!   the text *before* the parser runs. It has to run first: the YAML scanner's cost grows with
//!   the square of the flow depth, so an 80 KB bracket bomb costs seconds before the first event
//!   reaches serde. The pre-scan follows YAML's own rules for where a collection may start (after
//!   node properties `&anchor` and `!tag`, document markers, `- `, `? `, `: `, any line break), and
//!   errs on the side of counting: a test compares it with the real parser's depth on generated
//!   documents.
//! - **Expansion** ([`Budget`]): how many values a document may expand to. Aliases (`*name`) repeat
//!   the node an anchor (`&name`) marks, so a small file can stand for millions of values. The
//!   budget counts every value serde asks the parser for, aliases expanded included, and stops at a
//!   small multiple of the file's size, which no document without aliases can reach.

use super::yaml_text::{tokens, Kind};
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;

/// Deepest nesting of brackets we accept; the documents we read need fewer than ten.
pub const MAX_NESTING: usize = 100;

/// Values a document may expand to, per byte of its text. Without aliases a document cannot
/// reach it: every value takes at least one byte, and serde asks for an optional value twice.
pub const MAX_VALUES_PER_BYTE: u64 = 4;

/// The budget of a small file: room for a few aliases of a persona's lists.
const MIN_VALUES: u64 = 16_384;

/// The value budget of a document of `bytes` bytes.
pub fn value_budget(bytes: usize) -> u64 {
    (bytes as u64).max(MIN_VALUES / MAX_VALUES_PER_BYTE) * MAX_VALUES_PER_BYTE
}

/// What a person is told when a document expands past its budget.
pub const EXPANSION_MESSAGE: &str = "the document expands to far more values than it holds \
(YAML aliases `*name` repeat what an anchor `&name` marks); refusing to expand it";

/// Byte offset where YAML flow collections (`[`, `{`) nest deeper than `max`, if they do. Linear
/// in the text: it reads the text with the shared tokenizer (`yaml_text`), which opens a
/// collection only where YAML does, so a file the tool wrote itself always reads back. Where it
/// cannot tell, it counts: a false "too deep" needs a hundred brackets in odd plain text, a missed
/// one would let the bomb through.
pub(super) fn flow_depth_exceeded(text: &str, max: usize) -> Option<usize> {
    flow_depth(text, max).err()
}

/// The deepest flow nesting the scan counts, or the offset where it passes `max`.
fn flow_depth(text: &str, max: usize) -> Result<usize, usize> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for t in tokens(text) {
        match t.kind {
            Kind::FlowOpen => {
                depth += 1;
                if depth > max {
                    return Err(t.start);
                }
                deepest = deepest.max(depth);
            }
            Kind::FlowClose => depth -= 1,
            _ => {}
        }
    }
    Ok(deepest)
}

/// A deserializer that counts every value asked of the one it wraps and fails once the count
/// passes the budget. Every value: a key, a scalar, a collection, and the values an alias repeats.
pub struct Budget<'a, D> {
    de: D,
    left: &'a Cell<u64>,
}

impl<'a, D> Budget<'a, D> {
    /// Wrap `de`; `left` is the budget, shared by every value of the document.
    pub fn new(de: D, left: &'a Cell<u64>) -> Self {
        Budget { de, left }
    }
}

fn spend<E: de::Error>(left: &Cell<u64>) -> Result<(), E> {
    match left.get() {
        0 => Err(E::custom(EXPANSION_MESSAGE)),
        k => {
            left.set(k - 1);
            Ok(())
        }
    }
}

macro_rules! counted {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            spend::<D::Error>(self.left)?;
            self.de.$method($($arg,)* Counted { inner: visitor, left: self.left })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Budget<'_, D> {
    type Error = D::Error;

    counted! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A visitor whose nested values go through the budget too.
struct Counted<'a, V> {
    inner: V,
    left: &'a Cell<u64>,
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Counted<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Budget::new(d, self.left))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Budget::new(d, self.left))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(CountedAccess {
            inner: seq,
            left: self.left,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(CountedAccess {
            inner: map,
            left: self.left,
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(CountedAccess {
            inner: data,
            left: self.left,
        })
    }
}

/// A sequence, map, enum or variant whose elements go through the budget.
struct CountedAccess<'a, A> {
    inner: A,
    left: &'a Cell<u64>,
}

/// A seed whose value goes through the budget.
struct CountedSeed<'a, S> {
    inner: S,
    left: &'a Cell<u64>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for CountedSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Budget::new(d, self.left))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for CountedAccess<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let left = self.left;
        self.inner
            .next_element_seed(CountedSeed { inner: seed, left })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for CountedAccess<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let left = self.left;
        self.inner.next_key_seed(CountedSeed { inner: seed, left })
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        let left = self.left;
        self.inner
            .next_value_seed(CountedSeed { inner: seed, left })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'a, 'de, A: EnumAccess<'de>> EnumAccess<'de> for CountedAccess<'a, A> {
    type Error = A::Error;
    type Variant = CountedAccess<'a, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let left = self.left;
        let (value, variant) = self.inner.variant_seed(CountedSeed { inner: seed, left })?;
        Ok((
            value,
            CountedAccess {
                inner: variant,
                left,
            },
        ))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for CountedAccess<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        let left = self.left;
        self.inner
            .newtype_variant_seed(CountedSeed { inner: seed, left })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let left = self.left;
        self.inner.tuple_variant(
            len,
            Counted {
                inner: visitor,
                left,
            },
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let left = self.left;
        self.inner.struct_variant(
            fields,
            Counted {
                inner: visitor,
                left,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(open: &str) -> String {
        open.repeat(MAX_NESTING + 1)
    }

    fn too_deep(text: &str) -> bool {
        flow_depth_exceeded(text, MAX_NESTING).is_some()
    }

    #[test]
    fn only_brackets_that_open_collections_count_toward_nesting() {
        assert!(too_deep(&format!("answers: {}", deep("["))));
        assert!(too_deep(&format!("- {}", deep("{a: "))));
        assert!(too_deep(&format!("a: [x, {}]", deep("["))));
        // Text, not collections: plain scalars, quotes, comments, block scalars.
        for text in [
            format!("role: s{}ales\n", deep("{")),
            format!("role: \"{}\"\n", deep("{")),
            format!("role: 'it''s {}'\n", deep("[")),
            format!("a: b # {}\n", deep("[")),
            format!("note: |-\n  {}\n  more\nnext: x\n", deep("{")),
            format!("note: >\n\n    {}\nnext: [1]\n", deep("[")),
            format!("- key: |\n    {}\n", deep("[")),
            format!("note: \"a\n  {}\"\n", deep("[")),
            format!("note: a:{}\nnext: x\n", deep("[")),
        ] {
            assert!(!too_deep(&text), "{text}");
        }
    }

    #[test]
    fn nothing_before_a_collection_hides_it_from_the_nesting_limit() {
        for text in [
            format!("answers: &a {}", deep("[")),
            format!("answers: !!seq {}", deep("[")),
            format!("answers: &a !!seq {}", deep("[")),
            format!("answers: !<tag:yaml.org,2002:seq> {}", deep("[")),
            format!("answers: &a{}", deep("[")),
            format!("--- {}", deep("[")),
            format!("%YAML 1.2\n--- &x {}", deep("{")),
            format!("answers: # comment\n  &a {}", deep("[")),
            format!("answers:\n  - - &a !t {}", deep("[")),
            format!("a: b\r{}", deep("[")),
            format!("a: b\u{85}{}", deep("[")),
            format!("a: b\u{2028}{}", deep("{")),
            format!("note: |\n  text\n{}", deep("[")),
            format!("note: |\n    text\n  {}", deep("[")),
            format!("a: [&x {}]", deep("[")),
        ] {
            assert!(too_deep(&text), "{text:?}");
        }
    }

    /// The real nesting depth of a YAML document, as the parser sees it.
    struct Depth(usize);

    impl<'de> serde::Deserialize<'de> for Depth {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Depth, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Depth;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("anything")
                }
                fn visit_bool<E>(self, _: bool) -> Result<Depth, E> {
                    Ok(Depth(0))
                }
                fn visit_i64<E>(self, _: i64) -> Result<Depth, E> {
                    Ok(Depth(0))
                }
                fn visit_u64<E>(self, _: u64) -> Result<Depth, E> {
                    Ok(Depth(0))
                }
                fn visit_f64<E>(self, _: f64) -> Result<Depth, E> {
                    Ok(Depth(0))
                }
                fn visit_str<E>(self, _: &str) -> Result<Depth, E> {
                    Ok(Depth(0))
                }
                fn visit_unit<E>(self) -> Result<Depth, E> {
                    Ok(Depth(0))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Depth, A::Error> {
                    let mut deepest = 0;
                    while let Some(Depth(d)) = a.next_element()? {
                        deepest = deepest.max(d);
                    }
                    Ok(Depth(deepest + 1))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Depth, A::Error> {
                    let mut deepest = 0;
                    while let Some((Depth(k), Depth(v))) = a.next_entry()? {
                        deepest = deepest.max(k).max(v);
                    }
                    Ok(Depth(deepest + 1))
                }
            }
            d.deserialize_any(V)
        }
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;

        /// Anchors, which may stand before any node.
        fn anchor() -> impl Strategy<Value = &'static str> {
            prop::sample::select(vec!["", "", "&a ", "&b "])
        }

        /// Node properties before a flow sequence or mapping: anchors and the matching tags.
        fn properties(map: bool) -> impl Strategy<Value = String> {
            let tags = if map {
                vec!["", "!!map ", "!<tag:yaml.org,2002:map> "]
            } else {
                vec!["", "!!seq ", "!<tag:yaml.org,2002:seq> "]
            };
            (anchor(), prop::sample::select(tags)).prop_map(|(a, t)| format!("{a}{t}"))
        }

        /// Text between two items of a flow collection: line breaks, comments, indentation.
        fn gap() -> impl Strategy<Value = &'static str> {
            prop::sample::select(vec![
                ", ",
                ", ",
                ",\n      ",
                ",\r\n       ",
                ", # a [ comment {\n      ",
                ",\r      ",
            ])
        }

        /// Scalars, some holding brackets as text.
        fn scalar() -> impl Strategy<Value = &'static str> {
            prop::sample::select(vec!["a", "\"[{\"", "'it''s ['", "\"x\\\"[\"", "7", "~"])
        }

        /// A node made only of flow collections (so the parser's depth is the flow depth).
        fn node() -> impl Strategy<Value = String> {
            let leaf = scalar().prop_map(str::to_string);
            leaf.prop_recursive(12, 64, 4, |inner| {
                any::<bool>()
                    .prop_flat_map(move |map| {
                        (
                            properties(map),
                            Just(map),
                            prop::collection::vec((inner.clone(), gap()), 0..4),
                        )
                    })
                    .prop_map(|(props, map, items)| {
                        let mut out = format!("{props}{}", if map { "{" } else { "[" });
                        for (k, (item, gap)) in items.iter().enumerate() {
                            if k > 0 {
                                out.push_str(gap);
                            }
                            if map {
                                out.push_str(&format!("k{k}: {item}"));
                            } else {
                                out.push_str(item);
                            }
                        }
                        out.push(if map { '}' } else { ']' });
                        out
                    })
            })
        }

        /// A document holding one such node, after a header that may hide it.
        fn document() -> impl Strategy<Value = (String, usize)> {
            let header = prop::sample::select(vec![
                ("", 0),
                ("--- ", 0),
                ("%YAML 1.2\n--- ", 0),
                ("# [[ comment\n", 0),
                ("note: |\n  [[[ text\nanswers: ", 1),
                ("answers: ", 1),
                ("answers:\n  - ", 2),
                ("answers: # {{\n  ", 1),
            ]);
            (header, node()).prop_map(|((h, block), n)| (format!("{h}{n}\n"), block))
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 2000,
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            /// The pre-scan may count more than the parser, never less: a bracket it misses is a
            /// bracket bomb that gets through.
            #[test]
            fn the_pre_scan_never_counts_less_than_the_parser((doc, block) in document()) {
                let parsed: Result<Depth, _> = serde_yaml::from_str(&doc);
                prop_assert!(parsed.is_ok(), "{doc:?}: {}", parsed.err().unwrap());
                let real = parsed.unwrap().0 - block;
                let counted = flow_depth(&doc, usize::MAX).unwrap();
                prop_assert!(counted >= real, "counted {counted}, parser {real}: {doc:?}");
            }
        }
    }

    #[test]
    fn the_value_budget_grows_with_the_file_and_has_a_floor() {
        assert_eq!(value_budget(0), MIN_VALUES);
        assert_eq!(value_budget(1 << 20), 4 << 20);
    }
}
