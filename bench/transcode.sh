#!/usr/bin/env bash
# Transcoding benchmark: the product's whole job (probe, one-process HLS ladder, poster,
# fallback MP4) on a 60 s 1080p clip versus one hand-written ffmpeg command producing the
# same ladder with the same settings, in the same run. Prints wall and CPU seconds and
# the ratios (goal: within 1.05). On a small machine one run moves by a few percent, so
# it alternates the two RUNS times and reports the median ratios.
#   bench/transcode.sh [SECONDS=60] [RUNS=3]
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
seconds=${1:-60}
runs=${2:-3}
dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed" || { apt-get update -q; apt-get install -y -q time; }
[ -x build/transcoder/lifelong-transcoder ] || die "build first: scripts/run (or cmake --build build)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "making a ${seconds} s 1080p clip"
ffmpeg -hide_banner -loglevel error -f lavfi -i "testsrc2=size=1920x1080:rate=30" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$seconds" \
  -c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -c:a aac "$work/clip.mp4"

timed() {  # timed NAME COMMAND...: "wall cpu" seconds
  /usr/bin/env time -f "%e %U %S" -o "$work/$1.time" "${@:2}" >/dev/null
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$work/$1.time"
}

hand_ladder() {  # the same ladder, bitrates and encoder settings the planner chose for this source
  rm -rf "$work/hand"; mkdir -p "$work/hand"/r{0,1,2,3}
  cd "$work/hand"
  ffmpeg -hide_banner -nostdin -loglevel error -y -i "$work/clip.mp4" \
  -filter_complex "[0:v]split=4[a][b][c][d];[a]scale=1920:1080,setsar=1,format=yuv420p[v0];[b]scale=1280:720,setsar=1,format=yuv420p[v1];[c]scale=854:480,setsar=1,format=yuv420p[v2];[d]scale=640:360,setsar=1,format=yuv420p[v3]" \
  -map "[v0]" -map "[v1]" -map "[v2]" -map "[v3]" -map 0:a:0 -map 0:a:0 -map 0:a:0 -map 0:a:0 \
  -c:v libx264 -profile:v high -preset veryfast -force_key_frames "expr:gte(t,n_forced*2)" -sc_threshold 0 \
  -c:a aac -ac 2 -ar 48000 \
  -b:v:0 4350k -maxrate:v:0 4654k -bufsize:v:0 8700k -b:a:0 128k \
  -b:v:1 2210k -maxrate:v:1 2364k -bufsize:v:1 4420k -b:a:1 128k \
  -b:v:2 1230k -maxrate:v:2 1316k -bufsize:v:2 2460k -b:a:2 128k \
  -b:v:3 830k -maxrate:v:3 888k -bufsize:v:3 1660k -b:a:3 96k \
  -f hls -hls_time 4 -hls_playlist_type vod -hls_segment_type fmp4 -hls_flags independent_segments \
  -hls_fmp4_init_filename init.mp4 -master_pl_name master.m3u8 \
  -var_stream_map "v:0,a:0 v:1,a:1 v:2,a:2 v:3,a:3" -hls_segment_filename "r%v/seg_%05d.m4s" "r%v/index.m3u8"
}

export -f hand_ladder
export work
printf '%-4s %-10s %10s %10s\n' run "" wall_s cpu_s
: > "$work/ratios"
for run in $(seq 1 "$runs"); do
  rm -rf "$work/product"
  read -r p_wall p_cpu < <(timed product build/transcoder/lifelong-transcoder --once "$work/clip.mp4" "$work/product")
  read -r h_wall h_cpu < <(timed hand bash -c hand_ladder)
  printf '%-4s %-10s %10s %10s\n' "$run" product "$p_wall" "$p_cpu"
  printf '%-4s %-10s %10s %10s\n' "$run" ffmpeg "$h_wall" "$h_cpu"
  python3 -c "print($p_wall/$h_wall, $p_cpu/$h_cpu)" >> "$work/ratios"
done
echo "product ladder: $(grep -o 'BANDWIDTH=[0-9]*' "$work/product/master.m3u8" | tr '\n' ' ')"
echo "hand ladder:    $(grep -o 'BANDWIDTH=[0-9]*' "$work/hand/master.m3u8" | tr '\n' ' ')"
python3 - "$work/ratios" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
walls, cpus = [r[0] for r in rows], [r[1] for r in rows]
print(f"ratio (product/ffmpeg) wall: median {statistics.median(walls):.3f}, range {min(walls):.3f}-{max(walls):.3f}")
print(f"ratio (product/ffmpeg) cpu:  median {statistics.median(cpus):.3f}, range {min(cpus):.3f}-{max(cpus):.3f}")
PY
