#include "dbt/project_walk.hpp"

#include <dirent.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <utility>
#include <vector>

#include "base/folder_listing.hpp"
#include "dbt/dbt_diag.hpp"
#include "diag/codes.hpp"

namespace fs = std::filesystem;

namespace floe::dbt {
namespace {

// A path below the project as diagnostics show it (project_path's form).
std::string shown_path(const ProjectRoot& root, const fs::path& p) {
  const fs::path rel = p.lexically_relative(root.shown);
  if (rel.empty() || *rel.begin() == "..") return p.generic_string();
  return (root.shown == "." ? rel : root.shown / rel).generic_string();
}

struct PendingFolder {
  fs::path dir;       // as shown
  std::string below;  // relative to the base: "a/b/"
  fs::path real;      // canonical
};

}  // namespace

ProjectRoot project_root(const std::string& dir) {
  ProjectRoot r;
  r.shown = dir.empty() ? fs::path(".") : fs::path(dir);
  std::error_code ec;
  r.real = fs::canonical(r.shown, ec);
  if (ec) r.real.clear();
  return r;
}

Reach reach(const ProjectRoot& root, const fs::path& p, fs::path& real) {
  std::error_code ec;
  real = fs::canonical(p, ec);
  if (ec == std::errc::too_many_symbolic_link_levels) return Reach::loop;
  if (ec) return Reach::missing;  // a dangling symlink, or gone since it was listed
  if (root.real.empty()) return Reach::inside;
  const fs::path rel = real.lexically_relative(root.real);
  if (rel.empty() || *rel.begin() == "..") return Reach::outside;
  return Reach::inside;
}

void symlink_outside(Diagnostics& diags, const ProjectRoot& root, const fs::path& p, const fs::path& real,
                     Severity severity) {
  const std::string shown = shown_path(root, p);
  diags.add(dbt_diag(severity, codes::D007,
                     shown + " leads outside the dbt project (to " + real.generic_string() + ")",
                     SourceLocation{shown, 0, 0}, shown,
                     "floe follows symlinks in a dbt project only while they stay inside it: copy the files into the "
                     "project, or point the symlink at a folder inside it"));
}

void symlink_loop(Diagnostics& diags, const ProjectRoot& root, const fs::path& p, const std::string& why) {
  const std::string shown = shown_path(root, p);
  diags.add(dbt_diag(Severity::error, codes::D008, shown + ": " + why, SourceLocation{shown, 0, 0}, shown,
                     "remove the symlink, or point it at a folder that is not already part of the project tree"));
}

std::string_view file_stem(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || name == "..") return name;
  return name.substr(0, dot);
}

bool walk_project_folder(const ProjectRoot& root, const fs::path& base, Diagnostics& diags, FileStats stats,
                         const std::function<bool(std::string_view name)>& wanted,
                         const std::function<void(const WalkedFile&)>& on_file) {
  bool ok = true;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(base, ec))) return true;
  fs::path base_real;
  switch (reach(root, base, base_real)) {
    case Reach::missing: return true;
    case Reach::loop: symlink_loop(diags, root, base, "a symlink loop (too many levels of symbolic links)"); return false;
    case Reach::outside: symlink_outside(diags, root, base, base_real); return false;
    case Reach::inside: break;
  }
  if (!fs::is_directory(base_real, ec)) return true;
  // Real folders first, then the folders symlinks lead to: a symlink into a
  // folder the walk reaches anyway is then the second way in, whatever the
  // order of the directory entries.
  std::set<fs::path> visited{base_real};
  std::vector<PendingFolder> pending{{base, "", base_real}};
  struct Linked {
    PendingFolder link;
    fs::path real;  // where it leads
  };
  std::vector<Linked> linked;  // in walk order
  std::size_t next_linked = 0;
  for (;;) {
    if (pending.empty()) {
      if (next_linked == linked.size()) break;
      Linked l = linked[next_linked++];
      if (!visited.insert(l.real).second) {
        const fs::path in_project = root.real.empty() ? l.real : l.real.lexically_relative(root.real);
        symlink_loop(diags, root, l.link.dir, "a symlink to a folder floe reads already (" + in_project.generic_string() +
                                                  " in the project): a loop, or a second way into the same files");
        ok = false;
        continue;
      }
      l.link.real = std::move(l.real);
      pending.push_back(std::move(l.link));
    }
    const PendingFolder folder = std::move(pending.back());
    pending.pop_back();
    // Hidden entries are not dbt's (.git, .venv, editors' files).
    const FolderListing listing(folder.dir.string(), FolderListing::Hidden::skipped);
    if (listing.error() != 0) {
      // A folder floe cannot list would silently drop its models (and with
      // them the rules they break): an error, never a skip.
      const std::string shown = shown_path(root, folder.dir);
      diags.add(dbt_diag(Severity::error, codes::D005,
                         fmt::format("{} cannot be read: {}", shown, std::strerror(listing.error())),
                         SourceLocation{shown, 0, 0}, shown,
                         "give the user floe runs as read and execute permission on the folder (chmod u+rx), or "
                         "remove it from the project"));
      ok = false;
      continue;
    }
    // A folder (not a symlink) really is below where its parent really is.
    auto descend = [&](const std::string& name) {
      fs::path real = folder.real / name;
      visited.insert(real);
      pending.push_back({folder.dir / name, folder.below + name + "/", std::move(real)});
    };
    // In descending order: folders go on a stack, so they are walked in
    // ascending order.
    for (auto entry = listing.entries().rbegin(); entry != listing.entries().rend(); ++entry) {
      const auto& [name, type] = *entry;
      // What the listing says is trusted for folders and regular files (the
      // read that follows checks the file again); a symlink, or an entry of
      // unknown type, is looked at.
      if (type == DT_DIR) {
        descend(name);
        continue;
      }
      if (type == DT_REG && !wanted(name)) continue;
      struct stat st {};
      if (type == DT_REG && stats == FileStats::not_needed) {
        on_file(WalkedFile{folder.dir, name, folder.below, nullptr});
        continue;
      }
      if (!listing.lstat(name, st)) continue;  // gone since it was listed
      if (S_ISLNK(st.st_mode)) {
        const fs::path p = folder.dir / name;
        fs::path real;
        switch (reach(root, p, real)) {
          case Reach::missing: continue;
          case Reach::loop:
            symlink_loop(diags, root, p, "a symlink loop (too many levels of symbolic links)");
            ok = false;
            continue;
          case Reach::outside:
            symlink_outside(diags, root, p, real);
            ok = false;
            continue;
          case Reach::inside: break;
        }
        if (::stat(real.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
          linked.push_back({{p, folder.below + name + "/", {}}, real});
          continue;
        }
        if (!wanted(name)) continue;
        if (S_ISREG(st.st_mode)) {
          on_file(WalkedFile{folder.dir, name, folder.below, &st});
          continue;
        }
      } else if (S_ISDIR(st.st_mode)) {
        descend(name);
        continue;
      } else if (!wanted(name)) {
        continue;
      } else if (S_ISREG(st.st_mode)) {
        on_file(WalkedFile{folder.dir, name, folder.below, &st});
        continue;
      }
      const std::string shown = shown_path(root, folder.dir / name);
      diags.add(dbt_diag(Severity::error, codes::D005,
                         shown + " is not a regular file (a FIFO, a device or a socket): floe reads only regular files",
                         SourceLocation{shown, 0, 0}, shown, "replace it with the file itself, or remove it"));
      ok = false;
    }
  }
  return ok;
}

}  // namespace floe::dbt
