// One experiment, kept current: its status, its rounds, its charts (Chart.js) and its files.
(function () {
  const root = document.getElementById('experiment');
  const id = root.dataset.id;
  const $ = (sel) => document.getElementById(sel);
  const SIGNALS = new Set(['stop_kappa', 'stop_max_uncertainty']);
  let accuracyChart, kindChart, lastJson = '';

  function lineChart(canvas, label, yTitle) {
    return new Chart(canvas, {
      type: 'line',
      data: { datasets: [{ label: label, data: [], borderColor: '#1f6feb', backgroundColor: '#1f6feb', tension: 0 }] },
      options: {
        animation: false, parsing: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'labelled samples' } },
                  y: { title: { display: true, text: yTitle } } },
        plugins: { legend: { display: false } }
      }
    });
  }

  // The numeric curves a kind adds to each round (kept weights, filters, FLOPs ...) beside parameters and MACs.
  function series(rounds) {
    const names = ['parameters', 'macs'];
    rounds.forEach(r => Object.entries(r.extras || {}).forEach(([k, v]) => {
      if (typeof v === 'number' && !SIGNALS.has(k) && !k.startsWith('met_') && !names.includes(k)) names.push(k);
    }));
    return names;
  }

  function value(r, name) {
    return name in r ? r[name] : (r.extras || {})[name];
  }

  function render(view) {
    const rounds = (view.rounds || []).filter(r => r.labeled != null && r.testAccuracy != null);
    $('status').textContent = view.status;
    if (view.dataset) $('dataset').textContent = view.dataset;
    $('status').className = 'status ' + view.status;
    $('round').textContent = view.currentRound == null ? '' : 'round ' + view.currentRound + ' of ' + (view.totalRounds - 1);
    $('label-link').hidden = view.status !== 'AWAITING_LABELS';
    $('failure').hidden = !view.failureReason;
    $('failure').textContent = view.failureReason || '';
    const ended = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(view.status);
    const cancel = $('cancel-form');
    if (cancel) cancel.hidden = ended;

    accuracyChart.data.datasets[0].data = rounds.map(r => ({ x: r.labeled, y: r.testAccuracy }));
    accuracyChart.update();

    const select = $('series');
    const names = series(rounds);
    if (select.options.length !== names.length) {
      const keep = select.value;
      select.replaceChildren();
      names.forEach(n => select.add(new Option(n, n)));
      // The kind's own curve first when it has one.
      select.value = names.includes(keep) ? keep : names[names.length > 2 ? 2 : 0];
    }
    const name = select.value;
    kindChart.data.datasets[0].label = name;
    kindChart.options.scales.y.title.text = name;
    kindChart.data.datasets[0].data = rounds.filter(r => value(r, name) != null).map(r => ({ x: r.labeled, y: value(r, name) }));
    kindChart.update();

    const body = document.querySelector('#rounds tbody');
    body.replaceChildren();
    (view.rounds || []).forEach(r => {
      const tr = body.insertRow();
      [r.round, r.labeled, r.testAccuracy == null ? '' : (100 * r.testAccuracy).toFixed(2) + ' %',
       r.testLoss == null ? '' : r.testLoss.toFixed(4), r.parameters, r.macs,
       r.trainSeconds == null ? '' : r.trainSeconds.toFixed(1), r.selected, r.trainedBy]
        .forEach(v => { tr.insertCell().textContent = v == null ? '' : v; });
    });
  }

  // Every file the experiment wrote, as links: the final network and the labels first, then the rest in path order.
  function group(path) {
    const name = path.split('/').pop();
    if (name.startsWith('final_model.')) return 'artifacts-final';
    if (name.startsWith('labels')) return 'artifacts-labels';
    return 'artifacts';
  }

  async function artifacts() {
    const r = await fetch('/experiments/' + encodeURIComponent(id) + '/artifacts', { credentials: 'same-origin' });
    if (!r.ok) return;
    const lists = ['artifacts-final', 'artifacts-labels', 'artifacts'].map($);
    lists.forEach(l => l.replaceChildren());
    (await r.json()).forEach(f => {
      const a = document.createElement('a');
      a.href = '/experiments/' + encodeURIComponent(id) + '/artifacts/' + f.path.split('/').map(encodeURIComponent).join('/');
      a.textContent = f.path;
      a.setAttribute('download', f.path.split('/').pop());
      $(group(f.path)).appendChild(document.createElement('li')).appendChild(a);
    });
  }

  async function poll() {
    const r = await fetch('/experiments/' + id, { credentials: 'same-origin' });
    if (r.ok) {
      const text = await r.text();
      if (text !== lastJson) {
        lastJson = text;
        const view = JSON.parse(text);
        render(view);
        artifacts();
        root.dataset.points = String(accuracyChart.data.datasets[0].data.length);
      }
    }
    setTimeout(poll, 2000);
  }

  accuracyChart = lineChart($('accuracy-chart'), 'test accuracy', 'test accuracy');
  kindChart = lineChart($('kind-chart'), '', '');
  $('series').addEventListener('change', () => { lastJson = ''; });
  const cancel = $('cancel-form');
  if (cancel) {
    cancel.addEventListener('submit', (e) => {
      if (!window.confirm('Cancel experiment ' + id + '? It stops at its next epoch; finished rounds stay.')) e.preventDefault();
    });
  }
  poll();
})();
