#include "client_address.hpp"

#include <boost/asio/ip/address.hpp>

namespace lifelong::http {

std::string client_address(std::string_view forwarded_for, const std::string& peer) {
  auto last = forwarded_for.substr(forwarded_for.rfind(',') == std::string_view::npos ? 0
                                                                                     : forwarded_for.rfind(',') + 1);
  while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
  while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(last), ec);
  return ec ? peer : address.to_string();
}

}  // namespace lifelong::http
