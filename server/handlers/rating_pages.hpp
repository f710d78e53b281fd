#pragma once
// What the course page shows of its ratings (rating_pages.cpp): the average, the reader's
// own rating and whether they may rate, and a page of comments with what each reader may
// do to them (reply: the teacher; hide and show: the area's reviewers).
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "http/request.hpp"

namespace lifelong::handlers {

void add_course_ratings(app& a, const http::request& req, nlohmann::json& model, const services::course_row& course,
                        const services::actor* who);

}  // namespace lifelong::handlers
