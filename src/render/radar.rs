//! The radar chart, as inline SVG.
