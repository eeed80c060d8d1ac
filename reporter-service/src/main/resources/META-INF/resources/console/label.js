// The labelling page: the open queries of the waiting round as a grid; a class per image by button
// or number key, undo, progress, and one submit of every label given. The highlighted sample is shown
// large: its original picture where the data set has files, else (or on V) the network's input.
(function () {
  const root = document.getElementById('labelling');
  const id = root.dataset.id;
  const $ = (sel) => document.getElementById(sel);
  let queries = [], classes = [], given = new Map(), order = [], current = 0, sending = false;
  let networkView = false;
  const failed = new Set();

  function say(text, error) {
    $('message').textContent = text;
    $('message').className = error ? 'message error' : 'message';
  }

  function tile(q) {
    return document.querySelector('.tile[data-sample="' + CSS.escape(String(q.sampleId)) + '"]');
  }

  function refresh() {
    queries.forEach((q, i) => {
      const t = tile(q);
      t.classList.toggle('current', i === current);
      t.querySelector('.answer').textContent = given.has(q.sampleId) ? given.get(q.sampleId) : '';
      t.classList.toggle('done', given.has(q.sampleId));
    });
    $('progress').textContent = given.size + ' of ' + queries.length;
    $('submit').disabled = sending || queries.length === 0 || given.size !== queries.length;
    $('undo').disabled = order.length === 0;
    const t = queries[current] && tile(queries[current]);
    if (t) t.scrollIntoView({ block: 'nearest' });
    focus();
  }

  // The large view of the highlighted sample: its original unless the network's input is asked for,
  // there is none (benchmark sets) or it could not be had.
  function focus() {
    const q = queries[current];
    $('focus').hidden = !q;
    if (!q) return;
    const hasOriginal = Boolean(q.original) && !failed.has(q.sampleId);
    const network = networkView || !hasOriginal;
    const img = $('original');
    const src = network ? q.image : q.original;
    if (img.getAttribute('src') !== src) {
      img.setAttribute('src', src);
    }
    img.dataset.sample = q.sampleId;
    img.classList.toggle('pixelated', network);
    img.alt = 'sample ' + q.sampleId + (network ? ', as the network sees it' : ', original');
    $('focus-sample').textContent = '#' + q.sampleId + (network ? ' as the network sees it (32x32)' : ', original');
    $('view').hidden = !hasOriginal;
    $('view').textContent = networkView ? 'Show the original' : 'Show the network\'s input';
    $('view').setAttribute('aria-pressed', String(networkView));
  }

  function toggleView() {
    networkView = !networkView;
    focus();
  }

  // An original that cannot be had (its file or data set removed): say why, show the network's input.
  async function originalFailed() {
    const img = $('original');
    const q = queries.find(x => String(x.sampleId) === img.dataset.sample);
    if (!q || !q.original || img.getAttribute('src') !== q.original) return;
    failed.add(q.sampleId);
    focus();
    const r = await fetch(q.original, { credentials: 'same-origin' }).catch(() => null);
    const body = r ? await r.json().catch(() => ({})) : {};
    say((body.errors || ['the original of sample ' + q.sampleId + ' cannot be shown']).join('; '), true);
  }

  function choose(c) {
    if (current >= queries.length) return;
    const sample = queries[current].sampleId;
    given.set(sample, classes[c]);
    order = order.filter(s => s !== sample);
    order.push(sample);
    const next = queries.findIndex((q, i) => i > current && !given.has(q.sampleId));
    const first = queries.findIndex(q => !given.has(q.sampleId));
    current = next >= 0 ? next : (first >= 0 ? first : current);
    refresh();
  }

  function undo() {
    const sample = order.pop();
    if (sample === undefined) return;
    given.delete(sample);
    current = queries.findIndex(q => q.sampleId === sample);
    refresh();
  }

  async function submit() {
    sending = true;
    refresh();
    say('Sending ' + given.size + ' labels…');
    const labels = {};
    given.forEach((c, s) => { labels[s] = c; });
    const r = await fetch('/experiments/' + id + '/labels', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ labels: labels })
    });
    sending = false;
    if (r.ok) {
      say('Thank you: ' + given.size + ' labels kept. The experiment goes on; the next round\'s queries appear here when it asks.');
      given = new Map(); order = []; queries = [];
      render();
      waitForQueries();
    } else {
      const body = await r.json().catch(() => ({ errors: ['HTTP ' + r.status] }));
      say('Not kept: ' + (body.errors || []).join('; '), true);
      refresh();
    }
  }

  function render() {
    const grid = $('grid');
    grid.replaceChildren();
    queries.forEach((q, i) => {
      const t = document.createElement('figure');
      t.className = 'tile';
      t.dataset.sample = q.sampleId;
      const img = document.createElement('img');
      img.src = q.image;
      img.alt = 'sample ' + q.sampleId;
      const cap = document.createElement('figcaption');
      const sample = document.createElement('span');
      sample.className = 'sample';
      sample.textContent = '#' + q.sampleId;
      const answer = document.createElement('span');
      answer.className = 'answer';
      cap.append(sample, ' ', answer);
      t.append(img, cap);
      t.addEventListener('click', () => { current = i; refresh(); });
      grid.appendChild(t);
    });
    current = 0;
    refresh();
  }

  function buttons() {
    const box = $('classes');
    box.replaceChildren();
    classes.forEach((c, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'class';
      b.dataset.index = i;
      // Class names come from the uploaded data set's folders: text, never markup.
      if (i < 9) {
        const key = document.createElement('kbd');
        key.textContent = String(i + 1);
        b.append(key, ' ');
      }
      b.append(c);
      b.addEventListener('click', () => choose(i));
      box.appendChild(b);
    });
  }

  async function load() {
    const r = await fetch('/experiments/' + id + '/queries', { credentials: 'same-origin' });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      say((body.errors || ['HTTP ' + r.status]).join('; '), true);
      return false;
    }
    if (body.round == null || body.queries.length === 0) {
      $('round').textContent = '–';
      return false;
    }
    $('round').textContent = body.round;
    if (classes.length === 0) {
      classes = body.classes;
      buttons();
    }
    queries = body.queries;
    say(body.answered > 0 ? body.answered + ' of this round\'s ' + body.asked + ' were answered before.' : '');
    render();
    return true;
  }

  async function waitForQueries() {
    if (!(await load())) {
      if (!$('message').classList.contains('error') && queries.length === 0 && !$('message').textContent) {
        say('Nothing to label right now; this page checks again every few seconds.');
      }
      setTimeout(waitForQueries, 3000);
    }
  }

  document.addEventListener('keydown', (e) => {
    if (e.target.tagName === 'INPUT' || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key >= '1' && e.key <= '9' && Number(e.key) <= classes.length) {
      choose(Number(e.key) - 1);
      e.preventDefault();
    } else if (e.key === 'Backspace') {
      undo();
      e.preventDefault();
    } else if ((e.key === 'v' || e.key === 'V') && !$('view').hidden) {
      toggleView();
      e.preventDefault();
    } else if (e.key === 'Enter' && !$('submit').disabled) {
      submit();
      e.preventDefault();
    }
  });
  $('undo').addEventListener('click', undo);
  $('view').addEventListener('click', toggleView);
  $('original').addEventListener('error', originalFailed);
  $('submit').addEventListener('click', submit);
  waitForQueries();
})();
