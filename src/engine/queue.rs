//! A priority queue of events ordered by `(time, sequence)`.

use super::Day;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// An event together with the time it fires and its scheduling sequence number.
#[derive(Debug, Clone, Copy)]
pub struct Scheduled<E> {
    /// When the event fires.
    pub time: Day,
    /// Position in scheduling order; breaks ties between equal times.
    pub seq: u64,
    /// The event itself.
    pub event: E,
}

impl<E> PartialEq for Scheduled<E> {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.seq == other.seq
    }
}
impl<E> Eq for Scheduled<E> {}
impl<E> PartialOrd for Scheduled<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Scheduled<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.time
            .cmp(&other.time)
            .then_with(|| self.seq.cmp(&other.seq))
    }
}

/// A min-queue of events: `pop` returns the earliest event, and among events at the
/// same time the one scheduled first.
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Reverse<Scheduled<E>>>,
    next_seq: u64,
    now: Day,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    /// An empty queue at time zero.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty queue with room for `capacity` events before it reallocates.
    pub fn with_capacity(capacity: usize) -> Self {
        EventQueue {
            heap: BinaryHeap::with_capacity(capacity),
            next_seq: 0,
            now: Day::ZERO,
        }
    }

    /// The time of the last event popped (zero before the first).
    pub fn now(&self) -> Day {
        self.now
    }

    /// Schedules `event` at `time`.
    ///
    /// # Panics
    /// Panics if `time` lies before the current time: the past cannot be scheduled.
    pub fn schedule(&mut self, time: Day, event: E) {
        assert!(
            time >= self.now,
            "event scheduled in the past: {time} < {}",
            self.now
        );
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Reverse(Scheduled { time, seq, event }));
    }

    /// Removes and returns the earliest event, advancing the current time to it.
    pub fn pop(&mut self) -> Option<Scheduled<E>> {
        let Reverse(next) = self.heap.pop()?;
        self.now = next.time;
        Some(next)
    }

    /// The time of the earliest pending event, if any.
    pub fn peek_time(&self) -> Option<Day> {
        self.heap.peek().map(|Reverse(s)| s.time)
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether no events are pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut q = EventQueue::new();
        q.schedule(Day::new(2.0), "c");
        q.schedule(Day::new(1.0), "a");
        q.schedule(Day::new(2.0), "d");
        q.schedule(Day::new(1.0), "b");
        let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|s| s.event)).collect();
        assert_eq!(order, ["a", "b", "c", "d"]);
        assert_eq!(q.now(), Day::new(2.0));
    }

    #[test]
    #[should_panic(expected = "past")]
    fn refuses_the_past() {
        let mut q = EventQueue::new();
        q.schedule(Day::new(3.0), ());
        q.pop();
        q.schedule(Day::new(1.0), ());
    }
}
