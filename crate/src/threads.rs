//! One call split across the threads that share this module's memory.
//!
//! The threaded build (`+atomics`, memory imported and shared; README,
//! "Threads") runs `help` on each helper worker: it sleeps on a generation
//! counter until a call publishes a job. `for_each` publishes one (a closure
//! and a number of chunks), wakes the helpers and takes chunks itself until
//! none is left, so the calling thread does a share of the work and only
//! spins (no `Atomics.wait`, which a browser's main thread may not use) for
//! chunks still running elsewhere. A chunk is claimed by one thread, and
//! computes what the one-thread loop computes: results are identical, bit
//! for bit, whatever the split. Without atomics `for_each` is that loop.
//!
//! A helper that stops (its `help` traps, a bug: kernels never trap on user
//! input; or its worker is terminated or crashes) is marked dead (`died`),
//! by its own JS after a trap or by the supervisor worker that started it
//! and sees it exit (ts/threads.ts): the calling thread, which spins in
//! `finish` and cannot see worker events itself, then runs again any chunk
//! the dead helper held, so the call completes with the same bytes, and
//! waits no more for it to leave the job. So a chunk must be one that can
//! run again after part of it ran: it writes, and never adds to, the
//! elements it owns (a sum it builds starts from zero inside the chunk;
//! `rerun_chunks` lets a kernel's tests check). A dead helper is never replaced
//! (its id and slot are not reused, so no chunk and no `PerThread` state
//! can be reached by two helpers): later calls split across the helpers
//! left, and `count` says how many threads that is. `died` is idempotent,
//! as both the trap handler and the supervisor may report one helper.

use crate::error::KernelResult;
use crate::mem;
use core::cell::UnsafeCell;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ops::Range;
use core::sync::atomic::{
    AtomicU8, AtomicUsize,
    Ordering::{Acquire, Release, SeqCst},
};

/// The thread running a chunk, as `for_each` names it: below `slots()`,
/// never held by two running chunks at once.
pub struct Slot(usize);

/// Work (about one multiply-add or byte moved per unit) below which a call
/// stays on the calling thread: waking a helper and handing it chunks costs
/// tens of microseconds (more on a VM), as much as this much work.
pub const MIN_WORK: usize = 1 << 17;
static SPLIT_FROM: AtomicUsize = AtomicUsize::new(MIN_WORK);

/// Sets the least work a call splits (`MIN_WORK` by default; tests split
/// every call with 0, so that small inputs exercise every split).
pub fn split_from(work: usize) {
    SPLIT_FROM.store(work, SeqCst);
}

/// Whether a call of `work` in all splits (when there are threads).
pub fn worth(work: usize) -> bool {
    work >= SPLIT_FROM.load(SeqCst)
}

/// Runs `f(chunk, slot)` for every chunk in `0..chunks`, split across the
/// threads when there are any and the call's `work` (all chunks together,
/// in `MIN_WORK`'s units) is worth it. Calls made from inside a chunk run
/// as the plain loop.
pub fn for_each(chunks: usize, work: usize, f: &(dyn Fn(usize, Slot) + Sync)) {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    if chunks > 1 && worth(work) && shared::run(chunks, &|i, slot| f(i, Slot(slot))) {
        return;
    }
    let _ = work;
    #[cfg(test)]
    if tests::RERUN.get() {
        (0..chunks).for_each(|i| f(i, Slot(0)));
    }
    (0..chunks).for_each(|i| f(i, Slot(0)))
}

/// For kernels' tests: `body` with every chunk run twice, as the caller runs
/// a dead helper's chunk again after that helper ran part of it. A kernel's
/// chunks must allow it (write, never add to, what they own).
#[cfg(test)]
pub fn rerun_chunks<T>(body: impl FnOnce() -> T) -> T {
    tests::RERUN.set(true);
    let out = body();
    tests::RERUN.set(false);
    out
}

/// Threads running now: 1 plus the helpers attached.
pub fn count() -> usize {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    return 1 + shared::helpers();
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    1
}

/// Chunks for `units` units of `work` in all: one on a single thread or
/// for little work; else a few per thread, so that a slow thread leaves its
/// share to the others.
pub fn chunks(units: usize, work: usize) -> usize {
    match count() {
        n if n > 1 && worth(work) => units.min(4 * n),
        _ => units.min(1),
    }
}

/// Units `0..n` (`work` in all) in consecutive runs, each handed to
/// `f(run, slot)` on some thread: one run on a single thread or for little
/// work, else runs that shrink as the work goes (see `Guided`).
pub fn runs(n: usize, work: usize, f: &(dyn Fn(Range<usize>, Slot) + Sync)) {
    let guided = match count() {
        t if t > 1 && worth(work) => Guided::new(n, t),
        _ => Guided::new(n, 1),
    };
    for_each(guided.count(), work, &|k, slot| f(guided.run(k), slot));
}

/// Runs of `0..n` for `t` threads, each a `2t`-th of what is left and at
/// least a `16t`-th of the whole: threads start on large runs (few seams,
/// where a band re-reads its neighbour's edge rows) and end on small ones,
/// so a thread that starts late or runs slow leaves the others little to
/// wait for. Taken in order (`for_each` hands out chunks by index).
struct Guided {
    n: usize,
    div: usize,
    least: usize,
}

impl Guided {
    fn new(n: usize, t: usize) -> Self {
        match t {
            1 => Guided { n, div: 1, least: n.max(1) },
            _ => Guided { n, div: 2 * t, least: n.div_ceil(16 * t).max(1) },
        }
    }

    /// The length of the run that starts where `rest` units are left.
    fn step(&self, rest: usize) -> usize {
        rest.div_ceil(self.div).max(self.least).min(rest)
    }

    fn count(&self) -> usize {
        let (mut k, mut start) = (0, 0);
        while start < self.n {
            start += self.step(self.n - start);
            k += 1;
        }
        k
    }

    /// Run `k` (below `count()`; a few dozen steps at most).
    fn run(&self, k: usize) -> Range<usize> {
        let start = (0..k).fold(0, |s, _| s + self.step(self.n - s));
        start..start + self.step(self.n - start)
    }
}

/// `runs` over `n` units of about `cost` work each.
pub fn runs_of(n: usize, cost: usize, f: &(dyn Fn(Range<usize>, Slot) + Sync)) {
    runs(n, n.saturating_mul(cost), f)
}

/// `runs` of chunks that can fail: every run goes ahead, and the call
/// returns the first error met (the caller drops a failed call's output).
pub fn try_runs(n: usize, work: usize, f: &(dyn Fn(Range<usize>, Slot) -> KernelResult + Sync)) -> KernelResult {
    let first = Lazy::new();
    runs(n, work, &|run, slot| {
        if let Err(e) = f(run, slot) {
            first.get(|| e);
        }
    });
    first.into_inner().map_or(Ok(()), Err)
}

/// A value made once, on first use, that never blocks a thread (a browser's
/// main thread may not wait): the first caller makes it, and any other
/// arriving meanwhile spins for the few microseconds that takes. (std's
/// OnceLock and Mutex wait on a futex when contended, which traps there.)
pub struct Lazy<T> {
    state: AtomicU8,
    value: UnsafeCell<MaybeUninit<T>>,
}

// SAFETY: the value is written once, by the thread that moved `state` from
// EMPTY, and read only after `state` is READY.
unsafe impl<T: Send + Sync> Sync for Lazy<T> {}

impl<T> Default for Lazy<T> {
    fn default() -> Self {
        Self::new()
    }
}

const EMPTY: u8 = 0;
const MAKING: u8 = 1;
const READY: u8 = 2;

impl<T> Lazy<T> {
    pub const fn new() -> Self {
        Lazy { state: AtomicU8::new(EMPTY), value: UnsafeCell::new(MaybeUninit::uninit()) }
    }

    /// The value, made by `make` if nobody has made it yet.
    pub fn get(&self, make: impl FnOnce() -> T) -> &T {
        if self.state.compare_exchange(EMPTY, MAKING, Acquire, Acquire).is_ok() {
            // SAFETY: this thread alone moved `state` from EMPTY.
            unsafe { (*self.value.get()).write(make()) };
            self.state.store(READY, Release);
        }
        while self.state.load(Acquire) != READY {
            core::hint::spin_loop();
        }
        // SAFETY: READY: written, and never written again.
        unsafe { (*self.value.get()).assume_init_ref() }
    }

    fn into_inner(mut self) -> Option<T> {
        // SAFETY: READY means written; `self` is consumed, so it is read once.
        (*self.state.get_mut() == READY).then(|| unsafe { self.value.into_inner().assume_init() })
    }
}

/// One scratch state per slot, made before any output is written.
pub struct PerThread<S>(Vec<UnsafeCell<S>>);

// SAFETY: a state is only reached through its slot, which one thread holds at a time.
unsafe impl<S: Send> Sync for PerThread<S> {}

impl<S> PerThread<S> {
    pub fn new(mut make: impl FnMut() -> KernelResult<S>) -> KernelResult<Self> {
        #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
        let slots = 1 + shared::highest();
        #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
        let slots = 1;
        let mut states = mem::try_vec(slots)?;
        for _ in 0..slots {
            states.push(UnsafeCell::new(make()?));
        }
        Ok(PerThread(states))
    }

    /// The state of the thread holding `slot`.
    #[allow(clippy::mut_from_ref)]
    pub fn get(&self, slot: &Slot) -> &mut S {
        // SAFETY: `slot` is held by the calling thread alone (for_each).
        unsafe { &mut *self.0[slot.0].get() }
    }
}

/// An output that concurrent chunks write, each at its own elements.
pub struct Disjoint<'a, T> {
    ptr: *mut T,
    len: usize,
    _out: PhantomData<&'a mut [T]>,
}

// SAFETY: chunks write disjoint elements (the contract of `get`).
unsafe impl<T: Send> Sync for Disjoint<'_, T> {}

impl<'a, T> Disjoint<'a, T> {
    pub fn new(out: &'a mut [T]) -> Self {
        Disjoint { ptr: out.as_mut_ptr(), len: out.len(), _out: PhantomData }
    }

    /// The whole output.
    ///
    /// # Safety
    /// No two chunks of one `for_each` touch the same element.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn get(&self) -> &mut [T] {
        core::slice::from_raw_parts_mut(self.ptr, self.len)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
pub mod shared {
    use core::arch::wasm32::{memory_atomic_notify, memory_atomic_wait32};
    use core::sync::atomic::{AtomicU32, AtomicU8, AtomicUsize, Ordering::SeqCst};

    /// Up to 31 helpers: each has a bit in `INSIDE` and `DEAD`.
    pub const MAX_HELPERS: usize = 31;
    const FREE: u8 = 0;
    const DONE: u8 = 255;
    /// The calling thread's id in a chunk's state (helpers are 1..=31).
    const CALLER: u8 = 254;

    struct Job<'a> {
        f: &'a (dyn Fn(usize, usize) + Sync),
        state: &'a [AtomicU8],
        next: AtomicUsize,
    }

    /// Checks of the generation a helper makes before it sleeps (about 100 µs).
    const SPINS: u32 = 1 << 16;
    static GENERATION: AtomicU32 = AtomicU32::new(0);
    /// The published job (a `*const Job`), 0 when none.
    static CURRENT: AtomicUsize = AtomicUsize::new(0);
    /// Helpers looking at `CURRENT`'s job, and helpers that trapped (bit `id - 1`).
    static INSIDE: AtomicU32 = AtomicU32::new(0);
    static DEAD: AtomicU32 = AtomicU32::new(0);
    static HELPERS: AtomicUsize = AtomicUsize::new(0);
    static HIGHEST: AtomicUsize = AtomicUsize::new(0);

    pub fn helpers() -> usize {
        HELPERS.load(SeqCst)
    }

    pub fn highest() -> usize {
        HIGHEST.load(SeqCst)
    }

    /// Publishes `f` over `chunks` and works on it; false (nothing run)
    /// when there are no helpers, a job is running already (a call from
    /// inside a chunk) or the chunk states cannot be allocated.
    pub fn run(chunks: usize, f: &(dyn Fn(usize, usize) + Sync)) -> bool {
        if helpers() == 0 {
            return false;
        }
        let Ok(state) = crate::mem::try_collect((0..chunks).map(|_| AtomicU8::new(FREE))) else { return false };
        let job = Job { f, state: &state, next: AtomicUsize::new(0) };
        if CURRENT.compare_exchange(0, &job as *const Job as usize, SeqCst, SeqCst).is_err() {
            return false;
        }
        GENERATION.fetch_add(1, SeqCst);
        // SAFETY: a valid, aligned address of an i32-sized atomic.
        unsafe { memory_atomic_notify(GENERATION.as_ptr() as *mut i32, u32::MAX) };
        work(&job, CALLER);
        finish(&job);
        CURRENT.store(0, SeqCst);
        // Helpers still holding the job's address must let go before it leaves the stack.
        while INSIDE.load(SeqCst) & !DEAD.load(SeqCst) != 0 {
            core::hint::spin_loop();
        }
        true
    }

    /// Takes chunks until the counter passes the last one.
    fn work(job: &Job, me: u8) {
        loop {
            let i = job.next.fetch_add(1, SeqCst);
            let Some(s) = job.state.get(i) else { return };
            if s.compare_exchange(FREE, me, SeqCst, SeqCst).is_ok() {
                (job.f)(i, if me == CALLER { 0 } else { me as usize });
                s.store(DONE, SeqCst);
            }
        }
    }

    /// Waits for every chunk, running those nobody holds (a claim that
    /// never landed) or a dead helper held.
    fn finish(job: &Job) {
        loop {
            let mut pending = false;
            for (i, s) in job.state.iter().enumerate() {
                let owner = s.load(SeqCst);
                let dead = (1..=MAX_HELPERS as u8).contains(&owner) && DEAD.load(SeqCst) & 1 << (owner - 1) != 0;
                let orphan = owner == FREE && s.compare_exchange(FREE, CALLER, SeqCst, SeqCst).is_ok();
                if dead || orphan {
                    (job.f)(i, 0);
                    s.store(DONE, SeqCst);
                } else if owner != DONE {
                    pending = true;
                }
            }
            if !pending {
                return;
            }
            core::hint::spin_loop();
        }
    }

    /// Counts helper `id` in: calls split for it from now on. (Before
    /// `help`, so that the context is ready once every helper is attached.)
    pub fn attach(id: usize) {
        if (1..=MAX_HELPERS).contains(&id) {
            HIGHEST.fetch_max(id, SeqCst);
            HELPERS.fetch_add(1, SeqCst);
        }
    }

    /// A helper's life: wait for a job, work on it, wait again.
    pub fn help(id: usize) {
        if !(1..=MAX_HELPERS).contains(&id) {
            return;
        }
        let bit = 1 << (id - 1);
        let mut seen = GENERATION.load(SeqCst);
        loop {
            // Awake a while after a job before sleeping: calls in a row then
            // find their helpers running (a wake-up costs tens of µs on a VM).
            for _ in 0..SPINS {
                if GENERATION.load(SeqCst) != seen {
                    break;
                }
                core::hint::spin_loop();
            }
            // SAFETY: a valid, aligned address of an i32-sized atomic.
            unsafe { memory_atomic_wait32(GENERATION.as_ptr() as *mut i32, seen as i32, -1) };
            seen = GENERATION.load(SeqCst);
            INSIDE.fetch_or(bit, SeqCst);
            let job = CURRENT.load(SeqCst) as *const Job;
            if !job.is_null() {
                // SAFETY: the caller keeps the job alive until this helper leaves INSIDE.
                work(unsafe { &*job }, id as u8);
            }
            INSIDE.fetch_and(!bit, SeqCst);
        }
    }

    /// Helper `id` will run no more code: its chunk is run again by the
    /// caller, and it no longer counts. Called once its thread has stopped
    /// running the module (its `help` trapped, or its worker ended), by
    /// whichever thread saw it first; later calls for `id` do nothing.
    pub fn died(id: usize) {
        if (1..=MAX_HELPERS).contains(&id) && DEAD.fetch_or(1 << (id - 1), SeqCst) & 1 << (id - 1) == 0 {
            HELPERS.fetch_sub(1, SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::KernelError;

    std::thread_local! {
        /// Set by `rerun_chunks`.
        pub static RERUN: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
    }

    #[test]
    fn lazy_makes_its_value_once() {
        let lazy = Lazy::new();
        assert_eq!(*lazy.get(|| 7), 7);
        assert_eq!(*lazy.get(|| unreachable!("made twice")), 7);
        assert_eq!(lazy.into_inner(), Some(7));
        assert_eq!(Lazy::<u8>::new().into_inner(), None);
    }

    #[test]
    fn try_runs_returns_the_first_error_and_runs_every_chunk() {
        let done = AtomicU8::new(0);
        let r = try_runs(5, MIN_WORK, &|run, _| {
            done.fetch_add(run.len() as u8, Acquire);
            if run.contains(&3) {
                Err(KernelError::BadArgument)
            } else {
                Ok(())
            }
        });
        assert_eq!((r, done.load(Acquire)), (Err(KernelError::BadArgument), 5));
        assert_eq!(try_runs(4, MIN_WORK, &|_, _| Ok(())), Ok(()));
    }

    #[test]
    fn guided_runs_tile_the_units_and_shrink() {
        for t in 1..=5 {
            for n in [0, 1, 2, 3, 7, 17, 33, 64, 1080, 100_000] {
                let g = Guided::new(n, t);
                let runs: Vec<_> = (0..g.count()).map(|k| g.run(k)).collect();
                assert_eq!((runs.first().map_or(0, |r| r.start), runs.last().map_or(0, |r| r.end)), (0, n), "t {t} n {n}");
                assert!(runs.windows(2).all(|w| w[0].end == w[1].start && w[0].len() >= w[1].len()), "t {t} n {n}: {runs:?}");
                assert!(runs.iter().all(|r| !r.is_empty()));
                // One run alone; else a few per thread (at most 16t).
                assert!(
                    if t == 1 { runs.len() == n.min(1) } else { runs.len() <= 16 * t && (n < 4 * t || runs.len() >= 2 * t) },
                    "t {t} n {n}: {}",
                    runs.len()
                );
            }
        }
    }
}
