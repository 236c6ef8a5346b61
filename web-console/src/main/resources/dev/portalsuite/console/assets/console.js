// Progressive enhancement only: every page works without this file.
// Draws a chart (Chart.js, from its webjar) above each table marked as chart data; the table stays for everyone.
(function () {
  'use strict';
  var COLOURS = ['#0b5394', '#7fb3e6', '#1b7f3b', '#b26a00', '#b3261e'];
  var STATUS = { fresh: '#1b7f3b', caution: '#b26a00', expired: '#b3261e' };

  function draw(figure) {
    var area = figure.querySelector('.chart-area');
    var rows = figure.querySelectorAll('tbody tr');
    if (!area || rows.length === 0 || typeof Chart === 'undefined') { return; }
    var names = (figure.getAttribute('data-series') || 'Value').split('|');
    var labels = [];
    var series = names.map(function () { return []; });
    var colours = [];
    rows.forEach(function (row) {
      labels.push(row.querySelector('th').textContent.trim());
      row.querySelectorAll('td[data-value]').forEach(function (cell, i) {
        if (i < series.length) { series[i].push(Number(cell.getAttribute('data-value'))); }
      });
      var status = (row.className.match(/status-(\w+)/) || [])[1];
      colours.push(STATUS[status] || COLOURS[colours.length % COLOURS.length]);
    });
    var type = figure.getAttribute('data-chart') === 'doughnut' ? 'doughnut' : 'bar';
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', figure.querySelector('figcaption h2, figcaption h3').textContent
        + ': chart of the table below');
    area.appendChild(canvas);
    new Chart(canvas, {
      type: type,
      data: {
        labels: labels,
        datasets: series.map(function (values, i) {
          return { label: names[i], data: values,
                   backgroundColor: type === 'doughnut' ? colours : COLOURS[i % COLOURS.length] };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: type === 'bar' ? 'y' : undefined,
        plugins: { legend: { display: type === 'doughnut' || series.length > 1, position: 'bottom' } }
      }
    });
  }

  function init() {
    var figures = document.querySelectorAll('figure[data-chart]');
    if (figures.length === 0) { return; }
    var script = document.createElement('script');
    script.src = '/webjars/chart.js/4.4.1/dist/chart.umd.js';
    script.onload = function () { figures.forEach(draw); };
    document.head.appendChild(script);
  }

  // "Copy" buttons next to read-only fields (an invitation link, a client secret); hidden without JavaScript
  function copyButtons() {
    document.querySelectorAll('button[data-copy]').forEach(function (button) {
      var field = document.getElementById(button.getAttribute('data-copy'));
      if (!field || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = 'Copied';
        });
      });
    });
  }

  var start = function () { init(); copyButtons(); };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
