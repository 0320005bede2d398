#include "iceberg/http.hpp"

#include <curl/curl.h>

#include <mutex>

namespace floe::iceberg::detail {

namespace {

std::once_flag g_curl_once;

size_t write_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& h) {
    curl_slist* next = curl_slist_append(list, h.c_str());
    if (next == nullptr) throw std::bad_alloc();
    list = next;
  }
};

}  // namespace

struct HttpTransport::Pool {
  std::mutex mutex;
  std::vector<CURL*> idle;
  ~Pool() {
    for (CURL* h : idle) curl_easy_cleanup(h);
  }
  CURL* acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!idle.empty()) {
        CURL* h = idle.back();
        idle.pop_back();
        return h;
      }
    }
    CURL* h = curl_easy_init();
    if (h == nullptr) throw std::bad_alloc();
    return h;
  }
  void release(CURL* h) {
    std::lock_guard<std::mutex> lock(mutex);
    if (idle.size() < 8) idle.push_back(h);
    else curl_easy_cleanup(h);
  }
};

HttpTransport::HttpTransport(TransportOptions options) : options_(std::move(options)), pool_(new Pool) {
  std::call_once(g_curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpTransport::~HttpTransport() = default;

HttpResponse HttpTransport::perform(const HttpRequest& request) {
  CURL* h = pool_->acquire();
  struct Return {
    Pool* pool;
    CURL* h;
    ~Return() { pool->release(h); }
  } give_back{pool_.get(), h};
  curl_easy_reset(h);

  HttpResponse response;
  HeaderList headers;
  for (const auto& line : request.headers) headers.add(line);
  headers.add("Expect:");  // no 100-continue round trip on POST
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_USERAGENT, "floe-iceberg/0.1");
  if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &write_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.has_body) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

  CURLcode rc = curl_easy_perform(h);
  // The handle keeps pointers to our header list and buffers: drop them now.
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  if (rc != CURLE_OK) {
    std::string message = errbuf[0] != '\0' ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
    TransportFailure failure =
        rc == CURLE_OPERATION_TIMEDOUT ? TransportFailure::timeout : TransportFailure::unavailable;
    throw TransportError{failure, message};
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  char* ct = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct != nullptr) response.content_type = ct;
  curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &response.seconds);
  return response;
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace floe::iceberg::detail
