// Live pages without a front-end build. The server renders every page; this script only keeps the
// parts marked data-live-region current (SignalR when its client is served, polling otherwise),
// adds pushed timeline lines at once, says plainly when the connection is down (the last state stays
// on screen), and gives the compose form its live previews. Pages read fine without it.
(function () {
  'use strict';
  var body = document.body;

  function stamp(d) { return d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }); }

  // Compose: per-channel previews, counters and risk verdicts as the officer types.
  var compose = document.querySelector('form[data-preview]');
  if (compose) {
    var previewTimer = null;
    var previews = document.getElementById('previews');
    var previewStatus = document.getElementById('preview-status');
    var preview = function () {
      var data = new FormData(compose);
      fetch(compose.dataset.preview, { method: 'POST', body: data, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
        .then(function (html) {
          previews.innerHTML = html;
          var summary = previews.querySelector('[data-summary]');
          if (previewStatus && summary) { previewStatus.textContent = summary.dataset.summary; }
        })
        .catch(function () { if (previewStatus) { previewStatus.textContent = 'Preview unavailable: use the Preview button.'; } });
    };
    compose.addEventListener('input', function () { clearTimeout(previewTimer); previewTimer = setTimeout(preview, 400); });
  }

  var live = body.dataset.live;
  if (!live) { return; }
  var status = document.getElementById('live-status');
  var pollSeconds = parseInt(body.dataset.poll || '15', 10);
  var lastGood = new Date();
  var ended = false;
  var refreshTimer = null;
  var areas = live.indexOf('staff:') === 0 ? live.slice(6).split(',') : null;
  var incident = live.indexOf('incident:') === 0 ? live.slice(9) : null;

  function say(text, down) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle('down', !!down);
  }
  function lost() { say('Connection lost at ' + stamp(new Date()) + ': showing the last state from ' + stamp(lastGood) + '. Reconnecting…', true); }

  function refresh() {
    if (ended) { return Promise.resolve(false); }
    return fetch(location.href, { headers: { 'X-Live-Refresh': '1' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (r.status === 401 || r.status === 403 || r.status === 404 || (r.redirected && /\/(sign-in|denied)/.test(r.url))) {
          ended = true;
          say('Your access to this page has ended. It shows the last state from ' + stamp(lastGood) + '.', true);
          return null;
        }
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.text();
      })
      .then(function (html) {
        if (html === null) { return false; }
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var skipped = false;
        document.querySelectorAll('[data-live-region]').forEach(function (el) {
          var fresh = doc.getElementById(el.id);
          if (!fresh) { return; }
          // Never pull a form out from under someone using it: try again shortly.
          if (el.contains(document.activeElement) && document.activeElement !== document.body) { skipped = true; return; }
          el.innerHTML = fresh.innerHTML;
        });
        lastGood = new Date();
        if (skipped) { schedule(3000); }
        return true;
      })
      .catch(function () { lost(); return false; });
  }

  function schedule(delay) {
    clearTimeout(refreshTimer);
    // A little jitter: hundreds of dashboards must not all ask at the same instant.
    refreshTimer = setTimeout(refresh, (delay || 300) + Math.random() * 700);
  }

  function addLines(lines) {
    var list = document.getElementById('timeline');
    if (!list) { schedule(); return; }
    lines.forEach(function (line) {
      if (list.querySelector('[data-id="' + line.id + '"]')) { return; }
      var item = document.createElement('li');
      item.dataset.id = line.id;
      item.className = line.post ? 'k-post' : '';
      var time = document.createElement('time');
      var at = new Date(line.at);
      time.dateTime = line.at;
      time.textContent = stamp(at);
      item.appendChild(time);
      item.appendChild(document.createTextNode(' ' + line.summary));
      if (line.text) {
        var text = document.createElement('p');
        text.className = 'post-text';
        text.textContent = line.text;
        item.appendChild(text);
      }
      list.insertBefore(item, list.firstChild);
      var empty = document.getElementById('timeline-empty');
      if (empty) { empty.remove(); }
    });
    lastGood = new Date();
  }

  function startPolling() {
    say('Updates every ' + pollSeconds + ' s (live connection not available here).');
    setInterval(function () {
      refresh().then(function (ok) { if (ok) { say('Updated at ' + stamp(lastGood) + '; next check in ' + pollSeconds + ' s.'); } });
    }, pollSeconds * 1000);
  }

  if (typeof window.signalR === 'undefined') { startPolling(); return; }

  var connection = new window.signalR.HubConnectionBuilder()
    .withUrl('/live')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: function (ctx) { return Math.min(30000, 1000 * Math.pow(2, ctx.previousRetryCount)) + Math.random() * 1000; } })
    .build();
  connection.on('timeline', function (incidentId, lines) { if (!incident || incidentId === incident) { addLines(lines); schedule(1500); } });
  connection.on('changed', function (area, incidentId) {
    if (incident && incidentId && incidentId !== incident) { return; }
    if (areas && areas.indexOf(area) < 0 && area !== 'all') { return; }
    schedule();
  });
  connection.on('revoked', function (incidentId) {
    if (incident === incidentId) { ended = true; connection.stop(); say('Your access to this incident has ended. The page shows the last state from ' + stamp(lastGood) + '.', true); }
  });
  connection.onreconnecting(lost);
  connection.onreconnected(function () { watch().then(refresh).then(function () { say('Live again since ' + stamp(new Date()) + '.'); }); });
  connection.onclose(function () { if (!ended) { lost(); setTimeout(start, 15000); } });
  window.addEventListener('offline', lost);
  // Back online: the socket may have survived a short drop, so catch up and say so (a dead one reconnects itself).
  window.addEventListener('online', function () {
    if (ended || connection.state !== 'Connected') { return; }
    refresh().then(function (ok) { if (ok) { say('Live again since ' + stamp(new Date()) + '.'); } });
  });

  function watch() {
    if (!incident) { return Promise.resolve(true); }
    return connection.invoke('Watch', incident).then(function (ok) {
      if (!ok) { ended = true; say('Your access to this incident has ended.', true); }
      return ok;
    });
  }

  function start() {
    connection.start()
      .then(watch)
      .then(function () { say('Live: updates appear as they happen.'); body.dataset.connected = 'true'; })
      .catch(function () { lost(); setTimeout(start, 10000); });
  }
  start();
}());
