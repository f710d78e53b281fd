#pragma once
// The media folder's files, hard-linked where the two folders share a file system (the
// files never change once written) and copied where they do not, with a manifest of
// each file's path, size and SHA-256. Uploads still in progress (`uploading/`) and
// hidden entries (a transcoder's `.tmp-…` work folders) are left out: they are not
// finished, and a hard link to a file still being written would change under the backup.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lifelong::backup {

struct media_file {
  std::string path;  // relative to the media folder
  std::uint64_t size = 0;
  std::string sha256;
  bool operator==(const media_file&) const = default;
};

// Links or copies every finished file of `from` into `to`; returns what `to` now holds.
std::vector<media_file> copy_media(const std::filesystem::path& from, const std::filesystem::path& to);

// The manifest: "sha256 size path" lines (the format of `sha256sum`, with the size).
void write_manifest(const std::filesystem::path& file, const std::vector<media_file>& files);
// Throws on a line that is not one, or whose path leaves the folder ("../", "/etc"):
// a backup folder may have been tampered with.
std::vector<media_file> read_manifest(const std::filesystem::path& file);
// Whether a relative path stays inside the folder it is relative to.
bool inside_folder(const std::string& relative);

std::string file_sha256(const std::filesystem::path& file);

}  // namespace lifelong::backup
