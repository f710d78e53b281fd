#pragma once
// A large catalog for bench/search.sh: published courses with Chinese and mixed titles,
// summaries and lessons, made from word lists with a fixed seed (the same every run).
#include <cstdint>

namespace sql {
class Connection;
}

namespace lifelong::tools {

// Adds courses until there are `courses` published ones, each with `lessons` lessons,
// and indexes them for search. Returns how many it added.
int make_bench_corpus(sql::Connection& db, int courses, int lessons);

}  // namespace lifelong::tools
