//! [`HashingReader`]: every byte a reader takes from a file also goes into its SHA-256 and into
//! the thread's progress count ([`bytes_read`]), so what was parsed can be checked against the
//! hash in the items' source references without a third read.

use std::io::{self, Read};

use sha2::{Digest, Sha256};

/// A reader that hashes and counts every byte passing through it.
pub(crate) struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    count: u64,
}

impl<R: Read> HashingReader<R> {
    /// Hashes and counts what passes through `inner`.
    pub(super) fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
            count: 0,
        }
    }

    /// Reads what is left, then returns the hash (hex) and the number of bytes seen.
    pub(super) fn finish(mut self) -> io::Result<(String, u64)> {
        io::copy(
            &mut self.inner,
            &mut HashWriter(&mut self.hasher, &mut self.count),
        )?;
        Ok((crate::model::hex_lower(&self.hasher.finalize()), self.count))
    }
}

/// Feeds `io::copy` into the hasher of a [`HashingReader`].
struct HashWriter<'h>(&'h mut Sha256, &'h mut u64);

impl io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        *self.1 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        BYTES_READ.with(|b| b.set(b.get() + n as u64));
        Ok(n)
    }
}

thread_local! {
    /// Bytes of the file being parsed on this thread that the parser has read so far.
    static BYTES_READ: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How far into its file the parse running on this thread has read, in bytes: a progress bar's
/// position, read from inside the item callback (parsing is synchronous, one file per thread).
pub fn bytes_read() -> u64 {
    BYTES_READ.with(std::cell::Cell::get)
}

/// Starts the progress count of a new file on this thread at 0.
pub(super) fn reset_bytes_read() {
    BYTES_READ.with(|b| b.set(0));
}
