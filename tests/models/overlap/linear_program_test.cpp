// Tests models/overlap/linear_program.cpp: the two-phase simplex method with
// Bland's rule.
//
// Every problem has a known optimum from a textbook or a hand check written
// out beside it; inequalities are turned into equalities with slack
// variables, and maximisation into minimisation of the negated objective.

#include "models/overlap/linear_program.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace prevalence::models {
namespace {

using testing::HasSubstr;
using testing::ThrowsMessage;

// The problems have small integer or simple fractional data and optima; a
// dense tableau after a few dozen pivots is accurate to about 1e-14, so
// 1e-10 fails on any wrong vertex or wrong value yet never on rounding.
constexpr double kTolerance = 1e-10;

Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double value : values) v[i++] = value;
  return v;
}

void expect_feasible(const Eigen::MatrixXd& E, const Eigen::VectorXd& f, const Eigen::VectorXd& x) {
  ASSERT_EQ(x.size(), E.cols());
  EXPECT_GE(x.minCoeff(), 0.0);
  EXPECT_LE((E * x - f).lpNorm<Eigen::Infinity>(), kTolerance);
}

TEST(SolveLinearProgram, FindsTheOptimumOfChvatalsFirstExample) {
  // Chvatal, Linear Programming (1983), chapter 2, and Vanderbei, Linear
  // Programming: Foundations and Extensions, section 2.1:
  //   maximise 5 x1 + 4 x2 + 3 x3
  //   subject to 2 x1 + 3 x2 +   x3 <= 5
  //              4 x1 +   x2 + 2 x3 <= 11
  //              3 x1 + 4 x2 + 2 x3 <= 8,  x >= 0.
  // Optimum 13 at x = (2, 0, 1), slacks (0, 1, 0).
  Eigen::MatrixXd E(3, 6);
  E << 2, 3, 1, 1, 0, 0,  //
      4, 1, 2, 0, 1, 0,   //
      3, 4, 2, 0, 0, 1;
  const Eigen::VectorXd f = vec({5, 11, 8});
  const Eigen::VectorXd c = vec({-5, -4, -3, 0, 0, 0});
  const LinearProgramResult result = solve_linear_program(E, f, c);
  ASSERT_EQ(result.status, LinearProgramStatus::optimal);
  EXPECT_NEAR(result.objective, -13.0, kTolerance);
  const Eigen::VectorXd expected = vec({2, 0, 1, 0, 1, 0});
  EXPECT_LE((result.x - expected).lpNorm<Eigen::Infinity>(), kTolerance);
  expect_feasible(E, f, result.x);
}

TEST(SolveLinearProgram, FindsTheOptimumOfTheWyndorGlassProblem) {
  // Hillier and Lieberman, Introduction to Operations Research, section 3.1
  // (the Wyndor Glass Co. problem):
  //   maximise 3 x1 + 5 x2 subject to x1 <= 4, 2 x2 <= 12, 3 x1 + 2 x2 <= 18.
  // Optimum 36 at (2, 6).
  Eigen::MatrixXd E(3, 5);
  E << 1, 0, 1, 0, 0,  //
      0, 2, 0, 1, 0,   //
      3, 2, 0, 0, 1;
  const Eigen::VectorXd f = vec({4, 12, 18});
  const LinearProgramResult result = solve_linear_program(E, f, vec({-3, -5, 0, 0, 0}));
  ASSERT_EQ(result.status, LinearProgramStatus::optimal);
  EXPECT_NEAR(result.objective, -36.0, kTolerance);
  EXPECT_NEAR(result.x[0], 2.0, kTolerance);
  EXPECT_NEAR(result.x[1], 6.0, kTolerance);
  expect_feasible(E, f, result.x);
}

TEST(SolveLinearProgram, SolvesATransportationProblemWithARedundantEqualityRow) {
  // Two supplies (15, 25) and three demands (10, 20, 10) in balance, so the
  // five equality rows have rank 4 and phase 1 must drop one. Costs
  //   from 1: 4 6 9      from 2: 5 3 8.
  // By hand: ship x11 = 10, x13 = 5, x22 = 20, x23 = 5, cost 185. Duals
  // u = (0, -1), v = (4, 4, 9) price every used route exactly and leave the
  // unused ones positive reduced costs (x12: 6 - 0 - 4 = 2; x21: 5 + 1 - 4 =
  // 2), so that shipment is the unique optimum.
  // Variables x11 x12 x13 x21 x22 x23.
  Eigen::MatrixXd E(5, 6);
  E << 1, 1, 1, 0, 0, 0,  // supply 1
      0, 0, 0, 1, 1, 1,   // supply 2
      1, 0, 0, 1, 0, 0,   // demand 1
      0, 1, 0, 0, 1, 0,   // demand 2
      0, 0, 1, 0, 0, 1;   // demand 3
  const Eigen::VectorXd f = vec({15, 25, 10, 20, 10});
  const LinearProgramResult result = solve_linear_program(E, f, vec({4, 6, 9, 5, 3, 8}));
  ASSERT_EQ(result.status, LinearProgramStatus::optimal);
  EXPECT_NEAR(result.objective, 185.0, kTolerance);
  const Eigen::VectorXd expected = vec({10, 0, 5, 0, 20, 5});
  EXPECT_LE((result.x - expected).lpNorm<Eigen::Infinity>(), kTolerance);
  expect_feasible(E, f, result.x);
}

TEST(SolveLinearProgram, SolvesBealesCyclingExampleWithoutCycling) {
  // Beale, "Cycling in the dual simplex algorithm", Naval Research Logistics
  // Quarterly 2(4), 269-275 (1955), the standard example of cycling:
  //   minimise -3/4 x4 + 20 x5 - 1/2 x6 + 6 x7
  //   subject to x1 + 1/4 x4 -  8 x5 -     x6 + 9 x7 = 0
  //              x2 + 1/2 x4 - 12 x5 - 1/2 x6 + 3 x7 = 0
  //              x3                  +     x6        = 1,  x >= 0.
  // From the basis (x1, x2, x3), the largest-coefficient rule with ties to
  // the lowest index returns to that basis after six degenerate pivots and
  // cycles for ever. (Checked: with that rule put in place of Bland's, this
  // solver cycles here too and stops at its pivot guard.) The optimum is
  // -5/4 at x1 = 3/4, x4 = 1, x6 = 1 (check: 3/4 + 1/4 - 1 = 0,
  // 1/2 - 1/2 = 0, 0 + 1 = 1; -3/4 - 1/2 = -5/4).
  Eigen::MatrixXd E(3, 7);
  E << 1, 0, 0, 0.25, -8, -1, 9,  //
      0, 1, 0, 0.5, -12, -0.5, 3,  //
      0, 0, 1, 0, 0, 1, 0;
  const Eigen::VectorXd f = vec({0, 0, 1});
  const Eigen::VectorXd c = vec({0, 0, 0, -0.75, 20, -0.5, 6});
  const LinearProgramResult result = solve_linear_program(E, f, c);
  ASSERT_EQ(result.status, LinearProgramStatus::optimal);
  EXPECT_NEAR(result.objective, -1.25, kTolerance);
  const Eigen::VectorXd expected = vec({0.75, 0, 0, 1, 0, 1, 0});
  EXPECT_LE((result.x - expected).lpNorm<Eigen::Infinity>(), kTolerance);
  expect_feasible(E, f, result.x);
}

TEST(SolveLinearProgram, SolvesKuhnsCyclingExample) {
  // A second classic degenerate problem that cycles under the largest-
  // coefficient rule, attributed to Kuhn (as reproduced in Bazaraa, Jarvis
  // and Sherali, Linear Programming and Network Flows, on cycling); like
  // Beale's, it makes this solver cycle if Bland's rule is swapped out:
  //   minimise -2 x4 - 3 x5 + x6 + 12 x7
  //   subject to x1 - 2 x4 - 9 x5 +     x6 +  9 x7 = 0
  //              x2 + 1/3 x4 + x5 - 1/3 x6 -  2 x7 = 0
  //              x3 + 2 x4 + 3 x5 -     x6 - 12 x7 = 2,  x >= 0.
  // By hand: the third row says -2 x4 - 3 x5 + x6 + 12 x7 = x3 - 2, so the
  // objective is x3 - 2 >= -2, reached with x3 = 0, e.g. at x4 = 2, x6 = 2,
  // x1 = 2 (row 1: 2 - 4 + 2 = 0; row 2: 2/3 - 2/3 = 0; row 3: 4 - 2 = 2).
  Eigen::MatrixXd E(3, 7);
  E << 1, 0, 0, -2, -9, 1, 9,                    //
      0, 1, 0, 1.0 / 3.0, 1, -1.0 / 3.0, -2,    //
      0, 0, 1, 2, 3, -1, -12;
  const Eigen::VectorXd f = vec({0, 0, 2});
  const Eigen::VectorXd c = vec({0, 0, 0, -2, -3, 1, 12});
  const LinearProgramResult result = solve_linear_program(E, f, c);
  ASSERT_EQ(result.status, LinearProgramStatus::optimal);
  EXPECT_NEAR(result.objective, -2.0, kTolerance);
  expect_feasible(E, f, result.x);
}

// The least c'x over every vertex of {E x = f, x >= 0}, by trying every
// choice of basis columns: the definition, with no pivoting at all.
double best_vertex(const Eigen::MatrixXd& E, const Eigen::VectorXd& f, const Eigen::VectorXd& c) {
  const auto m = E.rows(), n = E.cols();
  double best = std::numeric_limits<double>::infinity();
  for (unsigned chosen = 0; chosen < (1u << n); ++chosen) {
    if (std::popcount(chosen) != m) continue;
    Eigen::MatrixXd B(m, m);
    std::vector<Eigen::Index> columns;
    for (Eigen::Index j = 0; j < n; ++j)
      if ((chosen >> j) & 1u) columns.push_back(j);
    for (Eigen::Index k = 0; k < m; ++k) B.col(k) = E.col(columns[static_cast<std::size_t>(k)]);
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(B);
    if (!lu.isInvertible()) continue;
    const Eigen::VectorXd xb = lu.solve(f);
    if (xb.minCoeff() < -1e-9) continue;  // not a feasible vertex (rounding aside)
    double value = 0.0;
    for (Eigen::Index k = 0; k < m; ++k) value += c[columns[static_cast<std::size_t>(k)]] * xb[k];
    best = std::min(best, value);
  }
  return best;
}

TEST(SolveLinearProgram, MatchesTheBestVertexOnSmallRandomProblems) {
  // Random integer problems, 4 rows by 8 columns: a row of ones (so the
  // feasible set is bounded and the optimum is a vertex) and three random
  // rows, with f = E x0 for an integer x0 >= 0 that is mostly zero, so many
  // problems are degenerate. The simplex answer must equal the best of all
  // 70 possible bases.
  std::mt19937 generator(1977);  // the year of Bland's rule
  std::uniform_int_distribution<int> entry(-3, 3), cost(-5, 5), start(0, 2);
  for (int trial = 0; trial < 200; ++trial) {
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    Eigen::MatrixXd E(4, 8);
    Eigen::VectorXd c(8), x0(8);
    for (Eigen::Index j = 0; j < 8; ++j) {
      E(0, j) = 1.0;
      for (Eigen::Index i = 1; i < 4; ++i) E(i, j) = entry(generator);
      c[j] = cost(generator);
      x0[j] = start(generator) == 2 ? 1.0 : 0.0;
    }
    x0[0] += 1.0;  // never all zero, so the row of ones has f > 0
    Eigen::VectorXd f = E * x0;
    for (Eigen::Index i = 0; i < 4; ++i)
      if (f[i] < 0) {
        E.row(i) *= -1.0;
        f[i] *= -1.0;
      }
    const LinearProgramResult result = solve_linear_program(E, f, c);
    ASSERT_EQ(result.status, LinearProgramStatus::optimal);
    expect_feasible(E, f, result.x);
    EXPECT_NEAR(result.objective, best_vertex(E, f, c), 1e-9);
  }
}

TEST(SolveLinearProgram, ReportsInfeasibleEqualities) {
  // x1 + x2 = 1 and x1 + x2 + x3 = 1/2 cannot both hold with x3 >= 0.
  Eigen::MatrixXd E(2, 3);
  E << 1, 1, 0,  //
      1, 1, 1;
  const LinearProgramResult result = solve_linear_program(E, vec({1, 0.5}), vec({1, 1, 1}));
  EXPECT_EQ(result.status, LinearProgramStatus::infeasible);
  EXPECT_EQ(result.x.size(), 0);
  EXPECT_EQ(result.objective, std::numeric_limits<double>::infinity());
}

TEST(SolveLinearProgram, ReportsAnUnboundedObjectiveWithAFeasiblePoint) {
  // minimise -x1 subject to x1 - x2 = 1: x1 = 1 + x2 grows for ever.
  Eigen::MatrixXd E(1, 2);
  E << 1, -1;
  const Eigen::VectorXd f = vec({1});
  const LinearProgramResult result = solve_linear_program(E, f, vec({-1, 0}));
  EXPECT_EQ(result.status, LinearProgramStatus::unbounded);
  EXPECT_EQ(result.objective, -std::numeric_limits<double>::infinity());
  expect_feasible(E, f, result.x);
}

TEST(SolveLinearProgram, HandlesDuplicatedRowsAndAZeroRightHandSide) {
  // The same row twice (rank 1) plus a row forcing x3 = 0:
  //   minimise x1 + 2 x2 + x3 subject to x1 + x2 = 1 (twice), x3 = 0.
  // Optimum 1 at (1, 0, 0).
  Eigen::MatrixXd E(3, 3);
  E << 1, 1, 0,  //
      1, 1, 0,   //
      0, 0, 1;
  const Eigen::VectorXd f = vec({1, 1, 0});
  const LinearProgramResult result = solve_linear_program(E, f, vec({1, 2, 1}));
  ASSERT_EQ(result.status, LinearProgramStatus::optimal);
  EXPECT_NEAR(result.objective, 1.0, kTolerance);
  EXPECT_LE((result.x - vec({1, 0, 0})).lpNorm<Eigen::Infinity>(), kTolerance);
}

TEST(SolveLinearProgram, WithNoRowsIsZeroOrUnbounded) {
  const Eigen::MatrixXd E(0, 2);
  const Eigen::VectorXd f(0);
  const LinearProgramResult at_zero = solve_linear_program(E, f, vec({1, 2}));
  ASSERT_EQ(at_zero.status, LinearProgramStatus::optimal);
  EXPECT_EQ(at_zero.objective, 0.0);
  EXPECT_EQ(at_zero.x, Eigen::VectorXd::Zero(2));
  EXPECT_EQ(solve_linear_program(E, f, vec({1, -2})).status, LinearProgramStatus::unbounded);
}

TEST(SolveLinearProgram, RejectsMalformedProblemsNamingTheFault) {
  Eigen::MatrixXd E(2, 2);
  E << 1, 0,  //
      0, 1;
  EXPECT_THAT([&] { solve_linear_program(E, vec({1}), vec({1, 1})); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("f has 1 entries but E has 2 rows")));
  EXPECT_THAT([&] { solve_linear_program(E, vec({1, 1}), vec({1, 1, 1})); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("c has 3 entries but E has 2 columns")));
  EXPECT_THAT([&] { solve_linear_program(E, vec({1, -0.5}), vec({1, 1})); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("f[1] is -0.5, but the right-hand side must be >= 0")));
  EXPECT_THAT([&] { solve_linear_program(Eigen::MatrixXd(1, 0), vec({1}), Eigen::VectorXd(0)); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("E has no columns")));
  Eigen::MatrixXd with_nan = E;
  with_nan(1, 0) = std::nan("");
  EXPECT_THAT([&] { solve_linear_program(with_nan, vec({1, 1}), vec({1, 1})); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("E(1, 0) is nan, not a finite number")));
  EXPECT_THAT([&] { solve_linear_program(E, vec({1, 1}), vec({1, std::numeric_limits<double>::infinity()})); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("c[1] is inf, not a finite number")));
}

}  // namespace
}  // namespace prevalence::models
