//! A 100 MB line is rejected without being held in memory. In its own test binary so
//! the process's peak memory belongs to this test alone.
#![allow(clippy::unwrap_used)] // Tests may unwrap, helpers included.

use std::io::{self, Read};

use kilde_ingest::{Corpus, ReadOptions, RejectReason};

/// Produces `before`, then `len` bytes of `x`, then `after`, without ever holding
/// the long middle in memory.
struct LongLine {
    before: &'static [u8],
    len: u64,
    after: &'static [u8],
    pos: u64,
}

impl Read for LongLine {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let b = self.before.len() as u64;
        let total = b + self.len + self.after.len() as u64;
        let mut n = 0;
        while n < out.len() && self.pos < total {
            let p = self.pos;
            if p < b {
                let chunk = &self.before[p as usize..];
                let k = chunk.len().min(out.len() - n);
                out[n..n + k].copy_from_slice(&chunk[..k]);
                n += k;
                self.pos += k as u64;
            } else if p < b + self.len {
                let k = ((b + self.len - p) as usize).min(out.len() - n);
                out[n..n + k].fill(b'x');
                n += k;
                self.pos += k as u64;
            } else {
                let chunk = &self.after[(p - b - self.len) as usize..];
                let k = chunk.len().min(out.len() - n);
                out[n..n + k].copy_from_slice(&chunk[..k]);
                n += k;
                self.pos += k as u64;
            }
        }
        Ok(n)
    }
}

/// Peak resident memory of this process in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn hundred_megabyte_line_is_rejected_in_bounded_memory() {
    const LONG: u64 = 100 * 1024 * 1024;
    let input = LongLine {
        before: "date 2020-01 Artiklen før den lange linje.\n\ndate 2020-02 ".as_bytes(),
        len: LONG,
        after: "\nog lidt mere.\n\ndate 2020-03 Artiklen efter.\n".as_bytes(),
        pos: 0,
    };
    let items: Vec<_> = Corpus::from_reader("lang.txt", input, ReadOptions::default()).collect();
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[0].as_ref().unwrap().text,
        "Artiklen før den lange linje."
    );
    let r = items[1].as_ref().unwrap_err();
    match r.reason {
        RejectReason::TooLong { len, limit } => {
            assert!(len > LONG, "{len}");
            assert_eq!(limit, 16 * 1024 * 1024);
        }
        ref other => panic!("{other:?}"),
    }
    assert_eq!((r.origin.line, r.origin.byte_offset), (3, 45));
    assert!(r.excerpt.starts_with("date 2020-02 xxx"));
    assert!(r.excerpt.len() <= kilde_ingest::EXCERPT_BYTES);
    assert_eq!(items[2].as_ref().unwrap().text, "Artiklen efter.");
    if let Some(peak) = peak_rss_kib() {
        // The buffer may grow to the 16 MiB limit, never to the 100 MiB line.
        assert!(peak < 64 * 1024, "peak RSS {peak} KiB");
        eprintln!("peak RSS {peak} KiB");
    }
}
