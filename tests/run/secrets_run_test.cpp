// Secret references only a secrets plugin resolves ({secret_ref}, {k8s}),
// resolved by floe run through the platform's `env` or `file` secrets
// plugin into the environment dbt reads its profile from: the value reaches
// DuckDB (a model reads it back) and no output, record or artifact; a
// missing secret and a key that leads out of the mounted directory are
// FLOE-X108 naming the reference, never a value. Real dbt on the
// run-product fixture.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "compile_test_support.hpp"
#include "openbao_server.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;
const std::string kPlanted = "planted-agent-5d1e0f-never-printed";

// run-product whose compute reads `custom_user_agent` (a DuckDB setting dbt
// passes on) from `reference`, with `secrets_yaml` as the platform's secrets
// plugin, and a model that reads the setting back.
struct SecretProduct {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  fs::path mounted = tmp.path() / "mounted";
  // `variable`: the one floe names for the reference (compile/secret_refs.cpp).
  SecretProduct(const std::string& reference, const std::string& secrets_yaml,
                const std::string& variable = "FLOE_SECRET_WAREHOUSE_AGENT") {
    copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string text = read_file(manifest);
    text.replace(text.find("      threads: 2\n"), 17,
                 fmt::format("      threads: 2\n    secrets:\n      custom_user_agent: {}\n{}", reference,
                             fmt::format(fmt::runtime(secrets_yaml), fmt::arg("mounted", mounted.string()))));
    write_file(manifest, text);
    // dbt reads it (env_var) as it reads the profile's: the value the run gave dbt.
    write_file(dir / "models" / "bronze_agent.sql",
               "{{ config(materialized='table') }}\nselect '{{ env_var(\"" + variable + "\") }}' as agent\n");
  }
  std::string file() const { return (dir / "floe.yaml").string(); }
};

ProcessResult floe_run(const SecretProduct& p, std::map<std::string, std::string> env = {}) {
  REQUIRE(fs::exists(kVenv + "/bin/dbt"));  // scripts/bootstrap makes it; without it these tests cannot pass
  env.emplace("PATH", kVenv + "/bin:/usr/local/bin:/usr/bin:/bin");
  env.emplace("VIRTUAL_ENV", "");
  return run_floe({"run", p.file(), "--json"}, env);
}

std::string agent_in_duckdb(const SecretProduct& p) {
  auto r = run_process(kVenv + "/bin/python",
                       {"-c", "import duckdb, sys; print(duckdb.connect(sys.argv[1], read_only=True)"
                              ".sql('select agent from bronze_agent').fetchone()[0])",
                        (p.dir / "warehouse" / "shop.duckdb").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, r.out.find('\n'));
}

// No planted value in the run's output or in a file floe wrote (dbt's own
// compiled SQL and the DuckDB file hold it: the test's model selects it).
void check_nothing_leaked(const SecretProduct& p, const ProcessResult& run) {
  CHECK((run.out + run.err).find(kPlanted) == std::string::npos);
  for (const char* file : {"floe_run.json", "compiled_artifacts.json", "profiles/profiles.yml", "floe_model_builds.json"}) {
    INFO(file);
    CHECK(read_file(p.dir / "target" / file).find(kPlanted) == std::string::npos);
  }
}

std::string message_of(const json::value& report, const std::string& code) {
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code") == code.c_str()) return std::string(d.at("message").as_string());
  return {};
}

}  // namespace

TEST_CASE("a {k8s: {name, key}} reference is read from the mounted Secret by the file secrets plugin",
          "[run][secrets]") {
  SecretProduct p("{k8s: {name: warehouse, key: agent}}",
                  "  secrets:\n    type: file\n    config: {{directory: {mounted}}}\n");
  fs::create_directories(p.mounted / "warehouse");
  write_file(p.mounted / "warehouse" / "agent", kPlanted + "\n");
  auto run = floe_run(p);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(agent_in_duckdb(p) == kPlanted);  // one trailing newline dropped
  check_nothing_leaked(p, run);
}

TEST_CASE("a {secret_ref} is read from the environment by the env secrets plugin", "[run][secrets]") {
  // Under the plugin's own prefix: not the variable dbt reads, which floe fills from it.
  SecretProduct p("{secret_ref: warehouse-agent}", "  secrets:\n    type: env\n    config: {{prefix: SCHEDULER_}}\n");
  auto run = floe_run(p, {{"SCHEDULER_WAREHOUSE_AGENT", kPlanted}});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(agent_in_duckdb(p) == kPlanted);
  check_nothing_leaked(p, run);
}

TEST_CASE("a secret the plugin does not have, or a key out of the mounted directory, is FLOE-X108 before dbt runs",
          "[run][secrets][bad-input]") {
  SECTION("missing") {
    SecretProduct p("{secret_ref: warehouse-agent}", "  secrets:\n    type: env\n    config: {{prefix: SCHEDULER_}}\n");
    auto run = floe_run(p);
    json::value report = json::parse(run.out);
    CHECK(run.exit_code == 3);
    std::string message = message_of(report, "FLOE-X108");
    CHECK(message.find("plugins.compute.secrets.custom_user_agent") != std::string::npos);
    CHECK(message.find("SCHEDULER_WAREHOUSE_AGENT is not set") != std::string::npos);
    CHECK_FALSE(fs::exists(p.dir / "warehouse" / "shop.duckdb"));  // dbt never ran
  }
  SECTION("outside the directory") {
    SecretProduct p("{secret_ref: ../../etc/hostname}",
                    "  secrets:\n    type: file\n    config: {{directory: {mounted}}}\n");
    fs::create_directories(p.mounted);
    auto run = floe_run(p);
    json::value report = json::parse(run.out);
    CHECK(run.exit_code == 3);
    CHECK(message_of(report, "FLOE-X108").find("expected a relative path inside") != std::string::npos);
  }
}

TEST_CASE("a {vault: {path, key}} reference is read from a real OpenBao by the vault secrets plugin", "[run][secrets]") {
  auto bao = OpenBaoServer::start();
  auto put = bao->bao({"kv", "put", "-mount=secret", "warehouse", "agent=" + kPlanted});
  INFO(put.out << put.err);
  REQUIRE(put.exit_code == 0);
  SECTION("the value reaches dbt and nothing floe writes") {
    SecretProduct p("{vault: {path: secret/data/warehouse, key: agent}}",
                    "  secrets:\n    type: vault\n    config: {{address: '" + bao->address() +
                        "', auth: {{method: token, token: {{env: FLOE_TEST_BAO_TOKEN}}}}}}\n",
                    "FLOE_SECRET_VAULT_CUSTOM_USER_AGENT");
    auto run = floe_run(p, {{"FLOE_TEST_BAO_TOKEN", bao->root_token()}});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(agent_in_duckdb(p) == kPlanted);
    check_nothing_leaked(p, run);
    CHECK((run.out + run.err).find(bao->root_token()) == std::string::npos);
  }

  SECTION("a wrong token is FLOE-X108 naming the reference before dbt runs") {
    SecretProduct q("{vault: {path: secret/data/warehouse, key: agent}}",
                    "  secrets:\n    type: vault\n    config: {{address: '" + bao->address() +
                        "', auth: {{method: token, token: {{env: FLOE_TEST_BAO_TOKEN}}}}}}\n",
                    "FLOE_SECRET_VAULT_CUSTOM_USER_AGENT");
    auto refused = floe_run(q, {{"FLOE_TEST_BAO_TOKEN", "s.not-the-token"}});
    json::value report = json::parse(refused.out);
    CHECK(refused.exit_code == 3);
    std::string message = message_of(report, "FLOE-X108");
    CHECK(message.find("plugins.compute.secrets.custom_user_agent") != std::string::npos);
    CHECK(message.find("refused the credentials from env:FLOE_TEST_BAO_TOKEN") != std::string::npos);
    CHECK((refused.out + refused.err).find("not-the-token") == std::string::npos);
    CHECK_FALSE(fs::exists(q.dir / "warehouse" / "shop.duckdb"));
  }
}
