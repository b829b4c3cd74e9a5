//! minyi-core — the domain of Minyi (民意诉求管理系统) and its rules, with no GUI and no file
//! formats.
//!
//! Layout: [`model`] holds the vocabulary; [`usecases`] has one module per user action, each one
//! transaction that checks [`access`] and the lifecycle before writing; [`queries`] is the read
//! side; [`store`] is the only code that knows about SQLite; [`calendar`] and [`lifecycle`] are pure
//! logic shared by use cases and the demo data generator (the `minyi-demo` crate, which writes
//! through [`store::bulk`]); [`check`] verifies a whole file.
//!
//! The store is sealed: other crates reach the data only through use cases, queries and the
//! store's typed functions, never a connection (see [`store`]). Tests that must look at rows use
//! the `testing` feature's `testing` module.

pub mod access;
pub mod backup;
pub mod calendar;
pub mod check;
pub mod error;
pub mod lifecycle;
pub mod mask;
pub mod model;
pub mod queries;
pub mod store;
#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod testing;
pub mod time;
pub mod usecases;
pub mod validate;

pub use error::{CoreError, ErrorCode, Result};
pub use store::Store;
