// The labelling page: the open queries of the waiting round as a grid; a class per image by button
// or number key, undo, progress, and one submit of every label given.
(function () {
  const root = document.getElementById('labelling');
  const id = root.dataset.id;
  const $ = (sel) => document.getElementById(sel);
  let queries = [], classes = [], given = new Map(), order = [], current = 0, sending = false;

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
    } else if (e.key === 'Enter' && !$('submit').disabled) {
      submit();
      e.preventDefault();
    }
  });
  $('undo').addEventListener('click', undo);
  $('submit').addEventListener('click', submit);
  waitForQueries();
})();
