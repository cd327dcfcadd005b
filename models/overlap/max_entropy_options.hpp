#pragma once
// How closely and for how long the maximum-entropy fit (max_entropy.hpp)
// works, apart from the solver so that code choosing them need not see the
// solver's linear algebra.

namespace prevalence::models {

struct MaxEntropyOptions {
  /// Largest accepted |sum over set_j - target_j|, in proportions. 1e-10 is a
  /// millionth of a percentage point: far below any published precision,
  /// far above double rounding for tables of at most 64 cells.
  double tolerance = 1e-10;
  int max_newton_steps = 100;
  /// Sweeps over the figures allowed to the coordinate-descent fallback.
  /// Thin sets of tables (seven dependent Leeds-like figures, each rounded)
  /// can need tens of thousands: with 5,000, 99 of 1,200 random coherent
  /// such sets failed; with 50,000 none did, at about 2 ms a fit.
  int max_sweeps = 50000;
  /// Multipliers beyond this mean cells below e^-60 of others: the figures
  /// sit on (or beyond) the edge of what any table can reproduce, and the
  /// fit reports failure rather than chase an infinite solution.
  double max_multiplier = 60.0;
};

}  // namespace prevalence::models
