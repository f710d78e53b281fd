#include "probe.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
}

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

namespace lifelong::transcoder {
namespace {

struct format_closer {
  void operator()(AVFormatContext* f) const { avformat_close_input(&f); }
};
using format_ptr = std::unique_ptr<AVFormatContext, format_closer>;

probe_result failed(std::string code) {
  probe_result r;
  r.failure = std::move(code);
  return r;
}

int rotation_of(const AVStream* st) {
  size_t size = 0;
  const uint8_t* matrix = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (!matrix || size < 9 * sizeof(int32_t)) return 0;
  double angle = av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
  if (std::isnan(angle)) return 0;
  int degrees = static_cast<int>(std::lround(-angle)) % 360;
  return degrees < 0 ? degrees + 360 : degrees;
}

// A file cut short (a phone upload that stopped) still reports its full duration from
// the header; the last packet that can actually be read tells the truth.
double last_packet_seconds(AVFormatContext* fmt, double duration_s) {
  if (duration_s > 12)
    av_seek_frame(fmt, -1, static_cast<int64_t>((duration_s - 10) * AV_TIME_BASE), AVSEEK_FLAG_BACKWARD);
  AVPacket* pkt = av_packet_alloc();
  double last = 0;
  while (av_read_frame(fmt, pkt) >= 0) {
    const AVStream* st = fmt->streams[pkt->stream_index];
    int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
    if (ts != AV_NOPTS_VALUE) {
      double end = (ts + std::max<int64_t>(pkt->duration, 0)) * av_q2d(st->time_base);
      if (st->start_time != AV_NOPTS_VALUE) end -= st->start_time * av_q2d(st->time_base);
      last = std::max(last, end);
    }
    av_packet_unref(pkt);
  }
  av_packet_free(&pkt);
  return last;
}

std::string first_name(const AVInputFormat* f) {
  const std::string names = f->name;
  return names.substr(0, names.find(','));
}

// Guesses the container from the bytes alone (never the name: uploads are named by the
// server), reading through the file protocol only.
const AVInputFormat* detect_format(const std::string& url) {
  AVDictionary* options = nullptr;
  av_dict_set(&options, "protocol_whitelist", "file", 0);
  AVIOContext* io = nullptr;
  const int opened = avio_open2(&io, url.c_str(), AVIO_FLAG_READ, nullptr, &options);
  av_dict_free(&options);
  if (opened < 0) return nullptr;
  const AVInputFormat* found = nullptr;
  if (av_probe_input_buffer2(io, &found, "", nullptr, 0, 0) < 0) found = nullptr;
  avio_closep(&io);
  return found;
}

}  // namespace

bool admitted_container(const std::string& format) {
  return std::find(admitted_containers.begin(), admitted_containers.end(), format) != admitted_containers.end();
}

probe_result probe_file(const std::string& path, const probe_limits& limits) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return failed("source_missing");
  if (std::filesystem::file_size(path, ec) == 0) return failed("not_video");
  av_log_set_level(AV_LOG_QUIET);

  // Playlists, concat scripts, SDP files, image sequences and the like open other files
  // or URLs: only containers that hold their media inside themselves are read at all.
  const std::string url = "file:" + std::filesystem::absolute(path).string();
  const AVInputFormat* detected = detect_format(url);
  if (!detected) return failed("not_video");
  const std::string format = first_name(detected);
  if (format.find("image2") != std::string::npos || format.find("_pipe") != std::string::npos || format == "gif")
    return failed("still_image");
  if (!admitted_container(format)) return failed("not_video");

  AVDictionary* options = nullptr;
  av_dict_set(&options, "protocol_whitelist", "file", 0);
  av_dict_set(&options, "format_whitelist", detected->name, 0);
  AVFormatContext* raw = nullptr;
  const int opened = avformat_open_input(&raw, url.c_str(), detected, &options);
  av_dict_free(&options);
  if (opened < 0) return failed("not_video");
  format_ptr fmt(raw);
  if (avformat_find_stream_info(fmt.get(), nullptr) < 0) return failed("not_video");

  int video = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (video >= 0 && (fmt->streams[video]->disposition & AV_DISPOSITION_ATTACHED_PIC)) video = -1;  // cover art
  probe_result r;
  r.container = format;
  r.has_audio = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0;
  if (video < 0) return failed(r.has_audio ? "no_video_stream" : "not_video");

  const AVStream* st = fmt->streams[video];
  const AVCodecParameters* par = st->codecpar;
  const AVCodec* decoder = avcodec_find_decoder(par->codec_id);
  if (!decoder) return failed("unsupported_codec");
  r.video_codec = decoder->name;
  if (par->width <= 0 || par->height <= 0) return failed("not_video");

  r.rotation = rotation_of(st);
  const bool sideways = r.rotation == 90 || r.rotation == 270;
  r.width = sideways ? par->height : par->width;
  r.height = sideways ? par->width : par->height;
  if (std::min(r.width, r.height) > limits.max_height || std::max(r.width, r.height) > 2 * limits.max_height)
    return failed("resolution_too_high");

  AVRational rate = av_guess_frame_rate(fmt.get(), const_cast<AVStream*>(st), nullptr);
  r.fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 25.0;

  double duration_s = fmt->duration != AV_NOPTS_VALUE ? fmt->duration / static_cast<double>(AV_TIME_BASE) : 0;
  if (duration_s <= 0 && st->duration != AV_NOPTS_VALUE) duration_s = st->duration * av_q2d(st->time_base);
  if (duration_s < 0.5 && st->nb_frames <= 1) return failed("still_image");
  if (duration_s * 1000 > limits.max_duration_ms) return failed("too_long");

  const double last = last_packet_seconds(fmt.get(), duration_s);
  if (last < duration_s - std::max(2.0, duration_s * 0.05)) return failed("truncated");
  r.duration_ms = static_cast<std::uint32_t>(std::lround(std::min(duration_s, std::max(last, 0.0)) * 1000));
  if (r.duration_ms == 0) return failed("not_video");
  return r;
}

}  // namespace lifelong::transcoder
