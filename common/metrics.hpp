#pragma once
// A process's metrics in the Prometheus text format, kept by prometheus-cpp. Counters and
// histograms are prometheus-cpp's own (server/observe, transcoder/transcoder_metrics);
// what another part already counts (a pool's connections, a queue's length) is a
// reading, taken when the metrics are scraped. Only this file's .cpp and its users'
// .cpp files see prometheus-cpp's headers.
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace prometheus {
class Registry;
class Collectable;
}  // namespace prometheus

namespace lifelong {

struct metric_reading {
  enum class kind { counter, gauge };
  std::string name;
  std::string help;
  kind type = kind::gauge;
  std::function<double()> read;                             // called on the scraping thread; throwing skips it
  std::vector<std::pair<std::string, std::string>> labels;  // readings of one name differ by these
};

class metrics_registry {
 public:
  metrics_registry();
  ~metrics_registry();
  prometheus::Registry& registry() { return *registry_; }
  void add_reading(metric_reading r);
  // Everything, in the text exposition format.
  std::string text() const;
  // What prometheus-cpp's Exposer serves (the transcoder's listener).
  std::vector<std::weak_ptr<prometheus::Collectable>> collectables() const;

 private:
  class readings;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<readings> readings_;
};

// Whether an Authorization header carries `token` as HTTP Basic's password (any user
// name), compared in constant time. Prometheus sends it with basic_auth.password_file.
bool metrics_token_matches(const std::string& authorization, const std::string& token);
// The same for a password already taken out of the header (the transcoder's listener).
bool metrics_password_matches(const std::string& password, const std::string& token);

}  // namespace lifelong
