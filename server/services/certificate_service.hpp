#pragma once
// Certificates of completed courses and their public verification.
#include <cstdint>
#include <optional>
#include <string>

#include "common/replica_reads.hpp"

namespace lifelong::services {

struct certificate {
  std::string code;  // stored form; format_verification_code for display
  std::string learner_name;
  std::uint64_t course_id = 0;
  std::string course_title;
  std::string teacher_name;
  std::string completed_at;  // UTC "YYYY-MM-DD HH:MM:SS"
  double credits = 0;
};

class certificate_service {
 public:
  certificate_service(mysql_pool& db, replica_reads& reads) : db_(db), reads_(reads) {}

  // The person's certificate for the course, nullopt unless they completed it. Gives
  // the completion a code if it has none yet.
  std::optional<certificate> of(std::uint64_t user_id, std::uint64_t course_id);
  // By a code in stored form (verification_code.hpp). A check that may be a moment old.
  std::optional<certificate> by_code(const std::string& code);

 private:
  mysql_pool& db_;
  replica_reads& reads_;
};

}  // namespace lifelong::services
