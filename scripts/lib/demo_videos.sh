# Sourced by scripts/lib/common.sh: make_demo_videos, the demo lessons as short micro-courses.
# Each lesson of scripts/demo/lessons.tsv becomes four 4 s slides drawn by ffmpeg, a Mandarin
# narration spoken by espeak-ng and SRT captions timed to it (demo-N.mp4 and demo-N.srt).

DEMO_LESSONS_TSV="$(cd "$(dirname "${BASH_SOURCE[0]}")/../demo" && pwd)/lessons.tsv"
# The browser tests take a lesson to be 16 s long: four sentences of 4 s each.
DEMO_SLIDE_S=4
DEMO_LEAD_S=0.25       # each sentence is said a moment after its slide appears,
DEMO_MAX_SPEECH_S=3.6  # and over before the next one.
# espeak-ng 1.51 (Debian 12) reads Chinese with the voice cmn as English spellings of its
# pinyin (espeak-ng issues #1236, #1370); cmn-latn-pinyin says the same pinyin as Mandarin.
DEMO_VOICE=cmn-latn-pinyin
# The Simplified Chinese face of fonts-noto-cjk: its .ttc files open on the Japanese one,
# whose forms differ (骨, 直), so the font is chosen by fontconfig, not by file.
DEMO_FONT_FAMILY="Noto Sans CJK SC"

# demo_seconds FILE: sets DEMO_SECONDS to the file's length as ffprobe measures it.
demo_seconds() {
  DEMO_SECONDS=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$1") ||
    die "ffprobe could not read $1"
}

# demo_speak TEXT WAV: the narration of one sentence; sets DEMO_SECONDS to its length.
# espeak-ng's usual speed first, a little faster while it does not fit its slide.
demo_speak() {
  local text=$1 wav=$2 speed=175 d
  # Digits are phone numbers here (120, 96110): said one by one, 1 as 幺.
  local spoken=(零 幺 二 三 四 五 六 七 八 九)
  for d in 0 1 2 3 4 5 6 7 8 9; do text=${text//$d/${spoken[d]}}; done
  while :; do
    espeak-ng -v "$DEMO_VOICE" -s "$speed" -w "$wav" -- "$text" || die "espeak-ng failed on: $1"
    demo_seconds "$wav"
    awk -v l="$DEMO_SECONDS" -v m="$DEMO_MAX_SPEECH_S" 'BEGIN { exit !(l <= m) }' && return 0
    # Speech time shrinks about as the speed grows; aim a little under the limit.
    speed=$(awk -v s="$speed" -v l="$DEMO_SECONDS" -v m="$DEMO_MAX_SPEECH_S" 'BEGIN { printf "%d", s * l / m + 5 }')
    [ "$speed" -le 240 ] || die "scripts/demo/lessons.tsv: too long to say in ${DEMO_MAX_SPEECH_S} s: $1"
  done
}

# demo_srt_time SECONDS: sets DEMO_SRT_TIME to HH:MM:SS,mmm.
demo_srt_time() {
  DEMO_SRT_TIME=$(awk -v s="$1" 'BEGIN { ms = int(s * 1000 + 0.5)
    printf "%02d:%02d:%02d,%03d", int(ms / 3600000), int(ms / 60000) % 60, int(ms / 1000) % 60, ms % 1000 }')
}

# make_demo_videos DIR: DIR/demo-N.mp4 and DIR/demo-N.srt for each lesson not made yet.
make_demo_videos() {
  local dir=$1 work n course lesson colour s1 s2 s3 s4 extra i size start
  local -a sentences
  local LC_ALL=C.UTF-8  # ${#s} counts characters, not bytes; awk writes 3.5, not 3,5
  command -v espeak-ng >/dev/null || die "espeak-ng is missing (ensure_packages installs it)"
  [ "$(fc-match -f '%{family[0]}' "$DEMO_FONT_FAMILY")" = "$DEMO_FONT_FAMILY" ] ||
    die "the font $DEMO_FONT_FAMILY is missing (ensure_packages installs fonts-noto-cjk and fontconfig)"
  mkdir -p "$dir"
  work="$dir/.making"
  # fd 3, so that nothing in the loop can read the lessons from stdin.
  while IFS=$'\t' read -r -u 3 n course lesson colour s1 s2 s3 s4 extra; do
    [[ -z $n || $n == '#'* ]] && continue
    [ -s "$dir/demo-$n.mp4" ] && [ -s "$dir/demo-$n.srt" ] && continue
    if [ -z "$s4" ] || [ -n "$extra" ]; then die "scripts/demo/lessons.tsv: lesson $n needs exactly 4 sentences"; fi
    sentences=("$s1" "$s2" "$s3" "$s4")
    rm -rf "$work"
    mkdir -p "$work"
    # drawtext reads every text from a file (textfile=, expansion=none): no escaping.
    printf '%s' "$course" >"$work/course.txt"
    printf '%s' "$lesson" >"$work/lesson.txt"
    {
      # The slides: the course small in a band at the top, the lesson, then the sentence
      # being said, large, and a bar of four steps that fill as the lesson goes on.
      printf '[0:v]drawbox=x=0:y=0:w=iw:h=100:color=black@0.22:t=fill,'
      printf "drawtext=font='%s':textfile=course.txt:expansion=none:fontsize=34:fontcolor=white@0.9:x=64:y=30," \
        "$DEMO_FONT_FAMILY"
      printf "drawtext=fontfile='%s\\\\:style=Bold':textfile=lesson.txt:expansion=none:fontsize=52:fontcolor=white:x=64:y=150," \
        "$DEMO_FONT_FAMILY"
      printf 'drawbox=x=64:y=232:w=96:h=6:color=white@0.7:t=fill'
      for i in 0 1 2 3; do
        printf '%s' "${sentences[i]}" >"$work/s$i.txt"
        # One line, as large as fits: 64 px, smaller for a long sentence.
        size=$((1150 / ${#sentences[i]}))
        [ "$size" -le 64 ] || size=64
        printf ",drawtext=fontfile='%s\\\\:style=Bold':textfile=s%d.txt:expansion=none:fontsize=%d:fontcolor=white" \
          "$DEMO_FONT_FAMILY" "$i" "$size"
        printf ":x=(w-text_w)/2:y=(h-text_h)/2+50:enable='gte(t,%d)*lt(t,%d)'" $((i * DEMO_SLIDE_S)) $(((i + 1) * DEMO_SLIDE_S))
        printf ',drawbox=x=%d:y=640:w=280:h=10:color=white@0.25:t=fill' $((64 + i * 292))
        printf ",drawbox=x=%d:y=640:w=280:h=10:color=white@0.85:t=fill:enable='gte(t,%d)'" $((64 + i * 292)) $((i * DEMO_SLIDE_S))
      done
      printf '[v];\n'
      # The narration: each sentence after a short lead, padded with silence to its slide.
      for i in 0 1 2 3; do
        printf '[%d:a]aresample=48000,adelay=%d:all=1,apad=whole_dur=%d,atrim=end=%d[a%d];\n' \
          $((i + 1)) "$(awk -v l="$DEMO_LEAD_S" 'BEGIN { print int(l * 1000) }')" "$DEMO_SLIDE_S" "$DEMO_SLIDE_S" "$i"
      done
      printf '[a0][a1][a2][a3]concat=n=4:v=0:a=1[a]\n'
    } >"$work/graph.txt"
    : >"$work/demo.srt"
    for i in 0 1 2 3; do
      demo_speak "${sentences[i]}" "$work/s$i.wav"
      start=$(awk -v i="$i" -v s="$DEMO_SLIDE_S" -v l="$DEMO_LEAD_S" 'BEGIN { print i * s + l }')
      demo_srt_time "$start"
      printf '%d\n%s --> ' $((i + 1)) "$DEMO_SRT_TIME" >>"$work/demo.srt"
      demo_srt_time "$(awk -v a="$start" -v b="$DEMO_SECONDS" 'BEGIN { print a + b }')"
      printf '%s\n%s\n' "$DEMO_SRT_TIME" "${sentences[i]}" >>"$work/demo.srt"
      [ "$i" -eq 3 ] || printf '\n' >>"$work/demo.srt"
    done
    # In the work folder, so that the filter graph names its files without any path.
    (cd "$work" && ffmpeg -nostdin -hide_banner -loglevel error -y \
      -f lavfi -i "color=c=$colour:s=1280x720:r=25:d=$((4 * DEMO_SLIDE_S))" \
      -i s0.wav -i s1.wav -i s2.wav -i s3.wav -filter_complex_script graph.txt -map '[v]' -map '[a]' \
      -t $((4 * DEMO_SLIDE_S)) -c:v libx264 -preset veryfast -pix_fmt yuv420p \
      -c:a aac -b:a 96k -ar 48000 -movflags +faststart demo.mp4) || die "ffmpeg could not make demo-$n.mp4"
    # Both at once at the end: a run stopped halfway leaves nothing that looks finished.
    mv "$work/demo.mp4" "$dir/demo-$n.mp4"
    mv "$work/demo.srt" "$dir/demo-$n.srt"
  done 3<"$DEMO_LESSONS_TSV"
  rm -rf "$work"
}
