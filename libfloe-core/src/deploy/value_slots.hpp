// The values a platform team tunes after floe rendered the deployment
// (images, replicas, resources, schedules). Rendered as Kubernetes
// manifests, a slot is its value; rendered as a Helm chart, a slot is a
// template expression reading .Values, and the value goes to values.yaml.
// So the chart, templated with its default values, is the same objects as
// the manifests (a test checks exactly that with the real helm).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <vector>

namespace floe {

class ValueSlots {
 public:
  explicit ValueSlots(bool helm) : helm_(helm) {}

  // `path`: the key in values.yaml (segments are Go-template identifiers:
  // letters, digits, '_'). A string slot is quoted in the chart; a number or
  // boolean is not.
  boost::json::value slot(const std::vector<std::string>& path, boost::json::value value);

  // The rendered YAML with every slot's placeholder replaced by its template
  // expression (Helm only; the manifests' text is returned as it is).
  std::string templated(std::string yaml) const;

  const boost::json::object& values() const { return values_; }

 private:
  bool helm_;
  boost::json::object values_;
  std::map<std::string, std::string> expressions_;  // placeholder -> {{ ... }}
};

// A name as a values.yaml key: '-' and '.' become '_'.
std::string values_key(const std::string& name);

}  // namespace floe
