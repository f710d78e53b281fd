#pragma once
// One statement to the LRS: PUT <endpoint>/statements?statementId=<id> with basic auth
// and the xAPI version header, over HTTP or HTTPS (certificates checked against the
// system's CAs). Returns the HTTP status; throws when the LRS cannot be reached or the
// answer does not come within ten seconds.
#include <string>

#include "common/config.hpp"

namespace lifelong::xapi {

int put_statement(const xapi_settings& lrs, const std::string& statement_id, const std::string& body);

}  // namespace lifelong::xapi
