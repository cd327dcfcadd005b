// Tests models/overlap/coherence.cpp: whether published figures about the
// toxic trio can all be true of one joint table, and the sentences that say
// why not.
//
// The real case is the Children's Commissioner's 2019 projections for Leeds
// (the figures behind config/leeds-2020.toml), given here to the digits the
// source's spreadsheet carries.

#include "models/overlap/coherence.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace prevalence::models {
namespace {

using testing::AllOf;
using testing::Contains;
using testing::EndsWith;
using testing::HasSubstr;
using testing::StartsWith;
using testing::ThrowsMessage;

// Moves are differences of the figures, found by an LP accurate to about
// 1e-13; 1e-10 (a hundred-millionth of a percentage point) is far tighter
// than any difference a wrong vertex or a wrong rule would make.
constexpr double kMoveTolerance = 1e-10;

constexpr ConditionSet kDV = 1, kMH = 2, kSM = 4, kTrio = kDV | kMH | kSM;

// A figure published as `percent`, exactly.
FigureBand exact(std::string name, CellSet cells, double percent) {
  return {std::move(name), cells, percent / 100.0, percent / 100.0};
}
// A figure published as `percent` rounded to `precision` percentage points.
FigureBand rounded(std::string name, CellSet cells, double percent, double precision) {
  return {std::move(name), cells, (percent - precision / 2.0) / 100.0, (percent + precision / 2.0) / 100.0};
}

// The Leeds figures, in percent.
constexpr double kLeedsDV = 7.39207558453823;
constexpr double kLeedsMH = 15.0284000073914;
constexpr double kLeedsSM = 5.04045768190633;
constexpr double kLeedsAny = 19.9674293972202;
constexpr double kLeedsAllThree = 1.18593962064526;
constexpr double kLeedsExactlyTwo = 4.70538045391466;
constexpr double kLeedsTwoOrMore = 6.02094303855089;

// The Leeds figures that fit together ("narrow"), then with the two that do
// not, each rounded to `precision` points (0: exact).
std::vector<FigureBand> leeds(bool with_counts_of_two, double precision = 0.0) {
  auto figure = [&](std::string name, CellSet cells, double percent) {
    return precision == 0.0 ? exact(std::move(name), cells, percent)
                            : rounded(std::move(name), cells, percent, precision);
  };
  std::vector<FigureBand> figures = {
      figure("domestic violence and abuse", cells_with_all_of(3, kDV), kLeedsDV),
      figure("parental mental ill-health", cells_with_all_of(3, kMH), kLeedsMH),
      figure("parental substance misuse", cells_with_all_of(3, kSM), kLeedsSM),
      figure("any of the toxic trio", cells_with_any_of(3, kTrio), kLeedsAny),
      figure("all three", cells_with_all_of(3, kTrio), kLeedsAllThree),
  };
  if (with_counts_of_two) {
    figures.push_back(figure("exactly two", cells_with_exactly(3, 2), kLeedsExactlyTwo));
    figures.push_back(figure("two or more", cells_with_at_least(3, 2), kLeedsTwoOrMore));
  }
  return figures;
}

// The figures with each one the report moves put where it says: the report
// must have found a change that works.
std::vector<FigureBand> moved_as_reported(std::vector<FigureBand> figures, const CoherenceReport& report) {
  for (const FigureAdjustment& a : report.smallest_change)
    figures[a.figure].lower = figures[a.figure].upper = a.nearest_possible;
  return figures;
}

// What every incoherent report must satisfy, whatever the case.
void expect_well_formed_incoherent(int n_conditions, const std::vector<FigureBand>& figures,
                                   const CoherenceReport& report) {
  EXPECT_FALSE(report.coherent);
  ASSERT_FALSE(report.findings.empty());
  EXPECT_THAT(report.findings.back(), StartsWith("The smallest change that makes them possible: "));
  ASSERT_FALSE(report.smallest_change.empty());
  double total = 0.0;
  for (const FigureAdjustment& a : report.smallest_change) {
    ASSERT_LT(a.figure, figures.size());
    EXPECT_EQ(a.published_lower, figures[a.figure].lower);
    EXPECT_EQ(a.published_upper, figures[a.figure].upper);
    total += std::max(a.published_lower - a.nearest_possible, a.nearest_possible - a.published_upper);
    EXPECT_THAT(report.findings.back(), HasSubstr(figures[a.figure].name));
  }
  EXPECT_NEAR(total, report.total_change, kMoveTolerance);
  EXPECT_TRUE(check_coherence(n_conditions, moved_as_reported(figures, report)).coherent);
}

TEST(CheckCoherence, FindsFiguresFromAnIndependentTableCoherent) {
  // Three independent conditions: each pair is the product of its two
  // prevalences, all three the product of all, any = 1 - product of (1 - p).
  const double dv = 0.07, mh = 0.15, sm = 0.05;
  const std::vector<FigureBand> figures = {
      {"DV", cells_with_all_of(3, kDV), dv, dv},
      {"MH", cells_with_all_of(3, kMH), mh, mh},
      {"SM", cells_with_all_of(3, kSM), sm, sm},
      {"DV and MH", cells_with_all_of(3, kDV | kMH), dv * mh, dv * mh},
      {"DV and SM", cells_with_all_of(3, kDV | kSM), dv * sm, dv * sm},
      {"MH and SM", cells_with_all_of(3, kMH | kSM), mh * sm, mh * sm},
      {"all three", cells_with_all_of(3, kTrio), dv * mh * sm, dv * mh * sm},
      {"any", cells_with_any_of(3, kTrio), 1 - (1 - dv) * (1 - mh) * (1 - sm),
       1 - (1 - dv) * (1 - mh) * (1 - sm)},
  };
  const CoherenceReport report = check_coherence(3, figures);
  EXPECT_TRUE(report.coherent);
  EXPECT_TRUE(report.findings.empty());
  EXPECT_TRUE(report.smallest_change.empty());
  EXPECT_EQ(report.total_change, 0.0);
}

TEST(CheckCoherence, FindsSixIndependentPrevalencesAndTheirPairsCoherent) {
  // The largest table: 6 conditions, 64 cells, 6 prevalences, 15 pairs,
  // "any" and "all six" (23 figures, an LP of 24 rows by 110 columns).
  const double p[6] = {0.02, 0.05, 0.1, 0.2, 0.3, 0.45};
  std::vector<FigureBand> figures;
  double none = 1.0, all = 1.0;
  for (unsigned i = 0; i < 6; ++i) {
    figures.push_back({"condition " + std::to_string(i), cells_with_all_of(6, 1u << i), p[i], p[i]});
    none *= 1.0 - p[i];
    all *= p[i];
    for (unsigned j = i + 1; j < 6; ++j)
      figures.push_back({"pair", cells_with_all_of(6, (1u << i) | (1u << j)), p[i] * p[j], p[i] * p[j]});
  }
  figures.push_back({"any", cells_with_any_of(6, 63), 1.0 - none, 1.0 - none});
  figures.push_back({"all six", cells_with_all_of(6, 63), all, all});
  EXPECT_TRUE(check_coherence(6, figures).coherent);
}

TEST(CheckCoherence, FindsTheLeedsNarrowFiguresCoherent) {
  const CoherenceReport report = check_coherence(3, leeds(false));
  EXPECT_TRUE(report.coherent);
  EXPECT_TRUE(report.findings.empty());
}

TEST(CheckCoherence, NamesTheThreeLeedsFiguresThatConflict) {
  const std::vector<FigureBand> figures = leeds(true);
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_THAT(report.findings,
              Contains(AllOf(StartsWith("Two or more (6.02%) should equal exactly two (4.71%) + all three "
                                        "(1.19%) = 5.89%; they differ by 0.13 points"),
                             EndsWith("."))));
  // The 0.13-point sum is not all that is wrong: with all five narrow
  // figures, inclusion-exclusion fixes exactly two + 2 x all three = DV + MH
  // + SM - any, which puts exactly two at 5.12 %, not 4.71 % (0.42 points
  // off). The least total change that repairs both identities is the first
  // gap minus the second (moving all three serves both): 0.29 points.
  const double sum_gap = kLeedsDV + kLeedsMH + kLeedsSM - kLeedsAny - kLeedsExactlyTwo - 2 * kLeedsAllThree;
  const double union_gap = kLeedsTwoOrMore - kLeedsExactlyTwo - kLeedsAllThree;
  EXPECT_NEAR(100.0 * report.total_change, sum_gap - union_gap, 1e-8);
  EXPECT_NEAR(100.0 * report.total_change, 0.2866, 0.0001);
  // ...and the report says the sentence above does not explain it all.
  EXPECT_THAT(report.findings,
              Contains("Closing only the gaps above is not enough: the figures need 0.29 points of change in "
                       "all, more than the 0.13 points those gaps add up to."));
}

TEST(CheckCoherence, NeedsOnlyAThirteenthOfAPointForTheLeedsCountsOfTwoAlone) {
  // Exactly two, all three and two or more by themselves: one identity, one
  // gap of 0.13 points, closed by moving any one of the three.
  const std::vector<FigureBand> all = leeds(true);
  const std::vector<FigureBand> figures = {all[5], all[4], all[6]};
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_NEAR(100.0 * report.total_change, kLeedsTwoOrMore - kLeedsExactlyTwo - kLeedsAllThree, 1e-8);
  ASSERT_EQ(report.smallest_change.size(), 1u);
  // The one rule explains the whole change: no "not enough" sentence.
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_THAT(report.findings[0], HasSubstr("they differ by 0.13 points"));
  EXPECT_THAT(report.findings[1], AllOf(StartsWith("The smallest change that makes them possible: "),
                                        HasSubstr(figures[report.smallest_change[0].figure].name)));
}

TEST(CheckCoherence, FindsTheLeedsFiguresRoundedToATenthOfAPointStillIncoherent) {
  // Each figure anywhere in +-0.05 points. No pair or triple is broken any
  // more (two or more, exactly two and all three have 0.15 points of room
  // between them for a 0.13-point gap), but the inclusion-exclusion identity
  // needs 0.42 points and its bands give 0.05 per figure, all three counting
  // twice: 0.35. Moving all three a further (0.42 - 0.35) / 2 points past
  // its band closes it, and no change is smaller.
  const std::vector<FigureBand> figures = leeds(true, 0.1);
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_THAT(report.findings.front(), HasSubstr("No two or three of these figures conflict on their own"));
  const double sum_gap = kLeedsDV + kLeedsMH + kLeedsSM - kLeedsAny - kLeedsExactlyTwo - 2 * kLeedsAllThree;
  const double beyond_band = (sum_gap - 0.35) / 2.0;
  EXPECT_NEAR(100.0 * report.total_change, beyond_band, 1e-8);
  ASSERT_EQ(report.smallest_change.size(), 1u);
  EXPECT_EQ(report.smallest_change[0].figure, 4u);  // all three
  EXPECT_NEAR(100.0 * report.smallest_change[0].nearest_possible, kLeedsAllThree + 0.05 + beyond_band, 1e-8);
  EXPECT_EQ(report.findings.back(),
            "The smallest change that makes them possible: all three from between 1.14% and 1.24% to 1.27%.");
}

TEST(CheckCoherence, PrintsNarrowBandsWithEnoughDecimalsToTellTheEndsApart) {
  // Rounded to a thousandth of a point, each figure stands for +-0.0005
  // points: at 2 decimals both ends of a band would print alike.
  const std::vector<FigureBand> all = leeds(true, 0.001);
  const std::vector<FigureBand> figures = {all[5], all[4], all[6]};
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_EQ(report.findings.front(),
            "Two or more (6.0204% to 6.0214%) should equal exactly two (4.7049% to 4.7059%) + all three "
            "(1.1854% to 1.1864%) = 5.8903% to 5.8923%; they differ by at least 0.13 points.");
  EXPECT_NEAR(100.0 * report.total_change, kLeedsTwoOrMore - kLeedsExactlyTwo - kLeedsAllThree - 0.0015, 1e-8);
}

TEST(CheckCoherence, FindsTheLeedsFiguresRoundedToAPointCoherent) {
  const CoherenceReport report = check_coherence(3, leeds(true, 1.0));
  EXPECT_TRUE(report.coherent);
  EXPECT_TRUE(report.findings.empty());
}

TEST(CheckCoherence, SaysAllThreeCannotBeAboveASingleCondition) {
  const std::vector<FigureBand> figures = {
      exact("domestic violence and abuse", cells_with_all_of(3, kDV), kLeedsDV),
      exact("all three of the toxic trio", cells_with_all_of(3, kTrio), 8.0),
  };
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_EQ(report.findings.front(),
            "All three of the toxic trio (8.00%) cannot be above domestic violence and abuse (7.39%): everyone "
            "counted in the first is counted in the second; it is 0.61 points above.");
  EXPECT_NEAR(100.0 * report.total_change, 8.0 - kLeedsDV, 1e-8);
}

TEST(CheckCoherence, SaysAnyCannotBeBelowASingleCondition) {
  std::vector<FigureBand> figures = leeds(false);
  figures[3] = exact("any of the toxic trio", cells_with_any_of(3, kTrio), 12.0);
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_THAT(report.findings,
              Contains(HasSubstr("Parental mental ill-health (15.03%) cannot be above any of the toxic trio "
                                 "(12.00%): everyone counted in the first is counted in the second; it is "
                                 "3.03 points above")));
}

TEST(CheckCoherence, SaysAPairCannotBeAboveEitherOfItsConditions) {
  const std::vector<FigureBand> figures = {
      exact("domestic violence and abuse", cells_with_all_of(3, kDV), kLeedsDV),
      exact("parental mental ill-health", cells_with_all_of(3, kMH), kLeedsMH),
      exact("domestic abuse with mental ill-health", cells_with_all_of(3, kDV | kMH), 9.0),
  };
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_THAT(report.findings,
              Contains(HasSubstr("Domestic abuse with mental ill-health (9.00%) cannot be above domestic "
                                 "violence and abuse (7.39%)")));
  // Below mental ill-health, so that rule holds and is not reported.
  EXPECT_THAT(report.findings, testing::Not(Contains(HasSubstr("above parental mental ill-health"))));
}

TEST(CheckCoherence, FindsAnyAboveTheSumOfTheConditionsThroughTheProgramme) {
  // Any <= DV + MH + SM - 2 x all three (inclusion-exclusion, with each
  // pair at least all three) involves five figures: no pair or triple rule
  // covers it, so the LP alone finds it, and says which figures move. The
  // cheapest repair lowers all three to 0 (each point of it buys two of the
  // gap) and then closes the 2.54 points any is above DV + MH + SM.
  std::vector<FigureBand> figures = leeds(false);
  figures[3] = exact("any of the toxic trio", cells_with_any_of(3, kTrio), 30.0);
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_THAT(report.findings.front(),
              AllOf(StartsWith("No two or three of these figures conflict on their own, but together they "
                               "cannot all hold; the least change moves "),
                    HasSubstr("by 2.54 points")));
  EXPECT_NEAR(100.0 * report.total_change, kLeedsAllThree + 30.0 - (kLeedsDV + kLeedsMH + kLeedsSM), 1e-8);
}

TEST(CheckCoherence, SaysAUnionCannotExceedTheSumOfItsParts) {
  // Frechet: P(DV or MH) <= P(DV) + P(MH).
  const std::vector<FigureBand> figures = {
      exact("domestic violence and abuse", cells_with_all_of(3, kDV), kLeedsDV),
      exact("parental mental ill-health", cells_with_all_of(3, kMH), kLeedsMH),
      exact("either", cells_with_any_of(3, kDV | kMH), 25.0),
  };
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_THAT(report.findings.front(),
              StartsWith("Either (25.00%) cannot be above domestic violence and abuse (7.39%) + parental "
                         "mental ill-health (15.03%) = 22.42%: everyone it counts is counted in one or both; "
                         "it is 2.58 points above"));
}

TEST(CheckCoherence, SaysAnOverlapCannotBeBelowWhatTheTwoForce) {
  // Frechet: P(DV and MH) >= P(DV) + P(MH) - 1 = 30 %.
  const std::vector<FigureBand> figures = {
      exact("DV", cells_with_all_of(3, kDV), 60.0),
      exact("MH", cells_with_all_of(3, kMH), 70.0),
      exact("both", cells_with_all_of(3, kDV | kMH), 20.0),
  };
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_THAT(report.findings.front(),
              StartsWith("Both (20.00%) cannot be below DV (60.00%) + MH (70.00%) - 100% = 30.00%"));
  EXPECT_THAT(report.findings.front(), HasSubstr("it is 10.00 points below"));
  EXPECT_NEAR(report.total_change, 0.1, kMoveTolerance);
}

TEST(CheckCoherence, SaysTwoDisjointFiguresCannotAddUpToMoreThanEveryone) {
  const std::vector<FigureBand> figures = {
      exact("domestic abuse only", only_cell(kDV), 60.0),
      exact("mental ill-health only", only_cell(kMH), 50.0),
  };
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_EQ(report.findings.front(),
            "Domestic abuse only (60.00%) and mental ill-health only (50.00%) count no one in common, so "
            "together they cannot exceed 100%; they add up to 110.00%, 10.00 points over.");
  EXPECT_NEAR(report.total_change, 0.1, kMoveTolerance);
}

TEST(CheckCoherence, SaysNoneAndAnyMustAddUpToEveryone) {
  const std::vector<FigureBand> figures = {
      exact("none of the toxic trio", cells_with_exactly(3, 0), 80.0),
      exact("any of the toxic trio", cells_with_any_of(3, kTrio), kLeedsAny),
  };
  const CoherenceReport report = check_coherence(3, figures);
  expect_well_formed_incoherent(3, figures, report);
  EXPECT_THAT(report.findings.front(),
              HasSubstr("between them count everyone exactly once, so they must add up to 100%; they add "
                        "up to 99.97%, 0.03 points short"));
}

TEST(CheckCoherence, SaysAFigureOverEveryoneMustBeAHundredPercent) {
  const std::vector<FigureBand> figures = {exact("all children", all_cells(2), 90.0)};
  const CoherenceReport report = check_coherence(2, figures);
  expect_well_formed_incoherent(2, figures, report);
  EXPECT_EQ(report.findings.front(),
            "All children (90.00%) counts everyone in the table, so it must be 100%; it is 10.00 points below.");
  EXPECT_EQ(report.findings.back(), "The smallest change that makes them possible: all children from 90.00% to 100.00%.");
}

TEST(CheckCoherence, SaysTwoFiguresOverTheSameCellsMustBeEqual) {
  const std::vector<FigureBand> figures = {
      rounded("any (first source)", cells_with_any_of(2, 3), 20.0, 1.0),
      rounded("any (second source)", cells_with_any_of(2, 3), 22.0, 1.0),
  };
  const CoherenceReport report = check_coherence(2, figures);
  expect_well_formed_incoherent(2, figures, report);
  EXPECT_EQ(report.findings.front(),
            "Any (first source) (19.50% to 20.50%) and any (second source) (21.50% to 22.50%) count the same "
            "people, so they must be equal; they differ by at least 1.00 points.");
}

// A table with every cell positive, drawn at random.
std::vector<double> random_table(int n_conditions, unsigned seed) {
  std::mt19937 generator(seed);
  std::gamma_distribution<double> gamma(1.0, 1.0);  // Dirichlet(1, ..., 1)
  std::vector<double> cells(static_cast<std::size_t>(cell_count(n_conditions)));
  double total = 0.0;
  for (double& c : cells) total += (c = gamma(generator) + 1e-3);
  for (double& c : cells) c /= total;
  return cells;
}

std::vector<FigureBand> every_cell(const std::vector<double>& cells) {
  std::vector<FigureBand> figures;
  for (std::size_t c = 0; c < cells.size(); ++c)
    figures.push_back({"cell " + std::to_string(c), only_cell(static_cast<ConditionSet>(c)), cells[c], cells[c]});
  return figures;
}

TEST(CheckCoherence, FindsACompleteTableCoherentAndOneCellOffIncoherent) {
  for (const int k : {3, 6}) {  // 8 and 64 figures; 6 is the largest LP, 65 rows by 192 columns
    SCOPED_TRACE(testing::Message() << k << " conditions");
    std::vector<FigureBand> figures = every_cell(random_table(k, 2019u + static_cast<unsigned>(k)));
    EXPECT_TRUE(check_coherence(k, figures).coherent);

    figures[5].lower = figures[5].upper = figures[5].lower + 0.01;  // now they sum to 1.01
    const CoherenceReport report = check_coherence(k, figures);
    expect_well_formed_incoherent(k, figures, report);
    EXPECT_THAT(report.findings.front(), HasSubstr("No two or three of these figures conflict on their own"));
    EXPECT_NEAR(report.total_change, 0.01, kMoveTolerance);
    // Every least change lowers cells by 0.01 in all and raises none (any
    // rise would have to be paid for twice). It may lower more than one: a
    // cell below 0.01 can only give up what it has.
    for (const FigureAdjustment& a : report.smallest_change)
      EXPECT_LT(a.nearest_possible, a.published_lower);
  }
}

TEST(CheckCoherence, FindsAnyBandsAroundFiguresOfARealTableCoherent) {
  // The largest problems: 6 conditions, 64 figures over random cell sets,
  // every one a band around its true value (an LP of 129 rows by 320
  // columns). Then the same figures pushed off at random, where whatever
  // the report says must move has to make them possible.
  for (unsigned seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE(testing::Message() << "seed " << seed);
    const std::vector<double> table = random_table(6, seed);
    std::mt19937_64 generator(seed);
    std::uniform_real_distribution<double> width(0.0, 0.002);
    std::vector<FigureBand> figures;
    for (int j = 0; j < 64; ++j) {
      CellSet cells = 0;
      while (cells == 0) cells = generator();
      const double value = sum_over(table, cells);
      figures.push_back({"figure " + std::to_string(j), cells, std::max(0.0, value - width(generator)),
                         std::min(1.0, value + width(generator))});
    }
    EXPECT_TRUE(check_coherence(6, figures).coherent);

    std::uniform_real_distribution<double> push(-0.02, 0.02);
    for (int j = 0; j < 64; j += 7) {
      const double moved = std::clamp(figures[j].lower + push(generator), 0.0, 1.0);
      figures[j].lower = figures[j].upper = moved;
    }
    const CoherenceReport report = check_coherence(6, figures);
    expect_well_formed_incoherent(6, figures, report);
  }
}

TEST(CheckCoherence, FindsNoFiguresCoherent) {
  EXPECT_TRUE(check_coherence(3, {}).coherent);
}

TEST(CheckCoherence, RejectsBadArgumentsNamingTheProblem) {
  const std::vector<FigureBand> fine = {exact("DV", cells_with_all_of(3, kDV), 7.0)};
  EXPECT_THAT([&] { check_coherence(0, fine); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("0 conditions: the joint table supports 1 to 6")));
  EXPECT_THAT([&] { check_coherence(7, fine); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("7 conditions: the joint table supports 1 to 6")));

  auto with = [](FigureBand band) { return std::vector<FigureBand>{band}; };
  EXPECT_THAT([&] { check_coherence(3, with({"nothing", 0, 0.1, 0.1})); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("figure 1 (\"nothing\") sums no cells")));
  EXPECT_THAT([&] { check_coherence(2, with({"too far", only_cell(5), 0.1, 0.1})); },
              ThrowsMessage<std::invalid_argument>(
                  HasSubstr("includes cell 5, but a table over 2 conditions has cells 0 to 3")));
  EXPECT_THAT([&] { check_coherence(3, with({"DV", only_cell(1), 0.2, 0.1})); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("has its lower end 0.2 above its upper end 0.1")));
  EXPECT_THAT([&] { check_coherence(3, with({"DV", only_cell(1), 0.1, 1.2})); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("has a band end of 1.2, outside [0, 1]")));
  EXPECT_THAT([&] { check_coherence(3, with({"DV", only_cell(1), -0.1, 0.1})); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("has a band end of -0.1, outside [0, 1]")));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THAT([&] { check_coherence(3, with({"DV", only_cell(1), nan, nan})); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("has a band end of nan, outside [0, 1]")));
}

}  // namespace
}  // namespace prevalence::models
