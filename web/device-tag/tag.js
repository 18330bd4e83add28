/*! Sekisho device tag. Embed: <script src="https://<sekisho>/tag.js" data-key="pk_live_…" async></script>
 * Exposes window.Sekisho.deviceId() (a Promise of the device token), fills every
 * <input name="sekisho_device_id"> and fires a `sekisho:device` event on document.
 * What it collects and why: docs/DEVICE-TAG.md. */
(function () {
  'use strict';
  var w = window, d = document, n = navigator;
  if (w.Sekisho && typeof w.Sekisho.deviceId === 'function') return;

  var STORE = 'sekisho_profile';
  var script = d.currentScript || d.querySelector('script[data-key][src*="tag.js"]');
  var key = script ? script.getAttribute('data-key') : null;

  function randomId() {
    var bytes = new Uint8Array(16);
    w.crypto.getRandomValues(bytes);
    var hex = '';
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return hex;
  }

  function valid(id) {
    return typeof id === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(id);
  }

  function readCookie() {
    var match = d.cookie.match(/(?:^|;\s*)sekisho_profile=([A-Za-z0-9_-]{16,64})/);
    return match ? match[1] : null;
  }

  // One random id per browser profile: in localStorage, or a first-party cookie where storage
  // is unavailable. It identifies nothing but this profile and is never sent anywhere else.
  function profileId() {
    var id = null, stored = false;
    try { id = w.localStorage.getItem(STORE); } catch (e) { /* storage blocked */ }
    if (!valid(id)) id = readCookie();
    if (!valid(id)) id = randomId();
    try { w.localStorage.setItem(STORE, id); stored = true; } catch (e) { /* storage blocked */ }
    if (!stored) {
      d.cookie = STORE + '=' + id + '; max-age=63072000; path=/; SameSite=Lax' +
        (w.location.protocol === 'https:' ? '; Secure' : '');
    }
    return id;
  }

  function automationGlobals() {
    var names = ['callPhantom', '_phantom', '__nightmare', 'domAutomation', 'domAutomationController',
      '_selenium', '__webdriver_evaluate', '__selenium_unwrapped', '__driver_evaluate'];
    for (var i = 0; i < names.length; i++) if (names[i] in w) return true;
    var own = Object.keys(d);
    for (var j = 0; j < own.length; j++) if (/^\$?cdc_/.test(own[j])) return true;
    return false;
  }

  // Hints of a headless or automated browser; the server weighs them (docs/DEVICE-TAG.md).
  function hints() {
    var found = [], ua = n.userAgent || '';
    var mobile = /Mobile|Android|iPhone|iPad/.test(ua);
    if (!mobile && n.plugins && n.plugins.length === 0) found.push('no_plugins');
    if (!n.languages || n.languages.length === 0) found.push('no_languages');
    if (/Chrome\//.test(ua) && !mobile && typeof w.chrome === 'undefined') found.push('no_window_chrome');
    if (w.outerWidth === 0 && w.outerHeight === 0) found.push('zero_outer_size');
    if (automationGlobals()) found.push('automation_globals');
    if (!w.Notification || !n.permissions || !n.permissions.query) return Promise.resolve(found);
    return n.permissions.query({ name: 'notifications' }).then(function (status) {
      if (w.Notification.permission === 'denied' && status.state === 'prompt') {
        found.push('notification_permission_inconsistent');
      }
      return found;
    }, function () { return found; });
  }

  function timezone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
  }

  function collect() {
    if (!script || !key) return Promise.reject(new Error('Sekisho device tag: data-key is missing'));
    var endpoint = new URL('/v1/device-tag/collect', script.src).href;
    return hints().then(function (found) {
      var s = w.screen || {};
      var report = {
        key: key,
        profile_id: profileId(),
        user_agent: n.userAgent,
        languages: Array.prototype.slice.call(n.languages || [], 0, 10),
        timezone: timezone(),
        screen: s.width ? { width: s.width, height: s.height, color_depth: s.colorDepth } : null,
        hardware_concurrency: n.hardwareConcurrency || null,
        max_touch_points: typeof n.maxTouchPoints === 'number' ? n.maxTouchPoints : null,
        webdriver: n.webdriver === true,
        hints: found
      };
      // A string body is sent as text/plain: a CORS "simple" request, with no preflight.
      return w.fetch(endpoint, { method: 'POST', mode: 'cors', credentials: 'omit', body: JSON.stringify(report) });
    }).then(function (response) {
      if (!response.ok) throw new Error('Sekisho device tag: HTTP ' + response.status);
      return response.json();
    }).then(function (body) { return body.device_id; });
  }

  function fill(deviceId) {
    var inputs = d.querySelectorAll('input[name="sekisho_device_id"]');
    for (var i = 0; i < inputs.length; i++) inputs[i].value = deviceId;
  }

  var token = collect();
  token.then(function (deviceId) {
    fill(deviceId);
    if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', function () { fill(deviceId); });
    d.dispatchEvent(new CustomEvent('sekisho:device', { detail: { deviceId: deviceId } }));
  }, function (error) {
    d.dispatchEvent(new CustomEvent('sekisho:error', { detail: { message: String(error && error.message) } }));
  });

  w.Sekisho = w.Sekisho || {};
  w.Sekisho.deviceId = function () { return token; };
})();
