//! The audit log workbooks are set up for paper like every other export (the rows themselves are
//! checked where the command writes them, in the service's tests).

mod common;

use common::assert_print_ready;
use minyi_sheets::audit_book::{write_access_log, write_security_log};

#[test]
fn both_audit_logs_print_on_a4_with_their_header_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let security = dir.path().join("安全日志.xlsx");
    write_security_log(&[], "全部记录", &security).unwrap();
    let access = dir.path().join("访问记录.xlsx");
    write_access_log(&[], "全部记录", &access).unwrap();
    for out in [&security, &access] {
        let print = assert_print_ready(out);
        assert_eq!(print.len(), 1);
        assert!(print[0].landscape, "{print:?}");
        assert_eq!(print[0].title_rows, "$1:$1");
    }
}
