//! Benchmark of reading a CSV batch into a table (no database): for each row count given (default
//! 10,000, 20,000, 40,000 and 200,000 short rows), builds the CSV in memory and times
//! `read_csv` on it. Prints the figures; asserts nothing. Reading must be linear in the file's
//! size: twice the rows, twice the time.
//!
//! ```sh
//! cargo bench -p minyi-sheets --bench read_csv -- [ROWS...]
//! ```

use minyi_sheets::read::read_csv;
use std::time::Instant;

fn main() {
    let mut counts: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if counts.is_empty() {
        counts = vec![10_000, 20_000, 40_000, 200_000];
    }
    println!("读取 CSV（内存中生成，短行，UTF-8，CRLF 换行）");
    for n in counts {
        let mut text = String::from("姓名,电话,标题,内容\r\n");
        for i in 0..n {
            text.push_str(&format!(
                "张{i},138{:08},标题{i},\"内容，第 {i} 行\"\r\n",
                i % 100_000_000
            ));
        }
        let t = Instant::now();
        let table = read_csv(text.as_bytes()).expect("readable");
        let s = t.elapsed().as_secs_f64();
        assert_eq!(table.rows.len(), n);
        println!(
            "  {n:>9} 行  {:>7.1} MB  {s:8.3} s  {:>10.0} 行/秒",
            text.len() as f64 / 1e6,
            n as f64 / s
        );
    }
}
