//! The byte stream the CSV parser reads: stray quotes inside quoted cells escaped,
//! unterminated quotes that would merge records refused, records bounded in size, and
//! the file's line numbers kept. Knows bytes and lines only, nothing of claims.

use std::io::BufRead;

use super::super::MAX_RECORD_BYTES;
use crate::error::DataError;

/// Where [`QuoteRepair`] is in the CSV grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field, not yet known to close it.
    QuoteSeen,
}

/// Streams CSV bytes, escaping the stray quotes spreadsheets and hand edits leave
/// inside quoted fields: in `"Il a dit "non" hier"`, a quote that is neither doubled
/// nor followed by the delimiter or a line end is a literal quote, so it is written
/// doubled before the CSV parser sees it. A quoted cell that has run over a line break
/// when such a quote comes is another matter: it is far more likely an unterminated
/// quote swallowing the records after it (`"A,x` then `"B",y`), so it is refused
/// naming its line (with `lenient`, read as one cell with a warning). It also keeps
/// where lines end, because the parser counts records, not the line breaks inside
/// quoted cells, and errors name the file's lines; and it refuses a record longer than
/// [`MAX_RECORD_BYTES`] before the parser buffers it.
pub(super) struct QuoteRepair<R> {
    inner: R,
    delimiter: u8,
    lenient: bool,
    state: QuoteState,
    /// The input's line (from 1) at the byte being read.
    line: u64,
    /// The line where the quoted cell being read opened.
    quote_opened: u64,
    /// Bytes of the record being read.
    record_bytes: usize,
    /// Warnings for the caller (`lenient` repairs).
    pub(super) warnings: Vec<String>,
    out: Vec<u8>,
    /// How much of `out` was already read.
    pos: usize,
    /// Offset in the repaired stream of `out[0]`.
    out_start: u64,
    /// Offsets of the `\n`s written and not yet passed by [`QuoteRepair::line_at`].
    newlines: std::collections::VecDeque<u64>,
    /// `\n`s before the last offset asked about.
    lines_passed: u64,
    done: bool,
}

impl<R: BufRead> QuoteRepair<R> {
    pub(super) fn new(inner: R, delimiter: u8, lenient: bool) -> Self {
        QuoteRepair {
            inner,
            delimiter,
            lenient,
            state: QuoteState::FieldStart,
            line: 1,
            quote_opened: 1,
            record_bytes: 0,
            warnings: Vec::new(),
            out: Vec::with_capacity(1 << 16),
            pos: 0,
            out_start: 0,
            newlines: std::collections::VecDeque::new(),
            lines_passed: 0,
            done: false,
        }
    }

    /// The line (from 1) of an offset of the repaired stream; offsets must not go back.
    /// The parser places a record after CRLF at the `\n`, so a `\n` at the offset
    /// itself belongs to the line before.
    pub(super) fn line_at(&mut self, offset: u64) -> u64 {
        while self.newlines.front().is_some_and(|&n| n <= offset) {
            self.newlines.pop_front();
            self.lines_passed += 1;
        }
        self.lines_passed + 1
    }

    /// One byte through the repair: appends what the parser should see to `out`.
    fn repair_byte(&mut self, b: u8) -> std::io::Result<()> {
        use QuoteState::*;
        let line_end = b == b'\n' || b == b'\r';
        let delimiter = self.delimiter;
        self.record_bytes += 1;
        let next = match self.state {
            FieldStart if b == b'"' => {
                self.quote_opened = self.line;
                Quoted
            }
            FieldStart | Unquoted if line_end => {
                self.record_bytes = 0;
                FieldStart
            }
            FieldStart | Unquoted if b == delimiter => FieldStart,
            FieldStart | Unquoted => Unquoted,
            Quoted if b == b'"' => {
                // Decided on the next byte.
                self.state = QuoteSeen;
                return Ok(());
            }
            Quoted => Quoted,
            QuoteSeen if b == b'"' => {
                self.out.extend_from_slice(b"\"\"");
                self.state = Quoted;
                return Ok(());
            }
            QuoteSeen if line_end || b == delimiter => {
                self.out.push(b'"');
                if line_end {
                    self.record_bytes = 0;
                }
                FieldStart
            }
            QuoteSeen => {
                self.stray_quote()?;
                self.out.extend_from_slice(b"\"\"");
                Quoted
            }
        };
        if b == b'\n' {
            self.line += 1;
        }
        if self.record_bytes > MAX_RECORD_BYTES {
            return Err(data_error(format!(
                "line {}: a record longer than {} MiB; is this really a CSV file?",
                self.line,
                MAX_RECORD_BYTES >> 20
            )));
        }
        self.state = next;
        self.out.push(b);
        Ok(())
    }

    /// A quote inside a quoted cell that neither closes it nor is doubled.
    fn stray_quote(&mut self) -> std::io::Result<()> {
        if self.line == self.quote_opened {
            return Ok(());
        }
        let (opened, line) = (self.quote_opened, self.line);
        if self.lenient {
            self.warnings.push(format!(
                "line {opened}: a quoted cell runs on to line {line}, where it holds a stray quote; \
                 read as one cell (--lenient)"
            ));
            return Ok(());
        }
        Err(data_error(format!(
            "line {opened}: a quoted cell is not closed on its line and swallows a stray quote on \
             line {line}, which would merge records; close the quote on line {opened}, or pass \
             --lenient to read it as one cell"
        )))
    }

    fn end_of_input(&mut self) -> std::io::Result<()> {
        match self.state {
            QuoteState::QuoteSeen => self.out.push(b'"'),
            QuoteState::Quoted if self.line > self.quote_opened && !self.lenient => {
                return Err(data_error(format!(
                    "line {}: a quoted cell is never closed; close its quote, or pass --lenient",
                    self.quote_opened
                )));
            }
            _ => {}
        }
        Ok(())
    }
}

/// A data error carried through the `Read` the CSV parser sees.
fn data_error(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, DataError::new(message))
}

impl<R: BufRead> std::io::Read for QuoteRepair<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.out.len() && !self.done {
            self.out_start += self.out.len() as u64;
            self.out.clear();
            self.pos = 0;
            let input = self.inner.fill_buf()?.to_vec();
            if input.is_empty() {
                self.done = true;
                self.end_of_input()?;
                break;
            }
            for &b in &input {
                self.repair_byte(b)?;
            }
            self.inner.consume(input.len());
            let start = self.out_start;
            self.newlines
                .extend(memchr::memchr_iter(b'\n', &self.out).map(|i| start + i as u64));
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(input: &str, capacity: usize) -> String {
        use std::io::Read as _;
        let reader = std::io::BufReader::with_capacity(capacity, input.as_bytes());
        let mut out = String::new();
        QuoteRepair::new(reader, b',', false)
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn stray_quotes_inside_quoted_cells_are_escaped_across_buffer_ends() {
        let input = "a,\"Il a dit \"non\" hier\",\"ok \"\"x\"\"\"\n\"end\"";
        let expected = "a,\"Il a dit \"\"non\"\" hier\",\"ok \"\"x\"\"\"\n\"end\"";
        for capacity in [1, 2, 3, 7, 64] {
            assert_eq!(repaired(input, capacity), expected, "capacity {capacity}");
        }
        // Valid CSV passes unchanged.
        let valid = "x,\"a \"\"b\"\"\",c\r\n\"multi\nline\",d\n";
        assert_eq!(repaired(valid, 3), valid);
    }

    #[test]
    fn line_numbers_count_breaks_inside_quoted_cells() {
        let mut r = QuoteRepair::new("h\n\"a\nb\"\nc\n".as_bytes(), b',', false);
        let mut sink = Vec::new();
        std::io::Read::read_to_end(&mut r, &mut sink).unwrap();
        assert_eq!(r.line_at(0), 1);
        assert_eq!(r.line_at(2), 2);
        assert_eq!(r.line_at(8), 4);
    }
}
