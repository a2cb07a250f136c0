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

/// Puts `order` into the hole at `pos` of the min-heap `h` (the timeouts), moving the
/// larger parents above it down; every order moved, and `order`, tells its slot where it
/// is now.
#[inline]
pub(super) fn sift_up_tracked<E>(
    h: &mut [Order],
    slab: &mut [Slot<E>],
    mut pos: usize,
    order: Order,
) {
    while pos > 0 {
        let parent = (pos - 1) / ARITY;
        if h[parent] <= order {
            break;
        }
        h[pos] = h[parent];
        slab[slot_of(h[pos])].timeout = pos as u32;
        pos = parent;
    }
    h[pos] = order;
    slab[slot_of(order)].timeout = pos as u32;
}

/// Puts `order` into the hole at `pos` of the min-heap `h` (the timeouts), moving the
/// smaller children below it up, with the positions tracked as in [`sift_up_tracked`].
#[inline]
pub(super) fn sift_down_tracked<E>(
    h: &mut [Order],
    slab: &mut [Slot<E>],
    mut pos: usize,
    order: Order,
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
        slab[slot_of(h[pos])].timeout = pos as u32;
        pos = best;
    }
    h[pos] = order;
    slab[slot_of(order)].timeout = pos as u32;
}

/// Removes the order at `pos` of the min-heap `h` (the timeouts): the last one fills the
/// hole and moves up or down to its place. The removed order's slot is left as it is.
#[inline]
pub(super) fn remove_tracked<E>(h: &mut Vec<Order>, slab: &mut [Slot<E>], pos: usize) {
    let Some(last) = h.pop() else { return };
    if pos >= h.len() {
        return;
    }
    if pos > 0 && h[(pos - 1) / ARITY] > last {
        sift_up_tracked(h, slab, pos, last);
    } else {
        sift_down_tracked(h, slab, pos, last);
    }
}

/// Makes `h` a min-heap (Floyd: each parent, from the last, sifted down to its place).
pub(super) fn heapify(h: &mut [Order]) {
    let len = h.len();
    if len < 2 {
        return;
    }
    for start in (0..=(len - 2) / ARITY).rev() {
        let order = h[start];
        let mut pos = start;
        loop {
            let first = ARITY * pos + 1;
            if first >= len {
                break;
            }
            let best = (first + 1..len.min(first + ARITY))
                .fold(first, |b, c| if h[c] < h[b] { c } else { b });
            if order <= h[best] {
                break;
            }
            h[pos] = h[best];
            pos = best;
        }
        h[pos] = order;
    }
}

/// Puts `order` into the hole at `pos` of the min-heap `h`, moving the larger parents
/// above it down.
#[inline]
pub(super) fn sift_up(h: &mut [Order], mut pos: usize, order: Order) {
    while pos > 0 {
        let parent = (pos - 1) / ARITY;
        if h[parent] <= order {
            break;
        }
        h[pos] = h[parent];
        pos = parent;
    }
    h[pos] = order;
}
