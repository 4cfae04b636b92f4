//! Guards against hostile YAML that run before and during parsing.
//!
//! - **Nesting** (`flow_depth_exceeded`): how deep flow collections (`[`, `{`) nest, checked on
//!   the text *before* the parser runs. It has to run first: the YAML scanner's cost grows with
//!   the square of the flow depth, so an 80 KB bracket bomb costs seconds before the first event
//!   reaches serde. The pre-scan follows YAML's own rules for where a collection may start (after
//!   node properties `&anchor` and `!tag`, document markers, `- `, `? `, `: `, any line break), and
//!   errs on the side of counting: a test compares it with the real parser's depth on generated
//!   documents.
//! - **Nesting of block collections** on one line (`- - - x`, `? ? x`): each indicator opens a
//!   collection inside the last, so a megabyte of them is half a million levels that the parser
//!   builds before serde's recursion limit could answer. Counted on the same pass, with the flow
//!   depth: indentation alone cannot nest deeply (each level costs a column on every line).
//! - **Expansion** ([`Budget`]): how many values, and how many bytes of text, a document may
//!   expand to. Aliases (`*name`) repeat the node an anchor (`&name`) marks, so a small file can
//!   stand for millions of values, or a 500 KB name repeated 150,000 times. The budget counts every
//!   value serde asks the parser for and the bytes of every string, aliases expanded included,
//!   each *before* the value is built; it stops at a small multiple of the file's size in values
//!   and at the file-size limit in text, which no document without aliases can reach.

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

/// Bytes of text (strings and keys, aliases expanded) a document may expand to: what the file
/// itself may hold. A document without aliases cannot pass it: YAML's escapes and line folding
/// only ever shorten the text they stand for.
pub const MAX_TEXT_BYTES: u64 = super::MAX_FILE_BYTES as u64;

/// What a person is told when a document's text expands past [`MAX_TEXT_BYTES`].
pub const TEXT_EXPANSION_MESSAGE: &str = "the document expands to more text than a file may hold \
(1024 KiB; YAML aliases `*name` repeat what an anchor `&name` marks); refusing to expand it";

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

/// The deepest nesting the scan counts, or the offset where it passes `max`: flow collections,
/// plus the block collections opened on the same line before them (`- - [`, `? ? x`).
fn flow_depth(text: &str, max: usize) -> Result<usize, usize> {
    let mut depth = 0usize;
    // Block indicators (`- `, `? `, `: `) on this line so far, outside flow collections: each one
    // after the first opens a collection inside the one before.
    let mut block = 0usize;
    let mut deepest = 0usize;
    for t in tokens(text) {
        let nesting = match t.kind {
            Kind::FlowOpen => {
                depth += 1;
                depth + block
            }
            Kind::FlowClose => {
                depth -= 1;
                continue;
            }
            Kind::Entry | Kind::Key | Kind::Value if depth == 0 => {
                block += 1;
                block
            }
            Kind::Break => {
                block = 0;
                continue;
            }
            _ => continue,
        };
        if nesting > max {
            return Err(t.start);
        }
        deepest = deepest.max(nesting);
    }
    Ok(deepest)
}

/// What a document may still expand to: values, and bytes of text.
pub struct Left {
    values: Cell<u64>,
    bytes: Cell<u64>,
}

impl Left {
    /// The budget of a document of `bytes` bytes.
    pub fn for_text(bytes: usize) -> Left {
        Left {
            values: Cell::new(value_budget(bytes)),
            bytes: Cell::new(MAX_TEXT_BYTES),
        }
    }
}

/// A deserializer that counts every value asked of the one it wraps, and the bytes of every
/// string handed to a visitor, and fails once either passes the budget. Every value: a key, a
/// scalar, a collection, and the values an alias repeats; the check comes before the visitor
/// copies the text, so nothing larger than the budget is ever built.
pub struct Budget<'a, D> {
    de: D,
    left: &'a Left,
}

impl<'a, D> Budget<'a, D> {
    /// Wrap `de`; `left` is the budget, shared by every value of the document.
    pub fn new(de: D, left: &'a Left) -> Self {
        Budget { de, left }
    }
}

fn spend<E: de::Error>(left: &Left) -> Result<(), E> {
    match left.values.get() {
        0 => Err(E::custom(EXPANSION_MESSAGE)),
        k => {
            left.values.set(k - 1);
            Ok(())
        }
    }
}

/// Spend `n` bytes of text, before a visitor copies them.
fn spend_bytes<E: de::Error>(left: &Left, n: usize) -> Result<(), E> {
    let n = n as u64;
    match left.bytes.get().checked_sub(n) {
        Some(rest) => {
            left.bytes.set(rest);
            Ok(())
        }
        None => Err(E::custom(TEXT_EXPANSION_MESSAGE)),
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

/// A visitor whose nested values go through the budget too, and whose text is counted.
struct Counted<'a, V> {
    inner: V,
    left: &'a Left,
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
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        spend_bytes(self.left, v.len())?;
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        spend_bytes(self.left, v.len())?;
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        spend_bytes(self.left, v.len())?;
        self.inner.visit_string(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        spend_bytes(self.left, v.len())?;
        self.inner.visit_bytes(v)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        spend_bytes(self.left, v.len())?;
        self.inner.visit_borrowed_bytes(v)
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        spend_bytes(self.left, v.len())?;
        self.inner.visit_byte_buf(v)
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
    left: &'a Left,
}

/// A seed whose value goes through the budget.
struct CountedSeed<'a, S> {
    inner: S,
    left: &'a Left,
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

        /// A document whose deepest node is a run of block indicators on one line (`- ? - x`),
        /// after a header that puts it in a block collection.
        fn block_document() -> impl Strategy<Value = (String, usize)> {
            let indicator = prop::sample::select(vec!["- ", "- ", "? ", "-  ", "?  "]);
            let header = prop::sample::select(vec![
                ("", 0),
                ("---\n", 0),
                ("answers:\n  ", 1),
                ("answers:\n- ", 2),
                ("# - - comment\n", 0),
            ]);
            (
                header,
                prop::collection::vec(indicator, 1..40),
                prop::sample::select(vec!["x", "&a [a, [b]]", "!!map {a: [b]}", "'q'", "a: b"]),
            )
                .prop_map(|((h, block), run, leaf)| (format!("{h}{}{leaf}\n", run.concat()), block))
        }

        /// An anchored node of a generated document: a long string, or a list of aliases of the
        /// nodes before it and short strings.
        #[derive(Debug, Clone)]
        enum Node {
            Text(usize),
            List(Vec<Option<usize>>),
        }

        /// Documents `nK: &aK node` where later nodes repeat earlier ones through aliases, as an
        /// attacker writes them (a 500 KB name repeated, lists of lists of it).
        fn alias_document() -> impl Strategy<Value = Vec<Node>> {
            let text = prop_oneof![1usize..64, 1usize..300_000].prop_map(Node::Text);
            prop::collection::vec(
                prop_oneof![
                    text,
                    prop::collection::vec(prop::option::of(0usize..8), 0..24).prop_map(Node::List)
                ],
                1..8,
            )
            .prop_map(|mut nodes| {
                // An alias may only name a node before it.
                for (k, node) in nodes.iter_mut().enumerate() {
                    if let Node::List(items) = node {
                        for item in items.iter_mut() {
                            *item = item.filter(|_| k > 0).map(|i| i % k);
                        }
                    }
                }
                nodes
            })
        }

        /// The text of a generated document, and what it expands to: (bytes of text, values).
        fn write_document(nodes: &[Node]) -> (String, u64, u64) {
            let mut doc = String::new();
            // Per node: its bytes of text and its values once expanded.
            let mut size: Vec<(u64, u64)> = Vec::new();
            let (mut bytes, mut values) = (0u64, 1u64);
            for (k, node) in nodes.iter().enumerate() {
                let key = format!("n{k}");
                let (b, v) = match node {
                    Node::Text(n) => {
                        doc.push_str(&format!("{key}: &a{k} {}\n", "x".repeat(*n)));
                        (*n as u64, 1)
                    }
                    Node::List(items) => {
                        let shown: Vec<String> = items
                            .iter()
                            .map(|i| i.map_or("s".to_string(), |i| format!("*a{i}")))
                            .collect();
                        doc.push_str(&format!("{key}: &a{k} [{}]\n", shown.join(", ")));
                        items.iter().fold((0, 1), |(b, v), i| match i {
                            Some(i) => (b + size[*i].0, v + size[*i].1),
                            None => (b + 1, v + 1),
                        })
                    }
                };
                size.push((b, v));
                bytes += key.len() as u64 + b;
                values += 1 + v;
            }
            (doc, bytes, values)
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 300,
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            /// A document is read exactly when its text, aliases expanded, fits the file-size
            /// limit (and its values their budget); otherwise it is refused before the text is
            /// copied, whatever the aliases claim.
            #[test]
            fn aliases_are_read_exactly_when_their_text_fits_the_limit(nodes in alias_document()) {
                let (doc, bytes, values) = write_document(&nodes);
                let left = Left::for_text(doc.len());
                let parsed: Result<std::collections::BTreeMap<String, serde_yaml::Value>, _> =
                    serde::Deserialize::deserialize(Budget::new(
                        serde_yaml::Deserializer::from_str(&doc),
                        &left,
                    ));
                let fits = bytes <= MAX_TEXT_BYTES && values <= value_budget(doc.len());
                match parsed {
                    Ok(map) => {
                        prop_assert!(fits, "read {bytes} bytes, {values} values");
                        let text: u64 = map.iter().map(|(k, v)| k.len() as u64 + text_of(v)).sum();
                        prop_assert_eq!(text, bytes);
                    }
                    Err(e) => {
                        prop_assert!(!fits, "{e}");
                        let e = e.to_string();
                        prop_assert!(
                            e.contains(TEXT_EXPANSION_MESSAGE) || e.contains(EXPANSION_MESSAGE),
                            "{e}"
                        );
                    }
                }
            }
        }

        /// Bytes of text in a value read back.
        fn text_of(v: &serde_yaml::Value) -> u64 {
            match v {
                serde_yaml::Value::String(s) => s.len() as u64,
                serde_yaml::Value::Sequence(items) => items.iter().map(text_of).sum(),
                _ => 0,
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 2000,
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            /// Block collections opened on one line count too: the parser builds every level of
            /// `- - - x` before serde could refuse it.
            #[test]
            fn the_pre_scan_counts_block_collections_opened_on_one_line(
                (doc, block) in block_document()
            ) {
                let parsed: Result<Depth, _> = serde_yaml::from_str(&doc);
                prop_assert!(parsed.is_ok(), "{doc:?}: {}", parsed.err().unwrap());
                let real = parsed.unwrap().0 - block;
                let counted = flow_depth(&doc, usize::MAX).unwrap();
                prop_assert!(counted >= real, "counted {counted}, parser {real}: {doc:?}");
            }

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
