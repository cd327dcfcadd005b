// Tests engine/publish/table_html.cpp: one self-contained HTML5 page
// (structure, not bytes): a single <main> holding everything, a captioned
// table per area with scoped headers, right-aligned tabular numbers, print
// CSS, nothing external, every input text escaped; the same figures as the
// other renderers.

#include "engine/publish/table_html.hpp"

#include "tests/engine/publish/table_fixture.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace prevalence::publish {
namespace {

std::string html(const TableInput& input, const TableOptions& options) {
  std::ostringstream out;
  write_table_html(out, input, options);
  return out.str();
}

TableOptions ons() {
  TableOptions options;
  options.policy = parse_sdc_policy("ons-10-5");
  options.words = true;
  return options;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

bool contains(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

TEST(TableHtml, IsOneSelfContainedUtf8Html5Page) {
  const std::string page = html(test::small_input(), ons());
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", 0), 0u);
  EXPECT_TRUE(page.ends_with("</main>\n</body>\n</html>\n"));
  EXPECT_EQ(count(page, "<html"), 1u);
  EXPECT_EQ(count(page, "<style>"), 1u);
  for (const char* external : {"<script", "<link", "<img", "<iframe", "@import", "url(", "http:", "https:", "src="})
    EXPECT_FALSE(contains(page, external)) << external;
  EXPECT_TRUE(contains(page, "<title>Leeds 2020: children living with adversity</title>"));
}

TEST(TableHtml, HoldsEverythingInOneMainThatAReportCanAddTo) {
  const std::string page = html(test::small_input(), ons());
  EXPECT_EQ(count(page, "<main>"), 1u);
  EXPECT_EQ(count(page, "</main>"), 1u);
  const std::size_t open = page.find("<main>"), close = page.find("</main>");
  EXPECT_LT(page.find("<body>"), open);
  EXPECT_LT(open, page.find("<h1>"));
  EXPECT_LT(page.find("class=\"limitations\""), close);
  EXPECT_EQ(page.find("<table", close), std::string::npos);
}

TEST(TableHtml, HasACaptionedTableWithScopedHeadersPerArea) {
  const std::string page = html(test::small_input(), ons());
  EXPECT_EQ(count(page, "<table>"), 2u);
  EXPECT_EQ(count(page, "</table>"), 2u);
  EXPECT_EQ(count(page, "<caption>"), 2u);
  EXPECT_TRUE(contains(page, "<caption>Leeds 2020: children living with adversity: Leeds (E08000035)</caption>"));
  EXPECT_EQ(count(page, "<thead>"), 2u);
  EXPECT_EQ(count(page, "<tbody>"), 2u);
  EXPECT_EQ(count(page, "<th scope=\"col\""), 2u * 7u);  // measure, ages, population, number, 2 intervals, %
  EXPECT_EQ(count(page, "<th scope=\"row\">"), 2u * 5u);
  for (const char* tag : {"section", "tr", "td", "th", "ul", "li", "ol", "dl", "p", "h2", "h3", "sup", "a"})
    EXPECT_EQ(count(page, std::string("<") + tag + ">") + count(page, std::string("<") + tag + " "),
              count(page, std::string("</") + tag + ">"))
        << tag;
}

TEST(TableHtml, RightAlignsNumbersInTabularFiguresAndPrintsCleanly) {
  const std::string page = html(test::small_input(), ons());
  EXPECT_TRUE(contains(page, ".num { text-align: right; font-variant-numeric: tabular-nums"));
  EXPECT_TRUE(contains(page, "@media print {"));
  EXPECT_TRUE(contains(page, "<th scope=\"col\" class=\"num\">95% interval</th>"));
  EXPECT_TRUE(contains(page, "<td class=\"num\">168,176</td><td class=\"num\">33,600</td>"
                             "<td class=\"num\">30,700 to 36,600</td><td class=\"num\">29,100 to 38,200</td>"
                             "<td class=\"num\">20.0</td></tr>"));
}

TEST(TableHtml, ShowsTheSameFiguresSymbolsAndBoundsAsTheOtherTables) {
  const std::string page = html(test::small_input(), ons());
  EXPECT_TRUE(contains(page, "<tr class=\"cell\"><th scope=\"row\">domestic violence and abuse + parental substance "
                             "misuse only<sup><a href=\"#source-2\" aria-label=\"source 2\">2</a></sup></th>"));
  EXPECT_TRUE(contains(page, "<td class=\"num\">865 [u]</td>"));
  EXPECT_TRUE(contains(page, "<td class=\"num\">15 [u]</td><td class=\"num\">&lt;10 to 25</td>"));
  EXPECT_TRUE(contains(page, "<td class=\"num\">[c]</td><td class=\"num\">[c]</td>"));
  EXPECT_TRUE(contains(page, "<li id=\"source-4\">Leeds strategy table. Uncertainty: 676 of 69,065, Jeffreys Beta. "
                             "Population: 2019 mid-year estimate, ages 10-17, male.</li>"));
  EXPECT_TRUE(contains(page, "<dt>[c]</dt><dd>confidential: not shown under the disclosure control policy</dd>"));
  EXPECT_TRUE(contains(page, "<dt>&lt;10</dt><dd>an interval end below 10</dd>"));
  EXPECT_TRUE(contains(page, "<li>Given the characteristics of the local population, we would expect about 33,600 "
                             "children aged 0-17 in Leeds (20.0 % of them; 95 % interval 30,700 to 36,600; 99.8 % "
                             "interval 29,100 to 38,200) to be living with any of the toxic trio.</li>"));
  EXPECT_TRUE(contains(page, "<p>Disclosure control (ons-10-5): an estimate below 10"));
}

TEST(TableHtml, EscapesEveryTextFromTheInput) {
  TableInput input = test::small_input();
  input.title = "Tom & Jerry's <table>";
  input.description = "\"quoted\" <script>alert(1)</script>";
  input.areas[0].name = "A&B <Town>";
  input.measures[0].label = "<b>bold</b> & \"quoted\" 'single'";
  input.measures[0].phrase = "living with <i>it</i>";
  input.measures[0].source = "Source <http://example>";
  const std::string page = html(input, ons());
  EXPECT_FALSE(contains(page, "<script"));
  EXPECT_FALSE(contains(page, "<b>"));
  EXPECT_FALSE(contains(page, "<i>"));
  EXPECT_FALSE(contains(page, "<Town>"));
  EXPECT_TRUE(contains(page, "<title>Tom &amp; Jerry&#39;s &lt;table&gt;</title>"));
  EXPECT_TRUE(contains(page, "<h2>A&amp;B &lt;Town&gt; (E08000035)</h2>"));
  EXPECT_TRUE(contains(page, "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; &#39;single&#39;"));
  EXPECT_TRUE(contains(page, "to be living with &lt;i&gt;it&lt;/i&gt;."));
  EXPECT_TRUE(contains(page, "<p>&quot;quoted&quot; &lt;script&gt;alert(1)&lt;/script&gt;</p>"));
}

TEST(HtmlEscape, ReplacesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape("a < b & c > d \"e\" 'f'"), "a &lt; b &amp; c &gt; d &quot;e&quot; &#39;f&#39;");
  EXPECT_EQ(html_escape("plain 0-17 – ü"), "plain 0-17 – ü");
}

}  // namespace
}  // namespace prevalence::publish
