//! Deterministic random strings for the tests that compare a hand-written
//! reader with the regex it stands in for.

/// `n` strings drawn from `chars`, each shorter than `max_len` characters
/// (xorshift for each string, a linear congruential step for each character),
/// with the generator state each came from, for callers to draw more choices.
pub(crate) fn random_strings(
    chars: &[char],
    seed: u64,
    n: usize,
    max_len: u64,
) -> Vec<(u64, String)> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % max_len) as usize;
            let mut y = x;
            let s = (0..len)
                .map(|_| {
                    y = y
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    chars[((y >> 33) % chars.len() as u64) as usize]
                })
                .collect();
            (x, s)
        })
        .collect()
}
