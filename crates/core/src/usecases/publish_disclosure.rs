//! Publishing a period's disclosure report on the public portal (§七(一)1: the office publishes its
//! figures on its website). The report is the one the 信息公开 screen exports as a web page (small
//! numbers already suppressed); it is kept as it was when published, one per period, and publishing
//! the period again replaces it. Only those who may compile the disclosure may publish it.

use crate::access::{Action, authorize};
use crate::error::Result;
use crate::model::Ctx;
use crate::store::Store;
use crate::store::portal::{self, PublishedReport};
use crate::time::fmt_ts;

pub fn publish(
    store: &mut Store,
    ctx: &Ctx<'_>,
    period: &str,
    title: &str,
    html: &str,
) -> Result<PublishedReport> {
    authorize(ctx.actor, Action::Disclosure, None)?;
    store.write(|tx, _| {
        portal::publish(
            tx,
            period,
            title,
            html,
            &fmt_ts(&ctx.now),
            ctx.actor.user_id,
        )
    })
}
