// Word-sized atomics for the workers of the parallel witness solver (the Circuit module), which
// publish how far each has got through shared buffers. Acquire loads pair with release stores,
// so a wire written before its chunk's progress word is seen by a worker that reads the word.
#ifndef BN254_ATOMIC_H
#define BN254_ATOMIC_H

/// *word, ordered before the reads that follow it.
static inline long bn254_atomic_load_acquire(const long *word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }

/// *word = value, ordered after the writes that precede it.
static inline void bn254_atomic_store_release(long *word, long value) { __atomic_store_n(word, value, __ATOMIC_RELEASE); }

/// *word += value, returning the old value (the counter workers claim chunks from).
static inline long bn254_atomic_fetch_add(long *word, long value) { return __atomic_fetch_add(word, value, __ATOMIC_RELAXED); }

/// *word = min(*word, value).
static inline void bn254_atomic_store_min(long *word, long value) {
    long seen = __atomic_load_n(word, __ATOMIC_RELAXED);
    while (value < seen && !__atomic_compare_exchange_n(word, &seen, value, 1, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
    }
}

#endif
