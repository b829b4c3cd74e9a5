//! 全部已读 on the bell (issue 20 §8): moves the signed-in person's read mark up to the event the
//! bell showed last (not the log's head now, so that a reminder arriving meanwhile stays unread)
//! and marks today's "due tomorrow" reminders read. The mark only moves forward.

use super::*;
use crate::model::Ctx;
use crate::store::reminder_marks::{self, Mark};

pub fn mark_reminders_read(store: &mut Store, ctx: &Ctx<'_>, up_to_event: i64) -> Result<()> {
    let me = ctx.actor.user_id;
    let today = ctx.today();
    store.write(|tx, _| {
        let (head, _) = events::head(tx)?;
        reminder_marks::set(
            tx,
            me,
            Mark {
                event_id: up_to_event.clamp(0, head),
                due_read_on: Some(today),
            },
        )
    })
}
