//! The operations of the surface, one module per screen or domain. Each is a type whose fields are
//! its arguments and whose [`Command`](crate::Command) implementation is one call into the crate
//! that holds the rule (core's use cases and queries, analysis, sheets, paper).

pub mod actions;
pub mod admin;
pub mod analysis;
pub mod appeals;
pub mod assessment;
pub mod assists;
pub mod audit;
pub mod backup;
pub mod batch;
pub mod bell;
pub mod exports;
pub mod import;
pub mod paper;
pub mod publish;
pub mod queues;
pub mod visits;
pub mod window;
pub mod work;
