#include "metrics.hpp"
#include "pool_readings.hpp"

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <sodium.h>

#include <algorithm>
#include <mutex>

#include "tokens.hpp"

namespace lifelong {

class metrics_registry::readings : public prometheus::Collectable {
 public:
  void add(metric_reading r) {
    std::lock_guard lock(mutex_);
    all_.push_back(std::move(r));
  }
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::lock_guard lock(mutex_);
    std::vector<prometheus::MetricFamily> out;
    for (const auto& r : all_) {
      double value = 0;
      try {
        value = r.read();
      } catch (...) {
        continue;  // a queue length while Redis is away: absent, not a made-up zero
      }
      auto family = std::find_if(out.begin(), out.end(), [&](const auto& f) { return f.name == r.name; });
      if (family == out.end()) {
        family = out.emplace(out.end());
        family->name = r.name;
        family->help = r.help;
        family->type =
            r.type == metric_reading::kind::counter ? prometheus::MetricType::Counter : prometheus::MetricType::Gauge;
      }
      prometheus::ClientMetric m;
      for (const auto& [name, label_value] : r.labels) m.label.push_back({name, label_value});
      (r.type == metric_reading::kind::counter ? m.counter.value : m.gauge.value) = value;
      family->metric.push_back(std::move(m));
    }
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<metric_reading> all_;
};

metrics_registry::metrics_registry()
    : registry_(std::make_shared<prometheus::Registry>()), readings_(std::make_shared<readings>()) {}
metrics_registry::~metrics_registry() = default;

void metrics_registry::add_reading(metric_reading r) {
  readings_->add(std::move(r));
}

std::string metrics_registry::text() const {
  auto families = registry_->Collect();
  auto more = readings_->Collect();
  families.insert(families.end(), more.begin(), more.end());
  return prometheus::TextSerializer().Serialize(families);
}

std::vector<std::weak_ptr<prometheus::Collectable>> metrics_registry::collectables() const {
  return {registry_, readings_};
}

bool metrics_token_matches(const std::string& authorization, const std::string& token) {
  if (token.empty() || authorization.rfind("Basic ", 0) != 0) return false;
  const auto decoded = base64_decode(std::string_view(authorization).substr(6));
  const auto colon = decoded ? decoded->find(':') : std::string::npos;
  if (colon == std::string::npos) return false;
  return metrics_password_matches(decoded->substr(colon + 1), token);
}

void add_pool_readings(metrics_registry& m, const std::string& what, const pool_counts& counts) {
  m.add_reading({"lifelong_" + what + "_connections_opened_total",
                 "Connections to " + what + " opened: the first ones and every reconnect",
                 metric_reading::kind::counter, [&counts] { return double(counts.opened.load()); }});
  m.add_reading({"lifelong_" + what + "_connections_lost_total",
                 "Connections to " + what + " that broke, failed a statement, or could not be opened",
                 metric_reading::kind::counter, [&counts] { return double(counts.lost.load()); }});
}

bool metrics_password_matches(const std::string& password, const std::string& token) {
  return !token.empty() && password.size() == token.size() &&
         sodium_memcmp(password.data(), token.data(), token.size()) == 0;
}

}  // namespace lifelong
