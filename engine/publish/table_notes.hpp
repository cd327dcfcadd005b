#pragma once
// The words around a published table that the Markdown and HTML renderers
// share: how the figures were made, each measure's source, the symbols used.
// Plain text; each renderer escapes it for its own format.

#include "engine/publish/published_table.hpp"

#include <string>
#include <utility>
#include <vector>

namespace prevalence::publish {

/// How the figures were made and rounded, e.g. "Figures are the mean of
/// 20,000 Monte Carlo draws (seed 2020) of the expected count (uncertainty in
/// the rates only), with central 95% and 99.8% intervals. Percentages are of
/// the population in each measure's age range. <describe_rounding>"
std::string run_note(const PublishedTable& table);

/// A measure's footnote: "<source> Uncertainty: <uncertainty>. Population:
/// 2018 mid-year estimate, ages 0-17." (", female" after the ages when the
/// measure counts one sex).
std::string source_note(const results::MeasureRecord& measure, const std::string& assumed = "");

/// Under an area's table, its figures the run reconciled (reconcile = true)
/// as published and as fitted: "(r) Reconciled: ... two or more of the
/// toxic trio published 6.02%, fitted 5.98%."; "" when none was.
std::string reconciled_note(const PublishedTable& table, std::size_t area);

/// Each symbol the table shows and what it means, {"[c]", "confidential: not
/// shown under the disclosure control policy"}, then {"<10", "an interval end
/// below 10"} when a bound is shown.
std::vector<std::pair<std::string, std::string>> symbol_notes(const PublishedTable& table);

/// The headers of the interval columns: "95% interval" (counts), "95%
/// interval (%)" (percentages only).
std::vector<std::string> interval_headers(const PublishedTable& table);

/// The figure cell ("33,600", "1,290 [u]", "[c]") and interval cell ("31,900
/// to 35,300", "none stated", "[c]") of one figure, as the tables show them:
/// counts, or percentages when the table shows only those.
std::string figure_cell(const PublishedTable& table, const PublishedFigure& figure);
std::string interval_cell(const PublishedTable& table, const PublishedFigure& figure, std::size_t level);
/// The percentage cell when the table shows both ("20.0", "[c]", "[z]").
std::string percent_cell(const PublishedFigure& figure);
/// The population cell: the denominator with thousands grouped, unrounded by
/// the policy (it is published anyway); [x] when the results lack it.
std::string denominator_cell(double denominator);

}  // namespace prevalence::publish
