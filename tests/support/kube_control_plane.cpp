#include "kube_control_plane.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "temp_dir.hpp"

namespace floe::test {
namespace fs = std::filesystem;

namespace {

constexpr const char* kOpenssl = "/usr/bin/openssl";
constexpr const char* kCurl = "/usr/bin/curl";
// The service-account issuer and audience every in-cluster client expects.
constexpr const char* kIssuer = "https://kubernetes.default.svc";
// The apiserver on a loaded 2-core machine takes 5-20 s; a minute means it is broken.
constexpr std::chrono::seconds kReadyTimeout{60};

// Sections of the openssl config: what the CA, the serving certificate and
// client certificates may be used for. The SANs are the names clients dial:
// 127.0.0.1 here, kubernetes.default.svc (and its service IP) in a cluster.
constexpr const char* kOpensslConfig = R"([req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.96.0.1
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
)";

void run_openssl(const std::vector<std::string>& args) {
  auto r = run_process(kOpenssl, args);
  if (r.exit_code != 0) throw std::runtime_error("openssl " + args.at(0) + " failed: " + r.err);
}

// openssl -subj separates attributes with '/' and '+': a name holding them is escaped.
std::string subject_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '/' || c == '+' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Polls `ready` every 100 ms; false when `child` exits first or `timeout` passes.
bool poll_ready(ChildProcess& child, const std::function<bool()>& ready, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return true;
    if (!child.running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// The body of GET `url` by curl ("" when nothing answers); `extra` carries
// the TLS options. Never through a proxy: only 127.0.0.1 is dialled.
std::string https_get(const std::string& url, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"-sS", "--noproxy", "*", "--max-time", "5"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(url);
  return run_process(kCurl, args).out;
}

std::string trimmed(const std::string& s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string make_kube_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "floe-kube-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace

std::string kube_bin_dir() {
  if (const char* env = std::getenv("FLOE_KUBE_BIN_DIR"); env != nullptr && *env != '\0') return env;
  return FLOE_TEST_SOURCE_DIR "/.cache/kubernetes";
}

std::unique_ptr<KubeControlPlane> KubeControlPlane::start(KubeControlPlaneOptions options) {
  std::string bin_dir = kube_bin_dir();
  for (const char* name : {"etcd", "kube-apiserver", "kube-controller-manager", "kubectl"}) {
    if (!fs::exists(fs::path(bin_dir) / name))
      throw std::runtime_error(bin_dir + "/" + name + " does not exist: run scripts/build-kubernetes");
  }
  std::unique_ptr<KubeControlPlane> plane(new KubeControlPlane());
  plane->bin_dir_ = bin_dir;
  plane->dir_ = make_kube_temp_dir();
  plane->make_certificates();
  plane->start_etcd();
  plane->start_apiserver();
  if (options.controller_manager) plane->start_controller_manager();
  return plane;
}

KubeControlPlane::~KubeControlPlane() {
  // Dependents first: the controller-manager and the apiserver would log
  // (and retry) while what they talk to goes away.
  controller_manager_.reset();
  apiserver_.reset();
  etcd_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void KubeControlPlane::record_startup(const std::string& component, double seconds_taken) {
  startup_seconds_.emplace_back(component, seconds_taken);
  char line[160];
  std::snprintf(line, sizeof line, "kube control plane: %s ready in %.1f s\n", component.c_str(), seconds_taken);
  std::cerr << line;
}

// EC keys (P-256): each certificate takes one openssl run of a few ms.
void KubeControlPlane::make_certificates() {
  const auto started = std::chrono::steady_clock::now();
  write_file(dir_ + "/openssl.cnf", kOpensslConfig);
  run_openssl({"req", "-config", dir_ + "/openssl.cnf", "-x509", "-new", "-nodes", "-newkey", "ec",
                      "-pkeyopt", "ec_paramgen_curve:prime256v1", "-keyout", dir_ + "/ca.key", "-out", ca_file(),
                      "-subj", "/CN=floe-test-ca", "-days", "7", "-extensions", "ca"});
  sign_certificate("apiserver", "/CN=kube-apiserver", "server");
  sign_certificate("admin", "/CN=floe-admin/O=system:masters", "client");
  sign_certificate("controller-manager", "/CN=system:kube-controller-manager", "client");
  // The key pair that signs and verifies service-account tokens.
  run_openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", dir_ + "/sa.key"});
  run_openssl({"pkey", "-in", dir_ + "/sa.key", "-pubout", "-out", dir_ + "/sa.pub"});
  record_startup("certificates", seconds_since(started));
}

void KubeControlPlane::sign_certificate(const std::string& name, const std::string& subject,
                                        const std::string& extensions) const {
  run_openssl({"req", "-config", dir_ + "/openssl.cnf", "-new", "-nodes", "-newkey", "ec", "-pkeyopt",
                      "ec_paramgen_curve:prime256v1", "-keyout", dir_ + "/" + name + ".key", "-out",
                      dir_ + "/" + name + ".crt", "-subj", subject, "-days", "7", "-CA", ca_file(), "-CAkey",
                      dir_ + "/ca.key", "-extensions", extensions});
}

std::unique_ptr<ChildProcess> KubeControlPlane::launch(const std::string& component,
                                                       const std::function<std::vector<std::string>()>& make_argv,
                                                       const std::function<bool()>& ready, std::chrono::seconds timeout) {
  const std::string log = dir_ + "/" + component + ".log";
  for (int attempt = 0;; ++attempt) {
    const std::size_t log_start = read_file(log).size();
    auto child = std::make_unique<ChildProcess>(make_argv(), log);
    if (poll_ready(*child, ready, timeout)) return child;
    const bool exited = !child->running();
    child.reset();
    // A port taken between free_port() and the bind ends the process at
    // once: then it is started again on other ports.
    const bool port_taken = exited && read_file(log).find("address already in use", log_start) != std::string::npos;
    if (!port_taken || attempt >= 2)
      throw std::runtime_error(component + (exited ? " exited" : " was not ready within " +
                                                                     std::to_string(timeout.count()) + " s") +
                               ":\n" + log_tail(component));
  }
}

void KubeControlPlane::start_etcd() {
  const auto started = std::chrono::steady_clock::now();
  auto argv = [this] {
    etcd_client_port_ = free_port();
    do etcd_peer_port_ = free_port();
    while (etcd_peer_port_ == etcd_client_port_);
    // A member bootstrapped on other peer ports would refuse the new ones.
    fs::remove_all(dir_ + "/etcd");
    const std::string client = "http://127.0.0.1:" + std::to_string(etcd_client_port_);
    const std::string peer = "http://127.0.0.1:" + std::to_string(etcd_peer_port_);
    // No fsync: the data lives as long as the test, and fsync is most of
    // etcd's latency on a shared disk.
    return std::vector<std::string>{binary("etcd"), "--name=floe-test", "--data-dir=" + dir_ + "/etcd",
                                    "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
                                    "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
                                    "--initial-cluster=floe-test=" + peer, "--initial-cluster-state=new",
                                    "--unsafe-no-fsync", "--log-level=warn"};
  };
  etcd_ = launch("etcd", argv, [this] { return http_status(etcd_client_port_, "/health") == 200; }, kReadyTimeout);
  record_startup("etcd", seconds_since(started));
}

void KubeControlPlane::start_apiserver() {
  const auto started = std::chrono::steady_clock::now();
  auto argv = [this] {
    apiserver_port_ = free_port();
    write_kubeconfig("admin", "admin");
    const std::string d = dir_ + "/";
    return std::vector<std::string>{
        binary("kube-apiserver"),
        "--etcd-servers=http://127.0.0.1:" + std::to_string(etcd_client_port_),
        "--storage-backend=etcd3",
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + std::to_string(apiserver_port_),
        "--cert-dir=" + d + "apiserver-certs",  // unused (the certificates are given), kept off /var/run
        "--tls-cert-file=" + d + "apiserver.crt",
        "--tls-private-key-file=" + d + "apiserver.key",
        "--client-ca-file=" + ca_file(),
        "--service-account-issuer=" + std::string(kIssuer),
        "--service-account-key-file=" + d + "sa.pub",
        "--service-account-signing-key-file=" + d + "sa.key",
        "--api-audiences=" + std::string(kIssuer),
        // Only a configuration value: no Service traffic flows without kube-proxy.
        "--service-cluster-ip-range=10.96.0.0/24",
        // Otherwise it refuses to advertise a loopback address.
        "--endpoint-reconciler-type=none",
        "--authorization-mode=Node,RBAC",
        "--anonymous-auth=false",
        // As kubeadm's clusters: a privileged Pod is PodSecurity's to refuse, not the apiserver's.
        "--allow-privileged=true",
        // The default chain has PodSecurity; naming it makes sure it is on.
        "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,DefaultStorageClass,"
        "ResourceQuota,NodeRestriction",
        "--profiling=false"};
  };
  auto ready = [this] {
    const std::string d = dir_ + "/";
    return https_get(server() + "/readyz",
                     {"--cacert", ca_file(), "--cert", d + "admin.crt", "--key", d + "admin.key"}) == "ok";
  };
  apiserver_ = launch("kube-apiserver", argv, ready, kReadyTimeout);
  wait_for_rbac();
  record_startup("kube-apiserver", seconds_since(started));
}

// /readyz already waits for the bootstrap roles; the default namespace and
// an RBAC "no" for an unprivileged identity make sure tests do not race them.
void KubeControlPlane::wait_for_rbac() {
  bool namespace_ready = wait_until({"get", "namespace", "default", "-o", "name"},
                                    [](const ProcessResult& r) { return r.exit_code == 0; }, kReadyTimeout);
  bool rbac_ready = namespace_ready && wait_until({"auth", "can-i", "create", "pods",
                                                   "--as=system:serviceaccount:default:floe-probe"},
                                                  [](const ProcessResult& r) { return trimmed(r.out) == "no"; },
                                                  kReadyTimeout);
  if (!rbac_ready)
    throw std::runtime_error("kube-apiserver answered /readyz but not the default namespace or RBAC:\n" +
                             log_tail("kube-apiserver"));
}

void KubeControlPlane::start_controller_manager() {
  if (controller_manager_ != nullptr && controller_manager_->running()) return;
  const auto started = std::chrono::steady_clock::now();
  const std::string kubeconfig = write_kubeconfig("controller-manager", "controller-manager");
  auto argv = [this, kubeconfig] {
    controller_manager_port_ = free_port();
    const std::string d = dir_ + "/";
    return std::vector<std::string>{
        binary("kube-controller-manager"),
        "--kubeconfig=" + kubeconfig,
        // Its own HTTPS server asks the apiserver who a caller is and what it may do.
        "--authentication-kubeconfig=" + kubeconfig,
        "--authorization-kubeconfig=" + kubeconfig,
        "--bind-address=127.0.0.1",
        "--secure-port=" + std::to_string(controller_manager_port_),
        "--cert-dir=" + d + "controller-manager-certs",
        "--leader-elect=false",
        // Named cloud controllers are refused without a cloud provider: '*' is every default one.
        "--controllers=*",
        // Each controller acts as its own service account, with the bootstrap roles, as in kubeadm's clusters.
        "--use-service-account-credentials=true",
        "--service-account-private-key-file=" + d + "sa.key",
        "--root-ca-file=" + ca_file(),
        "--cluster-signing-cert-file=" + ca_file(),
        "--cluster-signing-key-file=" + d + "ca.key",
        "--profiling=false"};
  };
  auto ready = [this] {
    // /healthz passes as soon as it serves; the controllers' own checks
    // appear once they all run (~5 s later: each is set up in turn). Its
    // serving certificate is self-signed: -k.
    const std::string url = "https://127.0.0.1:" + std::to_string(controller_manager_port_) + "/healthz?verbose";
    return https_get(url, {"-k"}).find("[+]deployment-controller ok") != std::string::npos;
  };
  controller_manager_ = launch("kube-controller-manager", argv, ready, kReadyTimeout);
  record_startup("kube-controller-manager", seconds_since(started));
}

std::string KubeControlPlane::write_kubeconfig(const std::string& name, const std::string& cert_name) const {
  const std::string path = dir_ + "/" + name + ".kubeconfig";
  const std::string cert = dir_ + "/" + cert_name;
  write_file(path, "apiVersion: v1\n"
                   "kind: Config\n"
                   "clusters:\n"
                   "- name: floe-test\n"
                   "  cluster:\n"
                   "    server: " + server() + "\n"
                   "    certificate-authority: " + ca_file() + "\n"
                   "users:\n"
                   "- name: floe-test\n"
                   "  user:\n"
                   "    client-certificate: " + cert + ".crt\n"
                   "    client-key: " + cert + ".key\n"
                   "contexts:\n"
                   "- name: floe-test\n"
                   "  context:\n"
                   "    cluster: floe-test\n"
                   "    user: floe-test\n"
                   "current-context: floe-test\n");
  return path;
}

std::string KubeControlPlane::server() const { return "https://127.0.0.1:" + std::to_string(apiserver_port_); }
std::string KubeControlPlane::admin_kubeconfig() const { return dir_ + "/admin.kubeconfig"; }
std::string KubeControlPlane::ca_file() const { return dir_ + "/ca.crt"; }
std::string KubeControlPlane::kubectl_binary() const { return binary("kubectl"); }

ProcessResult KubeControlPlane::kubectl(const std::vector<std::string>& args) const {
  return kubectl_with(admin_kubeconfig(), args);
}

ProcessResult KubeControlPlane::kubectl_with(const std::string& kubeconfig,
                                             const std::vector<std::string>& args) const {
  // The discovery cache goes to the temp dir, not ~/.kube.
  std::vector<std::string> all{"--kubeconfig=" + kubeconfig, "--cache-dir=" + dir_ + "/kubectl-cache"};
  all.insert(all.end(), args.begin(), args.end());
  return run_process(kubectl_binary(), all, {{"KUBECONFIG", ""}}, std::chrono::minutes(2));
}

std::string KubeControlPlane::user_kubeconfig(const std::string& user, const std::vector<std::string>& groups) const {
  // user-1, user-2, ...: the user name may not be a good file name.
  int n = 1;
  while (fs::exists(dir_ + "/user-" + std::to_string(n) + ".kubeconfig")) ++n;
  const std::string name = "user-" + std::to_string(n);
  std::string subject = "/CN=" + subject_value(user);
  for (const auto& group : groups) subject += "/O=" + subject_value(group);
  sign_certificate(name, subject, "client");
  return write_kubeconfig(name, name);
}

bool KubeControlPlane::can_i(const std::string& as, const std::string& verb, const std::string& resource,
                             const std::string& ns) const {
  std::vector<std::string> args{"auth", "can-i", verb, resource};
  if (!as.empty()) args.push_back("--as=" + as);
  if (!ns.empty()) args.insert(args.end(), {"-n", ns});
  auto r = kubectl(args);
  const std::string answer = trimmed(r.out);
  if (answer == "yes" && r.exit_code == 0) return true;
  if (answer == "no") return false;
  throw std::runtime_error("kubectl auth can-i " + verb + " " + resource + " --as=" + as + " answered neither yes nor no: " +
                           r.out + r.err);
}

bool KubeControlPlane::wait_until(const std::vector<std::string>& args,
                                  const std::function<bool(const ProcessResult&)>& done, std::chrono::seconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (done(kubectl(args))) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

bool KubeControlPlane::wait_for_default_service_account(const std::string& ns) const {
  if (controller_manager_ == nullptr) return false;  // nothing else makes it
  return wait_until({"get", "serviceaccount", "default", "-n", ns, "-o", "name"},
                    [](const ProcessResult& r) { return r.exit_code == 0; });
}

std::string KubeControlPlane::log_tail(const std::string& component) const {
  std::string text = read_file(dir_ + "/" + component + ".log");
  return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
}

KubeControlPlane& shared_kube_control_plane(bool controller_manager) {
  // Destroyed at exit, which stops the processes; PR_SET_PDEATHSIG stops
  // them too if the test process dies without running destructors.
  static std::unique_ptr<KubeControlPlane> plane;
  if (plane == nullptr) plane = KubeControlPlane::start({controller_manager});
  else if (controller_manager) plane->start_controller_manager();
  return *plane;
}

}  // namespace floe::test
