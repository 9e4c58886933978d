//! Reading a mapped file that another process truncates meanwhile (an
//! editor saving in place, `> file`, live reload reading mid-save).
//!
//! A read of a mapped page that lies past the file's new end raises
//! SIGBUS, whose default action kills the process. While a map is read
//! it is registered here ([`Guard`]); a SIGBUS handler that finds the
//! faulting address inside a registered map maps anonymous zero pages
//! over the rest of that map (`MAP_FIXED`) and flags it. The faulting
//! read is then retried by the processor and reads zeros, so the parse
//! goes on to an error (a NUL byte is never valid JSON or CSV) and the
//! loader reports the file as changed while it was read. A fault
//! anywhere else goes to the handler that was there before (Rust's own
//! stack-overflow handler), or to the default action: it kills as it
//! always did.
//!
//! Why this and not reading large files with `read` instead of mapping
//! them: the map lets the loader hand pages back as it goes and lets the
//! parallel reader share one copy of a gigabyte file between threads;
//! why not `mlock` or a lease: neither stops a truncation by another user.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

/// How many maps may be read at once (files are read one at a time; the
/// UI's reload and a test's loads may overlap). A map beyond them is read
/// unguarded, as before.
const SLOTS: usize = 16;

/// A slot's `start` while it is being filled in.
const CLAIMED: usize = 1;

/// One map being read: where it starts (0: the slot is free), its
/// length, and whether a truncation was met.
struct Slot {
    start: AtomicUsize,
    len: AtomicUsize,
    truncated: AtomicBool,
}

impl Slot {
    const fn new() -> Slot {
        Slot {
            start: AtomicUsize::new(0),
            len: AtomicUsize::new(0),
            truncated: AtomicBool::new(false),
        }
    }
}

static REGISTRY: [Slot; SLOTS] = [const { Slot::new() }; SLOTS];

/// The system's page size, read when the handler is installed.
static PAGE: AtomicUsize = AtomicUsize::new(4096);

/// The SIGBUS action before ours (leaked once; null until installed).
static PREVIOUS: AtomicPtr<libc::sigaction> = AtomicPtr::new(std::ptr::null_mut());

static INSTALL: Once = Once::new();

/// A map registered while it is read; dropping it lets the map go.
pub(super) struct Guard {
    slot: Option<&'static Slot>,
}

impl Guard {
    /// Registers `map` (the bytes of a mapped file) until the guard drops,
    /// installing the handler the first time.
    pub(super) fn new(map: &[u8]) -> Guard {
        INSTALL.call_once(install);
        if PREVIOUS.load(Ordering::Acquire).is_null() {
            // The handler could not be installed: read as before.
            return Guard { slot: None };
        }
        let start = map.as_ptr() as usize;
        let slot = REGISTRY.iter().find(|s| {
            s.start
                .compare_exchange(0, CLAIMED, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
        });
        if let Some(slot) = slot {
            slot.len.store(map.len(), Ordering::Release);
            slot.truncated.store(false, Ordering::Release);
            slot.start.store(start, Ordering::Release);
        }
        Guard { slot }
    }

    /// Whether the file was cut short while the map was read (its end now
    /// reads as zeros).
    pub(super) fn truncated(&self) -> bool {
        self.slot
            .is_some_and(|s| s.truncated.load(Ordering::Acquire))
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(slot) = self.slot {
            slot.start.store(0, Ordering::Release);
        }
    }
}

/// Installs the SIGBUS handler, keeping the action before it.
fn install() {
    // SAFETY: sysconf only reads a system constant.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if let Ok(page) = usize::try_from(page)
        && page.is_power_of_two()
    {
        PAGE.store(page, Ordering::Relaxed);
    }
    // SAFETY: both structures are zeroed (a valid sigaction), ours names
    // a handler of the SA_SIGINFO signature; the previous action is
    // written into memory we own and leak, so the handler can read it
    // for as long as the process lives. SA_ONSTACK keeps Rust's
    // alternate signal stack in use, as its own handler asks.
    unsafe {
        let mut ours: libc::sigaction = std::mem::zeroed();
        ours.sa_sigaction = on_sigbus as *const () as libc::sighandler_t;
        ours.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut ours.sa_mask);
        let previous: &'static mut libc::sigaction = Box::leak(Box::new(std::mem::zeroed()));
        if libc::sigaction(libc::SIGBUS, &ours, &mut *previous) == 0 {
            PREVIOUS.store(previous, Ordering::Release);
        }
    }
}

/// The SIGBUS handler. Only async-signal-safe work: atomics, `mmap` and
/// `sigaction` (system calls), and calling the previous handler.
extern "C" fn on_sigbus(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    // SAFETY: with SA_SIGINFO the kernel passes a valid siginfo_t; for
    // SIGBUS, si_addr is the faulting address.
    let addr = unsafe { (*info).si_addr() } as usize;
    let page = PAGE.load(Ordering::Relaxed);
    for slot in &REGISTRY {
        let start = slot.start.load(Ordering::Acquire);
        if start <= CLAIMED {
            continue;
        }
        let len = slot.len.load(Ordering::Acquire);
        if !(start..start.saturating_add(len)).contains(&addr) {
            continue;
        }
        let from = addr & !(page - 1);
        let end = (start + len).div_ceil(page) * page;
        // SAFETY: [from, end) lies inside a private, read-only file map
        // that a Guard registered and that stays mapped until that guard
        // drops (after the read); nothing else is there to overwrite.
        // Replacing its pages with anonymous zero pages changes only what
        // that map reads, which was past the file's end and unreadable.
        let mapped = unsafe {
            libc::mmap(
                from as *mut libc::c_void,
                end - from,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        if mapped != libc::MAP_FAILED {
            slot.truncated.store(true, Ordering::Release);
            // The faulting read is retried and reads zeros.
            return;
        }
    }
    // Not a map being read: what would have happened without us.
    let previous = PREVIOUS.load(Ordering::Acquire);
    // SAFETY: set once in `install` to a leaked, initialised sigaction
    // before this handler could run; only read since.
    let previous = unsafe { &*previous };
    let handler = previous.sa_sigaction;
    if handler != libc::SIG_DFL && handler != libc::SIG_IGN {
        if previous.sa_flags & libc::SA_SIGINFO != 0 {
            // SAFETY: an SA_SIGINFO action's handler has this signature,
            // and is called with the arguments the kernel gave us.
            let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                unsafe { std::mem::transmute(handler) };
            f(sig, info, ctx);
        } else {
            // SAFETY: a plain action's handler takes the signal number.
            let f: extern "C" fn(libc::c_int) = unsafe { std::mem::transmute(handler) };
            f(sig);
        }
        return;
    }
    // SAFETY: a zeroed sigaction with SIG_DFL is valid; sigaction is
    // async-signal-safe. On return the access faults again and the
    // default action ends the process, as it would have without us.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        libc::sigaction(libc::SIGBUS, &default, std::ptr::null_mut());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::load::source::{Contents, open};

    #[test]
    fn a_map_cut_short_while_read_reads_zeros_and_says_so() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let size = 17 << 20;
        std::io::Write::write_all(&mut file, &vec![b'x'; size]).unwrap();
        let Ok(Contents::Mapped(map)) = open(file.path()) else {
            panic!("not mapped");
        };
        let guard = Guard::new(&map);
        assert!(!guard.truncated());
        assert_eq!(map[size - 1], b'x');
        file.as_file().set_len(4096).unwrap();
        // Without the handler, this read kills the test process (SIGBUS).
        // SAFETY: an in-bounds read of the map (volatile: it must happen).
        let last = unsafe { std::ptr::read_volatile(map.as_ptr().add(size - 1)) };
        assert_eq!(last, 0);
        assert_eq!(map[0], b'x');
        assert!(guard.truncated());
        drop(guard);
    }
}
