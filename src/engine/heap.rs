//! The 4-ary min-heaps of [`Order`]s the event queue keeps: the main heap, padded so that
//! every parent has four children to compare, and the timeouts, whose slots know where
//! their orders are so that one can be removed at once.

use super::{Order, Slot, slot_of};

/// Children of a node of the heap: a 4-ary heap is half as deep as a binary one, and its
/// four children of a node share a cache line.
pub(super) const ARITY: usize = 4;

/// Entries of [`NONE`](super::NONE) after the heap's orders: the children of its last parent are read
/// four at a time.
pub(super) const PAD: usize = ARITY - 1;

/// The position of the smallest of `h[first..first + 4]`.
#[inline]
pub(super) fn smallest_of_four(h: &[Order], first: usize) -> usize {
    let a = first + usize::from(h[first + 1] < h[first]);
    let b = first + 2 + usize::from(h[first + 3] < h[first + 2]);
    if h[b] < h[a] { b } else { a }
}

/// Puts `order` into the hole at `pos` of the min-heap `h`, moving the larger parents
/// above it down; `placed(order, position)` hears of every order written, `order` last.
#[inline]
fn sift_up_with(
    h: &mut [Order],
    mut pos: usize,
    order: Order,
    mut placed: impl FnMut(Order, usize),
) {
    while pos > 0 {
        let parent = (pos - 1) / ARITY;
        if h[parent] <= order {
            break;
        }
        h[pos] = h[parent];
        placed(h[pos], pos);
        pos = parent;
    }
    h[pos] = order;
    placed(order, pos);
}

/// Puts `order` into the hole at `pos` of the min-heap `h`, moving the smaller children
/// below it up; `placed` as in [`sift_up_with`].
#[inline]
fn sift_down_with(
    h: &mut [Order],
    mut pos: usize,
    order: Order,
    mut placed: impl FnMut(Order, usize),
) {
    let len = h.len();
    loop {
        let first = ARITY * pos + 1;
        if first >= len {
            break;
        }
        let best =
            (first + 1..len.min(first + ARITY)).fold(first, |b, c| if h[c] < h[b] { c } else { b });
        if order <= h[best] {
            break;
        }
        h[pos] = h[best];
        placed(h[pos], pos);
        pos = best;
    }
    h[pos] = order;
    placed(order, pos);
}

/// Puts `order` into the hole at `pos` of the min-heap `h`, moving the larger parents
/// above it down.
#[inline]
pub(super) fn sift_up(h: &mut [Order], pos: usize, order: Order) {
    sift_up_with(h, pos, order, |_, _| {});
}

/// [`sift_up`] in the timeouts heap `h`: every order moved, and `order`, tells its slot
/// where it is now.
#[inline]
pub(super) fn sift_up_tracked<E>(h: &mut [Order], slab: &mut [Slot<E>], pos: usize, order: Order) {
    sift_up_with(h, pos, order, |o, at| slab[slot_of(o)].timeout = at as u32);
}

/// Removes the order at `pos` of the timeouts heap `h`: the last one fills the hole and
/// moves up or down to its place, the positions tracked as in [`sift_up_tracked`]. The
/// removed order's slot is left as it is.
#[inline]
pub(super) fn remove_tracked<E>(h: &mut Vec<Order>, slab: &mut [Slot<E>], pos: usize) {
    let Some(last) = h.pop() else { return };
    if pos >= h.len() {
        return;
    }
    let placed = |o: Order, at: usize| slab[slot_of(o)].timeout = at as u32;
    if pos > 0 && h[(pos - 1) / ARITY] > last {
        sift_up_with(h, pos, last, placed);
    } else {
        sift_down_with(h, pos, last, placed);
    }
}

/// Makes `h` a min-heap (Floyd: each parent, from the last, sifted down to its place).
pub(super) fn heapify(h: &mut [Order]) {
    let len = h.len();
    if len < 2 {
        return;
    }
    for start in (0..=(len - 2) / ARITY).rev() {
        sift_down_with(h, start, h[start], |_, _| {});
    }
}
