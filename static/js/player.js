// The lesson player: hls.js where Media Source Extensions exist, native HLS otherwise,
// and the progressive MP4 as a last resort.
// Resumes at the saved position; reports what was played (see save()).
(function () {
  'use strict';
  var video = document.getElementById('player');
  if (!video) return;
  var src = video.dataset.src;
  var lesson = video.dataset.lesson;
  var csrf = video.dataset.csrf;
  var resumeAt = parseFloat(video.dataset.resume) || 0;
  var errorBox = document.getElementById('player-error');

  function showError() { if (errorBox) errorBox.hidden = false; }

  // Media links live for minutes (server/services/media_links.hpp). When one runs out
  // (a long pause, a long lesson), the page asks for a fresh one and carries on where it
  // was; a refused renewal (the course was withdrawn) shows the error. At most once a
  // minute, so a link that keeps failing ends in the error, not in a loop.
  var renewedAt = 0;
  function renew(useLink) {
    if (Date.now() - renewedAt < 60000) { showError(); return; }
    renewedAt = Date.now();
    var at = video.currentTime;
    var playing = !video.paused;
    fetch('/api/v1/lessons/' + lesson, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
      .then(function (fresh) {
        if (!fresh.media || !fresh.media.hls) { showError(); return; }
        useLink(fresh.media, function () {  // once the new source is ready
          video.currentTime = at;
          if (playing) video.play().catch(function () {});
        });
      })
      .catch(showError);
  }

  if (window.Hls && window.Hls.isSupported()) {
    // Start low and never fetch more pixels than the player shows: data costs money.
    var hls = new window.Hls({ startLevel: 0, capLevelToPlayerSize: true });
    hls.on(window.Hls.Events.ERROR, function (_e, data) {
      if (!data.fatal) return;
      var code = data.response && data.response.code;
      if (data.type === window.Hls.ErrorTypes.NETWORK_ERROR && (code === 403 || code === 410)) {
        renew(function (media, resume) {
          hls.once(window.Hls.Events.MANIFEST_PARSED, resume);
          hls.loadSource(media.hls);
        });
      } else {
        showError();
      }
    });
    hls.loadSource(src);
    hls.attachMedia(video);
    video.addEventListener('error', showError);
  } else {
    // Native HLS (Safari), or the progressive MP4 of the lowest rung for old players. The
    // element does not say why a fetch failed: a network error may be an expired link.
    var nativeHls = video.canPlayType('application/vnd.apple.mpegurl') !== '';
    video.src = nativeHls ? src : video.dataset.mp4;
    video.addEventListener('error', function () {
      if (video.error && video.error.code === video.error.MEDIA_ERR_NETWORK) {
        renew(function (media, resume) {
          video.addEventListener('loadedmetadata', resume, { once: true });
          video.src = nativeHls ? media.hls : media.mp4;
        });
      } else {
        showError();
      }
    });
  }

  video.addEventListener('loadedmetadata', function () {
    if (resumeAt > 1 && resumeAt < video.duration - 3) video.currentTime = resumeAt;
  }, { once: true });

  // Playback speed: a slower pace helps many older learners, a faster one reviews.
  var speedButtons = document.querySelectorAll('.speed button');
  speedButtons.forEach(function (button) {
    button.addEventListener('click', function () {
      video.playbackRate = Number(button.dataset.rate);
      speedButtons.forEach(function (b) { b.setAttribute('aria-pressed', String(b === button)); });
    });
  });

  // The simplified page's own big controls: shown only when this script runs.
  var simpleControls = document.querySelector('.simple-controls');
  if (simpleControls) simpleControls.hidden = false;
  var playToggle = document.getElementById('play-toggle');
  if (playToggle) {
    var showState = function () {
      playToggle.textContent = video.paused ? playToggle.dataset.play : playToggle.dataset.pause;
    };
    playToggle.addEventListener('click', function () {
      if (video.paused) video.play().catch(showError); else video.pause();
    });
    video.addEventListener('play', showState);
    video.addEventListener('pause', showState);
  }
  var back10 = document.getElementById('back-10');
  if (back10) back10.addEventListener('click', function () { video.currentTime = Math.max(0, video.currentTime - 10); });

  // Fullscreen takes the whole box, so the big captions and buttons come along.
  var box = document.getElementById('player-box');
  var fullscreenToggle = document.getElementById('fullscreen-toggle');
  if (fullscreenToggle && box && (document.fullscreenEnabled || video.webkitEnterFullscreen)) {
    fullscreenToggle.hidden = false;
    fullscreenToggle.addEventListener('click', function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (box.requestFullscreen) box.requestFullscreen().catch(function () {});
      else video.webkitEnterFullscreen();  // iOS Safari: only the video itself
    });
    document.addEventListener('fullscreenchange', function () {
      fullscreenToggle.textContent = document.fullscreenElement ? fullscreenToggle.dataset.leave : fullscreenToggle.dataset.enter;
    });
  }

  // Elapsed and remaining time in words a person reads at a glance.
  var playTime = document.getElementById('play-time');
  function clock(seconds) {
    var s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
  function showTime() {
    if (!(video.duration > 0)) return;
    playTime.hidden = false;
    playTime.textContent = playTime.dataset.template.replace('{elapsed}', clock(video.currentTime))
      .replace('{remaining}', clock(video.duration - video.currentTime));
  }
  if (playTime) {
    video.addEventListener('timeupdate', showTime);
    video.addEventListener('loadedmetadata', showTime);
  }

  // The simplified player draws captions itself, below the picture and as large as the
  // page's text: the browser's own are sized by the video (about 11 px on a phone).
  var captionLine = document.getElementById('caption-line');
  function showCue(track) {
    var text = [];
    for (var i = 0; track.activeCues && i < track.activeCues.length; i++) text.push(track.activeCues[i].text);
    captionLine.textContent = text.join('\n');
  }
  var captionsToggle = document.getElementById('captions-toggle');
  function setCaptions(on) {
    var shown = false;
    for (var i = 0; i < video.textTracks.length; i++) {
      var track = video.textTracks[i];
      if (track.kind !== 'captions') continue;
      track.mode = on && !shown ? (captionLine ? 'hidden' : 'showing') : 'disabled';
      if (captionLine && on && !shown) {
        track.oncuechange = showCue.bind(null, track);
        showCue(track);
      }
      shown = shown || on;
    }
    if (captionLine) captionLine.hidden = !on;
    if (captionsToggle) {
      captionsToggle.textContent = on ? captionsToggle.dataset.on : captionsToggle.dataset.off;
      captionsToggle.dataset.state = on ? 'on' : 'off';
    }
  }
  if (video.dataset.captions === 'on') setCaptions(true);
  if (captionsToggle) {
    captionsToggle.addEventListener('click', function () { setCaptions(captionsToggle.dataset.state !== 'on'); });
  }

  // Reports what was really played (video.played, all of it each time: the server counts
  // each second once) and the position, every 10 s and on pause or leaving.
  var progressBox = document.getElementById('lesson-progress');
  var lastSent = '';
  function save() {
    var ms = Math.floor(video.currentTime * 1000);
    if (!(ms >= 0)) return;
    var ranges = [];
    for (var i = 0; i < video.played.length; i++) ranges.push([video.played.start(i), video.played.end(i)]);
    var body = JSON.stringify({ ranges: ranges, position_ms: ms });
    if (body === lastSent) return;
    lastSent = body;
    fetch('/api/v1/lessons/' + lesson + '/progress', {
      method: 'POST', keepalive: true, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: body
    }).then(function (r) {
      if (r.ok) return r.json();
      lastSent = '';  // not counted (e.g. the server is restarting): the next save sends it all again
      return null;
    }).then(function (state) {
      // The server credits seconds no faster than they can be watched: what it could not
      // count yet goes again with the next tick, paused or not.
      if (state && state.capped) lastSent = '';
      if (!state || !progressBox) return;
      progressBox.textContent = (state.lesson.completed ? progressBox.dataset.done : progressBox.dataset.template)
        .replace('{percent}', state.lesson.percent);
    }).catch(function () { lastSent = ''; /* the next save tries again */ });
  }
  setInterval(function () { if (!video.paused || lastSent === '') save(); }, 10000);
  video.addEventListener('pause', save);
  video.addEventListener('ended', save);
  window.addEventListener('pagehide', save);
})();
