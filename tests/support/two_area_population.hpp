#pragma once
// The smallest population file a test of a whole run needs: two areas (one
// name with a comma, quoted as the national file quotes it), 2019, female
// and male, ages 0 to 2, 100 people in each.

#include <fmt/format.h>

#include <string>

namespace prevalence::test {

inline std::string two_area_population() {
  std::string text = "area_code,area_name,year,sex,age,count\n";
  for (const char* area : {"E00000001,\"Town, North\"", "E00000002,South"})
    for (const char* sex : {"female", "male"})
      for (int age = 0; age <= 2; ++age) text += fmt::format("{},2019,{},{},100\n", area, sex, age);
  return text;
}

}  // namespace prevalence::test
