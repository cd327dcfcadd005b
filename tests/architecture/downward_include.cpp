// Built against the montecarlo layer alone: this must compile, because every
// header here belongs to montecarlo or to a layer below it.
#include "engine/montecarlo/driver.hpp"
#include "engine/random/stream.hpp"
#include "engine/summary/summary.hpp"
#include "models/overlap/cell_set.hpp"
