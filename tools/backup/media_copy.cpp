#include "media_copy.hpp"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace lifelong::backup {

std::string file_sha256(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<char> buf(1 << 16);
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buf.data()),
                              static_cast<unsigned long long>(in.gcount()));
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, hash);
  char hex[2 * sizeof hash + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

std::vector<media_file> copy_media(const fs::path& from, const fs::path& to) {
  std::vector<media_file> out;
  if (!fs::exists(from)) return out;
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
    const auto relative = fs::relative(it->path(), from);
    const auto name = it->path().filename().string();
    if (name.starts_with(".") || (it.depth() == 0 && name == "uploading")) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory()) {
      fs::create_directories(to / relative);
      continue;
    }
    if (!it->is_regular_file()) continue;  // no links or devices in a media folder
    const auto target = to / relative;
    std::error_code linked, copied;
    fs::create_hard_link(it->path(), target, linked);
    if (linked) fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, copied);
    if (copied && !fs::exists(it->path())) continue;  // replaced while the backup ran (a caption): not part of it
    if (copied) throw fs::filesystem_error("backup: cannot copy", it->path(), target, copied);
    out.push_back({relative.generic_string(), fs::file_size(target), file_sha256(target)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

void write_manifest(const fs::path& file, const std::vector<media_file>& files) {
  std::ofstream out(file);
  for (const auto& f : files) {
    if (f.path.find('\n') != std::string::npos) throw std::runtime_error("a media file's name holds a line break");
    out << f.sha256 << ' ' << f.size << ' ' << f.path << '\n';
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

bool inside_folder(const std::string& relative) {
  const fs::path p(relative);
  if (relative.empty() || p.is_absolute() || relative.find('\0') != std::string::npos) return false;
  for (const auto& part : p)
    if (part == ".." || part == "." || part.empty()) return false;
  return true;
}

std::vector<media_file> read_manifest(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::vector<media_file> out;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    media_file f;
    if (!(fields >> f.sha256 >> f.size) || fields.get() != ' ' || !std::getline(fields, f.path) || f.path.empty() ||
        f.sha256.size() != 64)
      throw std::runtime_error(file.string() + ": a line is not \"sha256 size path\": " + line.substr(0, 80));
    if (!inside_folder(f.path))
      throw std::runtime_error(file.string() + ": " + f.path.substr(0, 80) + " points outside the media folder");
    out.push_back(f);
  }
  return out;
}

}  // namespace lifelong::backup
