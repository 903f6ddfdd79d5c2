/* ismspack: sortable and filterable tables. No dependencies, no requests. */
(function () {
  'use strict';

  function key(row, i) {
    var cell = row.cells[i];
    if (!cell) return '';
    var v = cell.getAttribute('data-sort');
    return v !== null ? v : cell.textContent.trim();
  }

  function sortTable(table, th, i) {
    var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    var heads = table.tHead.rows[0].cells;
    for (var h = 0; h < heads.length; h++) heads[h].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', dir);
    var numeric = th.getAttribute('data-type') === 'number';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (r, n) { return { r: r, k: key(r, i), n: n }; });
    rows.sort(function (a, b) {
      var c;
      if (numeric) c = (parseFloat(a.k) || 0) - (parseFloat(b.k) || 0);
      else c = a.k.localeCompare(b.k, undefined, { numeric: true, sensitivity: 'base' });
      if (c === 0) return a.n - b.n;
      return dir === 'ascending' ? c : -c;
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (x) { frag.appendChild(x.r); });
    body.appendChild(frag);
  }

  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    if (!table.tHead || !table.tBodies.length) return;
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
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r, n) {
        var ok = words.every(function (w) { return texts[n].indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = words.length ? shown + ' of ' + rows.length + ' shown' : '';
    }
    input.addEventListener('input', apply);
    if (input.value) apply();
  });

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
