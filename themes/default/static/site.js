/* ismspack: sortable and filterable tables. No dependencies, no requests. */
(function () {
  'use strict';

  function key(row, i) {
    var cell = row.cells[i];
    if (!cell) return '';
    var v = cell.getAttribute('data-sort');
    return v !== null ? v : cell.textContent.trim();
  }

  // compare is String.prototype.localeCompare with these options, made
  // once: sorting thousands of rows calls it some 60,000 times.
  var compare = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare;

  function sortTable(table, th, i) {
    var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    var heads = table.tHead.rows[0].cells;
    for (var h = 0; h < heads.length; h++) heads[h].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', dir);
    table.sorted = { th: th, i: i };
    var numeric = th.getAttribute('data-type') === 'number';
    var p = table.paged;
    var items = p ? p.all : Array.prototype.slice.call(table.tBodies[0].rows);
    var rows = items.map(function (r, n) { return { r: r, k: p ? p.key(r, i) : key(r, i), n: n }; });
    rows.sort(function (a, b) {
      var c;
      if (numeric) c = (parseFloat(a.k) || 0) - (parseFloat(b.k) || 0);
      else c = compare(a.k, b.k);
      if (c === 0) return a.n - b.n;
      return dir === 'ascending' ? c : -c;
    });
    if (p) {
      p.all = rows.map(function (x) { return x.r; });
      p.show();
      return;
    }
    var body = table.tBodies[0];
    var frag = document.createDocumentFragment();
    rows.forEach(function (x) { frag.appendChild(x.r); });
    body.appendChild(frag);
  }

  function rowText(r) {
    if (r.lowerText === undefined) r.lowerText = r.textContent.toLowerCase();
    return r.lowerText;
  }

  function matches(text, words) {
    return words.every(function (w) { return text.indexOf(w) >= 0; });
  }

  // paged serves a table that holds its first rows and names, in
  // data-rows, a script assigning the others to
  // window.ISMSPACK_REGISTER_ROWS: for each row its HTML, then each
  // cell's text, or [text, sort key] for a cell with a data-sort key.
  // The script is loaded after the first paint, so the page shows at
  // once however many rows there are; sorting and filtering then work over
  // every row, and the body shows the first PAGE rows of the result with a
  // button for more.
  //
  // A row is a record: {tr} for a row of the page, {data} for a row from
  // the script. The data stays data until the row is shown, when its HTML
  // becomes its tr: making thousands of rows nobody looks at took longer
  // than everything else about the page.
  var PAGE = 200;
  function paged(table) {
    var body = table.tBodies[0];
    var id = table.id;
    var total = parseInt(table.getAttribute('data-total'), 10) || 0;
    var note = document.querySelector('[data-more-note="' + id + '"]');
    var more = document.createElement('button');
    more.type = 'button';
    more.className = 'show-more';
    more.hidden = true;
    var wrap = table.parentNode;
    wrap.parentNode.insertBefore(more, wrap.nextSibling);
    var p = {
      all: Array.prototype.slice.call(body.rows).map(function (tr) { return { tr: tr }; }),
      words: [], limit: PAGE, loaded: false
    };
    p.key = function (r, i) {
      if (!r.data) return key(r.tr, i);
      var c = r.data[i + 1];
      return c === undefined ? '' : typeof c === 'string' ? c : c[1];
    };
    function text(r) {
      if (r.text === undefined) {
        r.text = r.data ? r.data.slice(1).map(function (c) {
          return typeof c === 'string' ? c : c[0];
        }).join('\n').toLowerCase() : r.tr.textContent.toLowerCase();
      }
      return r.text;
    }
    // rowsFor gives each record its tr, parsing the HTML of those that
    // have none at once.
    function rowsFor(recs) {
      var need = recs.filter(function (r) { return !r.tr; });
      if (need.length) {
        var t = document.createElement('template');
        t.innerHTML = need.map(function (r) { return r.data[0]; }).join('');
        var trs = t.content.children;
        need.forEach(function (r, n) { r.tr = trs[n]; });
      }
      return recs.map(function (r) { return r.tr; });
    }
    p.show = function () {
      var words = p.words;
      var hits = words.length ? p.all.filter(function (r) { return matches(text(r), words); }) : p.all;
      var rows = rowsFor(hits.slice(0, p.limit));
      // Rows already in place stay: loading the rest, or showing more,
      // then lays out only what changed.
      var same = 0;
      while (same < rows.length && same < body.rows.length && body.rows[same] === rows[same]) same++;
      while (body.rows.length > same) body.removeChild(body.rows[body.rows.length - 1]);
      var frag = document.createDocumentFragment();
      rows.slice(same).forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
      var rest = hits.length - rows.length;
      more.hidden = rest === 0;
      more.textContent = 'Show ' + Math.min(rest, PAGE) + ' more of ' + rest + ' not shown';
      if (note) {
        note.textContent = !p.loaded ? 'The first ' + p.all.length + ' of ' + total + ' documents are shown; the others are loading.' :
          (rest ? 'Showing ' + rows.length + ' of ' + hits.length + (words.length ? ' matching documents.' : ' documents.') : '');
        note.hidden = note.textContent === '';
      }
      if (p.count) p.count.textContent = words.length ? hits.length + ' of ' + p.all.length + ' shown' : '';
    };
    more.addEventListener('click', function () { p.limit += PAGE; p.show(); });
    table.paged = p;
    function load() {
      var s = document.createElement('script');
      s.src = table.getAttribute('data-rows');
      s.onload = function () {
        var data = window.ISMSPACK_REGISTER_ROWS || [];
        window.ISMSPACK_REGISTER_ROWS = null;
        p.all = p.all.concat(data.map(function (d) { return { data: d }; }));
        p.loaded = true;
        if (table.sorted) {
          // Keep the order the reader chose: sort again, the same way.
          var th = table.sorted.th;
          th.setAttribute('aria-sort', th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
          sortTable(table, th, table.sorted.i);
        } else {
          p.show();
        }
        table.setAttribute('data-loaded', 'true');
      };
      s.onerror = function () {
        if (note) note.textContent = 'The rest of the register (' + s.src + ') could not be loaded.';
      };
      document.body.appendChild(s);
    }
    // After the first paint: two frames, then the load.
    requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(load, 0); }); });
    p.show();
  }

  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    if (!table.tHead || !table.tBodies.length) return;
    if (table.hasAttribute('data-rows')) paged(table);
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener('click', function () { sortTable(table, th, i); });
    });
  });

  var filters = document.querySelectorAll('input[data-filter]');
  Array.prototype.forEach.call(filters, function (input) {
    var id = input.getAttribute('data-filter');
    var table = document.getElementById(id);
    if (!table || !table.tBodies.length) return;
    var count = document.querySelector('[data-filter-count="' + id + '"]');
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      if (table.paged) {
        table.paged.words = words;
        table.paged.limit = PAGE;
        table.paged.count = count;
        table.paged.show();
        return;
      }
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var shown = 0;
      rows.forEach(function (r) {
        var ok = matches(rowText(r), words);
        r.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = words.length ? shown + ' of ' + rows.length + ' shown' : '';
    }
    input.addEventListener('input', apply);
    if (input.value) apply();
  });

  // What changes with every build is in static/build.js, not in the
  // page (so that a page whose own data did not change is the same file
  // from one build to the next): the findings open, shown in the
  // navigation inside the link's text, and the commit the footer names.
  var build = window.ISMSPACK_BUILD;
  if (build) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-build="open"]'), function (el) {
      el.textContent = String(build.open);
    });
    if (build.commit) {
      Array.prototype.forEach.call(document.querySelectorAll('[data-build="commit"]'), function (el) {
        var code = document.createElement('code');
        code.title = build.commit.hash;
        code.textContent = build.commit.short;
        el.textContent = '';
        el.appendChild(document.createTextNode(' at commit '));
        el.appendChild(code);
        el.appendChild(document.createTextNode(' of ' + build.commit.date));
      });
    }
  }

  // The skip link moves focus to the content without changing the URL's
  // fragment: on a history page the fragment names the revision shown.
  var skip = document.querySelector('a.skip-link[href="#main"]');
  var main = document.getElementById('main');
  if (skip && main) {
    skip.addEventListener('click', function (e) {
      e.preventDefault();
      main.focus();
      main.scrollIntoView();
    });
  }
})();
