/* ismspack: offline full-text search over search-index.js, which assigns
   window.ISMSPACK_SEARCH (a script, not JSON, so it loads from file://).
   The page names the index in this script's data-index and it is loaded
   after the first paint, so the page shows at once however large the
   ISMS; a query typed or given before it arrives runs when it does.
   The index writes each body as numbers into its list of words (see
   generator/site/search.go), and the search works on those numbers: a
   word of the query is looked for in the list, a phrase in the sequence,
   and only the bodies of the results shown are rebuilt as text.
   Results are built with DOM nodes and textContent: no document text is
   ever parsed as HTML. */
(function () {
  'use strict';
  var me = document.currentScript;
  var input = document.getElementById('search-q');
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var form = input && input.form;
  if (!input || !list || !status) return;
  var docs = null; // per document: d (its entry), title, id, from, to (its words in toks)
  var words = null; // the index's words as written
  var lower = null; // and lower-cased
  var toks = null; // every body's word numbers, one after the other
  // digit[c] is the value of the character with code c in a word number:
  // 0-31 ends the number, 32-63 is a digit with more to come.
  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var digit = new Int8Array(128).fill(-1);
  for (var k = 0; k < DIGITS.length; k++) digit[DIGITS.charCodeAt(k)] = k;

  function ready(data) {
    if (!data || !data.docs || !data.words) {
      status.textContent = 'The search index (search-index.js) could not be loaded.';
      return;
    }
    words = data.words;
    // Lower-casing word by word is lower-casing the text: words are split
    // at spaces, which end every case context.
    lower = words.map(function (w) { return w.toLowerCase(); });
    var size = 0;
    data.docs.forEach(function (d) { size += (d.w || '').length; });
    toks = new Int32Array(size); // a word takes one character at least
    var at = 0;
    docs = data.docs.map(function (d) {
      var code = d.w || '', from = at, v = 0;
      for (var i = 0; i < code.length; i++) {
        var g = digit[code.charCodeAt(i) & 127];
        if (g < 32) { toks[at++] = v * 32 + g; v = 0; } else v = v * 32 + g - 32;
      }
      d.w = null;
      return { d: d, title: (d.t || '').toLowerCase(), id: (d.i || '').toLowerCase(), from: from, to: at };
    });
    window.ISMSPACK_SEARCH = null;
    render(input.value);
    document.documentElement.setAttribute('data-search-ready', 'true');
  }

  // body is a document's text, its words joined by spaces.
  function body(x, dict) {
    var out = new Array(x.to - x.from);
    for (var i = x.from; i < x.to; i++) out[i - x.from] = dict[toks[i]];
    return out.join(' ');
  }

  // which marks the words of the index for which test is true.
  function which(test) {
    var set = new Uint8Array(lower.length);
    for (var k = 0; k < lower.length; k++) if (test(lower[k])) set[k] = 1;
    return set;
  }

  // inBody says whether the lower-cased text of document x holds the
  // phrase p (its words q, single spaces between them): as the text is
  // its words with single spaces, the phrase's first word ends a word of
  // the text, the next ones are the following words and the last starts
  // one; a single word is anywhere in one. sets holds for each word of
  // the phrase the index's words it may be.
  function inBody(x, sets) {
    var m = sets.length;
    for (var i = x.from; i + m <= x.to; i++) {
      var j = 0;
      while (j < m && sets[j][toks[i + j]]) j++;
      if (j === m) return true;
    }
    return false;
  }

  var labels = { approved: 'Approved', draft: 'Draft', review: 'In review', retired: 'Retired' };
  var MAX = 100;

  function snippet(x, q) {
    var text = body(x, words), low = body(x, lower);
    var at = low.indexOf(q);
    if (at < 0 || text.length !== low.length) {
      return [text.slice(0, 200) + (text.length > 200 ? '…' : '')];
    }
    var start = Math.max(0, at - 80), end = Math.min(text.length, at + q.length + 120);
    return [(start > 0 ? '…' : '') + text.slice(start, at), text.slice(at, at + q.length), text.slice(at + q.length, end) + (end < text.length ? '…' : '')];
  }

  function render(q) {
    if (!docs) {
      status.textContent = 'Loading the search index…';
      return;
    }
    while (list.firstChild) list.removeChild(list.firstChild);
    var phrase = q.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!phrase) { status.textContent = 'Type words or a phrase to search ' + docs.length + ' documents.'; return; }
    var qw = phrase.split(' ');
    var m = qw.length;
    // The index's words each word of the query may be: anywhere in one
    // for each word alone; in the phrase, the end of one, then exactly one
    // (the middle words), then the start of one.
    var any = qw.map(function (w) { return which(function (x) { return x.indexOf(w) >= 0; }); });
    var seq = m === 1 ? any : qw.map(function (w, j) {
      return which(j === 0 ? function (x) { return x.endsWith(w); }
        : j === m - 1 ? function (x) { return x.startsWith(w); }
          : function (x) { return x === w; });
    });
    var alone = any.map(function (set) { return [set]; });
    var hits = [];
    docs.forEach(function (x, n) {
      var score = 0;
      if (x.id === phrase) score += 1000;
      if (x.title.indexOf(phrase) >= 0) score += 100;
      if (inBody(x, seq)) score += 20;
      if (!score) {
        var all = qw.every(function (w, j) { return x.title.indexOf(w) >= 0 || x.id.indexOf(w) >= 0 || inBody(x, alone[j]); });
        if (all) score = 1;
      }
      if (score) hits.push({ x: x, score: score, n: n });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.n - b.n; });
    status.textContent = hits.length === 0 ? 'No document contains “' + q.trim() + '”.' :
      (hits.length === 1 ? '1 document' : hits.length + ' documents') + ' found' + (hits.length > MAX ? ', showing the first ' + MAX : '') + '.';
    hits.slice(0, MAX).forEach(function (h) {
      var d = h.x.d;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = d.u;
      a.className = 'result-title';
      a.textContent = (d.i ? d.i + ' ' : '') + d.t;
      li.appendChild(a);
      var badge = document.createElement('span');
      var st = d.s || '';
      badge.className = 'badge status-' + (labels[st] ? st : 'invalid');
      badge.textContent = labels[st] || (st ? 'Status: ' + st : 'No status');
      li.appendChild(document.createTextNode(' '));
      li.appendChild(badge);
      var meta = document.createElement('span');
      meta.className = 'muted small';
      meta.textContent = ' version ' + (d.v || '—') + (d.o ? ' · ' + d.o : '');
      li.appendChild(meta);
      var p = document.createElement('p');
      p.className = 'snippet';
      var parts = snippet(h.x, h.score % 100 >= 20 ? phrase : qw[0]);
      p.appendChild(document.createTextNode(parts[0]));
      if (parts.length > 1) {
        var m = document.createElement('mark');
        m.textContent = parts[1];
        p.appendChild(m);
        p.appendChild(document.createTextNode(parts[2]));
      }
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  var timer;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { render(input.value); }, 120);
  });
  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      render(input.value);
      try { history.replaceState(null, '', '?q=' + encodeURIComponent(input.value)); } catch (err) { /* file:// may refuse */ }
    });
  }
  var q = '';
  try { q = new URLSearchParams(location.search).get('q') || ''; } catch (err) { q = ''; }
  input.value = q;
  render(q);
  if (!q) input.focus();
  var src = me && me.getAttribute('data-index');
  if (window.ISMSPACK_SEARCH || !src) {
    ready(window.ISMSPACK_SEARCH); // a theme that loads the index itself
    return;
  }
  // After the first paint: two frames, then the load.
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      setTimeout(function () {
        var s = document.createElement('script');
        s.src = src;
        s.onload = function () { ready(window.ISMSPACK_SEARCH); };
        s.onerror = function () { ready(null); };
        document.body.appendChild(s);
      }, 0);
    });
  });
})();
