// Differential privacy for governed queries (issue 6 §3): exact discrete Laplace (and Gaussian) noise with BigInt
// rationals (Canonne–Kamath–Steinke 2020), aggregate mechanisms with per-subject contribution bounding, and exact
// ε budget arithmetic in micro-units. Pure apart from the injected randomness source (random.ts).
//
// Why discrete noise rather than Mironov's snapping mechanism: every released value here lives on an integer
// lattice (counts, and sums scaled by a declared precision), so noise drawn exactly on ℤ gives exactly the privacy
// the proof assumes, with no floating-point step to guard. Snapping (clamp, add float Laplace, round to a power of
// two Λ ≥ scale, clamp) is only needed for real-valued outputs computed in doubles, which this module never noises.
export * from './rational.ts';
export * from './random.ts';
export * from './samplers.ts';
export * from './epsilon.ts';
export * from './decimal.ts';
export * from './mechanisms.ts';
export * from './release.ts';
