//! The batch reader on any bytes: an .xlsx when they start like a zip, otherwise a CSV in
//! whatever encoding they seem to be. No input may panic; what is read keeps the reader's promises
//! (row numbers after the header's and increasing, rows and columns within the limits).

#![no_main]

use libfuzzer_sys::fuzz_target;
use minyi_sheets::read::{MAX_COLUMNS, MAX_ROWS, read_csv, read_xlsx_bytes};

fuzz_target!(|data: &[u8]| {
    let table = if data.starts_with(b"PK") {
        read_xlsx_bytes(data)
    } else {
        read_csv(data)
    };
    let Ok(t) = table else { return };
    assert!(t.rows.len() < MAX_ROWS);
    assert!(t.headers.len() <= MAX_COLUMNS);
    let mut last = t.header_line;
    for row in &t.rows {
        assert!(row.line > last, "row numbers increase after the header");
        assert!(row.cells.len() <= MAX_COLUMNS);
        last = row.line;
    }
});
