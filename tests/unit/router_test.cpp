#include <gtest/gtest.h>

#include "http/router.hpp"

using namespace lifelong::http;

namespace {
handler tagged() {
  return [](request&) { return reply{}; };
}
}  // namespace

TEST(Router, MatchesParametersAndRest) {
  router r;
  r.add("GET", "/courses/{id}", tagged());
  r.add("GET", "/media/lessons/{id}/{version}/{*rest}", tagged());
  request req;
  req.method = "GET";
  req.path = "/courses/42";
  ASSERT_TRUE(r.match(req).found);
  EXPECT_EQ(req.param("id"), "42");
  req.path = "/media/lessons/7/v3/r0/seg_00001.m4s";
  ASSERT_TRUE(r.match(req).found);
  EXPECT_EQ(req.param("rest"), "r0/seg_00001.m4s");
  EXPECT_EQ(req.param("version"), "v3");
}

TEST(Router, WrongMethodIsKnownPathUnknownIsNot) {
  router r;
  r.add("POST", "/login", tagged());
  request req;
  req.method = "DELETE";
  req.path = "/login";
  auto m = r.match(req);
  EXPECT_FALSE(m.found);
  EXPECT_TRUE(m.path_known);
  req.path = "/nowhere";
  EXPECT_FALSE(r.match(req).path_known);
}

TEST(Router, HeadUsesTheGetRoute) {
  router r;
  r.add("GET", "/healthz", tagged());
  request req;
  req.method = "HEAD";
  req.path = "/healthz";
  EXPECT_TRUE(r.match(req).found);
}

TEST(Router, IdParamRejectsNonNumbers) {
  request req;
  req.path_params["id"] = "12abc";
  EXPECT_ANY_THROW(req.id_param("id"));
  req.path_params["id"] = "0";
  EXPECT_ANY_THROW(req.id_param("id"));
  req.path_params["id"] = "99999999999999999999999";
  EXPECT_ANY_THROW(req.id_param("id"));
  req.path_params["id"] = "17";
  EXPECT_EQ(req.id_param("id"), 17u);
}
