//! What counting and sampling need to know about a checked policy: its [`Problem`], and the
//! [`Atom`]s its alphabet splits into (see the glossary in the crate docs).

/// What the counter needs to know about a checked policy.
#[derive(Clone, Debug)]
pub(crate) struct Problem<'a> {
    /// The password length (at least 1).
    pub(crate) len: usize,
    /// For each alphabet character, the constraints it counts toward (bit `j` for constraint `j`).
    pub(crate) membership: &'a [u32],
    /// Each constraint's `(min, max)`, with `min <= max <= len`.
    pub(crate) bounds: &'a [(usize, usize)],
    /// The longest allowed run of one repeated character, if limited.
    pub(crate) max_consecutive: Option<usize>,
    /// The longest allowed run of a sequence (see [`crate::sequence`]), if limited, with the
    /// alphabet's characters, on which sequences depend.
    pub(crate) max_sequential: Option<Sequences<'a>>,
}

/// A limit on the runs of sequences, and the alphabet it applies to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sequences<'a> {
    pub(crate) limit: usize,
    pub(crate) chars: &'a [char],
}

impl Problem<'_> {
    /// The run limit, when it binds: a limit at or above the length never does.
    pub(crate) fn run_limit(&self) -> Option<usize> {
        self.max_consecutive.filter(|&limit| limit < self.len)
    }

    /// The sequence limit and the alphabet, when the limit binds.
    pub(crate) fn sequence_limit(&self) -> Option<Sequences<'_>> {
        self.max_sequential
            .filter(|sequences| sequences.limit < self.len)
    }

    /// How many characters of `atom` a password takes, when no character counts toward two
    /// targets: its target's bounds, or any number for the atom no target counts.
    pub(crate) fn atom_bounds(&self, atom: Atom) -> (usize, usize) {
        match atom.target() {
            Some(target) => self.bounds[target],
            None => (0, self.len),
        }
    }

    /// Whether no character counts toward two constraints and runs are free: the multinomial
    /// methods apply.
    #[cfg(feature = "checks")]
    pub(crate) fn is_disjoint(&self) -> bool {
        self.run_limit().is_none()
            && self.sequence_limit().is_none()
            && self.membership.iter().all(|mask| mask.count_ones() <= 1)
    }
}

/// Characters with the same membership mask: interchangeable for counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Atom {
    pub(crate) mask: u32,
    pub(crate) size: usize,
}

impl Atom {
    /// The target this atom's characters count toward, when no character counts toward two
    /// targets ([`Problem::is_disjoint`]): `None` for the atom no target counts. The one map
    /// from atoms to targets, which the multinomial count and walk both read.
    pub(crate) fn target(self) -> Option<usize> {
        (self.mask != 0).then(|| self.mask.trailing_zeros() as usize)
    }
}

/// The atoms of an alphabet, in order of first appearance.
#[cfg(feature = "checks")]
pub(crate) fn atoms(membership: &[u32]) -> Vec<Atom> {
    let mut atoms = Vec::new();
    for (atom, _) in atoms_with_chars(membership) {
        atoms.push(atom);
    }
    atoms
}

/// The index of `mask` in `masks`, added at the end when it is new: the atoms of an alphabet in
/// order of first appearance. A linear search, not a map: an alphabet has at most 256
/// characters (so as many atoms), this runs once per table, and a map type of its own would be
/// one more copy of the hash map's code in every build of the crate.
pub(crate) fn mask_index(masks: &mut Vec<u32>, mask: u32) -> usize {
    for (index, &known) in masks.iter().enumerate() {
        if known == mask {
            return index;
        }
    }
    masks.push(mask);
    masks.len() - 1
}

/// The atoms of an alphabet, each with its characters (alphabet indices, in order).
pub(crate) fn atoms_with_chars(membership: &[u32]) -> Vec<(Atom, Vec<u8>)> {
    let mut atoms: Vec<(Atom, Vec<u8>)> = Vec::new();
    let mut masks: Vec<u32> = Vec::new();
    for (position, &mask) in membership.iter().enumerate() {
        let i = mask_index(&mut masks, mask);
        if i == atoms.len() {
            atoms.push((Atom { mask, size: 0 }, Vec::new()));
        }
        atoms[i].0.size += 1;
        // An alphabet has at most 256 characters.
        atoms[i].1.push(position as u8);
    }
    atoms
}

/// Brute force and random small problems, for the tests of counting and unranking.
#[cfg(test)]
pub(crate) mod testing {
    use super::Problem;

    #[cfg(feature = "checks")]
    /// Four classes of the printable alphabet (`lower`, `upper`, `digits`, `symbols`), as a
    /// policy's problem sees them: each character's membership mask, and the characters.
    pub(crate) fn printable() -> (Vec<u32>, Vec<char>) {
        let mut membership = vec![0b0001; 26];
        membership.extend([0b0010; 26]);
        membership.extend([0b0100; 10]);
        membership.extend([0b1000; 32]);
        let chars: Vec<char> = ('a'..='z')
            .chain('A'..='Z')
            .chain('0'..='9')
            .chain("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".chars())
            .collect();
        (membership, chars)
    }

    /// Every string of `len` characters the problem allows, by trying them all.
    pub(crate) fn allowed_strings(problem: &Problem<'_>) -> Vec<Vec<u8>> {
        let size = problem.membership.len();
        let total = size.pow(problem.len as u32);
        let mut allowed = Vec::new();
        let mut digits = vec![0u8; problem.len];
        for mut code in 0..total {
            for digit in &mut digits {
                *digit = (code % size) as u8;
                code /= size;
            }
            let mut counts = vec![0usize; problem.bounds.len()];
            for &d in &digits {
                for (j, count) in counts.iter_mut().enumerate() {
                    if problem.membership[usize::from(d)] >> j & 1 == 1 {
                        *count += 1;
                    }
                }
            }
            let bounded = counts
                .iter()
                .zip(problem.bounds)
                .all(|(&count, &(min, max))| (min..=max).contains(&count));
            let longest_run = digits
                .chunk_by(|a, b| a == b)
                .map(<[u8]>::len)
                .max()
                .unwrap_or(0);
            let sequences_hold = problem.max_sequential.is_none_or(|sequences| {
                crate::sequence::longest_run(
                    digits.iter().map(|&d| sequences.chars[usize::from(d)]),
                ) <= sequences.limit
            });
            if bounded
                && sequences_hold
                && problem
                    .max_consecutive
                    .is_none_or(|limit| longest_run <= limit)
            {
                allowed.push(digits.clone());
            }
        }
        allowed
    }

    /// A small deterministic generator, so the cases are the same on every run.
    pub(crate) struct Lcg(pub(crate) u64);

    impl Lcg {
        pub(crate) fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    /// The data of a [`Problem`].
    pub(crate) struct Owned {
        pub(crate) len: usize,
        pub(crate) membership: Vec<u32>,
        pub(crate) bounds: Vec<(usize, usize)>,
        pub(crate) max_consecutive: Option<usize>,
        pub(crate) max_sequential: Option<usize>,
        pub(crate) chars: Vec<char>,
    }

    impl Owned {
        pub(crate) fn problem(&self) -> Problem<'_> {
            problem_over(
                self.len,
                &self.membership,
                &self.bounds,
                self.max_consecutive,
                self.max_sequential,
                &self.chars,
            )
        }
    }

    /// The problem of `len` characters over `membership` (whose characters are `chars`, as
    /// [`printable`] gives them) with `bounds` and the run limits.
    pub(crate) fn problem_over<'a>(
        len: usize,
        membership: &'a [u32],
        bounds: &'a [(usize, usize)],
        max_consecutive: Option<usize>,
        max_sequential: Option<usize>,
        chars: &'a [char],
    ) -> Problem<'a> {
        Problem {
            len,
            membership,
            bounds,
            max_consecutive,
            max_sequential: max_sequential.map(|limit| super::Sequences { limit, chars }),
        }
    }

    #[cfg(feature = "checks")]
    /// `tries` random small problems, half of them with a sequence limit of 1 to 3: the cases
    /// the run-limit counters are checked against brute force on.
    pub(crate) fn random_run_limited_problems(seed: u64, tries: usize) -> Vec<Owned> {
        let mut rng = Lcg(seed);
        (0..tries)
            .map(|_| {
                let mut owned = random_problem(&mut rng);
                if rng.below(2) == 0 {
                    owned.max_sequential = Some(1 + rng.below(3));
                }
                owned
            })
            .collect()
    }

    /// A random small problem: each character counts toward a random subset of the
    /// constraints, or (half the time) toward at most one, so that the multinomial methods are
    /// exercised too.
    pub(crate) fn random_problem(rng: &mut Lcg) -> Owned {
        let len = 1 + rng.below(5);
        let size = 1 + rng.below(5);
        let constraints = rng.below(4);
        let bounds: Vec<(usize, usize)> = (0..constraints)
            .map(|_| {
                let min = rng.below(len + 1).min(rng.below(3));
                let max = (min + rng.below(len + 2)).min(len);
                (min, max)
            })
            .collect();
        let single = rng.below(2) == 0;
        let membership: Vec<u32> = (0..size)
            .map(|_| {
                if constraints == 0 {
                    0
                } else if single {
                    let j = rng.below(constraints + 1);
                    if j == constraints {
                        0
                    } else {
                        1 << j
                    }
                } else {
                    rng.below(1 << constraints) as u32
                }
            })
            .collect();
        let max_consecutive = (rng.below(3) == 0).then(|| 1 + rng.below(len));
        // Characters with sequences among them, some in the same class, some not.
        let pool = ['a', 'b', 'c', '1', '2', 'B', '!'];
        let start = rng.below(pool.len());
        let chars: Vec<char> = (0..size).map(|i| pool[(start + i) % pool.len()]).collect();
        let max_sequential = (rng.below(3) == 0).then(|| 1 + rng.below(len));
        Owned {
            len,
            membership,
            bounds,
            max_consecutive,
            max_sequential,
            chars,
        }
    }
}
