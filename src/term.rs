//! The terminal, in one place: drawn on `/dev/tty` (never on stdout, which
//! carries the selection), restored on every way out (drop, panic,
//! SIGTERM, SIGHUP, SIGINT), suspended cleanly on Ctrl-Z and on SIGTSTP
//! from outside.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::net::UnixStream;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::{Frame, Terminal};

/// The terminal device every UI byte goes to.
const TTY: &str = "/dev/tty";

/// True while the terminal is in raw mode on the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// True while no UI runs: SIGTERM, SIGHUP and SIGINT then keep their default action.
static IDLE: AtomicBool = AtomicBool::new(true);
/// Set by SIGTERM, SIGHUP or SIGINT while the UI runs; the event loop quits on it.
static STOP: AtomicBool = AtomicBool::new(false);
/// Set by SIGINT while the UI runs: as STOP, but forgotten after a command
/// run by the `execute` action, whose Ctrl-C reaches tlx's process group too.
static INTERRUPT: AtomicBool = AtomicBool::new(false);
/// Set by SIGTSTP from outside (`kill -TSTP`) while the UI runs; the event
/// loop suspends on it as on Ctrl-Z.
static SUSPEND: AtomicBool = AtomicBool::new(false);

/// Why the terminal could not be used.
#[derive(Debug)]
pub enum TermError {
    /// No controlling terminal (`/dev/tty` cannot be opened).
    NoTerminal(io::Error),
    /// The terminal failed while in use.
    Io(io::Error),
}

impl From<io::Error> for TermError {
    fn from(e: io::Error) -> Self {
        TermError::Io(e)
    }
}

type Backend = CrosstermBackend<BufWriter<File>>;

/// The full-screen terminal on `/dev/tty`; dropping it restores the terminal.
pub struct Tty {
    terminal: Terminal<Backend>,
    /// The descriptor of `/dev/tty`, owned by the terminal's writer.
    fd: std::os::fd::RawFd,
    /// Readable when SIGWINCH came, so a resize wakes [`Tty::wait`].
    winch: UnixStream,
    winch_id: signal_hook::SigId,
    /// Readable when a [`Waker`] was woken, so other threads wake [`Tty::wait`].
    wake: UnixStream,
    /// The writing end, cloned for each [`Waker`].
    wake_writer: UnixStream,
}

/// Wakes the [`Tty::wait`] of the terminal it came from, from any thread.
#[derive(Debug)]
pub struct Waker(UnixStream);

impl Waker {
    /// Makes the terminal's wait return [`Wait::Woken`] (now, or at once
    /// when it next waits).
    pub fn wake(&self) {
        // Full means a wake-up is already pending; nothing else can fail
        // while the terminal is open.
        let _ = (&self.0).write(&[1]);
    }
}

/// What [`Tty::wait`] saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Input or a resize is ready for crossterm to read.
    Input,
    /// A [`Waker`] was woken (and there was no input).
    Woken,
    /// Nothing came in time (or a signal interrupted the wait).
    Idle,
    /// The terminal is gone: its window closed, its multiplexer killed.
    HungUp,
}

impl Tty {
    /// Opens `/dev/tty`, enters raw mode, the alternate screen and mouse capture.
    pub fn open() -> Result<Tty, TermError> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(TTY)
            .map_err(TermError::NoTerminal)?;
        install_hooks()?;
        let fd = std::os::fd::AsRawFd::as_raw_fd(&file);
        let (winch, winch_writer) = UnixStream::pair()?;
        winch.set_nonblocking(true)?;
        let winch_id =
            signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, winch_writer)?;
        let (wake, wake_writer) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        wake_writer.set_nonblocking(true)?;
        let mut writer = BufWriter::new(file);
        IDLE.store(false, Ordering::SeqCst);
        STOP.store(false, Ordering::SeqCst);
        INTERRUPT.store(false, Ordering::SeqCst);
        SUSPEND.store(false, Ordering::SeqCst);
        if let Err(e) = enter(&mut writer) {
            leave(&mut writer);
            IDLE.store(true, Ordering::SeqCst);
            return Err(e.into());
        }
        let terminal = match Terminal::new(CrosstermBackend::new(writer)) {
            Ok(t) => t,
            Err(e) => {
                restore_from_anywhere();
                IDLE.store(true, Ordering::SeqCst);
                return Err(e.into());
            }
        };
        Ok(Tty {
            terminal,
            fd,
            winch,
            winch_id,
            wake,
            wake_writer,
        })
    }

    /// Draws one frame, wrapped in a synchronized update so it appears at once.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(render)?;
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        Ok(())
    }

    /// The terminal's size in cells.
    pub fn size(&self) -> io::Result<(u16, u16)> {
        let s = self.terminal.size()?;
        Ok((s.width, s.height))
    }

    /// Ctrl-Z: restores the terminal, stops the process, and on `fg`
    /// re-enters the UI and forgets the screen so the next draw is whole.
    pub fn suspend(&mut self) -> io::Result<()> {
        leave(self.terminal.backend_mut());
        let stopped = stop_self();
        SUSPEND.store(false, Ordering::SeqCst);
        enter(self.terminal.backend_mut())?;
        stopped?;
        // `resize` clears the screen and forgets the last frame; unlike
        // `clear`, it does not ask the terminal where its cursor is.
        let size = self.terminal.size()?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
    }

    /// Runs `work` on the terminal as the shell has it (cooked mode, main
    /// screen, cursor shown), then takes the UI back and forgets the
    /// screen so the next draw is whole, as [`suspend`](Self::suspend)
    /// does. A Ctrl-C or Ctrl-Z meant for the work is not taken as tlx's.
    pub fn outside<R>(&mut self, work: impl FnOnce() -> R) -> io::Result<R> {
        leave(self.terminal.backend_mut());
        let result = work();
        INTERRUPT.store(false, Ordering::SeqCst);
        SUSPEND.store(false, Ordering::SeqCst);
        enter(self.terminal.backend_mut())?;
        let size = self.terminal.size()?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        Ok(result)
    }

    /// Writes an escape sequence of tlx's own (OSC 52) to the terminal,
    /// between frames.
    pub fn write_sequence(&mut self, bytes: &[u8]) -> io::Result<()> {
        let writer = self.terminal.backend_mut();
        writer.write_all(bytes)?;
        writer.flush()
    }

    /// A [`Waker`] for another thread to end this terminal's [`Tty::wait`].
    pub fn waker(&self) -> io::Result<Waker> {
        Ok(Waker(self.wake_writer.try_clone()?))
    }

    /// Waits up to `timeout` for input or a resize on the terminal, or for
    /// a [`Waker`].
    ///
    /// The UI waits here rather than in crossterm: when the terminal hangs
    /// up without a SIGHUP (a multiplexer killed), reads return nothing
    /// forever and crossterm's reader spins on them; here the hang-up shows.
    pub fn wait(&mut self, timeout: std::time::Duration) -> Wait {
        let mut fds = [
            libc::pollfd {
                fd: self.fd,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: std::os::fd::AsRawFd::as_raw_fd(&self.winch),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: std::os::fd::AsRawFd::as_raw_fd(&self.wake),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
        // SAFETY: three valid pollfds, owned by this frame; nothing is kept.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), 3, ms) };
        if ready <= 0 {
            return Wait::Idle;
        }
        if fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Wait::HungUp;
        }
        // Drain the wake-ups; crossterm reports the resize itself.
        let woken = drain(&mut self.wake, fds[2].revents);
        if drain(&mut self.winch, fds[1].revents) || fds[0].revents & libc::POLLIN != 0 {
            Wait::Input
        } else if woken {
            Wait::Woken
        } else {
            Wait::Idle
        }
    }

    /// True once SIGTERM, SIGHUP or SIGINT has asked the UI to stop.
    pub fn stop_requested() -> bool {
        STOP.load(Ordering::SeqCst) || INTERRUPT.load(Ordering::SeqCst)
    }

    /// True when SIGTSTP from outside has asked the UI to suspend.
    pub fn suspend_requested() -> bool {
        SUSPEND.load(Ordering::SeqCst)
    }
}

/// Stops the process as the terminal's Ctrl-Z would: SIGTSTP with its
/// default action, so that in an orphaned process group (no shell to send
/// SIGCONT) the kernel discards it instead of stopping tlx for good.
/// tlx's own SIGTSTP handler is put back on resuming.
fn stop_self() -> io::Result<()> {
    use signal_hook::consts::SIGTSTP;
    // SAFETY: sigaction with zeroed (valid) structures; the previous action,
    // signal-hook's handler, is restored exactly as it was. A SIGTSTP from
    // outside in between stops tlx, which is what it asked for.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        let mut ours: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(SIGTSTP, &default, &mut ours) != 0 {
            return Err(io::Error::last_os_error());
        }
        // Delivered, and the process stopped, before `raise` returns.
        let raised = signal_hook::low_level::raise(SIGTSTP);
        libc::sigaction(SIGTSTP, &ours, std::ptr::null_mut());
        raised
    }
}

/// Empties a wake-up socket that `poll` found readable; true if it was.
fn drain(socket: &mut UnixStream, revents: libc::c_short) -> bool {
    if revents & libc::POLLIN == 0 {
        return false;
    }
    let mut sink = [0u8; 64];
    while matches!(io::Read::read(socket, &mut sink), Ok(n) if n > 0) {}
    true
}

impl Drop for Tty {
    fn drop(&mut self) {
        signal_hook::low_level::unregister(self.winch_id);
        leave(self.terminal.backend_mut());
        IDLE.store(true, Ordering::SeqCst);
    }
}

/// Raw mode, alternate screen, mouse, bracketed paste, hidden cursor.
fn enter(w: &mut impl Write) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        w,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    )
}

/// Undoes [`enter`]; does nothing when the terminal is already restored.
fn leave(w: &mut impl Write) {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    // Best effort: a terminal that is gone cannot be restored.
    let _ = execute!(
        w,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = w.flush();
    let _ = disable_raw_mode();
}

/// Restores the terminal without the [`Tty`] (from the panic hook).
fn restore_from_anywhere() {
    if let Ok(mut tty) = OpenOptions::new().write(true).open(TTY) {
        leave(&mut tty);
    } else {
        ACTIVE.store(false, Ordering::SeqCst);
        let _ = disable_raw_mode();
    }
}

/// Installs, once per process, a panic hook that restores the terminal
/// before the message is printed, and the SIGTERM/SIGHUP handlers.
fn install_hooks() -> io::Result<()> {
    static HOOKS: Once = Once::new();
    let mut result = Ok(());
    HOOKS.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if ACTIVE.load(Ordering::SeqCst) {
                restore_from_anywhere();
            }
            previous(info);
        }));
        result = install_signals();
    });
    result
}

fn install_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    // SIGINT only arrives from outside (`kill -INT`), or from a Ctrl-C
    // while a command of `execute` runs: in raw mode Ctrl-C is a key.
    for (signal, flag) in [(SIGTERM, &STOP), (SIGHUP, &STOP), (SIGINT, &INTERRUPT)] {
        // Outside the UI the default action (terminate) still applies;
        // inside it, the loop is asked to quit so the terminal is restored.
        signal_hook::flag::register_conditional_default(signal, &IDLE)?;
        signal_hook::flag::register(signal, flag)?;
    }
    // Likewise SIGTSTP from outside (in raw mode Ctrl-Z is a key): outside
    // the UI it stops tlx; inside, the loop suspends as on Ctrl-Z, restoring
    // the terminal first.
    signal_hook::flag::register_conditional_default(SIGTSTP, &IDLE)?;
    signal_hook::flag::register(SIGTSTP, &SUSPEND)?;
    Ok(())
}
