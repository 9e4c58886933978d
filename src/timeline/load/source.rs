//! Getting a source's bytes: files read or mapped, standard input, and the
//! window that hands a mapped file's pages back as reading moves on.

use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A file's bytes: read into memory, or mapped when large.
pub(super) enum Contents {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

/// Files from this size up are mapped rather than read.
const MAP_FROM: u64 = 16 << 20;

/// Opens a file: mapped when large, read otherwise; the error is a message.
pub(super) fn open(path: &Path) -> Result<Contents, String> {
    let describe = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    };
    if path.is_dir() {
        return Err("is a directory, not a timeline file".to_string());
    }
    let file = std::fs::File::open(path).map_err(describe)?;
    let meta = file.metadata().map_err(describe)?;
    if meta.is_file() && meta.len() >= MAP_FROM {
        // Private and read-only (MAP_PRIVATE, PROT_READ): no write could
        // reach the file, and pages let go read back as the file's bytes.
        // SAFETY: the map is only read. If another process truncates the
        // file meanwhile, reads past its new end fault (SIGBUS): the loader
        // reads the map under a `sigbus::Guard`, which turns that into
        // zeros and an error. tlx never writes to its inputs.
        if let Ok(map) = unsafe { memmap2::MmapOptions::new().map_copy_read_only(&file) } {
            let _ = map.advise(memmap2::Advice::Sequential);
            return Ok(Contents::Mapped(map));
        }
    }
    // Pipes, process substitutions, devices, small files, or a map refused.
    read_stream(file).map(Contents::Read).map_err(describe)
}

/// Reads to the end, or to the end of the chunk holding the first NUL
/// byte: that is binary data, refused anyway, and a device such as
/// `/dev/zero` never ends.
pub(super) fn read_stream(mut reader: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 256 << 10];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        bytes.extend_from_slice(&chunk[..n]);
        if memchr::memchr(0, &chunk[..n]).is_some() {
            return Ok(bytes);
        }
    }
}

/// Hands a mapped file's pages back to the kernel once the loader is past
/// them, so a large file never sits in memory whole beside its events.
pub(super) struct Window<'m> {
    map: &'m memmap2::Mmap,
    released: AtomicUsize,
}

impl<'m> Window<'m> {
    /// Pages are released in steps of this many bytes (a multiple of every
    /// page size in use).
    const STEP: usize = 8 << 20;

    pub(super) fn new(map: &'m memmap2::Mmap) -> Self {
        Window {
            map,
            released: AtomicUsize::new(0),
        }
    }

    /// Says the bytes before `offset` will not be read again, except to
    /// locate an error (which reads them back from the file).
    /// An offset below the last one starts a new pass over the file (the
    /// UTF-8 check, then the parse).
    pub(super) fn release(&self, offset: usize) {
        let upto = offset.min(self.map.len()) / Self::STEP * Self::STEP;
        // One reader at a time moves this mark: order does not matter.
        let from = self.released.load(Ordering::Relaxed);
        if offset < from {
            self.released.store(upto, Ordering::Relaxed);
            return;
        }
        if upto > from {
            self.release_range(from..upto);
            self.released.store(upto, Ordering::Relaxed);
        }
    }

    /// Says the whole pages inside `range` will not be read again; safe to
    /// call from any thread, for any range.
    pub(super) fn release_range(&self, range: Range<usize>) {
        const PAGE: usize = 4096;
        let from = range.start.div_ceil(PAGE) * PAGE;
        let upto = range.end.min(self.map.len()) / PAGE * PAGE;
        if upto > from {
            // SAFETY: the map is private and never written (see `open`), so
            // dropped pages read back as the file's bytes; only memory use
            // changes.
            let _ = unsafe {
                self.map.unchecked_advise_range(
                    memmap2::UncheckedAdvice::DontNeed,
                    from,
                    upto - from,
                )
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::parse;

    #[test]
    fn a_large_file_is_mapped_private_and_read_only() {
        // SECURITY.md says so; before, the map was shared (`r--s`).
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, &vec![b' '; MAP_FROM as usize]).unwrap();
        let Ok(Contents::Mapped(map)) = open(file.path()) else {
            panic!("not mapped");
        };
        let start = map.as_ptr() as usize;
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let perms = maps.lines().find_map(|line| {
            let (range, rest) = line.split_once(' ')?;
            let (from, to) = range.split_once('-')?;
            let (from, to) = (
                usize::from_str_radix(from, 16).ok()?,
                usize::from_str_radix(to, 16).ok()?,
            );
            (from <= start && start < to).then(|| rest[..4].to_string())
        });
        assert_eq!(perms.as_deref(), Some("r--p"));
    }

    #[test]
    fn an_endless_stream_of_nul_bytes_is_refused_at_the_first() {
        // Before the fix, reading /dev/zero filled memory forever.
        let bytes = read_stream(std::io::repeat(0)).unwrap();
        assert!(bytes.len() <= 256 << 10);
        let err = parse("/dev/zero", &bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero:1:1: NUL byte: binary data, not a timeline"
        );
        let text = b"[{\"id\": \"a\", \"date\": \"2020\", \"title\": \"A\"}]";
        let read = read_stream(std::io::Read::chain(&text[..6], &text[6..])).unwrap();
        assert_eq!(read, text);
    }
}
