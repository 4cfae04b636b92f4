//! Evidence measured from the systems of record: a CRM's contacts export gives Database
//! Completeness its figures (`crm`), a research team's interview log gives Qualitative Interviews
//! its level (`interviews`), and the measured figures are written back into the program file
//! (`update`).
//!
//! Exports are read through the form-export reader ([`import::read`](crate::import::read)) with its
//! byte limits, row by row: a million contacts are counted in the memory of a few rows. Personal
//! data never leaves an export: what is kept are counts and the values of the persona and stage
//! columns (the program's own vocabulary), and every message about a row names its row and
//! column, never a cell's text (`redact`).

pub mod crm;
pub mod interviews;
pub mod redact;
pub mod update;
