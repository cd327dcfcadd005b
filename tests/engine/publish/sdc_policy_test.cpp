// Tests engine/publish/sdc_policy.cpp (and shown_value.cpp, symbols.cpp):
// each policy's boundaries on unrounded model estimates, rounding halves away
// from zero at the base multiple, the significant-figure step, interval ends,
// percentages from the shown count, and the symbols.

#include "engine/publish/sdc_policy.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace prevalence::publish {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// The count as the table shows it, under `policy` with S significant figures.
std::string shown(const SdcPolicy& policy, double x, int significant_figures = 0) {
  return count_text(disclose_count(policy, x, significant_figures).shown);
}

TEST(ParseSdcPolicy, ReadsEveryNamedPolicy) {
  const SdcPolicy none = parse_sdc_policy("none");
  EXPECT_EQ(none.name, "none");
  EXPECT_EQ(none.threshold, 0.0);
  EXPECT_EQ(none.base, 1.0);
  EXPECT_FALSE(none.suppresses_anything());

  const SdcPolicy ons = parse_sdc_policy("ons-10-5");
  EXPECT_EQ(ons.name, "ons-10-5");
  EXPECT_EQ(ons.threshold, 10.0);
  EXPECT_EQ(ons.base, 5.0);
  EXPECT_FALSE(ons.zero_shown);

  const SdcPolicy dfe = parse_sdc_policy("dfe");
  EXPECT_EQ(dfe.threshold, 5.5);
  EXPECT_EQ(dfe.base, 10.0);
  EXPECT_EQ(dfe.rounds_to_zero_below, 0.5);
  EXPECT_TRUE(dfe.zero_shown);
  EXPECT_EQ(dfe.bound, 6.0);
}

TEST(ParseSdcPolicy, ReadsACustomPolicyAndWritesItsNameBack) {
  const SdcPolicy custom = parse_sdc_policy("custom:20:10");
  EXPECT_EQ(custom.threshold, 20.0);
  EXPECT_EQ(custom.base, 10.0);
  EXPECT_EQ(custom.name, "custom:20:10");
  EXPECT_EQ(parse_sdc_policy(custom.name).name, custom.name);
  EXPECT_EQ(parse_sdc_policy("custom:7.5:1").name, "custom:7.5:1");
  EXPECT_EQ(custom_sdc_policy(10, 5).name, "custom:10:5");
}

TEST(ParseSdcPolicy, RejectsWhatItDoesNotKnow) {
  for (const char* bad : {"", "ons", "ONS-10-5", "dfe ", "custom", "custom:10", "custom:10:", "custom::5",
                          "custom:x:5", "custom:10:5:1", "custom:-1:5", "custom:10:0", "custom:10:2.5",
                          "custom:10:-5", "custom:inf:5"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(parse_sdc_policy(bad), std::invalid_argument);
  }
}

TEST(ParseSdcPolicy, NamesTheTextAndWhatIsAccepted) {
  try {
    parse_sdc_policy("ons");
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(),
                 "unknown disclosure control policy \"ons\"; expected none, ons-10-5, dfe or custom:T:B "
                 "(e.g. custom:10:5)");
  }
}

TEST(RoundToStep, RoundsHalvesAwayFromZero) {
  EXPECT_EQ(round_to_step(12.5, 5), 15);
  EXPECT_EQ(round_to_step(12.4999, 5), 10);
  EXPECT_EQ(round_to_step(17.5, 5), 20);
  EXPECT_EQ(round_to_step(7.5, 5), 10);
  EXPECT_EQ(round_to_step(7.5, 1), 8);
  EXPECT_EQ(round_to_step(6.5, 1), 7);  // not to even
  EXPECT_EQ(round_to_step(15, 10), 20);
  EXPECT_EQ(round_to_step(25, 10), 30);
  EXPECT_EQ(round_to_step(9.999, 5), 10);
  EXPECT_EQ(round_to_step(33550, 100), 33600);
  EXPECT_EQ(round_to_step(33549.99, 100), 33500);
}

TEST(DisplayStep, IsThePowerOfTenForSignificantFiguresOrTheBase) {
  EXPECT_EQ(display_step(33582, 1, 3), 100);
  EXPECT_EQ(display_step(33582, 5, 3), 100);
  EXPECT_EQ(display_step(1289, 5, 3), 10);
  EXPECT_EQ(display_step(676, 5, 3), 5);   // 10^0 = 1 < 5
  EXPECT_EQ(display_step(676, 1, 3), 1);
  EXPECT_EQ(display_step(676, 10, 3), 10);
  EXPECT_EQ(display_step(12.5, 5, 3), 5);  // 10^-1: the base
  EXPECT_EQ(display_step(0.3, 1, 3), 1);
  EXPECT_EQ(display_step(33582, 5, 0), 5);  // no significant figures: the base
  EXPECT_EQ(display_step(33582, 1, 1), 10000);
  EXPECT_EQ(display_step(0, 5, 3), 5);
}

TEST(DisplayStep, CountsDigitsExactlyAtPowersOfTen) {
  EXPECT_EQ(display_step(1000, 1, 3), 10);
  EXPECT_EQ(display_step(999.999, 1, 3), 1);
  EXPECT_EQ(display_step(100, 1, 3), 1);
  EXPECT_EQ(display_step(99.99, 1, 2), 1);
  EXPECT_EQ(display_step(1e6, 1, 3), 1e4);
  EXPECT_EQ(display_step(1e15, 1, 3), 1e13);
}

TEST(DisplayStep, KeepsACustomBaseThatDoesNotDivideThePowerOfTen) {
  // The smallest multiple of 3 that is at least 10 (max(3, 10) would be 10).
  EXPECT_EQ(display_step(1234, 3, 3), 12);
  EXPECT_EQ(display_step(1234, 25, 3), 25);   // max(25, 10)
  EXPECT_EQ(display_step(12345, 25, 3), 100);  // 25 divides 100
}

TEST(OnsTenFive, SuppressesBelowTenAndRoundsTheRestToFive) {
  const SdcPolicy ons = parse_sdc_policy("ons-10-5");
  EXPECT_EQ(shown(ons, 0), "[c]");
  EXPECT_EQ(shown(ons, 0.3), "[c]");
  EXPECT_EQ(shown(ons, 7.5), "[c]");
  EXPECT_EQ(shown(ons, 9.999), "[c]");
  EXPECT_EQ(shown(ons, 10), "10");
  EXPECT_EQ(shown(ons, 12.4999), "10");
  EXPECT_EQ(shown(ons, 12.5), "15");
  EXPECT_EQ(shown(ons, 17.5), "20");
  EXPECT_EQ(shown(ons, 1288.4), "1,290");
  EXPECT_EQ(shown(ons, 1287.4), "1,285");
}

TEST(OnsTenFive, RoundsToSignificantFiguresWhereCoarser) {
  const SdcPolicy ons = parse_sdc_policy("ons-10-5");
  EXPECT_EQ(shown(ons, 33582, 3), "33,600");
  EXPECT_EQ(shown(ons, 1288.4, 3), "1,290");
  EXPECT_EQ(shown(ons, 676, 3), "675");
  EXPECT_EQ(shown(ons, 12.5, 3), "15");
  EXPECT_EQ(shown(ons, 9.999, 3), "[c]");
  const DisclosedCount count = disclose_count(ons, 33582, 3);
  EXPECT_EQ(count.step, 100);
  EXPECT_EQ(count.shown.value, 33600);
}

TEST(Dfe, ShowsZeroMarksTinyFiguresSuppressesOneToFiveAndRoundsToTen) {
  const SdcPolicy dfe = parse_sdc_policy("dfe");
  EXPECT_EQ(shown(dfe, 0), "0");
  EXPECT_EQ(shown(dfe, 1e-9), "[k]");
  EXPECT_EQ(shown(dfe, 0.4999), "[k]");
  EXPECT_EQ(shown(dfe, 0.5), "[c]");
  EXPECT_EQ(shown(dfe, 1), "[c]");
  EXPECT_EQ(shown(dfe, 5.4999), "[c]");
  EXPECT_EQ(shown(dfe, 5.5), "10");
  EXPECT_EQ(shown(dfe, 7.5), "10");
  EXPECT_EQ(shown(dfe, 12.5), "10");
  EXPECT_EQ(shown(dfe, 14.999), "10");
  EXPECT_EQ(shown(dfe, 15), "20");
  EXPECT_EQ(shown(dfe, 25), "30");
  EXPECT_EQ(shown(dfe, 1288.4, 3), "1,290");
}

TEST(NoControl, RoundsToWholeNumbersAndMarksWhatRoundsToZero) {
  const SdcPolicy none = parse_sdc_policy("none");
  EXPECT_EQ(shown(none, 0), "0");
  EXPECT_EQ(shown(none, 0.3), "[k]");
  EXPECT_EQ(shown(none, 0.5), "1");
  EXPECT_EQ(shown(none, 7.5), "8");
  EXPECT_EQ(shown(none, 9.999), "10");
  EXPECT_EQ(shown(none, 12.5), "13");
  EXPECT_EQ(shown(none, 33582.4), "33,582");
  EXPECT_EQ(shown(none, 33582.4, 3), "33,600");
  EXPECT_EQ(shown(none, 999.5, 3), "1,000");
}

TEST(Custom, SuppressesBelowItsThresholdAndRoundsToItsBase) {
  const SdcPolicy custom = parse_sdc_policy("custom:20:10");
  EXPECT_EQ(shown(custom, 0), "[c]");
  EXPECT_EQ(shown(custom, 19.99), "[c]");
  EXPECT_EQ(shown(custom, 20), "20");
  EXPECT_EQ(shown(custom, 24.999), "20");
  EXPECT_EQ(shown(custom, 25), "30");
  const SdcPolicy nothing_hidden = parse_sdc_policy("custom:0:5");
  EXPECT_FALSE(nothing_hidden.suppresses_anything());
  EXPECT_EQ(shown(nothing_hidden, 0), "0");
  EXPECT_EQ(shown(nothing_hidden, 2.4), "[k]");
  EXPECT_EQ(shown(nothing_hidden, 2.5), "5");
}

TEST(DiscloseCount, MarksAMissingFigureAndRejectsANegativeOne) {
  const SdcPolicy ons = parse_sdc_policy("ons-10-5");
  EXPECT_EQ(shown(ons, kNaN), "[x]");
  EXPECT_THROW(disclose_count(ons, -1, 3), std::invalid_argument);
}

TEST(IntervalEnds, TakeTheFiguresStepAndShowABoundBelowTheThreshold) {
  const SdcPolicy ons = parse_sdc_policy("ons-10-5");
  EXPECT_EQ(count_text(disclose_interval_end(ons, 31912, 100)), "31,900");
  EXPECT_EQ(count_text(disclose_interval_end(ons, 35250, 100)), "35,300");
  EXPECT_EQ(count_text(disclose_interval_end(ons, 12.5, 5)), "15");
  EXPECT_EQ(count_text(disclose_interval_end(ons, 10, 5)), "10");
  EXPECT_EQ(count_text(disclose_interval_end(ons, 9.999, 5)), "<10");
  EXPECT_EQ(count_text(disclose_interval_end(ons, 0, 5)), "<10");
  EXPECT_EQ(count_text(disclose_interval_end(ons, kNaN, 5)), "[x]");

  const SdcPolicy dfe = parse_sdc_policy("dfe");
  EXPECT_EQ(count_text(disclose_interval_end(dfe, 5.4999, 10)), "<6");
  EXPECT_EQ(count_text(disclose_interval_end(dfe, 5.5, 10)), "10");
  EXPECT_EQ(count_text(disclose_interval_end(dfe, 0, 10)), "0");

  const SdcPolicy none = parse_sdc_policy("none");
  EXPECT_EQ(count_text(disclose_interval_end(none, 0.3, 1)), "0");
  EXPECT_EQ(count_text(disclose_interval_end(none, 7.5, 1)), "8");
}

TEST(Percent, IsOfTheShownCountNotTheEstimate) {
  const SdcPolicy ons = parse_sdc_policy("ons-10-5");
  const ShownValue count = disclose_count(ons, 12.4, 0).shown;  // shown as 10
  EXPECT_EQ(percent_text(disclose_percent(count, 200)), "5.0");   // 10 / 200, not 12.4 / 200
  EXPECT_EQ(percent_text(disclose_percent(disclose_count(ons, 33582, 3).shown, 168176)), "20.0");
  EXPECT_EQ(percent_text(disclose_percent(disclose_count(ons, 1288.4, 3).shown, 169422)), "0.76");
}

TEST(Percent, KeepsTheCountsSymbolAndMarksZeroAndMissingPopulations) {
  const ShownValue suppressed = ShownValue::of(Symbol::confidential);
  EXPECT_EQ(percent_text(disclose_percent(suppressed, 200)), "[c]");
  EXPECT_EQ(percent_text(disclose_percent(ShownValue::of(Symbol::rounds_to_zero), 200)), "[k]");
  EXPECT_EQ(percent_text(disclose_percent(ShownValue::number(0), 0)), "[z]");
  EXPECT_EQ(percent_text(disclose_percent(suppressed, 0)), "[z]");
  EXPECT_EQ(percent_text(disclose_percent(ShownValue::number(10), kNaN)), "[x]");
  EXPECT_EQ(percent_text(disclose_percent(ShownValue::number(0), 200)), "0.00");
}

TEST(Percent, MarksAPositiveShareThatWouldReadAsZero) {
  EXPECT_EQ(percent_text(disclose_percent(ShownValue::number(10), 250000)), "[k]");  // 0.004 %
  EXPECT_EQ(percent_text(disclose_percent(ShownValue::number(10), 200000)), "0.01");  // 0.005 %
}

TEST(Percent, OfABoundIsABoundRoundedUpSoItStaysTrue) {
  // 10 of 168,176 is 0.0059 %: "<0.01".
  EXPECT_EQ(percent_text(disclose_percent(ShownValue::below(10), 168176)), "<0.01");
  // 10 of 700 is 1.43 %: one decimal, rounded up to 1.5 (format_share alone would give 1.4).
  EXPECT_EQ(percent_text(disclose_percent(ShownValue::below(10), 700)), "<1.5");
}

TEST(CountText, GroupsThousandsForTablesButNotForCsv) {
  EXPECT_EQ(count_text(ShownValue::number(33600)), "33,600");
  EXPECT_EQ(count_text(ShownValue::number(33600), Grouping::none), "33600");
  EXPECT_EQ(count_text(ShownValue::below(1000)), "<1,000");
  EXPECT_EQ(count_text(ShownValue::below(1000), Grouping::none), "<1000");
  EXPECT_EQ(count_text(ShownValue::below(7.5)), "<7.5");
  EXPECT_EQ(count_text(ShownValue::of(Symbol::confidential), Grouping::none), "[c]");
}

TEST(Symbols, AreTheGssLettersInBrackets) {
  EXPECT_EQ(symbol_text(Symbol::confidential), "[c]");
  EXPECT_EQ(symbol_text(Symbol::rounds_to_zero), "[k]");
  EXPECT_EQ(symbol_text(Symbol::low_reliability), "[u]");
  EXPECT_EQ(symbol_text(Symbol::not_available), "[x]");
  EXPECT_EQ(symbol_text(Symbol::not_applicable), "[z]");
}

TEST(DescribeSdcPolicy, StatesEachPolicysRulesInOneSentence) {
  EXPECT_EQ(describe_sdc_policy(parse_sdc_policy("none")), "No disclosure control (none): every figure is shown.");
  EXPECT_EQ(describe_sdc_policy(parse_sdc_policy("ons-10-5")),
            "Disclosure control (ons-10-5): an estimate below 10 (0 included) is not shown ([c]) and the others are "
            "rounded to the nearest 5; further figures are not shown ([c]) where they would let a hidden one be "
            "worked out from the figures shown and the population.");
  EXPECT_EQ(describe_sdc_policy(parse_sdc_policy("dfe")),
            "Disclosure control (dfe): figures are rounded to the nearest 10; an estimate of 0 is shown as 0, one "
            "above 0 and below 0.5 as [k], and one from 0.5 to below 5.5 (a whole count of 1 to 5) is not shown "
            "([c]); further figures are not shown ([c]) where they would let a hidden one be worked out from the "
            "figures shown and the population.");
  EXPECT_EQ(describe_sdc_policy(parse_sdc_policy("custom:0:5")),
            "Disclosure control (custom:0:5): nothing is suppressed; figures are rounded to the nearest 5.");
}

TEST(DescribeRounding, SaysHowFiguresIntervalsAndPercentagesAreRounded) {
  EXPECT_EQ(describe_rounding(parse_sdc_policy("ons-10-5"), 3),
            "Figures are rounded to 3 significant figures, or to multiples of 5 where that is coarser (halves away "
            "from zero); interval ends to the same step as their figure; percentages are of the rounded figure.");
  EXPECT_EQ(describe_rounding(parse_sdc_policy("none"), 0),
            "Figures are rounded to whole numbers (halves away from zero); interval ends to the same step as "
            "their figure; percentages are of the rounded figure.");
}

TEST(SuppressedPhrase, IsTrueOfPrimaryAndSecondarySuppressionAlike) {
  EXPECT_EQ(suppressed_phrase(parse_sdc_policy("ons-10-5")), "fewer than 10, or would reveal one that is");
  EXPECT_EQ(suppressed_phrase(parse_sdc_policy("dfe")), "between 1 and 5, or would reveal one that is");
}

}  // namespace
}  // namespace prevalence::publish
