//! Patterns: the bottlenecks (*knelpunten*) that workers tag in household files, counted across
//! households so policy can fix causes instead of cases.
//!
//! Every two months Work & Income (W&I), policy makers and the neighbourhood teams (*buurtteams*)
//! meet to look at these patterns: which rules, processes, gaps in provision and financial traps
//! keep coming back, and whether an agreed structural improvement made a difference. That meeting
//! sees aggregates only, never a household:
//!
//! - [`taxonomy`]: the list of bottlenecks a worker can tag, as data (TOML) and as an admin form;
//! - [`deidentify`]: removes names, addresses, numbers and dates from an example text before it
//!   leaves the household file;
//! - [`suppression`]: hides small counts in a table (and the counts they could be derived from);
//! - [`improvement`]: a structural improvement linked to a bottleneck, with its status and its
//!   before/after effect on the number of tags.

pub mod deidentify;
pub mod improvement;
pub mod suppression;
pub mod taxonomy;

#[cfg(test)]
mod tests;
