//! The full-text index of demo data, built on a thread of its own in the store's scratch index
//! ([`minyi_core::store::bulk::ScratchIndex`]) and copied into the real one at the end.
//!
//! Trigram indexing is the largest single cost of bulk-loading demo appeals (about 40% of the
//! writer's time); on its own thread it runs beside the rest of the load on the second core.

use minyi_core::error::{CoreError, Result};
use minyi_core::store::bulk::{BuiltIndex, BulkLoad};
use minyi_core::store::search::NewEntry;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// A running index builder.
pub(super) struct FtsBuild {
    pub send: SyncSender<Vec<NewEntry>>,
    thread: JoinHandle<Result<BuiltIndex>>,
}

/// Starts the builder on a scratch index of `load`'s file.
pub(super) fn start(load: &BulkLoad<'_>) -> Result<FtsBuild> {
    let mut index = load.scratch_index()?;
    let (send, receive): (SyncSender<Vec<NewEntry>>, Receiver<Vec<NewEntry>>) = sync_channel(8);
    let thread = std::thread::spawn(move || -> Result<BuiltIndex> {
        for batch in receive {
            index.add(&batch)?;
        }
        index.close()
    });
    Ok(FtsBuild { send, thread })
}

impl FtsBuild {
    /// Waits for the builder and puts its index in place of `load`'s (empty) one.
    pub fn finish(self, load: &mut BulkLoad<'_>) -> Result<()> {
        drop(self.send);
        let built = self
            .thread
            .join()
            .map_err(|_| CoreError::storage("全文索引生成线程意外终止。"))??;
        load.replace_index(built)
    }
}
