// A seek bar under the video that shows the frame at the point under the finger or
// pointer, from the thumbnail sprites the transcoder made (thumbnails.vtt, read through
// the browser's own WebVTT parser as a metadata track).
(function () {
  'use strict';
  var video = document.getElementById('player');
  var seek = document.getElementById('seek');
  var track = document.getElementById('thumbnails');
  if (!video || !seek || !track) return;
  var preview = document.querySelector('.seek-preview');
  var thumb = preview.querySelector('.seek-thumb');
  var timeLabel = preview.querySelector('.seek-time');
  var dragging = false;
  track.track.mode = 'hidden';  // loads the cues without drawing them

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var s = seconds % 60;
    return Math.floor(seconds / 60) + ':' + (s < 10 ? '0' : '') + s;
  }

  function cueAt(t) {
    var cues = track.track.cues;
    if (!cues) return null;
    for (var i = 0; i < cues.length; i++) if (cues[i].startTime <= t && t < cues[i].endTime) return cues[i];
    return null;
  }

  function show(t) {
    if (!(video.duration > 0)) return;
    var cue = cueAt(t);
    if (cue) {
      var url = new URL(cue.text.trim(), track.src);
      var box = (url.hash.match(/xywh=(\d+),(\d+),(\d+),(\d+)/) || []).slice(1).map(Number);
      url.hash = '';
      if (box.length === 4) {
        thumb.style.backgroundImage = 'url("' + url.href + '")';
        thumb.style.backgroundPosition = '-' + box[0] + 'px -' + box[1] + 'px';
        thumb.style.width = box[2] + 'px';
        thumb.style.height = box[3] + 'px';
      }
    }
    timeLabel.textContent = clock(t);
    preview.style.left = (t / video.duration * 100) + '%';
    preview.hidden = false;
  }

  video.addEventListener('loadedmetadata', function () { seek.max = String(Math.floor(video.duration)); });
  video.addEventListener('timeupdate', function () {
    if (dragging) return;
    seek.value = String(Math.floor(video.currentTime));
    seek.setAttribute('aria-valuetext', clock(video.currentTime) + ' / ' + clock(video.duration));
  });
  seek.addEventListener('input', function () {
    dragging = true;
    show(Number(seek.value));
  });
  seek.addEventListener('change', function () {
    dragging = false;
    video.currentTime = Number(seek.value);
    preview.hidden = true;
  });
  seek.addEventListener('pointermove', function (e) {
    var rect = seek.getBoundingClientRect();
    show(Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width)) * video.duration);
  });
  seek.addEventListener('pointerleave', function () { if (!dragging) preview.hidden = true; });
  seek.addEventListener('blur', function () { preview.hidden = true; });
})();
