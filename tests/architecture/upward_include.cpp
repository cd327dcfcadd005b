// Built against the montecarlo layer alone: this must not compile, because
// results lies above montecarlo (docs/architecture.md), so its headers are
// not on the montecarlo layer's include path.
#include "engine/results/run_results.hpp"
